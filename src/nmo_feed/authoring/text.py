"""Putting what a publisher typed into show files safely: titles checked, quoted for YAML and
TOML so that every character comes back as typed, and turned into folder names."""

from __future__ import annotations

import re
import unicodedata

from ..errors import NmoFeedError
from ..rules import CONTROL

MAX_TITLE_BYTES = 255
"""As the show and episode loaders allow."""
MAX_SLUG = 60
"""Characters of a title kept in a folder name: long enough to recognise the episode."""


def check_title(title: str, what: str) -> None:
    """Refuse a title the loaders would refuse, before any file is written."""
    if not title.strip():
        raise NmoFeedError(f"the {what} title is empty")
    if "\n" in title or "\r" in title:
        raise NmoFeedError(f"the {what} title must be one line")
    if bad := CONTROL.search(title):
        raise NmoFeedError(
            f"the {what} title contains the control character U+{ord(bad.group()):04X},"
            " which is invisible and not allowed in feeds"
        )
    if re.search("[\ud800-\udfff]", title):
        raise NmoFeedError(f"the {what} title is not valid UTF-8 text")
    if len(title.encode()) > MAX_TITLE_BYTES:
        raise NmoFeedError(
            f"the {what} title is {len(title.encode())} bytes; the limit is {MAX_TITLE_BYTES}"
        )


def _escape(value: str, quote: str) -> str:
    out = []
    for char in value:
        if char in ("\\", quote):
            out.append("\\" + char)
        elif char.isprintable() and char != "\t":
            out.append(char)
        else:
            # Tabs, line and paragraph separators, byte-order marks, format characters: as an
            # escape they are kept exactly, and no parser can take them for line breaks.
            code = ord(char)
            out.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
    return "".join(out)


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, read back as typed."""
    return '"' + _escape(value, '"') + '"'


def slug(title: str) -> str:
    """A folder name from a title: ASCII letters and digits joined by hyphens, at most
    ``MAX_SLUG`` characters and cut between words; empty when the title has no Latin letter
    or digit (the caller chooses a name then)."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > MAX_SLUG:
            break
        kept.append(word[:MAX_SLUG])
    return "-".join(kept)
