"""The search index's step of a build: which of its bundles are out of date, and making only
those again (``render/search_index.py`` says how the index is split and made).

A bundle is out of date when what it is made from changed (its key: the show's digest for
the primary bundle, which holds the glossary; each member episode's folder and render key for
an episode shard), when it is new, or when one of its files in ``out/`` is not as it was
written. A rebuild where no bundle is out of date does not start Pagefind at all; one where
an episode changed re-indexes that episode's shard alone, from the records pass 2 left in the
item store (``tasks.search_path``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics
from ..render import search_index
from . import cache, output, tasks
from .feedfile import Stale
from .publish import Target

PRIMARY = "pagefind"
"""The primary bundle's name in the manifest (shard names are three hex digits)."""


def stage(
    target: Target,
    diagnostics: Diagnostics,
    site: tasks.Site,
    show_digest: str,
    states: Mapping[str, cache.EpisodeState],
    order: Sequence[str],
    staging: output.Staging,
    staged: list[PurePosixPath],
    jobs: int = 1,
) -> dict[str, cache.SearchShard] | None:
    """Stage the bundles of the search index that are out of date, with up to ``jobs``
    Pagefind processes: every bundle by name (for the manifest), or None when Pagefind
    failed (``search-index``)."""
    old = target.previous.search if target.previous is not None else {}
    members = search_index.shards(order)
    keys = {PRIMARY: tasks.digest_of(show_digest, PRIMARY)}
    for name, folders in members.items():
        keys[name] = tasks.digest_of(*(f"{f}\0{states[f].render_key}" for f in folders))
    found: dict[str, cache.SearchShard] = {}
    stale = []
    for name, key in keys.items():
        kept = old.get(name)
        if kept is None or kept.key != key or any(p in target.moved for p in kept.files):
            stale.append(name)
        else:
            found[name] = kept
    if not stale:
        return found

    def index(names: Sequence[str]) -> dict[str, list[PurePosixPath]]:
        """Make ``names``' bundles with one Pagefind process; the files written, by bundle."""
        written = {}
        with search_index.Indexer(site.show) as indexer:
            for name in names:
                if name == PRIMARY:
                    folder = layout.SEARCH_RUNTIME
                    records = search_index.show_documents(site.show, site.glossary)
                else:
                    folder = layout.search_shard(name)
                    records = [_record(target.items, states[f].render_key) for f in members[name]]
                files = indexer.bundle(records, primary=name == PRIMARY)
                for path, data in files.items():
                    output.write_file(staging.root, folder / path, data)
                written[name] = [folder / path for path in files]
        return written

    # Pagefind indexes on one core, and nothing else runs while it does (the workers have
    # stopped): with ``jobs`` processes, each takes every ``jobs``-th bundle. Each bundle is
    # a separate index, so who makes it does not change its bytes.
    jobs = max(1, jobs)
    groups = [stale[i::jobs] for i in range(min(jobs, len(stale)))]
    try:
        if len(groups) == 1:
            made = index(groups[0])
        else:
            with ThreadPoolExecutor(len(groups)) as threads:
                made = {n: p for part in threads.map(index, groups) for n, p in part.items()}
    except search_index.SearchIndexError as exc:
        diagnostics.error(
            "search-index",
            f"the search index could not be made: {exc}",
            site.show.source,
            hint=exc.hint,
        )
        return None
    for name in sorted(made):
        staged.extend(made[name])
        found[name] = cache.SearchShard(keys[name], tuple(str(p) for p in made[name]))
    return dict(sorted(found.items()))


def _record(store: Path, key: str) -> bytes:
    try:
        with open(tasks.search_path(store, key), "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise Stale() from None  # the item store lost it: the build starts again, in full
