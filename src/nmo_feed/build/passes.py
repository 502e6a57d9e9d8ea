"""Render the site: the two passes over the episodes, the show's own pages, the feed, and
committing ``out/`` and the cache (``build.py`` decides whether this is needed at all).

The first pass reads each episode's light form (``episodes.card``); from those come the
show-wide checks, the related episodes, the show page and the feed's channel. The second
renders every episode that changed (``episodes.render``) in worker processes, each writing
its own files into the staging folder and its ``<item>`` into the item store. This process
then assembles the feed from the stored items, newest first, within the feed-size budget,
and commits: a whole new ``out/`` for a full build, only the changed files for a rebuild.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .. import layout
from ..errors import Diagnostics, SourceLocation
from ..load import discover
from ..load import episode as validate
from ..load import show as config
from ..load.discover import EpisodeSource
from ..load.sources import RawRecord
from ..model import Episode, Glossary, Project, Show
from ..render import feed, feedsize, pages
from . import cache, output, verify
from . import run as build
from . import tasks as episodes
from .progress import Progress
from .run import Result
from .workers import Pool


def load_project(root: Path) -> Result:
    """Read and validate the whole show, every episode in full, in this process; ``project``
    is None when there is an error. For tools and tests that want the model itself."""
    diagnostics = Diagnostics()
    show = config.load_show(root, diagnostics)
    glossary = config.load_glossary(root, diagnostics)
    sources = discover.find_episodes(root, diagnostics)
    loaded: list[Episode] = []
    records: dict[PurePosixPath, RawRecord] = {}
    for source in sources:
        episode, record = validate.load_episode(root, source, show, diagnostics)
        if record is not None:
            records[source.folder] = record
        if episode is not None:
            loaded.append(episode)
    validate.check_show(records, diagnostics)
    result = Result(diagnostics, episode_count=len(sources))
    if show is None or diagnostics.errors:
        return result
    result.project = _project(show, glossary, loaded, diagnostics, bool(sources))
    result.completed = True
    return result


class Build:
    """One build, from reading the show to committing ``out/`` and the cache."""

    def __init__(
        self,
        root: Path,
        out: Path,
        strict: bool,
        folder: Path | None,
        items: Path,
        now: cache.Scan,
        previous: cache.Manifest | None,
        moved: set[str],
        progress: Progress,
    ) -> None:
        self.root, self.out, self.strict = root, out, strict
        self.moved = moved
        """Output files that are not as the last build wrote them."""
        self.folder, self.items, self.now = folder, items, now
        self.previous = previous
        self.old = previous.episodes if previous is not None else {}
        self.progress = progress
        self.diagnostics = Diagnostics()
        self.known = dict(previous.file_digests) if previous is not None else {}
        self.found: dict[str, str] = {}
        """The text files' digests read or reused by this build, for the next one."""
        self.show_digest = ""
        self.sources: dict[str, EpisodeSource] = {}

    def run(self, jobs: int) -> Result:
        show = config.load_show(self.root, self.diagnostics)
        glossary = config.load_glossary(self.root, self.diagnostics)
        names = discover.episode_folders(self.now.folders, self.diagnostics)
        if show is None:
            # Still read every episode, so one run reports every problem in the show.
            return load_project(self.root)
        self.show_digest = show_digest = episodes.digest_of(
            cache.content_digest(self.root, self.now.show, self.known, self.found),
            repr(self.now.code),
        )
        if self.previous is not None and self.previous.show_digest != show_digest:
            self.old = {}  # every episode's outputs depend on the show: render them all
        staging = output.Staging(self.out, self.root)
        try:
            site = episodes.Site(
                self.root,
                show,
                glossary,
                self._templates(),
                build.GENERATOR,
                staging.root,
                self.items,
                self.folder,
            )
            episodes.start(site)
            with Pool(jobs) as pool:
                return self._build(pool, site, names, show_digest, staging)
        finally:
            staging.discard()

    def _templates(self) -> Path | None:
        templates = self.root / discover.TEMPLATES_DIR
        return templates if templates.is_dir() else None

    def _build(
        self,
        pool: Pool,
        site: episodes.Site,
        names: Sequence[str],
        show_digest: str,
        staging: output.Staging,
    ) -> Result:
        old = self.old
        signatures = {name: self.now.episodes.get(name, ()) for name in names}
        digests = {
            name: (
                old[name].digest
                if name in old and old[name].signature == signatures[name]
                else cache.content_digest(self.root, signatures[name], self.known, self.found)
            )
            for name in names
        }

        # Pass 1: the light episodes that changed; the others' digests are in the manifest.
        fresh = [self._source(n) for n in names if n not in old or old[n].digest != digests[n]]
        self.progress.start("Reading episodes", len(fresh))
        cards = {c.folder.name: c for c in pool.map(episodes.card, fresh, self.progress)}
        self.progress.finish()
        card_digests = {n: cards[n].digest if n in cards else old[n].card_digest for n in names}
        keys = {n: _keys(cards[n].keys) if n in cards else old[n].keys for n in names}
        # Lists of episodes (show page, related episodes, the feed's channel and order) are
        # worked out again only when something a list shows of an episode changed.
        lists_changed = self.previous is None or [(n, old[n].card_digest) for n in old] != list(
            card_digests.items()
        )
        if lists_changed:
            # Otherwise every guid, number and folder is as in the last build, which passed.
            validate.check_show(
                {PurePosixPath(n): _record(k) for n, k in keys.items() if k is not None},
                self.diagnostics,
            )
        light = self._light(cards, names) if lists_changed else {}
        if lists_changed:
            listed = _newest_first(e for e in light.values() if e is not None and not e.draft)
            order = tuple(e.folder.name for e in listed)
            index = pages.RelatedIndex(listed)
            related = {e.folder.name: tuple(o.folder.name for o in index.of(e)) for e in listed}
        else:
            assert self.previous is not None
            order = self.previous.order
            related = {n: old[n].related for n in names}

        # Pass 2: render what changed, or whose files in out/ are not as they were written.
        # With the lists unchanged (so the same related episodes, read the same way), an
        # episode whose files did not change keeps its key: thousands of digests saved.
        render_keys = {
            n: old[n].render_key
            if not lists_changed and n in old and old[n].digest == digests[n]
            else episodes.digest_of(
                show_digest, digests[n], *(card_digests[o] for o in related.get(n, ()))
            )
            for n in names
        }
        tasks = [
            episodes.Task(
                self._source(n),
                self._related_cards(related.get(n, ()), light),
                render_keys[n],
                cards[n].text if n in cards else None,
            )
            for n in names
            if n not in old
            or old[n].render_key != render_keys[n]
            or not old[n].loaded
            or any(path in self.moved for path in old[n].files)
        ]
        self.progress.start("Rendering episodes", len(tasks))
        rendered = {r.folder.name: r for r in pool.map(episodes.render, tasks, self.progress)}
        self.progress.finish()

        states: dict[str, cache.EpisodeState] = {}
        for n in names:
            if n in rendered:
                r = rendered[n]
                files = tuple(str(path) for path, _ in r.files)
                states[n] = cache.EpisodeState(
                    signatures[n],
                    digests[n],
                    card_digests[n],
                    keys[n],
                    render_keys[n],
                    related.get(n, ()),
                    r.diagnostics,
                    r.loaded,
                    r.draft,
                    r.item,
                    files,
                )
            else:
                state = old[n]
                same = state.signature == signatures[n]
                states[n] = state if same else state._replace(signature=signatures[n])
            if states[n].diagnostics:
                self.diagnostics.extend(states[n].diagnostics)
        if self.folder is not None:
            for card in cards.values():
                cache.save_card(self.folder, card.digest, card.episode)
        drafts = sum(1 for state in states.values() if state.draft)
        result = Result(self.diagnostics, episode_count=len(names), drafts=drafts)
        if self.diagnostics.errors or any(not state.loaded for state in states.values()):
            return result
        if not order and names:
            _nothing_published(site.show, self.diagnostics)
        pages_key = episodes.digest_of(show_digest, *(card_digests[n] for n in order))
        previous = self.previous
        if (
            lists_changed
            or previous is None
            or previous.pages_key != pages_key
            or any(path in self.moved for path in previous.show_files)
        ):
            # The show page and the feed's channel are made again from the light episodes.
            light = light or self._light(cards, names)
            listed_light = [light[n] for n in order]
            draft_light = [e for e in light.values() if e is not None and e.draft]
            result.project = Project(
                site.show, tuple(e for e in listed_light if e), tuple(draft_light), site.glossary
            )
        return self._site(site, result, states, order, rendered, pages_key, staging)

    def _source(self, name: str) -> EpisodeSource:
        """The folder's transcripts, from the listing: worked out only for episodes that
        are read, since an unchanged folder's listing gave no error last time."""
        if name not in self.sources:
            files = self.now.folders[name]
            self.sources[name] = discover.episode_source(name, files, self.diagnostics)
        return self.sources[name]

    def _light(
        self, cards: Mapping[str, episodes.Card], names: Sequence[str]
    ) -> dict[str, Episode | None]:
        """Every episode's light form: just read, or kept by the last build."""
        light = {}
        for n in names:
            if n in cards:
                light[n] = cards[n].episode
                continue
            found, episode = (
                cache.load_card(self.folder, self.old[n].card_digest)
                if self.folder is not None
                else (False, None)
            )
            if not found:
                raise Stale()
            light[n] = episode
        return light

    def _related_cards(
        self, folders: Sequence[str], light: Mapping[str, Episode | None]
    ) -> tuple[Episode, ...]:
        found = []
        for n in folders:
            if n in light:
                episode = light[n]
            elif self.folder is not None:
                ok, episode = cache.load_card(self.folder, self.old[n].card_digest)
                if not ok:
                    raise Stale()
            else:
                raise Stale()
            if episode is not None:
                found.append(episode)
        return tuple(found)

    # --- the show's own files, the feed, and committing ---------------------------------------

    def _site(
        self,
        site: episodes.Site,
        result: Result,
        states: Mapping[str, cache.EpisodeState],
        order: Sequence[str],
        rendered: Mapping[str, episodes.Rendered],
        pages_key: str,
        staging: output.Staging,
    ) -> Result:
        show, previous, project = site.show, self.previous, result.project
        staged = [path for r in rendered.values() for path, _ in r.files]

        show_files: dict[PurePosixPath, bytes] = {}
        art = layout.show_artwork(show)
        if art is not None and show.artwork_path is not None:
            show_files[art] = (self.root / show.artwork_path).read_bytes()
        if project is not None:  # made whenever the show's pages are out of date
            renderer = pages.Renderer(
                project,
                show_templates=self._templates(),
                generator=build.GENERATOR,
                compiled=episodes.compiled_templates(self.folder),
            )
            show_files.update(renderer.show_pages())
            for path, data in show_files.items():
                output.write_file(staging.root, path, data)
            staged.extend(show_files)
            show_paths = tuple(str(path) for path in show_files)
            channel = feed.channel(show, project.episodes, build.GENERATOR)
        else:
            assert previous is not None  # a first build always has the project
            show_paths = previous.show_files
            channel = feed.Channel(previous.feed.head, previous.feed.tail)
        verify.check_channel(show, channel.head, channel.tail, show_files, self.diagnostics)
        sizes = [item for n in order if (item := states[n].item) is not None]
        feed_bytes, linked = feedsize.fit(
            show, len(channel.head) + len(channel.tail), sizes, self.diagnostics
        )
        if self.diagnostics.failed(strict=self.strict):
            return result
        pieces = [
            episodes.item_path(self.items, states[n].render_key, linked=item.guid in linked)
            for n in order
            if (item := states[n].item) is not None
        ]
        piece_sizes = [
            (item.linked if item.guid in linked and item.linked is not None else item.full)
            for n in order
            if (item := states[n].item) is not None
        ]
        feed_layout = cache.FeedLayout(
            channel.head, channel.tail, tuple(os.path.basename(p) for p in pieces)
        )
        if previous is None or previous.feed != feed_layout or str(layout.FEED) in self.moved:
            last = (
                (self.out / layout.FEED, previous.feed)
                if previous and str(layout.FEED) not in self.moved
                else None
            )
            _write_feed(staging.root / layout.FEED, channel, pieces, piece_sizes, last)
            staged.append(layout.FEED)

        outputs = {p for state in states.values() for p in state.files}
        outputs.update(show_paths, [str(layout.FEED)])
        if previous is not None and outputs == previous.outputs.keys():
            folders = set(previous.folders)
        else:
            folders = cache.folders_of(outputs)
        if previous is None:
            staging.replace_whole()
            written = _stats(self.out, outputs)
            folder_times = cache.folder_times(self.out, folders)
        else:
            if self.folder is not None:
                cache.forget(self.folder)  # a crash while files move makes the next build full
            # Files no longer written, and anything in out/ that a full build would not have.
            gone = {p for p in previous.outputs if p not in outputs}
            gone |= {p for p in self.moved if p not in outputs and p not in folders}
            # The feed is staged only when its items changed: comparing two copies of it,
            # a hundred megabytes each, would cost more than replacing it.
            moves = staging.apply(staged, map(PurePosixPath, gone), changed_for_sure={layout.FEED})
            changed = {str(p) for p in moves}
            if outputs == previous.outputs.keys():
                written = dict(previous.outputs)
                written.update(_stats(self.out, [p for p in changed if p in outputs]))
            else:
                written = {
                    p: v for p, v in previous.outputs.items() if p in outputs and p not in changed
                }
                written.update(_stats(self.out, [p for p in outputs if p not in written]))
            # Moving files in or out changed their folders' times; the others stand.
            touched = cache.folders_of(changed) | (folders - previous.folders.keys())
            folder_times = {f: t for f, t in previous.folders.items() if f in folders}
            folder_times.update(cache.folder_times(self.out, touched & folders))

        result.completed = True
        result.published = len(order)
        result.rendered = len(rendered)
        result.linked = linked
        result.file_count = len(written)
        result.total_bytes = sum(size for size, _ in written.values())
        result.feed_bytes = feed_bytes
        if self.folder is not None:
            manifest = cache.Manifest(
                format=cache.FORMAT,
                show_signature=self.now.show,
                code=self.now.code,
                show_digest=self.show_digest,
                episodes=dict(states),
                pages_key=pages_key,
                order=tuple(order),
                feed=feed_layout,
                outputs=written,
                folders=folder_times,
                feed_bytes=feed_bytes,
                published=result.published,
                drafts=result.drafts,
                episode_count=result.episode_count,
                linked=linked,
                show_files=show_paths,
                all_diagnostics=tuple(self.diagnostics.items),
                file_digests=self.found,
            )
            cache.save(self.folder, manifest)
        return result


class Stale(Exception):
    """The cache lacks something it should have: the build starts again without it."""


def _keys(record: RawRecord | None) -> cache.Keys | None:
    if record is None:
        return None
    return (record.values, str(record.location.path), record.positions)


def _record(keys: cache.Keys) -> RawRecord:
    values, path, positions = keys
    return RawRecord(values, SourceLocation(PurePosixPath(path)), positions)


def _write_feed(
    target: Path,
    channel: feed.Channel,
    pieces: Sequence[str],
    sizes: Sequence[int],
    last: tuple[Path, cache.FeedLayout] | None,
) -> None:
    """Write the feed from its channel and the stored items (``pieces``, of ``sizes``).

    With ``last`` (the feed in ``out/`` and how it was put together) the runs of items at
    the start and end that did not change are copied from it in one piece each, so that
    replacing one episode's item in a feed of thousands costs a copy, not thousands of
    reads. The kernel copies file to file where it can."""
    names = [os.path.basename(piece) for piece in pieces]
    start = end = 0  # items reused from the last feed at the start and at the end
    if last is not None:
        layout = last[1]
        if layout.head == channel.head:
            while start < min(len(names), len(layout.pieces)) and (
                names[start] == layout.pieces[start]
            ):
                start += 1
        if layout.tail == channel.tail:
            room = min(len(names), len(layout.pieces)) - start
            while end < room and names[-1 - end] == layout.pieces[-1 - end]:
                end += 1
    with target.open("wb") as handle:
        if last is not None and start:
            _copy(last[0], 0, len(channel.head) + sum(sizes[:start]), handle)
        else:
            handle.write(channel.head)
            handle.flush()
        for piece, size in zip(
            pieces[start : len(pieces) - end], sizes[start : len(sizes) - end], strict=True
        ):
            try:
                stored = os.stat(piece).st_size
            except OSError:
                stored = -1
            if stored != size:
                raise Stale()  # an item the cache should hold is gone or damaged
            _copy(Path(piece), 0, size, handle)
        if last is not None and end:
            old_size = last[0].stat().st_size
            length = sum(sizes[len(sizes) - end :]) + len(channel.tail)
            _copy(last[0], old_size - length, length, handle)
        else:
            handle.write(channel.tail)


def _copy(source: Path, offset: int, size: int, target: BinaryIO) -> None:
    """Append ``size`` bytes of ``source`` from ``offset`` to ``target`` (flushed)."""
    with source.open("rb") as handle:
        try:
            while size > 0:
                copied = os.copy_file_range(handle.fileno(), target.fileno(), size, offset)
                if copied == 0:
                    break
                size, offset = size - copied, offset + copied
        except (AttributeError, OSError):  # not Linux, or a file system that cannot
            pass
        if size > 0:
            handle.seek(offset)
            target.write(handle.read(size))  # the rest, from where the kernel stopped
            target.flush()  # before the next piece is copied past the buffer


def _stats(out: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths:
        stat = os.stat(out / path)
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _newest_first(found: Iterable[Episode]) -> list[Episode]:
    return sorted(found, key=lambda e: (e.published, e.guid), reverse=True)


def _project(
    show: Show,
    glossary: Glossary,
    loaded: Sequence[Episode],
    diagnostics: Diagnostics,
    any_sources: bool,
) -> Project:
    published = _newest_first(e for e in loaded if not e.draft)
    if not published and any_sources:
        _nothing_published(show, diagnostics)
    return Project(show, tuple(published), tuple(e for e in loaded if e.draft), glossary)


def _nothing_published(show: Show, diagnostics: Diagnostics) -> None:
    diagnostics.warning(
        "nothing-published",
        "every episode is a draft, so the feed has no items",
        SourceLocation(show.source.path),
        hint="set draft: false on an episode to publish it",
    )
