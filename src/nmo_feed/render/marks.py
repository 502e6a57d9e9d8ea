"""Mark glossary terms and sounds in plain transcript text, as safe HTML.

Transcript and summary text is plain text written by people: it is HTML-escaped here, and
only the markup this module adds is trusted. The rules follow WCAG 3.1.3 (unusual words) and
3.1.4 (abbreviations), as ``reference/accessibility.md`` §2.4 sets them out:

* the first use of a term on a page links to its entry in the page's glossary (``#gl-ID``);
* an abbreviation is expanded in the text on its first use, the expansion *first*, with the
  spoken word kept in brackets: ``neuromyelitis optica (NMO)`` (G97's form).
  Speech synthesisers misread many abbreviations (espeak-ng says "roman four" for "IV",
  one word for "NMOSD", "akp four" for "AQP4"), so a listener hears the words before the
  garbled letters, and learns what they stand for;
* every later use of an abbreviation is ``<abbr>``; no expansion hides in a ``title``;
* ``[laughs]``-style brackets are sounds: ``<span class="sound">[laughs]</span>``.

Pure Python: the result is a ``str`` subclass with ``__html__``, which Jinja's autoescaping
(and markupsafe) accept as already safe, so this module needs no third-party import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..model import Glossary, GlossaryTerm

__all__ = ["SafeHtml", "is_abbreviation", "mark"]


class SafeHtml(str):
    """A string of trusted HTML; Jinja inserts it without escaping it again."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


@dataclass(frozen=True, slots=True)
class _Form:
    """One spelling of a term that is searched for in text."""

    term: GlossaryTerm
    text: str
    exact_case: bool
    """Abbreviations (``NMO``, ``IgG``) match only in their own case; words match in any case."""
    is_abbreviation: bool


@dataclass(frozen=True, slots=True)
class _Matcher:
    pattern: re.Pattern[str]
    ascii_pattern: re.Pattern[str]
    """The same matches as ``pattern`` in text that is all ASCII, found faster (``_compile``)."""
    forms: tuple[_Form, ...]
    """Indexed by the number in the group name ``t<N>`` that matched."""
    scans: _Scans = field(default_factory=lambda: _Scans())


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    form: _Form | None
    """None for a sound in brackets."""
    before: str
    """The text from the previous hit to this one, escaped."""
    word: str
    """The text of the hit, escaped."""


@dataclass(frozen=True, slots=True)
class _Scan:
    """A text's hits, and everything of the text that every page writes the same: escaped."""

    hits: tuple[_Hit, ...]
    rest: str
    """The text after the last hit, escaped."""


def mark(
    text: str,
    glossary: Glossary,
    seen: set[str],
    *,
    page_has_glossary: bool,
    anchor: bool = False,
) -> SafeHtml:
    """Return ``text`` escaped, with its sounds and glossary terms marked up.

    ``seen`` holds the ids of the terms already used on this page, in reading order; it is
    updated, so call this for each piece of text in the order the page shows them.
    ``page_has_glossary`` says whether the page has the ``#gl-ID`` entries to link to;
    with ``anchor`` each first-use link is also ``id="used-ID"``, for the glossary entry's
    way back to where the term was used.
    """
    parts: list[str] = []
    scan = _scan(text, glossary)
    for hit in scan.hits:
        parts.append(hit.before)
        if hit.form is None:
            parts.append(f'<span class="sound">{hit.word}</span>')
        else:
            parts.append(
                _mark_term(hit, text, seen, page_has_glossary=page_has_glossary, anchor=anchor)
            )
    parts.append(scan.rest)
    return SafeHtml("".join(parts))


def is_abbreviation(term: GlossaryTerm) -> bool:
    """True when the term is shown as ``<abbr>`` with its expansion (``NMO``, ``AQP4``)."""
    return term.expansion is not None and _looks_like_abbreviation(term.term)


# --- Scanning ----------------------------------------------------------------------------


def _scan(text: str, glossary: Glossary) -> _Scan:
    """Sounds and terms in ``text``, left to right, none inside another."""
    matcher = _matcher(glossary)
    # The episode page and its embed page mark the same transcript paragraphs (the embed
    # without links), so each paragraph's scan is kept for the second page: that halves
    # the scanning and the escaping. Kept per glossary, for a bounded number and length of
    # texts.
    scan = matcher.scans.kept.get(text)
    if scan is None:
        pattern = matcher.ascii_pattern if text.isascii() else matcher.pattern
        hits = []
        position = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            before, word = _escape(text[position:start]), _escape(text[start:end])
            hits.append(_Hit(start, end, _form(matcher, match.lastgroup), before, word))
            position = end
        scan = _Scan(tuple(hits), _escape(text[position:]))
        matcher.scans.keep(text, scan)
    return scan


def _form(matcher: _Matcher, group: str | None) -> _Form | None:
    return None if group == "sound" or group is None else matcher.forms[int(group[1:])]


class _Scans:
    """The hits of recently scanned texts; forgotten all at once when there are too many."""

    TEXTS = 4096
    """A long episode's paragraphs, so that its embed page finds them all."""
    CHARACTERS = 4_000_000
    """So that a huge transcript is not held in memory after its pages."""

    def __init__(self) -> None:
        self.kept: dict[str, _Scan] = {}
        self.characters = 0

    def keep(self, text: str, scan: _Scan) -> None:
        if len(self.kept) >= self.TEXTS or self.characters + len(text) > self.CHARACTERS:
            self.kept.clear()
            self.characters = 0
        self.kept[text] = scan
        self.characters += len(text)


_MATCHERS: dict[int, tuple[Glossary, _Matcher]] = {}
_MATCHERS_KEPT = 16


def _matcher(glossary: Glossary) -> _Matcher:
    """One regular expression for the whole glossary, compiled once per glossary.

    Cached by identity: a page marks each paragraph, and hashing the whole frozen glossary
    on every call (as a value-keyed cache does) cost as much as a tenth of the scanning. The
    cached glossary is kept alive with its matcher, so its id cannot be reused meanwhile.
    """
    cached = _MATCHERS.get(id(glossary))
    if cached is not None and cached[0] is glossary:
        return cached[1]
    matcher = _compile(glossary)
    if len(_MATCHERS) >= _MATCHERS_KEPT:
        del _MATCHERS[next(iter(_MATCHERS))]
    _MATCHERS[id(glossary)] = (glossary, matcher)
    return matcher


def _compile(glossary: Glossary) -> _Matcher:
    forms = sorted(_forms(glossary), key=lambda f: (-len(f.text), f.text, f.term.id))
    # A sound comes first so a term in brackets stays part of the sound. Terms are tried
    # longest first, so at any position "NMOSD" wins over "NMO"; the regex engine never
    # starts a match inside an earlier one, so matches cannot nest or overlap.
    sound = r"(?P<sound>\[[^\[\]\n]{1,80}\])"
    if not forms:
        return _Matcher(re.compile(sound), re.compile(sound), ())
    terms = "|".join(f"(?P<t{i}>{_form_pattern(form)})" for i, form in enumerate(forms))
    # Whole words only (NMO is not found in NMOSD, ANMOX or NMO2), checked once around all
    # the terms: backtracking into the group still tries the next term when one is followed
    # by a letter, as a check per term did, for a fifth of the time. The look-ahead on the
    # first character lets every position where nothing can start fail at once.
    first = _first_characters(forms)
    pattern = f"(?={first})(?:{sound}|(?<!\\w)(?:{terms})(?!\\w))"
    # In ASCII text each term starts with a character set, the exact ASCII characters its
    # first letter matches: the engine skips an alternative whose set misses the character
    # without entering it (its fast path for a branch that starts with a set or a letter),
    # where it enters every term's group to compare. Half the time of marking a page, for
    # the same matches in the same order; the group ``t<N>`` holds the term without its
    # first letter, which nothing reads (only which group matched).
    ascii_terms = "|".join(
        f"{_ascii_first(form)}(?P<t{i}>{_form_pattern(form, skip=1)})"
        for i, form in enumerate(forms)
    )
    ascii_sound = r"\[(?P<sound>[^\[\]\n]{1,80}\])"
    ascii_pattern = f"(?={first})(?:{ascii_sound}|(?<!\\w)(?:{ascii_terms})(?!\\w))"
    return _Matcher(re.compile(pattern), re.compile(ascii_pattern), tuple(forms))


def _forms(glossary: Glossary) -> Iterator[_Form]:
    for term in glossary.terms:
        for text in dict.fromkeys((term.term, *term.aliases)):
            text = " ".join(text.split())
            if not text:
                continue
            exact = _looks_like_abbreviation(text)
            yield _Form(term, text, exact, exact and term.expansion is not None)


def _looks_like_abbreviation(text: str) -> bool:
    """``NMO``, ``IV``, ``IgG``, ``AQP4``: a capital after the first letter marks one."""
    return any(c.isupper() for c in text[1:])


def _form_pattern(form: _Form, *, skip: int = 0) -> str:
    """The form as a pattern, from its character ``skip`` on."""
    words = r"\s+".join(re.escape(word) for word in form.text[skip:].split(" "))
    if form.exact_case:
        return words
    # Ordinary words match in any case and in the simple plural ("steroids").
    return f"(?i:{words})(?:s|es)?"


def _ascii_first(form: _Form) -> str:
    """A set of the ASCII characters the form's first character matches (in its case rule).

    Found by matching each ASCII character, so it agrees with the pattern's own ``(?i:)``
    (the long s is not ASCII, and a term that starts with it still matches "s" and "S").
    """
    first = re.escape(form.text[0])
    if not form.exact_case:
        first = f"(?i:{first})"
    matching = [c for c in map(chr, range(128)) if re.fullmatch(first, c)]
    if not matching:
        return "(?!)"  # it cannot start in ASCII text
    return "[" + "".join(re.escape(c) for c in matching) + "]"


def _first_characters(forms: Sequence[_Form]) -> str:
    """A pattern for every character a sound or a term can start with.

    Words take their first letter under the same ``(?i:)`` as their pattern, so the set
    holds exactly the characters Python's case-insensitive matching accepts (``ſ`` for
    ``s``, the Kelvin sign for ``k``).
    """
    exact = sorted({form.text[0] for form in forms if form.exact_case} | {"["})
    any_case = sorted({form.text[0] for form in forms if not form.exact_case})
    pattern = "[" + "".join(re.escape(c) for c in exact) + "]"
    if any_case:
        pattern += "|(?i:[" + "".join(re.escape(c) for c in any_case) + "])"
    return pattern


# --- Marking -----------------------------------------------------------------------------


def _mark_term(
    hit: _Hit, text: str, seen: set[str], *, page_has_glossary: bool, anchor: bool
) -> str:
    assert hit.form is not None
    term = hit.form.term
    first_use = term.id not in seen
    seen.add(term.id)
    inner = f"<abbr>{hit.word}</abbr>" if hit.form.is_abbreviation else hit.word
    if hit.form.is_abbreviation and _expand_here(term, hit, text, seen):
        # Written out, the abbreviation needs no <abbr>: inside a link Orca spoke each
        # element apart ("neuromyelitis optica ( link NMO link ) link").
        inner = f"{_escape(term.expansion or '')} ({hit.word})"
    if first_use and page_has_glossary:
        term_id = _escape(term.id)
        used = f' id="used-{term_id}"' if anchor else ""
        inner = f'<a href="#gl-{term_id}"{used}>{inner}</a>'
    return inner


def _expand_here(term: GlossaryTerm, hit: _Hit, text: str, seen: set[str]) -> bool:
    """True on the first abbreviated use of a term on the page, unless the text expands it.

    Tracked apart from the term's id, so "neuromyelitis optica ... NMO" still expands NMO.
    """
    key = f"{term.id}:expanded"
    if key in seen:
        return False
    seen.add(key)
    expansion = (term.expansion or "").casefold()
    # "neuromyelitis optica (NMO)" or "NMO (neuromyelitis optica)" already says it.
    nearby = text[max(0, hit.start - len(expansion) - 4) : hit.end + len(expansion) + 4]
    return expansion not in " ".join(nearby.casefold().split())


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
