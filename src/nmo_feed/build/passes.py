"""One build, as named steps: from the show folder and the last build's manifest to a
committed ``out/`` and a new manifest (``run`` decides whether a build is needed at all).

1. ``_show``: show.toml and glossary.toml, and the digest every episode's outputs depend on;
2. ``_cards`` (pass 1): each changed episode's light form, in worker processes;
3. ``_lists``: the show-wide checks, the order of episodes and their related episodes,
   worked out again only when something a list shows of an episode changed;
4. ``_render`` (pass 2): every episode that changed, or whose files in ``out/`` are not as
   they were written, rendered by workers into the staging folder and the item store (the
   workers end with it: the rest is this process's);
5. ``_states``: what each episode is now, for the manifest;
6. ``search.stage``: the search index's bundles that are out of date (before the show
   pages and feeds, while this process is at its smallest: Pagefind's processes add to it);
   then ``publish.show_pages``: the show page, the glossary, the assets and the artwork;
7. ``publish.stage_feed``: the channel and the stored items, newest first, within the
   feed-size budget; then ``publish.stage_topic_feeds``: each topic's feed from the same
   items;
8. ``publish.commit``: a whole new ``out/`` for a full build, only the changed files for a
   rebuild; then the manifest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics, SourceLocation
from ..load import discover
from ..load import project as show_project
from ..load.discover import EpisodeSource
from ..load.glossary import load_glossary
from ..load.show import load_show
from ..load.sources import RawRecord
from ..model import Episode, Glossary, Project, Show
from ..related import RelatedIndex
from . import cache, output, publish, search, tasks
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
        scheduled = self._scheduled(names, cards)
        card_digests = {
            n: cards[n].digest if n in cards else self.old[n].card_digest for n in names
        }
        keys = {n: _keys(cards[n].keys) if n in cards else self.old[n].keys for n in names}
        lists = self._lists(cards, names, card_digests, keys, scheduled)
        render_keys = self._render_keys(names, digests, card_digests, lists, scheduled)
        rendered = self._render(pool, names, cards, lists, render_keys, scheduled, staging)
        pool.stop()  # the rest is this process's: the workers' memory is given back first
        if self.previous is not None:
            # The next site's tree, linked from out/ while the index, pages and feeds are
            # made (after the workers: no thread runs while they are forked).
            staging.link_ahead(self.previous.outputs)
        states = self._states(
            names, rendered, signatures, digests, card_digests, keys, render_keys, lists.related
        )
        if self.folder is not None:
            for card in cards.values():
                cache.save_card(self.folder, card.digest, card.episode)
        drafts = sum(1 for state in states.values() if state.draft)
        due = tuple(sorted(scheduled.items(), key=lambda pair: (pair[1], pair[0])))
        result = Result(
            self.diagnostics,
            episode_count=len(names),
            drafts=drafts,
            scheduled=tuple((n, datetime.fromtimestamp(at, UTC)) for n, at in due),
        )
        if self.diagnostics.errors or any(not state.loaded for state in states.values()):
            return result
        if not lists.order and names:
            show_project.nothing_published(
                site.show, self.diagnostics, scheduled=len(scheduled), drafts=drafts
            )
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
        target = publish.Target(
            self.root,
            self.out,
            self.folder,
            self.items,
            self.previous,
            self.moved,
            self.options.strict,
            self.now.static,
        )
        # The search index first: the Pagefind processes' memory then adds to this process's
        # before the show pages and feeds have grown it (at N = 4,000, 120 MiB against
        # 176 MiB after them: the build's peak was here).
        bundles = search.stage(
            target,
            self.diagnostics,
            site,
            self.show_digest,
            states,
            lists.order,
            staging,
            staged,
            jobs=self.options.jobs,
        )
        if bundles is None:
            return result
        shown = publish.show_pages(target, self.diagnostics, site, result.project, staging, staged)
        if shown is None:
            return result
        show_paths, show_files = shown
        fitted = publish.stage_feed(
            target,
            self.diagnostics,
            site,
            result.project,
            show_files,
            states,
            lists.order,
            staging,
            staged,
        )
        if fitted is None:
            return result
        feed_layout, feed_bytes, linked = fitted
        topic_feeds = publish.stage_topic_feeds(
            target,
            self.diagnostics,
            site,
            result.project,
            show_files,
            states,
            linked,
            staging,
            staged,
        )
        if topic_feeds is None:
            return result
        feed_paths = [layout.topic_feed(topic) for topic in topic_feeds]
        search_paths = tuple(p for bundle in bundles.values() for p in bundle.files)
        # Last, so that a static file in the place of any file nmo-feed writes is refused.
        generated = (*show_paths, *map(str, feed_paths), *search_paths)
        static_paths = publish.static_files(
            target, self.diagnostics, self.now.static, states, generated, staging, staged
        )
        if static_paths is None:
            return result
        written, folder_times = publish.commit(
            target, states, (*show_paths, *static_paths, *search_paths), feed_paths, staged, staging
        )
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
                    static_signature=self.now.static,
                    static_files=static_paths,
                    future=self.options.future,
                    scheduled=due,
                    topics=topic_feeds,
                    search=bundles,
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

    def _scheduled(self, names: Sequence[str], cards: Mapping[str, tasks.Card]) -> dict[str, float]:
        """Episodes (not drafts) dated after the build, with their dates: they are checked but
        not published until a build on or after their date (none with ``--future``)."""
        if self.options.future:
            return {}
        at = self.options.now.timestamp()
        found = {}
        for n in names:
            date: float | None
            if n in cards:
                episode = cards[n].episode
                date = None
                if episode is not None and not episode.draft:
                    date = episode.published.timestamp()
            else:
                state = self.old[n]  # not read again: its date is the one it was rendered with
                date = None if state.draft else state.published
            if date is not None and date > at:
                found[n] = date
        return found

    # --- 3. lists of episodes -----------------------------------------------------------

    def _lists(
        self,
        cards: Mapping[str, tasks.Card],
        names: Sequence[str],
        card_digests: Mapping[str, str],
        keys: Mapping[str, cache.Keys | None],
        scheduled: Mapping[str, float],
    ) -> _Lists:
        """The show page, related episodes and the feed's order, worked out again only when
        something a list shows of an episode changed; otherwise every guid, number and folder
        is as in the last build, which passed the show-wide checks."""
        old, previous = self.old, self.previous
        changed = (
            previous is None
            or [(n, old[n].card_digest) for n in old] != list(card_digests.items())
            or {n for n, _ in previous.scheduled} != scheduled.keys()
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
            e
            for e in light.values()
            if e is not None and not e.draft and e.folder.name not in scheduled
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
        scheduled: Mapping[str, float],
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
                "scheduled" if n in scheduled else "published",
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
        scheduled: Mapping[str, float],
        staging: output.Staging,
    ) -> dict[str, tasks.Rendered]:
        """Render what changed, or whose files in out/ are not as they were written."""
        old = self.old
        work = [
            tasks.Task(
                self._source(n),
                self._related_cards(lists.related.get(n, ()), lists.light),
                render_keys[n],
                cards[n].text if n in cards else None,
                n in scheduled,
            )
            for n in names
            if n not in old
            or old[n].render_key != render_keys[n]
            or not old[n].loaded
            or any(path in self.moved for path in old[n].files)
        ]
        if self.previous is not None and not pool.forks(len(work)):
            staging.link_ahead(self.previous.outputs)  # during the render too, when no fork
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
                    r.published,
                    r.scheduled,
                )
            else:
                state = self.old[n]
                same = state.signature == signatures[n]
                states[n] = state if same else state._replace(signature=signatures[n])
            if states[n].diagnostics:
                self.diagnostics.extend(states[n].diagnostics)
        return states

    # --- 6 to 8: the show's pages, the feed and committing (``publish``) ------------------

    def _show_pages_stale(self, lists_changed: bool, pages_key: str) -> bool:
        previous = self.previous
        return (
            lists_changed
            or previous is None
            or previous.pages_key != pages_key
            or previous.static_signature != self.now.static  # robots.txt may come or go
            or any(path in self.moved for path in previous.show_files)
        )


def _keys(record: RawRecord | None) -> cache.Keys | None:
    if record is None:
        return None
    return (record.values, str(record.location.path), record.positions)


def _record(keys: cache.Keys) -> RawRecord:
    values, path, positions = keys
    return RawRecord(values, SourceLocation(PurePosixPath(path)), positions)
