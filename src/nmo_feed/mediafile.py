"""Media files through mutagen: what a file is (``probe``, for load) and a tagged copy of it
(``tag``, for the build). The only module that imports mutagen.

For a local file, duration, byte size and MIME type always come from the file itself, never
from front matter, so the feed's enclosure cannot drift from what listeners download. The
file name's extension must agree with the content (Apple: "the extension must match the real
file type"), and for the MP4 family whether it is audio or video comes from its tracks: a
``.m4a`` holds no video track, a ``.mp4``/``.m4v``/``.mov`` holds one.

A tagged copy carries the episode in the file's own tags, for players that never see the feed:
ID3v2.4 for MP3, iTunes atoms for MP4, Vorbis comments for Ogg and FLAC. Only the tags are
written: the audio frames are the source's bytes. Every tag the source had is replaced, and
no padding is left, so the copy depends on nothing but the source's audio and ``Tags``.
"""

from __future__ import annotations

import base64
import io
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .errors import FileProblem

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


def probe(path: Path) -> Probe:
    """Read the container header of ``path``: type, size in bytes and duration."""
    import mutagen  # noqa: PLC0415 (see _TYPES)

    try:
        found = mutagen.File(path)
    except Exception as exc:  # noqa: BLE001 (mutagen raises IndexError, struct.error ... on damaged files)
        raise MediaError(f"cannot read it as audio or video ({exc or repr(exc)})") from None
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


# --- tagged copies ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A chapter as tags carry it: times in milliseconds, the end always known."""

    start_ms: int
    end_ms: int
    title: str | None
    url: str | None
    listed: bool
    """False for a chapter apps do not list (left out of the ID3 table of contents)."""


@dataclass(frozen=True, slots=True)
class Picture:
    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class Tags:
    """What a tagged copy says about its episode."""

    title: str
    album: str
    artists: tuple[str, ...]
    date: str
    """``YYYY-MM-DD``."""
    track: int | None
    disc: int | None
    description: str
    url: str
    """The episode's page."""
    language: str
    """ISO 639-2 (three letters), as ID3 wants it."""
    lyrics: str | None
    """The transcript as plain text."""
    synced: tuple[tuple[int, str], ...]
    """The timed transcript: (start in milliseconds, text) per cue; empty when untimed."""
    chapters: tuple[Mark, ...]
    picture: Picture | None


TAGGED_KINDS = ("MP3", "MP4", "OggVorbis", "OggOpus", "FLAC")
"""The containers ``tag`` writes; any other (WAV) is copied as it is."""


def no_padding(info: Any) -> int:
    # Padding is a guess at future edits; none keeps the copy's size a function of its tags.
    return 0


def tag(data: bytes, tags: Tags) -> bytes | None:
    """The bytes of ``data`` (a whole media file) with ``tags`` in place of its own tags;
    None when its container is not one nmo-feed tags. Raises ``MediaError`` when mutagen
    cannot read or write it."""
    import mutagen  # noqa: PLC0415 (see _TYPES)

    buffer = io.BytesIO(data)
    try:
        found = mutagen.File(buffer)
        if found is None:
            raise MediaError("it is not an audio or video format nmo-feed can read")
        classes = {cls.__name__ for cls in type(found).__mro__}
        kind = next((k for k in TAGGED_KINDS if k in classes), None)
        if kind is None:
            return None
        buffer.seek(0)
        if kind == "MP3":
            _id3(buffer, tags)
        elif kind == "MP4":
            _mp4(found, buffer, tags)
        elif kind == "FLAC":
            _flac(found, buffer, tags)
        else:
            _ogg(found, buffer, tags)
    except Exception as exc:  # noqa: BLE001 (as in probe: damaged files raise all sorts)
        raise MediaError(f"cannot write its tags ({exc or repr(exc)})") from None
    return buffer.getvalue()


def _id3(buffer: io.BytesIO, tags: Tags) -> None:
    from mutagen import id3 as typed  # noqa: PLC0415 (see _TYPES)

    id3: Any = typed  # its frame classes are untyped

    utf8 = id3.Encoding.UTF8
    frames: list[Any] = [
        id3.TIT2(encoding=utf8, text=[tags.title]),
        id3.TALB(encoding=utf8, text=[tags.album]),
        id3.TDRC(encoding=utf8, text=[tags.date]),
        id3.COMM(encoding=utf8, lang=tags.language, desc="", text=[tags.description]),
        id3.WXXX(encoding=utf8, desc="", url=tags.url),
    ]
    if tags.artists:
        frames.append(id3.TPE1(encoding=utf8, text=list(tags.artists)))
    if tags.track is not None:
        frames.append(id3.TRCK(encoding=utf8, text=[str(tags.track)]))
    if tags.disc is not None:
        frames.append(id3.TPOS(encoding=utf8, text=[str(tags.disc)]))
    if tags.lyrics is not None:
        frames.append(id3.USLT(encoding=utf8, lang=tags.language, desc="", text=tags.lyrics))
    if tags.synced:
        frames.append(
            id3.SYLT(
                encoding=utf8,
                lang=tags.language,
                format=2,  # milliseconds
                type=1,  # lyrics
                desc="",
                text=[(text, start) for start, text in tags.synced],
            )
        )
    ids = [f"chp{index}" for index in range(len(tags.chapters))]
    if tags.chapters:
        frames.append(
            id3.CTOC(
                element_id="toc",
                flags=id3.CTOCFlags.TOP_LEVEL | id3.CTOCFlags.ORDERED,
                child_element_ids=[e for e, m in zip(ids, tags.chapters, strict=True) if m.listed],
                sub_frames=[],
            )
        )
    for element, mark in zip(ids, tags.chapters, strict=True):
        inside: list[Any] = []
        if mark.title is not None:
            inside.append(id3.TIT2(encoding=utf8, text=[mark.title]))
        if mark.url is not None:
            inside.append(id3.WXXX(encoding=utf8, desc="", url=mark.url))
        frames.append(
            id3.CHAP(
                element_id=element,
                start_time=mark.start_ms,
                end_time=mark.end_ms,
                start_offset=0xFFFFFFFF,  # no byte offsets: players seek by time
                end_offset=0xFFFFFFFF,
                sub_frames=inside,
            )
        )
    if tags.picture is not None:
        frames.append(
            id3.APIC(
                encoding=utf8,
                mime=tags.picture.mime_type,
                type=id3.PictureType.COVER_FRONT,
                desc="",
                data=tags.picture.data,
            )
        )
    _write_id3(buffer, frames)


def _write_id3(buffer: io.BytesIO, frames: list[Any]) -> None:
    """Replace the source's ID3 tags (v2 and v1) with one ID3v2.4 tag of ``frames`` in the
    order given. ``ID3.save`` would sort frames by size, which puts the chapters out of time
    order for players that list CHAP frames as they come (ffmpeg, and so mpv) rather than by
    the table of contents; mutagen's frame writer is used for each frame."""
    from mutagen import id3 as typed  # noqa: PLC0415 (see _TYPES)
    from mutagen.id3 import _tags, _util  # noqa: PLC0415

    id3: Any = typed
    writer: Any = _tags.save_frame
    saving: Any = _util.ID3SaveConfig
    config = saving(4)
    body = b"".join(writer(frame, config=config) for frame in frames)
    buffer.seek(0)
    id3.delete(buffer)
    audio = buffer.getvalue()
    size = bytes((len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0))  # syncsafe
    buffer.seek(0)
    buffer.truncate()
    buffer.write(b"ID3\x04\x00\x00" + size + body + audio)


def _mp4(found: Any, buffer: BinaryIO, tags: Tags) -> None:
    from mutagen import mp4 as typed  # noqa: PLC0415 (see _TYPES)

    mp4: Any = typed

    if found.tags is None:
        found.add_tags()
    found.tags.clear()
    found.tags["©nam"] = [tags.title]
    found.tags["©alb"] = [tags.album]
    found.tags["©day"] = [tags.date]
    found.tags["desc"] = [tags.description]
    if tags.artists:
        found.tags["©ART"] = [", ".join(tags.artists)]
    if tags.track is not None:
        found.tags["trkn"] = [(tags.track, 0)]
    if tags.disc is not None:
        found.tags["disk"] = [(tags.disc, 0)]
    if tags.lyrics is not None:
        found.tags["©lyr"] = [tags.lyrics]
    if tags.picture is not None:
        kind = mp4.MP4Cover.FORMAT_PNG if tags.picture.mime_type == "image/png" else None
        found.tags["covr"] = [mp4.MP4Cover(tags.picture.data, kind or mp4.MP4Cover.FORMAT_JPEG)]
    # mutagen reads Nero and QuickTime chapters but cannot write either: an MP4 copy has none.
    found.save(buffer, padding=no_padding)


def _vorbis_comments(tags: Tags) -> list[tuple[str, str]]:
    comments = [
        ("TITLE", tags.title),
        ("ALBUM", tags.album),
        *(("ARTIST", artist) for artist in tags.artists),
        ("DATE", tags.date),
        ("DESCRIPTION", tags.description),
        ("CONTACT", tags.url),
    ]
    if tags.track is not None:
        comments.append(("TRACKNUMBER", str(tags.track)))
    if tags.disc is not None:
        comments.append(("DISCNUMBER", str(tags.disc)))
    if tags.lyrics is not None:
        comments.append(("LYRICS", tags.lyrics))
    # The Vorbis chapter extension (xiph.org wiki, "Chapter Extension"), read by ffmpeg.
    for number, mark in enumerate(tags.chapters, start=1):
        comments.append((f"CHAPTER{number:03}", _clock(mark.start_ms)))
        if mark.title is not None:
            comments.append((f"CHAPTER{number:03}NAME", mark.title))
        if mark.url is not None:
            comments.append((f"CHAPTER{number:03}URL", mark.url))
    return comments


def _clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def _flac_picture(picture: Picture) -> Any:
    from mutagen import flac as typed  # noqa: PLC0415 (see _TYPES)

    flac: Any = typed

    written = flac.Picture()
    written.type = 3  # front cover
    written.mime = picture.mime_type
    written.data = picture.data
    return written


def _ogg(found: Any, buffer: BinaryIO, tags: Tags) -> None:
    if found.tags is None:
        found.add_tags()
    found.tags.clear()
    comments = _vorbis_comments(tags)
    if tags.picture is not None:
        block = _flac_picture(tags.picture).write()
        comments.append(("METADATA_BLOCK_PICTURE", base64.b64encode(block).decode("ascii")))
    found.tags.extend(comments)
    found.save(buffer, padding=no_padding)


def _flac(found: Any, buffer: BinaryIO, tags: Tags) -> None:
    if found.tags is None:
        found.add_tags()
    found.tags.clear()
    found.clear_pictures()
    found.tags.extend(_vorbis_comments(tags))
    if tags.picture is not None:
        found.add_picture(_flac_picture(tags.picture))
    found.save(buffer, padding=no_padding)
