"""``build/feedfile.write``: a feed put together from stored items, copying the unchanged runs
at its start and end from the last file, is byte for byte the feed written whole, for
``feed.xml`` (items back to back) and ``feed.json`` (items indented and joined by commas),
whatever changed: an item at the start, middle or end, items added or removed, the channel.
And the folders a rebuild's manifest keeps are those of its files.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from nmo_feed.build import cache, feedfile, publish
from nmo_feed.render import feed, jsonfeed

FRAMINGS = {"xml": (b"", b""), "json": (jsonfeed.FIRST, jsonfeed.SEPARATOR)}


def whole(head: bytes, tail: bytes, items: list[bytes], first: bytes, between: bytes) -> bytes:
    if not items:
        return head + tail
    return head + first + between.join(items) + tail


def store(folder: Path, items: dict[str, bytes]) -> None:
    for name, data in items.items():
        (folder / name).write_bytes(data)


CASES = {
    "one in the middle": (list("abcde"), list("abXde")),
    "the first": (list("abcde"), list("Xbcde")),
    "the last": (list("abcde"), list("abcdX")),
    "one added at the start": (list("abcde"), list("Xabcde")),
    "one added at the end": (list("abcde"), list("abcdeX")),
    "the first removed": (list("abcde"), list("bcde")),
    "all but one removed": (list("abcde"), list("e")),
    "none left": (list("abcde"), []),
    "none before": ([], list("ab")),
    "the same": (list("abc"), list("abc")),
}


@pytest.mark.parametrize("kind", sorted(FRAMINGS))
@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("channel_changed", [False, True])
def test_a_rebuilt_feed_equals_the_feed_written_whole(
    tmp_path: Path, kind: str, case: str, channel_changed: bool
) -> None:
    first, between = FRAMINGS[kind]
    before, after = CASES[case]
    items = {name: f"<item {name} {'x' * (ord(name) % 7)}>".encode() for name in "abcdeX"}
    store(tmp_path, items)
    head, tail = b"<head>\n", b"\n</tail>\n"
    last = tmp_path / "last"
    last.write_bytes(whole(head, tail, [items[n] for n in before], first, between))
    new_head = b"<other head>\n" if channel_changed else head
    target = tmp_path / "feed"
    feedfile.write(
        target,
        feed.Channel(new_head, tail),
        [str(tmp_path / n) for n in after],
        [len(items[n]) for n in after],
        (last, cache.FeedLayout(head, tail, tuple(before))),
        first=first,
        between=between,
    )
    assert target.read_bytes() == whole(new_head, tail, [items[n] for n in after], first, between)


def test_a_stored_item_gone_makes_the_build_start_again(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"<a>")
    with pytest.raises(feedfile.Stale):
        feedfile.write(
            tmp_path / "feed",
            feed.Channel(b"<", b">"),
            [str(tmp_path / "a"), str(tmp_path / "b")],
            [3, 3],
            None,
        )


FOLDER_CASES = {
    "nothing changed": ([], []),
    "a shard renamed": (["search/s/1/b.pf"], ["search/s/1/a.pf"]),
    "an episode added": (["episodes/new/index.html", "episodes/new/t/x.vtt"], []),
    "an episode removed": ([], ["episodes/one/index.html", "episodes/one/t/x.vtt"]),
    "a file moved to a new folder": (["other/a.pf"], ["search/s/1/a.pf"]),
    "one file of a folder removed": ([], ["episodes/two/t/y.vtt"]),
}


@pytest.mark.parametrize("case", sorted(FOLDER_CASES))
def test_the_folders_of_a_rebuild_are_those_of_its_files(case: str) -> None:
    """What the manifest keeps of out/'s folders, worked out from the last build's, is
    what finding them again from every file gives."""
    last = {
        "feed.xml",
        "search/s/1/a.pf",
        "episodes/one/index.html",
        "episodes/one/t/x.vtt",
        "episodes/two/t/x.vtt",
        "episodes/two/t/y.vtt",
    }
    added, removed = FOLDER_CASES[case]
    outputs = (last | set(added)) - set(removed)
    previous = SimpleNamespace(
        outputs=dict.fromkeys(last, (0, 0)), folders=dict.fromkeys(cache.folders_of(last), 0)
    )
    assert publish._folders(outputs, previous) == cache.folders_of(outputs)  # type: ignore[arg-type]
