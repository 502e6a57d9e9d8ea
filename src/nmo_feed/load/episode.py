"""An episode folder into an ``Episode``, in two sizes.

- ``card``: the front matter, one converter per field, enriched with what its media and
  artwork files really are. This is all that lists of episodes need (the show page, related
  episodes, the feed's channel, the show-wide checks), and it is cheap.
- ``whole``: the card, then the rest of the folder: the show notes as written, every
  transcript and translation, and the chapters. This is what an episode's own outputs need.

Each is read on its own: a broken episode is reported and left out, the others go on, so one
run lists every problem in the show. Nothing here renders: notes stay Markdown until
``render`` turns them into HTML.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any, cast

from .. import transcripts
from ..errors import Diagnostics, SourceError, SourceLocation
from ..model import Artwork, Episode, EpisodeType, RemoteTranscript, Show, Transcript
from ..rules import EPISODE_TYPES, LANGUAGE, REMOTE_TRANSCRIPT_TYPES
from . import chapters
from .artwork import read_artwork
from .discover import EpisodeSource, linked_outside
from .fields import Fields
from .media import read_media
from .people import SPEAKER_KEYS, check_transcript_speakers, read_people
from .review import read_review, read_sources
from .sources import EpisodeText, RawRecord, read_episode

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
    "remote_transcripts",
    "remote_chapters",
    "reviewed_by",
    "reviewed_on",
    "review_due",
    "sources",
    "license",
)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
GUIDS_HINT = "run 'nmo-feed add-guids' to write a new guid into every episode that lacks one"


def slug_for(folder: PurePosixPath) -> str:
    """The URL name of an episode: its folder name without a date prefix, lower-case, hyphens."""
    name = _DATE_PREFIX.sub("", folder.name)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def read(root: Path, source: EpisodeSource, diagnostics: Diagnostics) -> EpisodeText | None:
    """``episode.md`` as text, front matter and notes; None after reporting why not."""
    try:
        return read_episode(root / source.metadata, SourceLocation(source.metadata))
    except SourceError as exc:
        diagnostics.add(exc.diagnostic)
        return None


def card(
    root: Path,
    source: EpisodeSource,
    show: Show | None,
    text: EpisodeText,
    diagnostics: Diagnostics,
    *,
    probes: Path | None = None,
) -> Episode | None:
    """The episode as lists show it: no notes, transcripts or chapters (so none of their
    problems are found); None after reporting every problem in its front matter or media.
    ``probes`` is where media probes are kept between builds (None: nowhere)."""
    return _front_matter(root, source, show, text, diagnostics, probes).episode


def whole(
    root: Path,
    source: EpisodeSource,
    show: Show | None,
    text: EpisodeText,
    diagnostics: Diagnostics,
    *,
    probes: Path | None = None,
) -> Episode | None:
    """The whole episode; None after reporting every problem in the folder."""
    read = _front_matter(root, source, show, text, diagnostics, probes)
    episode = read.episode
    duration = episode.duration_ms if episode is not None else read.duration_ms
    own, translations = _transcripts(root, source, read.language, duration, diagnostics)
    found = chapters.load(root, source.folder, read.fields, duration, diagnostics)
    if episode is None or own is False or found is None:
        return None
    check_transcript_speakers(
        episode.speakers,
        show.persons if show else (),
        [t for t in (own, *translations) if isinstance(t, Transcript)],
        diagnostics,
    )
    remote = _remote_transcripts(read.fields, read.language)
    remote_chapters = read.fields.url("remote_chapters")
    if not read.fields.ok:
        return None
    return replace(
        episode,
        remote_transcripts=remote,
        remote_chapters=remote_chapters,
        notes=text.body,
        notes_line=text.body_line,
        transcript=cast("Transcript | None", own),
        translations=translations,
        chapters=found,
    )


class _FrontMatter:
    """What reading the front matter gave: the card (None when it has an error), the field
    reader that ``whole`` goes on with, and what the transcripts need even then."""

    __slots__ = ("duration_ms", "episode", "fields", "language")

    def __init__(
        self, episode: Episode | None, fields: Fields, language: str, duration_ms: int | None
    ) -> None:
        self.episode, self.fields = episode, fields
        self.language, self.duration_ms = language, duration_ms


def _front_matter(
    root: Path,
    source: EpisodeSource,
    show: Show | None,
    text: EpisodeText,
    diagnostics: Diagnostics,
    probes: Path | None,
) -> _FrontMatter:
    record = text.front_matter
    f = Fields(record, diagnostics)
    f.unknown(EPISODE_KEYS)
    draft = bool(f.boolean("draft", default=False))
    title = f.text("title", required=True, max_bytes=255)
    guid = f.text("guid")
    _guid_once_a_number(record, diagnostics)
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
    media = read_media(root, source, f, probes)
    if not media and not draft and not f.present("media"):
        diagnostics.warning(
            "missing-media",
            "the episode has no media, so podcast apps will not list it",
            record.location.at(1, 1),
            hint="add 'media:' with a file in the folder or a remote URL",
        )
    duration = media[0].duration_ms if media else None
    # Every field is read before deciding, so one run reports every problem in the file.
    fields = {
        "plain_summary": f.strings("plain_summary"),
        "speakers": read_people(f, "speakers", default_role="guest", keys=SPEAKER_KEYS),
        "topics": tuple(dict.fromkeys(t.lower() for t in f.strings("topics"))),
        "number": _number(f, show, draft),
        "season": f.integer("season"),
        "episode_type": cast(EpisodeType, f.choice("type", EPISODE_TYPES, "full")),
        "explicit": f.boolean("explicit"),
        "artwork": _artwork(root, source, f),
        "review": read_review(f),
        "sources": read_sources(f),
        "license": f.text("license", max_bytes=128),
        # The page speaks the show's language unless the episode names another.
        "language": None if show is not None and language == show.language else language,
    }
    if not f.ok or not slug:
        return _FrontMatter(None, f, language, duration)
    episode = Episode(
        slug=slug,
        guid=guid or "",
        title=title or "",
        published=published or datetime(1970, 1, 1, tzinfo=UTC),
        summary=summary or "",
        notes="",
        media=media,
        transcript=None,
        translations=(),
        draft=draft,
        source=SourceLocation(source.metadata),
        **fields,  # type: ignore[arg-type]
    )
    return _FrontMatter(episode, f, language, duration)


def _remote_transcripts(f: Fields, language: str) -> tuple[RemoteTranscript, ...]:
    """``remote_transcripts``: transcripts the host a show moved from still publishes
    (``nmo-feed import`` writes them when it could not bring a copy in), each ``{url, type,
    language}``; the feed links them as they are."""
    found = []
    for index, entry in f.items("remote_transcripts"):
        item = f.item_mapping("remote_transcripts", index, entry)
        if item is None:
            continue
        item.unknown(("url", "type", "language"))
        url = item.url("url", required=True)
        mime = item.choice("type", sorted(REMOTE_TRANSCRIPT_TYPES), "")
        if not item.present("type"):
            item.require("type", hint="text/vtt, application/x-subrip, application/json ...")
        tag = item.text("language")
        if tag is not None and not LANGUAGE.match(tag):
            item.error("language", "bad-language", f"'language' is {tag!r}, not a tag like 'en'")
        if url is not None and mime and item.ok:
            found.append(RemoteTranscript(url, mime, tag or language))
    return tuple(found)


def _guid_once_a_number(record: RawRecord, diagnostics: Diagnostics) -> None:
    """Warn when an unquoted guid is published as written (``0001``) but YAML reads it as a
    number (1): nmo-feed 0.1 published the number's text, so a feed built by it gave apps
    another guid, and they would take the episode for a new one."""
    read = record.values.get("guid")
    written = record.written.get("guid")
    if isinstance(read, (int, float)) and not isinstance(read, bool) and written is not None:
        if str(read) != written:
            diagnostics.warning(
                "guid-as-written",
                f"the guid {written} is unquoted: it is published as {written!r}, but nmo-feed"
                f" 0.1 read it as a number and published {str(read)!r}",
                record.loc("guid"),
                hint=f'if apps already know this episode as {str(read)!r}, write guid: "{read}"'
                f'; else quote it as written, guid: "{written}", to say so',
            )


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


def _artwork(root: Path, source: EpisodeSource, f: Fields) -> Artwork | None:
    """The episode's own cover art, checked like the show's; copied beside its page."""
    url, path = read_artwork(root, root / source.folder, f, "artwork")
    if path is not None:
        return Artwork(None, path)
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
    if value is not None and not LANGUAGE.match(value):
        f.error("language", "bad-language", f"'language' is {value!r}, not a tag like 'en'")
        value = None
    return value or (show.language if show else "en")


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
        if linked_outside(root, found.path, "transcript-outside", diagnostics):
            failed = True
            continue
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


SHOW_KEYS = ("guid", "season", "number", "topics")
"""The front-matter keys that ``project.check_show`` compares across episodes."""


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
