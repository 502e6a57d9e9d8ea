"""Time the three ways nmo-feed can produce a feed of N full-transcript items with feedgen.

1. **whole**: one feedgen document with every item (``feed.render_feed``), as nmo-feed did
   before the build cache: every build renders and serialises every item.
2. **items**: each ``<item>`` rendered once by feedgen on its own (``feed.ItemWriter``) and
   the feed joined from the channel and the items: what a full build does now, the work
   spread over the worker processes.
3. **rebuild**: one item rendered again, the feed written from the stored items of the
   others: what a rebuild after one transcript change does (``build.feedfile.write``).

The episode is the first one of the benchmark's generated show (a 4,500-word transcript),
repeated with N guids; the three feeds are checked byte-identical before timing.

    python benchmarks/feed_assembly.py [--n 4000]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path, PurePosixPath

import generate

from nmo_feed import build
from nmo_feed.build import cache, feedfile
from nmo_feed.build import tasks as episodes
from nmo_feed.errors import Diagnostics
from nmo_feed.model import Project
from nmo_feed.render import feed, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=4000, help="items in the feed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nmo-feed-assembly-") as temporary:
        work = Path(temporary)
        generate.generate(1, work)
        loaded = build.load_project(work / "show").project
        assert loaded is not None
        [first] = loaded.episodes
        copies = tuple(
            dataclasses.replace(first, guid=f"{first.guid}-{i}", slug=f"{first.slug}-{i}")
            for i in range(args.n)
        )
        project = Project(loaded.show, copies, (), loaded.glossary)
        files: dict[PurePosixPath, bytes] = {}  # no transcript files: links are left out

        start = time.perf_counter()
        whole = feed.render_feed(project, files, build.GENERATOR)
        whole_s = time.perf_counter() - start

        start = time.perf_counter()
        writer = feed.ItemWriter(project.show, build.GENERATOR)
        html = notes.of(first, Diagnostics())  # the same notes for every copy: rendered once
        items = [writer.item(e, html, files, link_only=False) for e in copies]
        channel = feed.channel(project.show, copies, build.GENERATOR)
        joined = channel.head + b"".join(items) + channel.tail
        items_s = time.perf_counter() - start
        assert joined == whole, "the items do not add up to feedgen's document"

        store = work / "items"
        store.mkdir()
        pieces = [episodes.item_path(store, str(i), linked=False) for i in range(args.n)]
        for piece, data in zip(pieces, items, strict=True):
            Path(piece).write_bytes(data)
        sizes = [len(data) for data in items]
        first_feed = work / "feed.xml"
        feedfile.write(first_feed, channel, pieces, sizes, None)
        layout = cache.FeedLayout(channel.head, channel.tail, tuple(Path(p).name for p in pieces))
        middle = args.n // 2
        start = time.perf_counter()
        changed = writer.item(copies[middle], html, files, link_only=False)
        pieces[middle] = episodes.item_path(store, "changed", linked=False)
        Path(pieces[middle]).write_bytes(changed)
        feedfile.write(work / "feed.new", channel, pieces, sizes, (first_feed, layout))
        rebuild_s = time.perf_counter() - start
        assert (work / "feed.new").read_bytes() == whole

        size = len(whole) / 2**20
        sys.stdout.write(
            f"N = {args.n:,} items, feed.xml {size:,.1f} MiB\n"
            f"whole feedgen document:        {whole_s:6.2f} s\n"
            f"items one by one, then joined: {items_s:6.2f} s (split over the workers)\n"
            f"rebuild after one change:      {rebuild_s:6.3f} s (one item, the rest copied)\n"
        )


if __name__ == "__main__":
    main()
