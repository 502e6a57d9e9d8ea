"""One build, as named steps: from the show folder and the last build's manifest to a
committed ``out/`` and a new manifest (``run`` decides whether a build is needed at all).

1. ``_show``: show.toml and glossary.toml, and the digest every episode's outputs depend on;
2. ``_cards`` (pass 1): each changed episode's light form, in worker processes;
3. ``_lists``: the show-wide checks, the order of episodes and their related episodes,
   worked out again only when something a list shows of an episode changed;
4. ``_render`` (pass 2): every episode that changed, or whose files in ``out/`` are not as
   they were written, rendered by workers into the staging folder and the item store;
5. ``_states``: what each episode is now, for the manifest;
6. ``_show_pages``: the show page, the glossary, the assets and the show's artwork;
7. ``_feed``: the channel and the stored items, newest first, within the feed-size budget;
8. ``_commit``: a whole new ``out/`` for a full build, only the changed files for a rebuild,
   then the manifest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics, SourceError, SourceLocation
from ..load import discover
from ..load import project as show_project
from ..load.discover import EpisodeSource
from ..load.glossary import load_glossary
from ..load.show import load_show
from ..load.sources import RawRecord
from ..model import Episode, Glossary, Project, Show
from ..related import RelatedIndex
from ..render import feed, feedsize, pages
from . import cache, feedfile, output, tasks, verify
from .feedfile import Stale
from .result import Options, Result
from .workers import Pool

__all__ = ["Build", "Stale"]


@dataclass
class _Lists:
    """Where each episode is listed (step 3)."""

    changed: bool
    """Whether anything a list shows of an episode changed since the last build."""
    order: tuple[str, ...]
    """The published episodes' folders, newest first."""
    related: Mapping[str, tuple[str, ...]]
    light: dict[str, Episode | None]
    """Every episode's light form; filled only when the lists changed (or on demand)."""


class Build:
    """One build, from reading the show to committing ``out/`` and the cache."""

    def __init__(
        self,
        root: Path,
        out: Path,
        options: Options,
        items: Path,
        now: cache.Scan,
        previous: cache.Manifest | None,
        moved: set[str],
    ) -> None:
        self.root, self.out, self.options = root, out, options
        self.folder = options.cache
        self.items, self.now, self.previous = items, now, previous
        self.moved = moved
        """Output files that are not as the last build wrote them."""
        self.old = previous.episodes if previous is not None else {}
        self.progress = options.progress
        self.diagnostics = Diagnostics()
        self.known = dict(previous.file_digests) if previous is not None else {}
        self.found: dict[str, str] = {}
        """The text files' digests read or reused by this build, for the next one."""
        self.show_digest = ""
        self.sources: dict[str, EpisodeSource] = {}

    def run(self) -> Result:
        site_settings = self._show()
        if site_settings is None:
            # Still read every episode, so one run reports every problem in the show.
            diagnostics = Diagnostics()
            project, count = show_project.load(self.root, diagnostics)
            return Result(diagnostics, project, episode_count=count)
        show, glossary, names = site_settings
        staging = output.Staging(self.out, self.root)
        try:
            site = tasks.Site(
                self.root,
                show,
                glossary,
                self._templates(),
                self.options.generator,
                staging.root,
                self.items,
                self.folder,
            )
            worker = tasks.Worker(site)
            with Pool(self.options.jobs, worker, min_parallel=self.options.min_parallel) as pool:
                return self._passes(pool, site, names, staging)
        finally:
            staging.discard()

    def _passes(
        self, pool: Pool, site: tasks.Site, names: Sequence[str], staging: output.Staging
    ) -> Result:
        signatures = {name: self.now.episodes.get(name, ()) for name in names}
        digests = self._digests(names, signatures)
        cards = self._cards(pool, names, digests)
        card_digests = {
            n: cards[n].digest if n in cards else self.old[n].card_digest for n in names
        }
        keys = {n: _keys(cards[n].keys) if n in cards else self.old[n].keys for n in names}
        lists = self._lists(cards, names, card_digests, keys)
        render_keys = self._render_keys(names, digests, card_digests, lists)
        rendered = self._render(pool, names, cards, lists, render_keys)
        states = self._states(
            names, rendered, signatures, digests, card_digests, keys, render_keys, lists.related
        )
        if self.folder is not None:
            for card in cards.values():
                cache.save_card(self.folder, card.digest, card.episode)
        drafts = sum(1 for state in states.values() if state.draft)
        result = Result(self.diagnostics, episode_count=len(names), drafts=drafts)
        if self.diagnostics.errors or any(not state.loaded for state in states.values()):
            return result
        if not lists.order and names:
            show_project.nothing_published(site.show, self.diagnostics)
        pages_key = tasks.digest_of(self.show_digest, *(card_digests[n] for n in lists.order))
        if self._show_pages_stale(lists.changed, pages_key):
            # The show page and the feed's channel are made again from the light episodes.
            light = lists.light or self._light(cards, names)
            listed = [light[n] for n in lists.order]
            draft_light = [e for e in light.values() if e is not None and e.draft]
            result.project = Project(
                site.show, tuple(e for e in listed if e), tuple(draft_light), site.glossary
            )
        staged = [path for r in rendered.values() for path, _ in r.files]
        shown = self._show_pages(site, result.project, staging, staged)
        if shown is None:
            return result
        show_paths, show_files = shown
        fitted = self._feed(site, result.project, show_files, states, lists.order, staging, staged)
        if fitted is None:
            return result
        feed_layout, feed_bytes, linked = fitted
        written, folder_times = self._commit(states, show_paths, staged, staging)
        result.completed = True
        result.published = len(lists.order)
        result.rendered = len(rendered)
        result.linked = linked
        result.file_count = len(written)
        result.total_bytes = sum(size for size, _ in written.values())
        result.feed_bytes = feed_bytes
        if self.folder is not None:
            cache.save(
                self.folder,
                cache.Manifest(
                    format=cache.FORMAT,
                    show_signature=self.now.show,
                    code=self.now.code,
                    show_digest=self.show_digest,
                    episodes=dict(states),
                    pages_key=pages_key,
                    order=lists.order,
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
                ),
            )
        return result

    # --- 1. the show ----------------------------------------------------------------------

    def _show(self) -> tuple[Show, Glossary, list[str]] | None:
        """The show, its glossary and its episode folders; None when show.toml has an error.
        A change to the show's own files (or to nmo-feed) renders every episode again."""
        show = load_show(self.root, self.diagnostics)
        glossary = load_glossary(self.root, self.diagnostics)
        names = discover.episode_folders(self.now.folders, self.diagnostics)
        if show is None:
            return None
        self.show_digest = tasks.digest_of(
            cache.content_digest(self.root, self.now.show, self.known, self.found),
            repr(self.now.code),
        )
        if self.previous is not None and self.previous.show_digest != self.show_digest:
            self.old = {}  # every episode's outputs depend on the show: render them all
        return show, glossary, names

    def _templates(self) -> Path | None:
        templates = self.root / discover.TEMPLATES_DIR
        return templates if templates.is_dir() else None

    def _digests(
        self, names: Sequence[str], signatures: Mapping[str, cache.Signature]
    ) -> dict[str, str]:
        """Each episode folder's content digest: kept from the last build while the folder's
        files look the same (size and time), read again otherwise."""
        old = self.old
        return {
            name: (
                old[name].digest
                if name in old and old[name].signature == signatures[name]
                else cache.content_digest(self.root, signatures[name], self.known, self.found)
            )
            for name in names
        }

    # --- 2. pass 1: light episodes ------------------------------------------------------

    def _cards(
        self, pool: Pool, names: Sequence[str], digests: Mapping[str, str]
    ) -> dict[str, tasks.Card]:
        """The light episodes that changed; the others' digests are in the manifest."""
        old = self.old
        fresh = [self._source(n) for n in names if n not in old or old[n].digest != digests[n]]
        self.progress.start("Reading episodes", len(fresh))
        found: Iterable[tasks.Card] = pool.map("card", fresh, self.progress)
        cards = {c.folder.name: c for c in found}
        self.progress.finish()
        return cards

    def _source(self, name: str) -> EpisodeSource:
        """The folder's transcripts, from the listing: worked out only for episodes that
        are read, since an unchanged folder's listing gave no error last time."""
        if name not in self.sources:
            files = self.now.folders[name]
            self.sources[name] = discover.episode_source(name, files, self.diagnostics)
        return self.sources[name]

    # --- 3. lists of episodes -----------------------------------------------------------

    def _lists(
        self,
        cards: Mapping[str, tasks.Card],
        names: Sequence[str],
        card_digests: Mapping[str, str],
        keys: Mapping[str, cache.Keys | None],
    ) -> _Lists:
        """The show page, related episodes and the feed's order, worked out again only when
        something a list shows of an episode changed; otherwise every guid, number and folder
        is as in the last build, which passed the show-wide checks."""
        old = self.old
        changed = self.previous is None or [(n, old[n].card_digest) for n in old] != list(
            card_digests.items()
        )
        if not changed:
            assert self.previous is not None
            return _Lists(False, self.previous.order, {n: old[n].related for n in names}, {})
        show_project.check_show(
            {PurePosixPath(n): _record(k) for n, k in keys.items() if k is not None},
            self.diagnostics,
        )
        light = self._light(cards, names)
        listed = show_project.newest_first(
            e for e in light.values() if e is not None and not e.draft
        )
        index = RelatedIndex(listed)
        related = {e.folder.name: tuple(o.folder.name for o in index.of(e)) for e in listed}
        return _Lists(True, tuple(e.folder.name for e in listed), related, light)

    def _light(
        self, cards: Mapping[str, tasks.Card], names: Sequence[str]
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

    # --- 4. pass 2: render ----------------------------------------------------------------

    def _render_keys(
        self,
        names: Sequence[str],
        digests: Mapping[str, str],
        card_digests: Mapping[str, str],
        lists: _Lists,
    ) -> dict[str, str]:
        """What each episode's outputs depend on. With the lists unchanged (so the same
        related episodes, read the same way), an episode whose files did not change keeps
        its key: thousands of digests saved."""
        old = self.old
        return {
            n: old[n].render_key
            if not lists.changed and n in old and old[n].digest == digests[n]
            else tasks.digest_of(
                self.show_digest,
                digests[n],
                *(card_digests[o] for o in lists.related.get(n, ())),
            )
            for n in names
        }

    def _render(
        self,
        pool: Pool,
        names: Sequence[str],
        cards: Mapping[str, tasks.Card],
        lists: _Lists,
        render_keys: Mapping[str, str],
    ) -> dict[str, tasks.Rendered]:
        """Render what changed, or whose files in out/ are not as they were written."""
        old = self.old
        work = [
            tasks.Task(
                self._source(n),
                self._related_cards(lists.related.get(n, ()), lists.light),
                render_keys[n],
                cards[n].text if n in cards else None,
            )
            for n in names
            if n not in old
            or old[n].render_key != render_keys[n]
            or not old[n].loaded
            or any(path in self.moved for path in old[n].files)
        ]
        self.progress.start("Rendering episodes", len(work))
        done: Iterable[tasks.Rendered] = pool.map("render", work, self.progress)
        rendered = {r.folder.name: r for r in done}
        self.progress.finish()
        return rendered

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

    # --- 5. states ------------------------------------------------------------------------

    def _states(
        self,
        names: Sequence[str],
        rendered: Mapping[str, tasks.Rendered],
        signatures: Mapping[str, cache.Signature],
        digests: Mapping[str, str],
        card_digests: Mapping[str, str],
        keys: Mapping[str, cache.Keys | None],
        render_keys: Mapping[str, str],
        related: Mapping[str, tuple[str, ...]],
    ) -> dict[str, cache.EpisodeState]:
        """Each episode as the manifest will keep it: as just rendered, or as the last build
        left it (its signature brought up to date). Their diagnostics are this build's."""
        states: dict[str, cache.EpisodeState] = {}
        for n in names:
            if n in rendered:
                r = rendered[n]
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
                    tuple(str(path) for path, _ in r.files),
                )
            else:
                state = self.old[n]
                same = state.signature == signatures[n]
                states[n] = state if same else state._replace(signature=signatures[n])
            if states[n].diagnostics:
                self.diagnostics.extend(states[n].diagnostics)
        return states

    # --- 6. the show's own pages ----------------------------------------------------------

    def _show_pages_stale(self, lists_changed: bool, pages_key: str) -> bool:
        previous = self.previous
        return (
            lists_changed
            or previous is None
            or previous.pages_key != pages_key
            or any(path in self.moved for path in previous.show_files)
        )

    def _show_pages(
        self,
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
            show_files[art] = (self.root / site.show.artwork_path).read_bytes()
        if project is None:  # made whenever the show's pages are out of date
            assert self.previous is not None  # a first build always has the project
            return self.previous.show_files, show_files
        renderer = pages.Renderer(
            project,
            show_templates=site.templates,
            generator=site.generator,
            compiled=tasks.compiled_templates(self.folder),
        )
        try:
            show_files.update(renderer.show_pages())
        except SourceError as error:
            self.diagnostics.add(error.diagnostic)
            return None
        for path, data in show_files.items():
            output.write_file(staging.root, path, data)
        staged.extend(show_files)
        return tuple(str(path) for path in show_files), show_files

    # --- 7. the feed ----------------------------------------------------------------------

    def _feed(
        self,
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
        show, previous = site.show, self.previous
        if project is not None:
            channel = feed.channel(show, project.episodes, site.generator)
        else:
            assert previous is not None
            channel = feed.Channel(previous.feed.head, previous.feed.tail)
        verify.check_channel(show, channel.head, channel.tail, show_files, self.diagnostics)
        sizes = [item for n in order if (item := states[n].item) is not None]
        feed_bytes, linked = feedsize.fit(
            show, len(channel.head) + len(channel.tail), sizes, self.diagnostics
        )
        if self.diagnostics.failed(strict=self.options.strict):
            return None
        listed = [item for n in order if (item := states[n].item) is not None]
        keys = [states[n].render_key for n in order if states[n].item is not None]
        pieces = [
            tasks.item_path(self.items, key, linked=item.guid in linked)
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
        if previous is None or previous.feed != feed_layout or fed in self.moved:
            last = (
                (self.out / layout.FEED, previous.feed)
                if previous and fed not in self.moved
                else None
            )
            feedfile.write(staging.root / layout.FEED, channel, pieces, piece_sizes, last)
            staged.append(layout.FEED)
        return feed_layout, feed_bytes, linked

    # --- 8. commit --------------------------------------------------------------------------

    def _commit(
        self,
        states: Mapping[str, cache.EpisodeState],
        show_paths: Sequence[str],
        staged: Sequence[PurePosixPath],
        staging: output.Staging,
    ) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
        """Move the staged files into ``out/``; what is there now (each file's size and
        time) and its folders' times, for the manifest."""
        previous = self.previous
        outputs = {p for state in states.values() for p in state.files}
        outputs.update(show_paths, [str(layout.FEED)])
        if previous is not None and outputs == previous.outputs.keys():
            folders = set(previous.folders)
        else:
            folders = cache.folders_of(outputs)
        if previous is None:
            staging.replace_whole()
            return _stats(self.out, outputs), cache.folder_times(self.out, folders)
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
        return written, folder_times


def _keys(record: RawRecord | None) -> cache.Keys | None:
    if record is None:
        return None
    return (record.values, str(record.location.path), record.positions)


def _record(keys: cache.Keys) -> RawRecord:
    values, path, positions = keys
    return RawRecord(values, SourceLocation(PurePosixPath(path)), positions)


def _stats(out: Path, paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for path in paths:
        stat = os.stat(out / path)
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found
