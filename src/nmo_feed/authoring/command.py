"""``nmo-feed import SOURCE --into FOLDER``: fetch, read, write the show folder, and report.

A fresh import is written into a folder beside FOLDER and renamed into place, so a failed
import leaves nothing half-written. ``--update`` adds the items whose guid no episode in
FOLDER has yet, each folder written beside and renamed in, and touches nothing else:
episodes already there are left as the publisher edited them, and so is ``show.toml``.
"""

from __future__ import annotations

import re
import shutil
import tomllib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import transcripts
from ..errors import Diagnostics, SourceError, SourceLocation, format_diagnostic
from ..load import chapters as chapter_format
from ..load import discover
from ..load import episode as episode_loader
from ..load import show as config
from ..load.sources import read_episode
from ..rules import LANGUAGE
from . import fetch, htmlnotes, importer, writer
from .fetch import ImportFailed

# Transcript formats nmo-feed reads, by the type podcast:transcript gives, best first.
_TRANSCRIPT_TYPES = {
    "text/vtt": ".vtt",
    "application/x-subrip": ".srt",
    "application/srt": ".srt",
    "text/srt": ".srt",
    "application/json": ".json",
    "text/plain": ".txt",
}
_PREFERENCE = (".vtt", ".srt", ".json", ".txt")


@dataclass
class Report:
    source: str
    into: str
    imported: list[tuple[str, str]] = field(default_factory=list)
    """(folder, title) of each episode written."""
    kept: int = 0
    """Items already in FOLDER (``--update``)."""
    skipped: list[str] = field(default_factory=list)
    dropped: Counter[tuple[str, str]] = field(default_factory=Counter)
    attention: list[str] = field(default_factory=list)
    without_transcript: int = 0
    old_feed: str | None = None
    new_feed: str | None = None
    moved_to: str | None = None
    """The old feed's own itunes:new-feed-url, when it already announces a move."""

    def text(self) -> str:
        into = self.into.rstrip("/") or "/"
        lines = [
            f"Imported {_count(len(self.imported), 'episode')} from {self.source} into {into}/"
            + (
                f" ({_count(self.kept, 'episode')} already there, left as they are)."
                if self.kept
                else "."
            )
        ]
        lines += [f"  {folder}/  {title}" for folder, title in self.imported]
        if self.skipped:
            lines += ["", "Not imported:"] + [f"  {s}" for s in self.skipped]
        lines += ["", "Dropped (tags nmo-feed does not carry over):"]
        if not self.dropped:
            lines.append("  nothing")
        for (scope, tag), count in sorted(self.dropped.items()):
            where = "channel" if scope == "channel" else f"{_count(count, 'item')}"
            lines.append(f"  {tag} ({where}): {importer.why_dropped(tag)}")
        attention = list(self.attention)
        if self.without_transcript:
            attention.append(
                f"{_count(self.without_transcript, 'episode')} without a transcript: add"
                " transcript.md (or .vtt, .srt, .json, .txt) to each episode folder"
            )
        lines += ["", "Needs attention:"] + ([f"  {a}" for a in attention] or ["  nothing"])
        lines += ["", *self._move()]
        # Titles and URLs come from the feed: shown escaped where they hold characters that
        # could drive the terminal.
        return "".join(
            c if c.isprintable() or c == "\n" else f"\\x{ord(c):02x}" for c in "\n".join(lines)
        )

    def _move(self) -> list[str]:
        old = self.old_feed or "the old feed's URL"
        new = self.new_feed or "site_url + feed.xml"
        lines = [
            f"Moving the old feed ({old}) to the new one ({new}):",
            "  1. nmo-feed build, publish out/ at site_url, and open the new feed in an app.",
            f"  2. On the old host, add <itunes:new-feed-url>{new}</itunes:new-feed-url> to the"
            ' old feed\'s channel (hosts call it "redirect feed" or "move podcast").',
            f"  3. Then make {old} answer with a 301 (permanent) redirect to {new}, and keep it"
            " for months: Apple Podcasts and the other apps follow both and update the URL they"
            " keep, and subscribers stay subscribed.",
            "  Every episode keeps its guid, enclosure URL, date and title, so no app downloads an"
            " episode again. The media stay on the old host until you move them.",
        ]
        if self.moved_to:
            lines.insert(1, f"  The old feed already announces a move to {self.moved_to}.")
        return lines


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(
    source: str,
    into: Path,
    *,
    update: bool = False,
    site_url: str | None = None,
    old_feed_url: str | None = None,
    download: bool = True,
) -> Report:
    """Import the feed at ``source`` (a file or an http(s) URL) into the show folder ``into``."""
    _check_target(into, update)
    if site_url is not None and not re.match(r"^https?://[^\s/$.?#][^\s]*$", site_url):
        raise ImportFailed("--site-url", "bad-url", f"{site_url!r} is not an http(s) URL")
    site_url = site_url.rstrip("/") + "/" if site_url else None
    data = _read_source(source)
    feed = importer.read(fetch.parse(data, source))
    channel = feed.channel
    old_feed = importer.old_feed_url(channel, source, old_feed_url)
    report = Report(source, str(into), skipped=feed.skipped, dropped=feed.dropped)
    report.old_feed, report.moved_to = old_feed, channel.new_feed_url
    existing_guids: set[str] = set()
    slugs: set[str] = set()
    numbers: set[tuple[int | None, int]] = set()
    guid = ""
    if update:
        existing_guids, slugs, numbers = _existing(into)
        site = _show_value(into, "site_url")
        report.new_feed = site.rstrip("/") + "/feed.xml" if site else None
    else:
        guid = _podcast_guid(channel, old_feed, source)
        report.new_feed = site_url + "feed.xml" if site_url else None
    show_language = channel.language or "en"
    if update:
        show_language = _show_value(into, "language") or show_language
    else:
        report.attention += channel.notes  # show.toml is written only by a fresh import
    if not LANGUAGE.match(show_language):
        show_language = "en"

    staging = into.parent / f".{into.name}.importing"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        serial = all(i.number is not None for i in feed.items)
        if not update:
            (staging / discover.SHOW_FILE).write_text(
                writer.show_toml(
                    channel,
                    site_url=site_url,
                    podcast_guid=guid,
                    old_feed=old_feed,
                    serial=serial,
                    notes=report.attention,
                ),
                encoding="utf-8",
            )
        written = []
        in_feed: set[str] = set()
        for item in feed.items:
            if item.guid in in_feed:
                report.skipped.append(
                    f"{item.title!r}: its guid {item.guid!r} is also an earlier item's, and apps"
                    " know only one episode by it"
                )
                continue
            in_feed.add(item.guid)
            if item.guid in existing_guids:
                report.kept += 1
                continue
            folder = writer.folder_name(item, slugs)
            _write_episode(staging / folder, item, numbers, show_language, download, report)
            written.append(folder)
            report.imported.append((folder, item.title))
        if update:
            for folder in written:
                (staging / folder).rename(into / folder)
            staging.rmdir()
        else:
            if into.exists():
                into.rmdir()  # checked empty above
            staging.rename(into)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.attention += _check(into, written)
    return report


def _check_target(into: Path, update: bool) -> None:
    if update:
        if not (into / discover.SHOW_FILE).is_file():
            raise ImportFailed(
                str(into), "not-a-show", "--update needs a show folder with show.toml"
            )
    elif into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise ImportFailed(
            str(into),
            "folder-not-empty",
            "the folder exists and is not empty; import into a new folder, or add --update"
            " to add the feed's new episodes to this show",
        )


def _read_source(source: str) -> bytes:
    if fetch.is_url(source):
        return fetch.fetch(source, limit=fetch.FEED_LIMIT).data
    path = Path(source)
    try:
        if path.stat().st_size > fetch.FEED_LIMIT:
            raise ImportFailed(source, "too-large", "the file is larger than the 64 MB limit")
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(
            source, "no-such-file", f"cannot read the feed: {exc.strerror}"
        ) from None


def _podcast_guid(channel: importer.Channel, old_feed: str | None, source: str) -> str:
    notes = channel.notes
    if channel.podcast_guid:
        try:
            return str(uuid.UUID(channel.podcast_guid))
        except ValueError:
            notes.append(
                f"the old podcast:guid {channel.podcast_guid!r} is not a UUID: computed from the"
                " old feed URL instead"
            )
    if not old_feed:
        raise ImportFailed(
            source,
            "unknown-feed-url",
            'the feed has no podcast:guid and does not say its own URL (atom:link rel="self"),'
            " so the show's podcast:guid cannot be computed; give the old feed's URL with"
            " --old-feed-url",
        )
    return config.podcast_guid(old_feed)


def _existing(into: Path) -> tuple[set[str], set[str], set[tuple[int | None, int]]]:
    """The guids, URL names and (season, number) pairs of the episodes already in ``into``."""
    diagnostics = Diagnostics()
    guids: set[str] = set()
    slugs: set[str] = set()
    numbers: set[tuple[int | None, int]] = set()
    for source in discover.find_episodes(into, diagnostics):
        slugs.add(episode_loader.slug_for(source.folder))
        try:
            values = read_episode(into / source.metadata, SourceLocation(source.metadata))
        except SourceError as exc:
            diagnostics.add(exc.diagnostic)
            continue
        record = values.front_matter.values
        if isinstance(record.get("guid"), (str, int)):
            guids.add(str(record["guid"]).strip())
        if isinstance(record.get("number"), int):
            numbers.add((record.get("season"), record["number"]))
    if diagnostics.errors:
        first = diagnostics.sorted()[0]
        raise ImportFailed(
            first.location.render(str(into)),
            first.code,
            f"{first.message}; fix it first, so the import knows which episodes are there",
        )
    return guids, slugs, numbers


def _show_value(into: Path, key: str) -> str | None:
    """A text value of the existing show.toml (None when it cannot be read)."""
    try:
        value = tomllib.loads((into / discover.SHOW_FILE).read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError):
        return None
    return value if isinstance(value, str) else None


# --- one episode ------------------------------------------------------------------------


def _write_episode(
    folder: Path,
    item: importer.Item,
    numbers: set[tuple[int | None, int]],
    show_language: str,
    download: bool,
    report: Report,
) -> None:
    notes = item.notes
    if item.enclosure is not None and not item.duration:
        notes.append("no itunes:duration in the old feed: set media.duration")
    number = item.number
    if number is not None:
        if (item.season, number) in numbers:
            notes.append(f"episode number {number} is used by another episode: left out")
            number = None
        else:
            numbers.add((item.season, number))
    folder.mkdir()
    references: list[tuple[str, str, str, str, str]] = []
    duration_ms = item.duration * 1000 if item.duration else None
    _chapters(folder, item, duration_ms, download, references, notes)
    if not _transcripts(folder, item, show_language, download, references, notes):
        report.without_transcript += 1
    body, _ = htmlnotes.notes_body(item.notes_html)
    (folder / discover.EPISODE_FILE).write_text(
        writer.episode_md(item, body, number=number, references=references, notes=notes),
        encoding="utf-8",
    )
    report.attention += [f"{folder.name}: {n}" for n in notes]


def _chapters(
    folder: Path,
    item: importer.Item,
    duration_ms: int | None,
    download: bool,
    references: list[tuple[str, str, str, str, str]],
    notes: list[str],
) -> None:
    if item.simple_chapters:
        text = writer.chapters_json(item.simple_chapters)
        if _valid_chapters(text, duration_ms):
            (folder / chapter_format.CHAPTERS_FILE).write_text(text, encoding="utf-8")
            return
        notes.append("the Podlove chapters do not fit the media: left out")
    if item.chapters is None:
        return
    url = item.chapters.url
    if download:
        try:
            data = fetch.fetch(url, limit=fetch.ATTACHMENT_LIMIT, timeout=10).data
            text = data.decode("utf-8-sig")
            if _valid_chapters(text, duration_ms):
                (folder / chapter_format.CHAPTERS_FILE).write_text(text, encoding="utf-8")
                return
            problem = "it is not a valid JSON chapters file"
        except (ImportFailed, UnicodeDecodeError) as exc:
            problem = str(exc) if isinstance(exc, ImportFailed) else "it is not UTF-8"
    else:
        problem = "not downloaded (--no-download)"
    references.append(("chapters", url, "", "", f"not imported: {problem}"))
    notes.append(f"chapters {url} not imported ({problem}): linked as remote_chapters")


def _valid_chapters(text: str, duration_ms: int | None) -> bool:
    diagnostics = Diagnostics()
    location = SourceLocation(PurePosixPath(chapter_format.CHAPTERS_FILE))
    found = chapter_format.parse_json(text, location, duration_ms, diagnostics)
    return found is not None and not diagnostics.errors


def _transcripts(
    folder: Path,
    item: importer.Item,
    show_language: str,
    download: bool,
    references: list[tuple[str, str, str, str, str]],
    notes: list[str],
) -> bool:
    """Download the best transcript of each language; True when the episode has one in its
    own language."""
    by_language: dict[str, list[importer.Link]] = {}
    for link in item.transcripts:
        language = link.language or show_language
        by_language.setdefault(language, []).append(link)
    own = False
    for language, links in by_language.items():
        usable = sorted(
            (link for link in links if link.type in _TRANSCRIPT_TYPES),
            key=lambda link: _PREFERENCE.index(_TRANSCRIPT_TYPES[link.type]),
        )
        done = False
        for link in usable if download else []:
            suffix = _TRANSCRIPT_TYPES[link.type]
            ours = language.split("-")[0].lower() == show_language.split("-")[0].lower()
            if not ours and not LANGUAGE.match(language):
                continue
            name = f"transcript{suffix}" if ours else f"transcript.{language}{suffix}"
            try:
                data = fetch.fetch(link.url, limit=fetch.ATTACHMENT_LIMIT, timeout=10).data
            except ImportFailed as exc:
                notes.append(f"transcript {link.url} not downloaded: {exc}")
                continue
            diagnostics = Diagnostics()
            loaded = transcripts.load_bytes(
                data, suffix, SourceLocation(PurePosixPath(name)), language, diagnostics
            )
            if loaded is None:
                notes.append(f"transcript {link.url} is not a {suffix} file nmo-feed reads")
                continue
            (folder / name).write_bytes(data)
            own = own or ours
            done = True
            break
        if not done:
            for link in links:
                why = "not downloaded (--no-download)" if not download else "not imported"
                references.append(("transcript", link.url, link.type, language, why))
    return own


def _check(into: Path, folders: list[str]) -> list[str]:
    """What ``nmo-feed check`` will say about the show and the episodes just written."""
    diagnostics = Diagnostics()
    show = config.load_show(into, diagnostics)
    for name in folders:
        source = discover.episode_source(name, _listing(into / name), diagnostics)
        text = episode_loader.read(into, source, diagnostics)
        if text is not None:
            episode_loader.whole(into, source, show, text, diagnostics)
    sources: dict[PurePosixPath, list[str] | None] = {}
    return [
        "check: " + format_diagnostic(d, into, str(into), sources).split("\n")[0]
        for d in diagnostics
        if d.code not in ("missing-duration", "unknown-length")  # already noted per episode
    ]


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())
