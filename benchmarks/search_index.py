"""The search index's own time, for the benchmark's table (``run.py`` runs it after a build).

Reads the build's manifest and the records pass 2 kept in the item store (the cache of one
nmo-feed build of the corpus), and times Pagefind making the index from them, as the build
does (``build/search.py``): every bundle (a cold build's share), and the one shard that holds
``--changed`` (a rebuild's share after that episode changed). Both in one Pagefind process: a
cold build shares its bundles among ``--jobs`` processes, so its wall time for them is lower
where cores are free; the CPU time is the same work. Prints JSON on stdout: wall seconds, and
CPU seconds of this process and Pagefind's together (the work, whatever else the machine is
doing).

    python benchmarks/search_index.py CACHE_HOME --changed FOLDER
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from nmo_feed.build import cache, search, tasks
from nmo_feed.errors import Diagnostics
from nmo_feed.load.glossary import load_glossary
from nmo_feed.load.show import load_show
from nmo_feed.render import search_index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cache_home", type=Path, help="the build's XDG_CACHE_HOME")
    parser.add_argument("--source", type=Path, required=True, help="the show folder")
    parser.add_argument("--changed", required=True, help="the changed episode's folder name")
    args = parser.parse_args(argv)
    (folder,) = [m.parent for m in (args.cache_home / "nmo-feed").glob(f"*/{cache.MANIFEST}")]
    manifest = cache.load(folder)
    assert manifest is not None, f"no usable manifest in {folder}"
    show = load_show(args.source, Diagnostics())
    glossary = load_glossary(args.source, Diagnostics())
    assert show is not None
    items = folder / cache.ITEMS
    members = search_index.shards(manifest.order)

    def records(shard: str) -> list[bytes]:
        keys = (manifest.episodes[f].render_key for f in members[shard])
        return [Path(tasks.search_path(items, key)).read_bytes() for key in keys]

    started, cpu = time.perf_counter(), _cpu()
    with search_index.Indexer(show) as indexer:
        indexer.bundle(search_index.show_documents(show, glossary), primary=True)
        for shard in members:
            indexer.bundle(records(shard), primary=False)
    cold, cold_cpu = time.perf_counter() - started, _cpu() - cpu
    mine = search_index.shard_of(args.changed, search_index.shard_count(len(manifest.order)))
    started, cpu = time.perf_counter(), _cpu()
    with search_index.Indexer(show) as indexer:
        indexer.bundle(records(mine), primary=False)
    one, one_cpu = time.perf_counter() - started, _cpu() - cpu
    json.dump(
        {
            "cold_seconds": round(cold, 3),
            "cold_cpu_seconds": round(cold_cpu, 3),
            "one_changed_seconds": round(one, 3),
            "one_changed_cpu_seconds": round(one_cpu, 3),
            "shards": len(members),
            "changed_shard_episodes": len(members[mine]),
            "bundles_kept": len(manifest.search),
            "primary": search.PRIMARY in manifest.search,
        },
        sys.stdout,
    )
    return 0


def _cpu() -> float:
    """User and system CPU seconds of this process and its waited-for children."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


if __name__ == "__main__":
    sys.exit(main())
