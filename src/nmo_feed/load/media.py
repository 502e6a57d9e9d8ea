"""What a local media file really is (``mediafile.probe``, kept in the
build cache), and an episode's ``media`` entries, local or remote."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from pathlib import Path

from ..errors import SourceLocation
from ..mediafile import MEDIA_TYPES as MEDIA_TYPES  # the importer checks remote types too
from ..mediafile import MediaError as MediaError  # callers catch it from here
from ..mediafile import Probe as Probe
from ..mediafile import probe as _probe
from ..model import Media
from ..rules import SAFE_FILE_NAME
from .discover import EpisodeSource, inside
from .fields import Fields


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
    if not SAFE_FILE_NAME.match(path.name):
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
