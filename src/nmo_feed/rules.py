"""Rules from standards and from nmo-feed's own contract that more than one stage applies.

Each rule has one home, here, so the loader that refuses a value and the renderer or checker
that relies on it can never disagree. Module-specific rules stay in their module.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 controls other than tab, LF and CR, DEL and the C1 controls: invisible, and some are
not allowed in XML at all."""

HTTP_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
"""An absolute http(s) URL, the only kind a show may give for remote files and pages."""

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""The URL schemes a page or show note may link to: never ``javascript:``, ``data:`` ..."""

LANGUAGE_TAG = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
"""A BCP 47 language tag as shows write them: ``en``, ``es``, ``pt-BR``, ``zh-Hant``."""
LANGUAGE = re.compile(rf"^{LANGUAGE_TAG}$")

DESCRIPTION_BYTES = 4000
"""Apple's limit for the channel description and each item's description."""
DESCRIPTION_TAGS = frozenset({"p", "ol", "ul", "li", "a"})
"""The HTML Apple allows in a description ("if wrapped in the CDATA tag")."""

EPISODE_TYPES: tuple[str, ...] = ("full", "trailer", "bonus")
"""``itunes:episodeType`` values; ``full`` is the default. ``model.EpisodeType``'s values
(a test holds them equal), written out so that importing the rules, as ``discover`` does on
a rebuild with nothing changed, does not import the model."""

TRANSCRIPT_INPUTS = ("md", "txt", "vtt", "srt", "json")
"""The transcript formats nmo-feed reads (``transcript.<ext>``, ``transcript.<lang>.<ext>``)."""

TRANSCRIPT_OUTPUTS: tuple[tuple[str, str, bool], ...] = (
    ("vtt", "text/vtt", True),
    ("srt", "application/x-subrip", True),
    ("json", "application/json", False),
    ("txt", "text/plain", False),
)
"""The transcript files nmo-feed writes, in feed order: extension, MIME type, and whether the
file is timed captions (the podcast namespace's ``rel="captions"``). The timed formats are
written only for a timed transcript."""

REMOTE_TRANSCRIPT_TYPES = frozenset(
    {"text/vtt", "application/x-subrip", "application/srt", "application/json", "text/plain",
     "text/html"}
)  # fmt: skip
"""The transcript types the podcast namespace names, which a feed may link elsewhere."""
CAPTION_TYPES = frozenset({"text/vtt", "application/x-subrip", "application/srt"})
"""Timed caption formats (the podcast namespace's ``rel="captions"``)."""

SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""A media file name apps and Apple accept ("Use only ASCII filenames and URLs")."""

MEDIA_FORMAT_NAMES = {
    "audio/mpeg": "MP3", "audio/mp3": "MP3", "audio/mp4": "M4A", "audio/x-m4a": "M4A",
    "audio/aac": "AAC", "audio/ogg": "OGG", "audio/opus": "Opus", "audio/flac": "FLAC",
    "audio/wav": "WAV", "audio/x-wav": "WAV", "video/mp4": "MP4", "video/webm": "WebM",
    "video/quicktime": "MOV", "video/x-m4v": "M4V",
}  # fmt: skip
"""What people call a media file, by its MIME type: ``MP3``, ``M4A`` ..."""
