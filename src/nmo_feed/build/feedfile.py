"""Writing ``feed.xml`` from its channel and the stored ``<item>`` pieces.

A full build writes the channel's head, every item in order and the channel's tail. A
rebuild copies the unchanged runs of items at the start and the end from the last feed in
``out/`` instead of reading each stored item, so replacing one episode's item in a feed of
thousands costs two kernel copies, not thousands of reads.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from ..render import feed
from . import cache, output


class Stale(Exception):
    """The cache lacks something it should have: the build starts again without it."""


def write(
    target: Path,
    channel: feed.Channel,
    pieces: Sequence[str],
    sizes: Sequence[int],
    last: tuple[Path, cache.FeedLayout] | None,
    *,
    names: Sequence[str] | None = None,
    first: bytes = b"",
    between: bytes = b"",
) -> None:
    """Write the feed from its channel and the stored items (``pieces``, of ``sizes``).

    With ``last`` (the feed in ``out/`` and how it was put together) the runs of items at
    the start and end that did not change are copied from it in one piece each, so that
    replacing one episode's item in a feed of thousands costs a copy, not thousands of
    reads. The kernel copies file to file where it can. ``names`` are what the last
    layout's pieces are compared with (the pieces' own names unless given); ``first`` is
    written before the first item and ``between`` before each other one (``feed.json``'s
    indent and commas; ``feed.xml`` has neither)."""
    if names is None:
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
            if start == 0 and first != between:
                room -= 1  # the first item's framing differs: never copied from the end
            while end < room and names[-1 - end] == layout.pieces[-1 - end]:
                end += 1
    count = len(pieces)
    with output.naming(target), target.open("wb") as handle:
        if last is not None and start:
            length = len(channel.head) + len(first) + sum(sizes[:start])
            _copy(last[0], 0, length + len(between) * (start - 1), handle)
        else:
            handle.write(channel.head)
            handle.flush()
        for index in range(start, count - end):
            piece, size = pieces[index], sizes[index]
            try:
                stored = os.stat(piece).st_size
            except OSError:
                stored = -1
            if stored != size:
                raise Stale()  # an item the cache should hold is gone or damaged
            if first or between:
                handle.write(between if index else first)
                handle.flush()
            _copy(Path(piece), 0, size, handle)
        if last is not None and end:
            old_size = last[0].stat().st_size
            length = sum(sizes[count - end :]) + len(between) * end + len(channel.tail)
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
