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
) -> dict[str, cache.SearchShard] | None:
    """Stage the bundles of the search index that are out of date: every bundle by name
    (for the manifest), or None when Pagefind failed (``search-index``)."""
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
    try:
        with search_index.Indexer(site.show) as indexer:
            for name in stale:
                if name == PRIMARY:
                    folder = layout.SEARCH_RUNTIME
                    records = search_index.show_documents(site.show, site.glossary)
                else:
                    folder = layout.search_shard(name)
                    records = [_record(target.items, states[f].render_key) for f in members[name]]
                files = indexer.bundle(records, primary=name == PRIMARY)
                for path, data in files.items():
                    output.write_file(staging.root, folder / path, data)
                    staged.append(folder / path)
                found[name] = cache.SearchShard(keys[name], tuple(str(folder / p) for p in files))
    except search_index.SearchIndexError as exc:
        diagnostics.error(
            "search-index",
            f"the search index could not be made: {exc}",
            site.show.source,
            hint="reinstall nmo-feed with its dependencies (pip install nmo-feed)",
        )
        return None
    return dict(sorted(found.items()))


def _record(store: Path, key: str) -> bytes:
    try:
        with open(tasks.search_path(store, key), "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise Stale() from None  # the item store lost it: the build starts again, in full
