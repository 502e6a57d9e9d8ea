"""Stage 4 (enrich): what a local media file really is. The only module that imports mutagen.

For a local file, duration, byte size and MIME type always come from the file itself, never
from front matter, so the feed's enclosure cannot drift from what listeners download.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import mutagen
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

# Apple's enclosure types where Apple names one; by extension because mutagen reads an MP4
# container's audio and video alike.
_MP4_TYPES = {
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
}
_TYPES: dict[type, str] = {
    MP3: "audio/mpeg",
    OggVorbis: "audio/ogg",
    OggOpus: "audio/ogg",
    FLAC: "audio/flac",
    WAVE: "audio/wav",
}
MEDIA_TYPES = frozenset({*_MP4_TYPES.values(), *_TYPES.values(), "audio/mp4"})
"""MIME types accepted for remote media too."""


@dataclass(frozen=True, slots=True)
class Probe:
    mime_type: str
    length: int
    duration_ms: int


class MediaError(Exception):
    """The file is not media mutagen can read; the message says why."""


def probe(path: Path) -> Probe:
    """Read the container header of ``path``: type, size in bytes and duration."""
    try:
        found = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot read it as audio or video ({exc})") from None
    if found is None:
        raise MediaError("it is not an audio or video format nmo-feed can read")
    if isinstance(found, MP4):
        mime = _MP4_TYPES.get(path.suffix.lower())
    else:
        mime = next((m for kind, m in _TYPES.items() if isinstance(found, kind)), None)
    if mime is None:
        raise MediaError(f"its format ({type(found).__name__}) is not one podcast apps play")
    length = getattr(found.info, "length", 0) or 0
    if length <= 0:
        raise MediaError("it has no playable length")
    return Probe(mime, path.stat().st_size, round(length * 1000))
