"""The A to Z of the glossary page and the search page: the letter a text is listed under,
and the order.

Accents are set aside, as dictionaries do in English and Spanish ("Órgano" under O, between
"ojo" and "oreja"), so no letter with an accent lands after Z. The one exception is ñ, a
letter of its own in Spanish, listed after N ("ñu" after "nuca", "caña" after "canto").
Other languages' own letters (Swedish å, Danish ø) are not special-cased: nmo-feed's
catalogues are English and Spanish.
"""

from __future__ import annotations

import unicodedata

_AFTER_N = "n\U0010ffff"
"""ñ for comparing: after every other continuation of n."""


def fold(text: str) -> str:
    """``text`` for comparing: case and accents set aside, ñ after n."""
    found = []
    for char in text.casefold():
        if char == "ñ":
            found.append(_AFTER_N)
            continue
        found.extend(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return "".join(found)


def letter(text: str) -> str:
    """The heading ``text`` is listed under: its first letter or digit, capital and without
    its accent (``“¿Qué es…?”`` under Q, ``Órgano`` under O, ``Ñandú`` under Ñ); ``#`` for
    text with neither."""
    first = next((c for c in text if c.isalnum()), "")
    if not first:
        return "#"
    if first in "ñÑ":
        return "Ñ"
    bare = "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))
    # One character: "ß".upper() is "SS", and the heading is a letter.
    return (bare or first).upper()[:1]


def letter_key(heading: str) -> str:
    """A heading's place in the A to Z (``#`` first, digits, then A to Z with Ñ after N)."""
    return fold(heading)


def letter_id(heading: str) -> str:
    """The heading's anchor: ``a``, or the code point for any other character (``ud1``)."""
    lower = heading.lower()
    return lower if lower.isascii() and lower.isalnum() else f"u{ord(heading[0]):x}"


def sort_key(text: str) -> tuple[str, str, str]:
    """Where ``text`` goes in the A to Z: by its heading, then by its folded words, then as
    written (so that the order is total and the same in every build)."""
    return (letter_key(letter(text)), fold(text), text)
