"""The end of a build: the show's own pages, the feed and committing ``out/``.

These read the episodes only through what pass 2 left (their states and stored items), so a
rebuild that rendered one episode stages one page, one feed and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics, FileProblem, SourceError, SourceLocation
from ..load import discover
from ..model import Project, Show
from ..render import feed, feedsize, hosting, jsonfeed, pages, topics
from . import cache, feedfile, output, tasks, verify


@dataclass(frozen=True, slots=True)
class Target:
    """Where a build writes and what it knows of the last build."""

    root: Path
    """The show folder."""
    out: Path
    folder: Path | None
    """The site's build cache folder; None keeps no cache."""
    items: Path
    """The store of rendered feed items."""
    previous: cache.Manifest | None
    moved: set[str]
    """Output files that are not as the last build wrote them."""
    strict: bool
    static: cache.Signature = ()
    """The show's ``static/`` files, as the scan found them."""


# --- the show's own pages -------------------------------------------------------------------


def show_pages(
    target: Target,
    diagnostics: Diagnostics,
    site: tasks.Site,
    project: Project | None,
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> tuple[tuple[str, ...], dict[PurePosixPath, bytes]] | None:
    """Stage the show page, the glossary, the assets, the host configuration and the show's
    artwork when they are out of date (``project`` is then set): their paths and the files
    staged (none when they were up to date), or None after a template error."""
    show_files: dict[PurePosixPath, bytes] = {}
    art = layout.show_artwork(site.show)
    if art is not None and site.show.artwork_path is not None:
        # Read even when the pages are up to date: the feed's channel check links it.
        show_files[art] = (target.root / site.show.artwork_path).read_bytes()
    if project is None:  # made whenever the show's pages are out of date
        assert target.previous is not None  # a first build always has the project
        return target.previous.show_files, show_files
    renderer = pages.Renderer(
        project,
        show_templates=site.templates,
        generator=site.generator,
        compiled=tasks.compiled_templates(target.folder),
    )
    try:
        show_files.update(renderer.show_pages())
        if any(name == f"{discover.STATIC_DIR}/{layout.ROBOTS}" for name, _, _ in target.static):
            del show_files[layout.ROBOTS]  # the show's own robots.txt is published instead
        if art is not None:
            # Pillow is imported only when the show's pages are made again, not by the
            # rebuild after one episode changed.
            from ..render import icons  # noqa: PLC0415

            show_files.update(icons.icons(show_files[art]))
    except SourceError as error:
        diagnostics.add(error.diagnostic)
        return None
    except FileProblem as problem:
        diagnostics.error(
            problem.code,
            f"artwork {site.show.artwork_path}: {problem}",
            site.show.source,
            hint="save the artwork again from an image editor, as PNG or JPEG",
        )
        return None
    show_files.update(hosting.files(site.show.site_url))
    for path, data in show_files.items():
        output.write_file(staging.root, path, data)
    staged.extend(show_files)
    return tuple(str(path) for path in show_files), show_files


# --- the show's static files ----------------------------------------------------------------


def static_files(
    target: Target,
    diagnostics: Diagnostics,
    static: cache.Signature,
    states: Mapping[str, cache.EpisodeState],
    show_paths: Sequence[str],
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> tuple[str, ...] | None:
    """Stage the files of the show's ``static/`` folder at the same place under ``out/``
    (``static/CNAME`` is ``out/CNAME``); their paths, or None when one would take the place of
    a file nmo-feed writes (``static-collision``, naming both). Staged at every build that is
    not skipped: only files whose bytes changed are moved into ``out/``."""
    if not static:
        return ()  # nothing to check (the folders below took 0.05 s at N = 4,000)
    generated = {p for state in states.values() for p in state.files}
    generated.update(show_paths, [str(layout.FEED), str(layout.FEED_JSON), output.MARKER])
    # A static file may not be a folder nmo-feed writes into, nor sit inside one of its files.
    # Plain strings: pathlib's ``parents`` of 6,000 files took 0.7 s of a one-change
    # rebuild at 1,000 episodes (cProfile).
    folders = cache.folders_of(generated)
    found: dict[PurePosixPath, str] = {}
    problems = diagnostics.child()
    for name, _, _ in static:
        source = PurePosixPath(name)
        path = PurePosixPath(*source.parts[1:])
        if not discover.inside(target.root, target.root / name):
            # A link out of the show folder would publish a file of this machine.
            problems.error(
                "static-outside",
                f"{source} is a link to a file outside the show folder",
                SourceLocation(source),
                hint="copy the file into static/ instead of linking to it",
            )
            continue
        taken = [str(p) for p in (path, *path.parents) if str(p) in generated]
        if taken:
            what = taken[0]
        elif str(path) in folders:
            what = f"the folder {path}/ that nmo-feed writes into"
        else:
            found[path] = name
            continue
        problems.error(
            "static-collision",
            f"{source} would take the place of {what} in the output",
            SourceLocation(source),
            hint="rename or remove the static file: nmo-feed writes that path itself",
        )
    if not problems.ok:
        return None
    for path, name in found.items():
        output.write_file(staging.root, path, (target.root / name).read_bytes())
        staged.append(path)
    return tuple(str(path) for path in found)


# --- the feed -------------------------------------------------------------------------------


def stage_feed(
    target: Target,
    diagnostics: Diagnostics,
    site: tasks.Site,
    project: Project | None,
    show_files: Mapping[PurePosixPath, bytes],
    states: Mapping[str, cache.EpisodeState],
    order: Sequence[str],
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> tuple[cache.FeedLayout, int, frozenset[str]] | None:
    """Stage ``feed.xml`` when its channel or items changed: its layout (for the next
    build), size and the guids whose transcripts are linked; None when it fails its
    checks or the feed-size policy."""
    show, previous = site.show, target.previous
    if project is not None:
        channel = feed.channel(show, project.episodes, site.generator)
    else:
        assert previous is not None
        channel = feed.Channel(previous.feed.head, previous.feed.tail)
    verify.check_channel(show, channel.head, channel.tail, show_files, diagnostics)
    sizes = [item for n in order if (item := states[n].item) is not None]
    feed_bytes, linked = feedsize.fit(
        show, len(channel.head) + len(channel.tail), sizes, diagnostics
    )
    if diagnostics.failed(strict=target.strict):
        return None
    pieces, piece_sizes = _items(target, states, order, linked)
    feed_layout = cache.FeedLayout(
        channel.head, channel.tail, tuple(os.path.basename(p) for p in pieces)
    )
    _write_feed(
        target,
        layout.FEED,
        feed_layout,
        previous.feed if previous is not None else None,
        pieces,
        piece_sizes,
        staging,
        staged,
    )
    # The JSON Feed has the same items in the same form (full or linked), and its top-level
    # fields are the channel's too: it changes exactly when the feed's layout does.
    if previous is None or previous.feed != feed_layout or str(layout.FEED_JSON) in target.moved:
        _write_json_feed(target, show, states, order, linked, feed_layout, staging)
        staged.append(layout.FEED_JSON)
    return feed_layout, feed_bytes, linked


def _write_json_feed(
    target: Target,
    show: Show,
    states: Mapping[str, cache.EpisodeState],
    order: Sequence[str],
    linked: frozenset[str],
    feed_layout: cache.FeedLayout,
    staging: output.Staging,
) -> None:
    """Stage ``feed.json`` as ``feed.xml`` is staged: the stored JSON items in the feed's
    order, the unchanged runs at the start and end copied from the last ``feed.json``
    (which was written with the last feed's items: it is written whenever they change)."""
    head, tail = jsonfeed.head_and_tail(show)
    pieces = [
        tasks.item_path(target.items, state.render_key, linked=short, kind="json")
        for state, _, short in _listed(states, order, linked)
    ]
    try:
        sizes = [os.stat(piece).st_size for piece in pieces]
    except OSError:
        raise feedfile.Stale() from None  # an item the cache should hold is gone
    last = None
    previous, path = target.previous, target.out / layout.FEED_JSON
    if previous is not None and str(layout.FEED_JSON) not in target.moved:
        # The last file's own head and tail, so that a run is copied only from a file that
        # has the head and tail this one would write.
        with suppress(OSError), path.open("rb") as handle:
            old_head = handle.read(len(head))
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - len(tail)))
            last = (path, cache.FeedLayout(old_head, handle.read(), previous.feed.pieces))
    feedfile.write(
        staging.root / layout.FEED_JSON,
        feed.Channel(head, tail),
        pieces,
        sizes,
        last,
        names=feed_layout.pieces,
        first=jsonfeed.FIRST,
        between=jsonfeed.SEPARATOR,
    )
    output.counted()


def _listed(
    states: Mapping[str, cache.EpisodeState], order: Sequence[str], linked: frozenset[str]
) -> Iterator[tuple[cache.EpisodeState, feedsize.ItemSize, bool]]:
    """The episodes ``order`` names that have a feed item (drafts have none), each with its
    item and whether the feed links its transcript instead of carrying it."""
    for name in order:
        state = states[name]
        if state.item is not None:
            yield state, state.item, state.item.guid in linked


def _items(
    target: Target,
    states: Mapping[str, cache.EpisodeState],
    order: Sequence[str],
    linked: frozenset[str],
) -> tuple[list[str], list[int]]:
    """The stored items of the episodes ``order`` names (drafts have none), each with its
    transcript in full or linked, and their sizes."""
    pieces, sizes = [], []
    for state, item, short in _listed(states, order, linked):
        pieces.append(tasks.item_path(target.items, state.render_key, linked=short))
        sizes.append(item.linked if short and item.linked is not None else item.full)
    return pieces, sizes


def _write_feed(
    target: Target,
    path: PurePosixPath,
    feed_layout: cache.FeedLayout,
    last_layout: cache.FeedLayout | None,
    pieces: Sequence[str],
    piece_sizes: Sequence[int],
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> None:
    """Stage a feed when it is not in ``out/`` as ``feed_layout`` says it should be."""
    moved = str(path) in target.moved
    if last_layout == feed_layout and not moved:
        return
    last = (target.out / path, last_layout) if last_layout is not None and not moved else None
    channel = feed.Channel(feed_layout.head, feed_layout.tail)
    (staging.root / path).parent.mkdir(parents=True, exist_ok=True)
    feedfile.write(staging.root / path, channel, pieces, piece_sizes, last)
    staged.append(path)


def stage_topic_feeds(
    target: Target,
    diagnostics: Diagnostics,
    site: tasks.Site,
    project: Project | None,
    show_files: Mapping[PurePosixPath, bytes],
    states: Mapping[str, cache.EpisodeState],
    linked: frozenset[str],
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> dict[str, cache.TopicFeed] | None:
    """Stage each topic's ``feed.xml`` whose channel or items changed: the show's channel
    at the topic's address around the stored items of its episodes, each with its
    transcript in full or linked as in the show's feed (so a topic feed is never larger).
    Its layout by topic, for the next build; None when a channel fails its checks."""
    show, previous = site.show, target.previous
    old = previous.topics if previous is not None else {}
    channels: dict[str, feed.Channel] = {}
    members: dict[str, tuple[str, ...]] = {}
    if project is not None:  # what the episodes list changed: every channel made again
        for topic, episodes in topics.by_topic(project.episodes).items():
            channels[topic] = feed.channel(show, episodes, site.generator, topic)
            members[topic] = tuple(e.folder.name for e in episodes)
    else:
        for topic, kept in old.items():
            channels[topic] = feed.Channel(kept.layout.head, kept.layout.tail)
            members[topic] = kept.folders
    found: dict[str, cache.TopicFeed] = {}
    for topic in sorted(channels):
        channel = channels[topic]
        if project is not None:
            verify.check_channel(show, channel.head, channel.tail, show_files, diagnostics, topic)
        pieces, sizes = _items(target, states, members[topic], linked)
        feed_layout = cache.FeedLayout(
            channel.head, channel.tail, tuple(os.path.basename(p) for p in pieces)
        )
        found[topic] = cache.TopicFeed(members[topic], feed_layout)
        kept_layout = old[topic].layout if topic in old else None
        path = layout.topic_feed(topic)
        _write_feed(target, path, feed_layout, kept_layout, pieces, sizes, staging, staged)
    if diagnostics.failed(strict=target.strict):
        return None
    return found


# --- committing out/ ------------------------------------------------------------------------


def commit(
    target: Target,
    states: Mapping[str, cache.EpisodeState],
    show_paths: Sequence[str],
    topic_feeds: Sequence[PurePosixPath],
    staged: Sequence[PurePosixPath],
    staging: output.Staging,
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Move the staged files into ``out/``; what is there now (each file's size and
    time) and its folders' times, for the manifest."""
    previous = target.previous
    outputs = {p for state in states.values() for p in state.files}
    outputs.update(show_paths, [str(layout.FEED), str(layout.FEED_JSON)], map(str, topic_feeds))
    folders = _folders(outputs, previous)
    if previous is None:
        staging.replace_whole()
        return _stats(target.out, outputs), cache.folder_times(target.out, folders)
    if target.folder is not None:
        cache.forget(target.folder)  # a crash while files move makes the next build full
    # Files no longer written, and anything in out/ that a full build would not have.
    gone = {p for p in previous.outputs if p not in outputs}
    gone |= {p for p in target.moved if p not in outputs and p not in folders}
    # The feed is staged only when its items changed: comparing two copies of it,
    # a hundred megabytes each, would cost more than replacing it.
    moves = staging.apply(
        previous.outputs, staged, map(PurePosixPath, gone), {layout.FEED, *topic_feeds}
    )
    changed = {str(p) for p in moves}
    if outputs == previous.outputs.keys():
        written = dict(previous.outputs)
        written.update(_stats(target.out, [p for p in changed if p in outputs]))
    else:
        written = {p: v for p, v in previous.outputs.items() if p in outputs and p not in changed}
        written.update(_stats(target.out, [p for p in outputs if p not in written]))
    # The site was swapped in whole (output.Staging.apply): every folder is a new one.
    return written, cache.folder_times(target.out, folders)


def _folders(outputs: set[str], previous: cache.Manifest | None) -> set[str]:
    """The folders ``outputs`` are in: the last build's, with those of the files added, when
    each folder of a file removed still holds a file added (a changed search shard, whose
    name is its digest); otherwise found again (0.05 s at N = 4,000)."""
    if previous is None:
        return cache.folders_of(outputs)
    added = [p for p in outputs if p not in previous.outputs]
    removed = [p for p in previous.outputs if p not in outputs]
    new = cache.folders_of(added)
    if removed and not cache.folders_of(removed) <= new:
        return cache.folders_of(outputs)
    return set(previous.folders) | new


def _stats(out: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths:
        stat = os.stat(out / path)
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found
