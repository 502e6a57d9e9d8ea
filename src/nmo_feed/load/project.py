"""The whole show at once: every file read and checked, every episode whole, in this process.

The build reads a show in passes and in worker processes (``build``); this is the simple
path, for ``check``-like tools and tests that want the model itself, and the home of the
rules that only the whole show can tell (duplicate guids, URL names and numbers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from .. import layout
from ..errors import Diagnostics, SourceLocation
from ..model import Episode, Glossary, Project, Show
from . import discover, episode
from .glossary import load_glossary
from .show import load_show
from .sources import RawRecord


def load(root: Path, diagnostics: Diagnostics) -> tuple[Project | None, int]:
    """The show and every episode, whole; None when there is any error. Also the number of
    episode folders found, drafts included."""
    show = load_show(root, diagnostics)
    glossary = load_glossary(root, diagnostics)
    sources = discover.find_episodes(root, diagnostics)
    loaded: list[Episode] = []
    records: dict[PurePosixPath, RawRecord] = {}
    for source in sources:
        text = episode.read(root, source, diagnostics)
        if text is None:
            continue
        records[source.folder] = text.front_matter
        found = episode.whole(root, source, show, text, diagnostics)
        if found is not None:
            loaded.append(found)
    check_show(records, diagnostics)
    if show is None or diagnostics.errors:
        return None, len(sources)
    return project(show, glossary, loaded, diagnostics, any_sources=bool(sources)), len(sources)


def newest_first(found: Iterable[Episode]) -> list[Episode]:
    """The order of every list of episodes: newest first, then by guid."""
    return sorted(found, key=lambda e: (e.published, e.guid), reverse=True)


def project(
    show: Show,
    glossary: Glossary,
    loaded: Sequence[Episode],
    diagnostics: Diagnostics,
    *,
    any_sources: bool,
) -> Project:
    published = newest_first(e for e in loaded if not e.draft)
    if not published and any_sources:
        nothing_published(show, diagnostics)
    return Project(show, tuple(published), tuple(e for e in loaded if e.draft), glossary)


def nothing_published(
    show: Show, diagnostics: Diagnostics, *, scheduled: int = 0, drafts: int = 0
) -> None:
    """The feed has no items: say why in the words of what held the episodes back (drafts,
    or ``scheduled`` episodes dated after the build)."""
    if not scheduled:
        message = "every episode is a draft, so the feed has no items"
        hint = "set draft: false on an episode to publish it"
    else:
        dated = "1 episode is" if scheduled == 1 else f"{scheduled} episodes are"
        also = "" if not drafts else " and the others are drafts"
        message = (
            f"no episode is published yet: {dated} dated after this build{also},"
            " so the feed has no items"
        )
        hint = "they are published by a build on or after their date; --future publishes them now"
    diagnostics.warning("nothing-published", message, SourceLocation(show.source.path), hint=hint)


def check_show(records: Mapping[PurePosixPath, RawRecord], diagnostics: Diagnostics) -> None:
    """Cross-episode rules: guids, URL names and episode numbers are unique.

    Checked on the raw front matter of every episode that could be read, so a duplicate is
    reported even when the episodes involved have other problems too."""
    checks: list[tuple[str, str, Any]] = [
        ("guid", "guid", lambda folder, r: r.verbatim("guid")),
        ("slug", "URL name (from the folder name)", lambda folder, r: episode.slug_for(folder)),
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
    _check_topic_slugs(records, diagnostics)


def _check_topic_slugs(
    records: Mapping[PurePosixPath, RawRecord], diagnostics: Diagnostics
) -> None:
    """Two topics written differently must not share a URL name (``layout.topic_slug``):
    their pages and feeds would be one file."""
    names: dict[str, set[str]] = defaultdict(set)
    written: list[tuple[PurePosixPath, str, str]] = []
    for folder, record in records.items():
        found = record.values.get("topics")
        if not isinstance(found, list):
            continue  # its own field check reports it
        for value in found:
            if isinstance(value, str) and value.strip():
                topic = value.lower()
                names[layout.topic_slug(topic)].add(topic)
                written.append((folder, topic, layout.topic_slug(topic)))
    reported = set()
    for folder, topic, slug in written:
        if len(names[slug]) > 1 and (folder, topic) not in reported:
            reported.add((folder, topic))
            others = ", ".join(repr(n) for n in sorted(names[slug] - {topic}))
            diagnostics.error(
                "topic-slug",
                f"topic {topic!r} has the same URL name topics/{slug}/ as {others}",
                records[folder].loc("topics"),
                hint="write the topic the same way in every episode",
            )
