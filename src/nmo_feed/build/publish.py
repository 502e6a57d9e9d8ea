"""The end of a build: the show's own pages, the feed and committing ``out/``.

These read the episodes only through what pass 2 left (their states and stored items), so a
rebuild that rendered one episode stages one page, one feed and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics, SourceError, SourceLocation
from ..model import Project
from ..render import feed, feedsize, pages
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


# --- the show's own pages -------------------------------------------------------------------


def show_pages(
    target: Target,
    diagnostics: Diagnostics,
    site: tasks.Site,
    project: Project | None,
    staging: output.Staging,
    staged: list[PurePosixPath],
) -> tuple[tuple[str, ...], dict[PurePosixPath, bytes]] | None:
    """Stage the show page, the glossary, the assets and the show's artwork when they are
    out of date (``project`` is then set): their paths and the files staged (none when
    they were up to date), or None after a template error."""
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
    except SourceError as error:
        diagnostics.add(error.diagnostic)
        return None
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
    generated = {p for state in states.values() for p in state.files}
    generated.update(show_paths, [str(layout.FEED), output.MARKER])
    # A static file may not be a folder nmo-feed writes into, nor sit inside one of its files.
    folders = {str(folder) for path in generated for folder in PurePosixPath(path).parents}
    found: dict[PurePosixPath, str] = {}
    problems = diagnostics.child()
    for name, _, _ in static:
        source = PurePosixPath(name)
        path = PurePosixPath(*source.parts[1:])
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
    listed = [item for n in order if (item := states[n].item) is not None]
    keys = [states[n].render_key for n in order if states[n].item is not None]
    pieces = [
        tasks.item_path(target.items, key, linked=item.guid in linked)
        for key, item in zip(keys, listed, strict=True)
    ]
    piece_sizes = [
        item.linked if item.guid in linked and item.linked is not None else item.full
        for item in listed
    ]
    feed_layout = cache.FeedLayout(
        channel.head, channel.tail, tuple(os.path.basename(p) for p in pieces)
    )
    fed = str(layout.FEED)
    if previous is None or previous.feed != feed_layout or fed in target.moved:
        last = (
            (target.out / layout.FEED, previous.feed)
            if previous and fed not in target.moved
            else None
        )
        feedfile.write(staging.root / layout.FEED, channel, pieces, piece_sizes, last)
        staged.append(layout.FEED)
    return feed_layout, feed_bytes, linked


# --- committing out/ ------------------------------------------------------------------------


def commit(
    target: Target,
    states: Mapping[str, cache.EpisodeState],
    show_paths: Sequence[str],
    staged: Sequence[PurePosixPath],
    staging: output.Staging,
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    """Move the staged files into ``out/``; what is there now (each file's size and
    time) and its folders' times, for the manifest."""
    previous = target.previous
    outputs = {p for state in states.values() for p in state.files}
    outputs.update(show_paths, [str(layout.FEED)])
    if previous is not None and outputs == previous.outputs.keys():
        folders = set(previous.folders)
    else:
        folders = cache.folders_of(outputs)
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
    moves = staging.apply(staged, map(PurePosixPath, gone), changed_for_sure={layout.FEED})
    changed = {str(p) for p in moves}
    if outputs == previous.outputs.keys():
        written = dict(previous.outputs)
        written.update(_stats(target.out, [p for p in changed if p in outputs]))
    else:
        written = {p: v for p, v in previous.outputs.items() if p in outputs and p not in changed}
        written.update(_stats(target.out, [p for p in outputs if p not in written]))
    # The site was swapped in whole (output.Staging.apply): every folder is a new one.
    return written, cache.folder_times(target.out, folders)


def _stats(out: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths:
        stat = os.stat(out / path)
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found
