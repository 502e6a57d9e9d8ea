"""The reuse licence in words and as a link: an SPDX identifier of a common licence is named
and linked to its canonical text; "All rights reserved" says so and links to the contact
for permission; a URL links to itself; any other text is shown as written.

The value comes from ``show.toml``'s ``license``, or an episode's own ``license`` in its front
matter (``Episode.license``), which takes its place on that episode's page and feed item.
"""

from __future__ import annotations

from dataclasses import dataclass

from .locale import gettext as _
from .wording import N_

_CC = "https://creativecommons.org/licenses/"
KNOWN = {
    "CC0-1.0": (
        N_("Creative Commons Zero 1.0 Universal (public domain)"),
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "CC-BY-4.0": (N_("Creative Commons Attribution 4.0 International"), _CC + "by/4.0/"),
    "CC-BY-SA-4.0": (
        N_("Creative Commons Attribution-ShareAlike 4.0 International"),
        _CC + "by-sa/4.0/",
    ),
    "CC-BY-ND-4.0": (
        N_("Creative Commons Attribution-NoDerivatives 4.0 International"),
        _CC + "by-nd/4.0/",
    ),
    "CC-BY-NC-4.0": (
        N_("Creative Commons Attribution-NonCommercial 4.0 International"),
        _CC + "by-nc/4.0/",
    ),
    "CC-BY-NC-SA-4.0": (
        N_("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International"),
        _CC + "by-nc-sa/4.0/",
    ),
    "CC-BY-NC-ND-4.0": (
        N_("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International"),
        _CC + "by-nc-nd/4.0/",
    ),
}
"""SPDX identifiers (matched without regard to case, as SPDX matches them), their names and
the canonical address of their text. The names are translated (Creative Commons' own
translations) where a page names them."""
ALL_RIGHTS_RESERVED = N_("All rights reserved")


@dataclass(frozen=True, slots=True)
class Licence:
    text: str
    """As written in show.toml or the front matter."""
    name: str
    """In words: the licence's full name, or the text as written."""
    href: str | None
    """Its canonical text, the URL written, or (all rights reserved) the contact."""
    reserved: bool = False
    """All rights reserved: reuse needs permission, asked at ``href``."""


def of(text: str, contact_href: str, url: str | None = None) -> Licence:
    """The licence ``text`` names; ``url`` is ``text`` itself when it is a checked link."""
    written = text.strip()
    for identifier, (name, canonical) in KNOWN.items():
        if written.casefold() == identifier.casefold():
            return Licence(written, _(name), canonical)
    if written.rstrip(".").casefold() == ALL_RIGHTS_RESERVED.casefold():
        return Licence(written, _(ALL_RIGHTS_RESERVED), contact_href, reserved=True)
    return Licence(written, written, url)


def is_identifier(text: str | None) -> bool:
    """Whether ``text`` can be ``podcast:license``, which takes a licence identifier (free
    text such as "All rights reserved" stays out of the feed)."""
    return bool(text) and " " not in (text or "")
