"""Stage 3: turn each episode's raw front matter into an ``Episode``, one converter per field,
and check what only the whole show can tell (duplicate guids, slugs and numbers).

Each episode is validated on its own: a broken one is reported and left out, the others go
on, so a single run lists every problem in the show.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any, cast

from . import chapters as chapter_loader
from . import media as media_probe
from . import notes, transcripts
from .config import read_artwork
from .discover import EpisodeSource, inside
from .errors import Diagnostics, SourceError, SourceLocation
from .fields import Fields
from .metadata import EpisodeText, RawRecord, read_episode
from .model import Artwork, Chapter, Episode, EpisodeType, Media, Show, Transcript
from .persons import SPEAKER_KEYS, check_transcript_speakers, read_people

EPISODE_KEYS = (
    "title",
    "date",
    "guid",
    "summary",
    "plain_summary",
    "speakers",
    "topics",
    "media",
    "number",
    "season",
    "type",
    "explicit",
    "draft",
    "language",
    "artwork",
    "chapters",
)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
# Apple: "Use only ASCII filenames and URLs".
_SAFE_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
GUIDS_HINT = "run 'nmo-feed add-guids' to write a new guid into every episode that lacks one"


def slug_for(folder: PurePosixPath) -> str:
    """The URL name of an episode: its folder name without a date prefix, lower-case, hyphens."""
    name = _DATE_PREFIX.sub("", folder.name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def load_episode(
    root: Path,
    source: EpisodeSource,
    show: Show | None,
    diagnostics: Diagnostics,
    *,
    light: bool = False,
    text: EpisodeText | None = None,
) -> tuple[Episode | None, RawRecord | None]:
    """One episode folder as an ``Episode`` (None after recording every problem found), and
    its front matter, whose key positions the show-wide checks point at.

    ``light`` reads the front matter and media only, for lists of episodes (the show page,
    related episodes): no show notes, transcripts or chapters, so it cannot report their
    problems; the full load does. ``text`` is ``episode.md`` as ``read_episode`` gave it
    earlier in the same build (the light load's), so it is not parsed twice; it is only
    read, never changed."""
    location = SourceLocation(source.metadata)
    if text is None:
        try:
            text = read_episode(root / source.metadata, location)
        except SourceError as exc:
            diagnostics.add(exc.diagnostic)
            return None, None
    record = text.front_matter
    f = Fields(record, diagnostics)
    f.unknown(EPISODE_KEYS)
    draft = bool(f.boolean("draft", default=False))
    title = f.text("title", required=True, max_bytes=255)
    guid = f.text("guid")
    if guid is None and not f.present("guid") and not f.written("guid"):
        f.error(
            "guid",
            "missing-guid",
            "the episode has no 'guid'; podcast apps use it to know an episode they have seen",
            # add-guids never touches a guid line, so an empty one must go first.
            hint=f"remove the empty 'guid:' line, then {GUIDS_HINT[0].lower()}{GUIDS_HINT[1:]}"
            if "guid" in record.values
            else GUIDS_HINT,
        )
    published = _date(f, required=not draft)
    summary = f.text("summary", required=True, max_bytes=4000)
    if summary and "\n\n" in summary:
        f.error("summary", "bad-value", "'summary' must be one paragraph of plain text")
    language = _language(f, show)
    slug = slug_for(source.folder)
    if not slug:
        diagnostics.error(
            "bad-slug",
            f"folder name {source.folder.name!r} gives an empty URL name",
            SourceLocation(source.folder),
        )
    notes_html = "" if light else notes.render(text.body, location.at(text.body_line), diagnostics)
    media = _media(root, source, f, slug, show)
    if not media and not draft and not f.present("media"):
        diagnostics.warning(
            "missing-media",
            "the episode has no media, so podcast apps will not list it",
            record.location.at(1, 1),
            hint="add 'media:' with a file in the folder or a remote URL",
        )
    duration = media[0].duration_ms if media else None
    transcript: Transcript | None | bool = None
    translations: tuple[Transcript, ...] = ()
    chapters: tuple[Chapter, ...] | None = ()
    if not light:
        transcript, translations = _transcripts(root, source, language, duration, diagnostics)
        chapters = chapter_loader.load(root, source.folder, f, duration, diagnostics)
    speakers = read_people(f, "speakers", default_role="guest", keys=SPEAKER_KEYS)
    # Every field is read before deciding, so one run reports every problem in the file.
    fields = {
        "plain_summary": f.strings("plain_summary"),
        "speakers": speakers,
        "topics": tuple(dict.fromkeys(t.lower() for t in f.strings("topics"))),
        "number": _number(f, show, draft),
        "season": f.integer("season"),
        "episode_type": cast(EpisodeType, f.choice("type", ("full", "trailer", "bonus"), "full")),
        "explicit": f.boolean("explicit"),
        "artwork": _artwork(root, source, f, slug, show),
    }
    if not f.ok or transcript is False or chapters is None or not slug:
        return None, record
    check_transcript_speakers(
        speakers,
        show.persons if show else (),
        [t for t in (transcript, *translations) if isinstance(t, Transcript)],
        diagnostics,
    )
    return Episode(
        slug=slug,
        guid=guid or "",
        title=title or "",
        published=published or datetime(1970, 1, 1, tzinfo=UTC),
        summary=summary or "",
        notes_html=notes_html,
        media=media,
        transcript=cast("Transcript | None", transcript),
        translations=translations,
        draft=draft,
        source=location,
        chapters=chapters,
        **fields,  # type: ignore[arg-type]
    ), record


def _number(f: Fields, show: Show | None, draft: bool) -> int | None:
    """``number``; a published episode of a serial show must have one (Apple: itunes:episode)."""
    number = f.integer("number")
    if number is None and not f.present("number") and not draft:
        if show is not None and show.show_type == "serial":
            f.error(
                "number",
                "missing-field",
                "'number' is required: the show is serial (type = \"serial\" in show.toml),"
                " so every episode needs its number",
                hint="number: 1  (the episode's place in the series)",
            )
    return number


def _artwork(
    root: Path, source: EpisodeSource, f: Fields, slug: str, show: Show | None
) -> Artwork | None:
    """The episode's own cover art, checked like the show's; copied beside its page."""
    url, path = read_artwork(root, root / source.folder, f, "artwork")
    if path is not None:
        output = PurePosixPath("episodes", slug, path.name)
        return Artwork((show.site_url if show else "") + str(output), path, output)
    return Artwork(url) if url is not None else None


def _date(f: Fields, *, required: bool) -> datetime | None:
    """An aware datetime; a bare date is midnight UTC on that day."""
    if not f.present("date"):
        if required:
            f.require("date", hint="date: 2024-05-01  (or 2024-05-01T09:00:00+01:00)")
        return None
    value: Any = f.values["date"]
    if isinstance(value, str):
        try:
            text = value.strip()
            # A quoted bare date is a date, as unquoted; fromisoformat would add a time.
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            f.error("date", "bad-date", f"'date' is {value!r}, not an ISO date such as 2024-05-01")
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            f.error(
                "date",
                "bad-date",
                f"'date' {value.isoformat()} has a time but no UTC offset",
                hint="add an offset such as +00:00, or give the date alone",
            )
            return None
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=UTC)
    f.error("date", "bad-date", f"'date' must be an ISO date, not {value!r}")
    return None


def _language(f: Fields, show: Show | None) -> str:
    value = f.text("language")
    if value is not None and not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", value):
        f.error("language", "bad-language", f"'language' is {value!r}, not a tag like 'en'")
        value = None
    return value or (show.language if show else "en")


def _media(
    root: Path, source: EpisodeSource, f: Fields, slug: str, show: Show | None
) -> tuple[Media, ...]:
    """Every rendition: a file name, ``{file, title}`` for a local file with a title, or
    ``{url, type, length, duration, title}`` for remote media. The first is the enclosure."""
    result = []
    for index, entry in f.items("media"):
        key = f"media[{index}]" if isinstance(f.values["media"], list) else "media"
        where = f.record.loc(key)
        if isinstance(entry, str):
            found = _local_media(root, source, f, key, where, entry, slug, show)
        else:
            item = f.item_mapping("media", index, entry) if key != "media" else f.mapping("media")
            found = None
            if item is not None and "file" in item.values:
                found = _titled_local_media(root, source, item, key, where, slug, show)
            elif item is not None:
                found = _remote_media(item, where)
            if item is not None:
                f.ok = f.ok and item.ok
        if found is not None:
            result.append(found)
    return tuple(result)


def _titled_local_media(
    root: Path,
    source: EpisodeSource,
    item: Fields,
    key: str,
    where: SourceLocation,
    slug: str,
    show: Show | None,
) -> Media | None:
    item.unknown(("file", "title"))
    name = item.text("file", required=True)
    title = item.text("title", max_bytes=32)
    if name is None:
        return None
    found = _local_media(root, source, item, "file", item.loc("file"), name, slug, show)
    return replace(found, title=title, source=where) if found is not None else None


def _local_media(
    root: Path,
    source: EpisodeSource,
    f: Fields,
    key: str,
    where: SourceLocation,
    name: str,
    slug: str,
    show: Show | None,
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
        probe = media_probe.probe(path)
    except media_probe.MediaError as exc:
        f.error(key, exc.code, f"media file {name!r}: {exc}")
        return None
    output = PurePosixPath("media", slug, path.name)
    site = show.site_url if show else ""
    return Media(
        url=site + str(output),
        mime_type=probe.mime_type,
        length=probe.length,
        duration_ms=probe.duration_ms,
        local_path=source.folder / name,
        output_path=output,
        source=where,
    )


def _remote_media(f: Fields, where: SourceLocation) -> Media | None:
    f.unknown(("url", "type", "length", "duration", "title"))
    title = f.text("title", max_bytes=32)
    url = f.url("url", required=True)
    mime = f.text("type", required=True)
    if mime is not None and mime not in media_probe.MEDIA_TYPES:
        f.error(
            "type",
            "media-type",
            f"media type {mime!r} is not one podcast apps play",
            hint=f"one of: {', '.join(sorted(media_probe.MEDIA_TYPES))}",
        )
    length = f.integer("length") if f.require("length", hint="the file size in bytes") else None
    duration = _duration(f) if f.require("duration", hint="seconds, or hh:mm:ss") else None
    if not f.ok or url is None or mime is None or length is None or duration is None:
        return None
    return Media(url, mime, length, duration, None, None, where, title)


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


def _transcripts(
    root: Path,
    source: EpisodeSource,
    language: str,
    duration_ms: int | None,
    diagnostics: Diagnostics,
) -> tuple[Transcript | None | bool, tuple[Transcript, ...]]:
    """The episode's transcript and its translations; ``False`` when any failed to load."""
    own: Transcript | None = None
    translations: list[Transcript] = []
    failed = False
    for found in source.transcripts:
        loaded = transcripts.load(
            root / found.path, SourceLocation(found.path), found.language or language, diagnostics
        )
        if loaded is None:
            failed = True
            continue
        loaded = transcripts.with_duration(loaded, duration_ms)
        if found.language is None or found.language == language:
            own = loaded
        else:
            translations.append(loaded)
    return (False if failed else own), tuple(translations)


SHOW_KEYS = ("guid", "season", "number")
"""The front-matter keys that ``check_show`` compares across episodes."""


def show_keys(record: RawRecord) -> RawRecord:
    """Just what ``check_show`` reads of a record: kept by the build cache for every episode."""
    return RawRecord(
        {
            k: record.verbatim(k) if k == "guid" else v
            for k, v in record.values.items()
            if k in SHOW_KEYS
        },
        record.location,
        {k: v for k, v in record.positions.items() if k in SHOW_KEYS},
    )


def check_show(records: Mapping[PurePosixPath, RawRecord], diagnostics: Diagnostics) -> None:
    """Cross-episode rules: guids, URL names and episode numbers are unique.

    Checked on the raw front matter of every episode that could be read, so a duplicate is
    reported even when the episodes involved have other problems too."""
    checks: list[tuple[str, str, Any]] = [
        ("guid", "guid", lambda folder, r: r.verbatim("guid")),
        ("slug", "URL name (from the folder name)", lambda folder, r: slug_for(folder)),
        ("number", "episode number", lambda _, r: (r.values.get("season"), r.values.get("number"))),
    ]
    for key, what, value_of in checks:
        groups: dict[Any, list[PurePosixPath]] = defaultdict(list)
        for folder, record in records.items():
            value = value_of(folder, record)
            if value is None or value == (None, None) or (key == "number" and value[1] is None):
                continue
            try:
                groups[value].append(folder)
            except TypeError:  # an unhashable value (a list); its own field check reports it
                continue
        for value, folders in groups.items():
            for folder in folders if len(folders) > 1 else ():
                shown = value[1] if key == "number" else value
                others = ", ".join(str(o) for o in folders if o != folder)
                where = records[folder].loc(key) if key != "slug" else records[folder].location
                diagnostics.error(
                    f"duplicate-{key}", f"{what} {shown!r} is also used by {others}", where
                )
