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
import re
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from ..errors import FileProblem, SourceLocation
from ..model import Media
from .discover import EpisodeSource, inside
from .fields import Fields

# Apple: "Use only ASCII filenames and URLs".
_SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

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


@dataclass(frozen=True, slots=True)
class Probe:
    mime_type: str
    length: int
    duration_ms: int


class MediaError(FileProblem):
    """The file is not media nmo-feed can publish: ``media-unreadable`` (not media) or
    ``media-type`` (a name that hides the format); the message says why."""

    def __init__(self, message: str, code: str = "media-unreadable") -> None:
        super().__init__(message, code)


def probe(path: Path, store: Path | None = None) -> Probe:
    """Read the container header of ``path``: type, size in bytes and duration.

    With ``store`` (a folder of the build cache) what is found is kept there, by the file's
    path, size and modification time, so an unchanged media file is read once, not at every
    build and not once per pass of the build."""
    if store is None:
        return _probe(path)
    stat = path.stat()
    key = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode("utf-8", "surrogatepass")
    kept = store / f"{hashlib.blake2b(key, digest_size=16).hexdigest()}.json"
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


# --- an episode's media entries -----------------------------------------------------------


def read_media(
    root: Path, source: EpisodeSource, f: Fields, probes: Path | None
) -> tuple[Media, ...]:
    """Every rendition of the episode's ``media``: a file name, ``{file, title}`` for a local
    file with a title, or ``{url, type, length, duration, title}`` for remote media. The first
    is the enclosure. Local files are probed (``probes``: where probes are kept, or None)."""
    result = []
    for index, entry in f.items("media"):
        key = f"media[{index}]" if isinstance(f.values["media"], list) else "media"
        where = f.record.loc(key)
        if isinstance(entry, str):
            found = _local_media(root, source, f, key, where, entry, probes)
        else:
            item = f.item_mapping("media", index, entry) if key != "media" else f.mapping("media")
            found = None
            if item is not None and "file" in item.values:
                found = _titled_local_media(root, source, item, key, where, probes)
            elif item is not None:
                found = _remote_media(item, where)
        if found is not None:
            result.append(found)
    return tuple(result)


def _titled_local_media(
    root: Path,
    source: EpisodeSource,
    item: Fields,
    key: str,
    where: SourceLocation,
    probes: Path | None,
) -> Media | None:
    item.unknown(("file", "title"))
    name = item.text("file", required=True)
    title = item.text("title", max_bytes=32)
    if name is None:
        return None
    found = _local_media(root, source, item, "file", item.loc("file"), name, probes)
    return replace(found, title=title, source=where) if found is not None else None


def _local_media(
    root: Path,
    source: EpisodeSource,
    f: Fields,
    key: str,
    where: SourceLocation,
    name: str,
    probes: Path | None,
) -> Media | None:
    path = root / source.folder / name
    if not inside(root / source.folder, path):
        f.error(
            key,
            "media-path",
            f"media {name!r} is outside the episode folder",
            hint="put the media file in the episode's folder and give its file name",
        )
        return None
    if not path.is_file():
        f.error(key, "media-missing", f"media file {name!r} does not exist in {source.folder}")
        return None
    if not _SAFE_FILE_NAME.match(path.name):
        f.error(
            key,
            "media-name",
            f"media file name {path.name!r} must use only A-Z, a-z, 0-9, '.', '_' and '-'",
            hint="podcast apps and Apple require ASCII file names",
        )
        return None
    try:
        found = probe(path, probes)
    except MediaError as exc:
        f.error(key, exc.code, f"media file {name!r}: {exc}")
        return None
    return Media(
        url=None,
        mime_type=found.mime_type,
        length=found.length,
        duration_ms=found.duration_ms,
        local_path=source.folder / name,
        source=where,
    )


def _remote_media(f: Fields, where: SourceLocation) -> Media | None:
    f.unknown(("url", "type", "length", "duration", "title"))
    title = f.text("title", max_bytes=32)
    url = f.url("url", required=True)
    mime = f.text("type", required=True)
    if mime is not None and mime not in MEDIA_TYPES:
        f.error(
            "type",
            "media-type",
            f"media type {mime!r} is not one podcast apps play",
            hint=f"one of: {', '.join(sorted(MEDIA_TYPES))}",
        )
    # 0 is the RSS convention for a size the publisher does not know (feeds imported from
    # another host often have it); a warning, so it is fixed, but the episode still builds.
    hint = "the file size in bytes"
    length = f.integer("length", minimum=0) if f.require("length", hint=hint) else None
    if length == 0:
        f.diagnostics.warning(
            "unknown-length", "'media.length' is 0 (unknown)", f.loc("length"), hint
        )
    duration = _duration(f) if f.present("duration") else None
    if not f.present("duration"):
        f.diagnostics.warning(
            "missing-duration",
            "remote media has no 'duration', so apps cannot show how long the episode is",
            where,
            hint="duration: seconds, or hh:mm:ss",
        )
    if not f.ok or url is None or mime is None or length is None:
        return None
    return Media(url, mime, length, duration, None, where, title)


def _duration(f: Fields) -> int | None:
    value = f.values["duration"]
    if f.misread_number("duration"):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return round(value * 1000)
    if isinstance(value, str) and (
        m := re.match(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$", value.strip())
    ):
        return (int(m[1] or 0) * 3600 + int(m[2]) * 60 + int(m[3])) * 1000
    f.error("duration", "bad-value", f"'media.duration' must be seconds or hh:mm:ss, not {value!r}")
    return None
