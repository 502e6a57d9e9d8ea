"""Stage 4 (enrich): what a local media file really is. The only module that imports mutagen.

For a local file, duration, byte size and MIME type always come from the file itself, never
from front matter, so the feed's enclosure cannot drift from what listeners download. The
file name's extension must agree with the content (Apple: "the extension must match the real
file type"), and for the MP4 family whether it is audio or video comes from its tracks: a
``.m4a`` holds no video track, a ``.mp4``/``.m4v``/``.mov`` holds one.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# Apple's enclosure types where Apple names one; by extension because mutagen reads an MP4
# container's audio and video alike.
_MP4_TYPES = {
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
}
# mutagen's file types by class name: mutagen is imported only when a file is read, so a
# rebuild whose media are all known (or remote) does not pay for importing it.
_TYPES: dict[str, str] = {
    "MP3": "audio/mpeg",
    "OggVorbis": "audio/ogg",
    "OggOpus": "audio/ogg",
    "FLAC": "audio/flac",
    "WAVE": "audio/wav",
}
MEDIA_TYPES = frozenset({*_MP4_TYPES.values(), *_TYPES.values(), "audio/mp4", "audio/opus"})
"""MIME types accepted for remote media too."""
# The file name extensions each container may have.
_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "MP3": (".mp3",),
    "MP4": tuple(_MP4_TYPES),
    "OggVorbis": (".ogg", ".oga"),
    "OggOpus": (".opus", ".ogg", ".oga"),
    "FLAC": (".flac",),
    "WAVE": (".wav",),
}
_FORMAT_NAMES: dict[str, str] = {
    "MP3": "MP3",
    "MP4": "MP4",
    "OggVorbis": "Ogg Vorbis",
    "OggOpus": "Ogg Opus",
    "FLAC": "FLAC",
    "WAVE": "WAV",
}


FORMAT_NAMES = {
    "audio/mpeg": "MP3", "audio/mp3": "MP3", "audio/mp4": "M4A", "audio/x-m4a": "M4A",
    "audio/aac": "AAC", "audio/ogg": "OGG", "audio/opus": "Opus", "audio/flac": "FLAC",
    "audio/wav": "WAV", "audio/x-wav": "WAV", "video/mp4": "MP4", "video/webm": "WebM",
    "video/quicktime": "MOV", "video/x-m4v": "M4V",
}  # fmt: skip
"""Short format names for people, by MIME type."""


@dataclass(frozen=True, slots=True)
class Probe:
    mime_type: str
    length: int
    duration_ms: int


class MediaError(Exception):
    """The file is not media nmo-feed can publish; the message says why."""

    def __init__(self, message: str, code: str = "media-unreadable") -> None:
        super().__init__(message)
        self.code = code
        """``media-unreadable`` (not media) or ``media-type`` (a name that hides the format)."""


_probe_store: Path | None = None


def keep_probes(folder: Path | None) -> None:
    """Keep what ``probe`` finds in ``folder`` (the build cache), by the file's path, size and
    modification time, so an unchanged media file is read once, not at every build and not
    once per pass of the build. None stops keeping them."""
    global _probe_store
    _probe_store = folder


def probe(path: Path) -> Probe:
    """Read the container header of ``path``: type, size in bytes and duration."""
    if _probe_store is None:
        return _probe(path)
    stat = path.stat()
    key = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode("utf-8", "surrogatepass")
    kept = _probe_store / f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.json"
    try:
        mime, length, duration = json.loads(kept.read_text(encoding="utf-8"))
        return Probe(str(mime), int(length), int(duration))
    except (OSError, ValueError, TypeError):
        pass  # not kept yet, or unreadable: read the file
    found = _probe(path)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_name(f"{kept.name}.{os.getpid()}")
        temporary.write_text(json.dumps([found.mime_type, found.length, found.duration_ms]))
        os.replace(temporary, kept)  # workers may race to keep the same probe
    except OSError:
        pass  # a cache that cannot be written only costs a second read
    return found


def _probe(path: Path) -> Probe:
    import mutagen  # noqa: PLC0415 (see _TYPES)

    try:
        found = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise MediaError(f"cannot read it as audio or video ({exc})") from None
    if found is None:
        raise MediaError("it is not an audio or video format nmo-feed can read")
    classes = {cls.__name__ for cls in type(found).__mro__}
    kind = next((k for k in _EXTENSIONS if k in classes), None)
    if kind is None:
        raise MediaError(f"its format ({type(found).__name__}) is not one podcast apps play")
    suffix = path.suffix.lower()
    if suffix not in _EXTENSIONS[kind]:
        raise MediaError(
            f"it is {_FORMAT_NAMES[kind]} but its name ends in {suffix or 'no extension'!r};"
            f" name it {' or '.join(_EXTENSIONS[kind])}",
            "media-type",
        )
    mime = _mp4_type(path, suffix) if kind == "MP4" else _TYPES[kind]
    length = getattr(found.info, "length", 0) or 0
    if length <= 0:
        raise MediaError("it has no playable length")
    return Probe(mime, path.stat().st_size, round(length * 1000))


def _mp4_type(path: Path, suffix: str) -> str:
    """The MIME type of an MP4-family file: by extension, checked against its tracks."""
    with path.open("rb") as stream:
        video = "vide" in _mp4_handlers(stream)
    if video and suffix == ".m4a":
        raise MediaError("it holds a video track but is named .m4a; name it .mp4", "media-type")
    if not video and suffix != ".m4a":
        raise MediaError(
            f"it holds no video track but is named {suffix}; name an audio-only MP4 .m4a",
            "media-type",
        )
    return _MP4_TYPES[suffix]


def _mp4_handlers(stream: BinaryIO) -> list[str]:
    """The handler type of every track (``soun``, ``vide``, ``text`` ...) of an MP4 file.

    Walks the box headers moov → trak → mdia → hdlr, seeking over everything else, so a
    large file is never read whole.
    """
    handlers = []
    for moov_start, moov_end in _boxes(stream, 0, None, b"moov"):
        for trak_start, trak_end in _boxes(stream, moov_start, moov_end, b"trak"):
            for mdia_start, mdia_end in _boxes(stream, trak_start, trak_end, b"mdia"):
                for hdlr_start, _ in _boxes(stream, mdia_start, mdia_end, b"hdlr"):
                    stream.seek(hdlr_start + 8)  # version, flags and pre_defined come first
                    handlers.append(stream.read(4).decode("latin-1"))
    return handlers


def _boxes(stream: BinaryIO, start: int, end: int | None, name: bytes) -> list[tuple[int, int]]:
    """The (payload start, end) of each box called ``name`` between ``start`` and ``end``."""
    found = []
    at = start
    while end is None or at + 8 <= end:
        stream.seek(at)
        header = stream.read(8)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header)
        payload = at + 8
        if size == 1:  # a 64-bit size follows the type
            (size,) = struct.unpack(">Q", stream.read(8))
            payload = at + 16
        elif size == 0:  # the box runs to the end of its parent (or of the file)
            size = (end if end is not None else stream.seek(0, 2)) - at
        if size < payload - at:
            break  # a damaged header; mutagen has already accepted the file, so stop here
        if kind == name:
            found.append((payload, at + size))
        at += size
    return found
