"""The search index (render/search_index.py, build/search.py) made for real by Pagefind's
binary: split into shards, made again only where episodes changed, never started when nothing
did, and the same bytes at every build.

The show is generated: 70 small episodes, so that the index has several shards (one per
``SHARD_SIZE`` episodes on average). Pagefind is started through ``PAGEFIND_BINARY_PATH``
(honoured by Pagefind's own Python package) as a short shell script that notes each start in
a file and copies what it is sent to another on its way to the real binary, so a test can
count the starts and read which records were indexed.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import stat
import uuid
from pathlib import Path

import pytest
from support import read_tree

from nmo_feed import build
from nmo_feed.render import search_index

EPISODES = 70
WORDS = ("relapse", "attack", "treatment", "steroids", "vision", "nerve", "walking", "tired")


def folder(n: int) -> str:
    return f"2024-01-{1 + n % 28:02d}-episode-{n:03d}"


def episode(n: int) -> dict[str, str]:
    words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(40))
    return {
        f"{folder(n)}/episode.md": (
            "---\n"
            f"title: Question {n}\n"
            f"date: 2024-01-{1 + n % 28:02d}\n"
            f"guid: {uuid.UUID(int=n + 1)}\n"
            f"summary: The answer to question {n}.\n"
            "---\n"
            f"Notes for question {n}.\n"
        ),
        f"{folder(n)}/transcript.md": (
            f"Host:\n\n[00:00] Question {n}, please.\n\n"
            f"Doctor:\n\n[00:05] {words}.\n\n[00:40] And also {words}.\n"
        ),
    }


@pytest.fixture
def show(make_show, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    files: dict[str, str | None] = {"2024-05-01-first/episode.md": None}
    for n in range(EPISODES):
        files.update(episode(n))
    return make_show(files)  # type: ignore[no-any-return]


@pytest.fixture
def starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file that gets a line each time Pagefind is started (its requests go to
    ``requests(log)``)."""
    from pagefind.service import get_executable

    real = get_executable()
    assert real is not None, "pagefind[bin] is a dependency of nmo-feed"
    log = tmp_path / "pagefind-starts"
    log.write_text("")
    sent = tmp_path / "pagefind-requests"
    sent.write_text("")
    shim = tmp_path / "pagefind"
    shim.write_text(f'#!/bin/sh\necho started >> "{log}"\ntee -a "{sent}" | "{real}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(shim))
    return log


def started(log: Path) -> int:
    return len(log.read_text().splitlines())


def requests(log: Path) -> list[dict[str, object]]:
    """Every request sent to Pagefind so far (base64 JSON messages, each ending in a comma),
    and then forgotten."""
    sent = log.with_name("pagefind-requests")
    messages = sent.read_bytes().split(b",")
    sent.write_text("")
    return [json.loads(base64.b64decode(m))["payload"] for m in messages if m.strip()]


def shard_files(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of the search index with its inode and modification time."""
    found = {}
    for path in (out / "search").rglob("*"):
        if path.is_file() and path.name != "index.html":
            info = path.stat()
            found[path.relative_to(out).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def indexed_text(folder: Path) -> str:
    """The text of every record in one bundle, read back from Pagefind's fragments (gzip:
    a signature, then the record as JSON)."""
    texts = []
    for fragment in sorted((folder / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        texts.append(record["content"])
    return "\n".join(texts)


def test_shards_are_a_power_of_two_sized_by_the_episodes() -> None:
    assert [search_index.shard_count(n) for n in (0, 1, 32, 33, 64, 65, 4000)] == [
        1, 1, 1, 2, 2, 4, 128,
    ]  # fmt: skip
    # An episode's shard depends only on its folder name and the number of shards.
    assert search_index.shard_of("2024-01-01-a", 8) == search_index.shard_of("2024-01-01-a", 8)
    names = {search_index.shard_of(f"folder-{n}", 4) for n in range(100)}
    assert names == {"000", "001", "002", "003"}


def test_one_transcript_changed_indexes_its_shard_alone(
    show: Path, tmp_path: Path, starts: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build.build(show, out, cache_root=cache, jobs=1).failed()
    assert started(starts) == 1
    shards = sorted(p.name for p in (out / "search" / "shards").iterdir())
    assert len(shards) == search_index.shard_count(EPISODES) == 4
    cold = requests(starts)
    assert [r["type"] for r in cold].count("NewIndex") == 5  # the primary bundle and 4 shards
    # and the show page (the default test show has no glossary)
    assert [r["type"] for r in cold].count("AddFile") == EPISODES + 1
    before = shard_files(out)

    changed = "2024-01-06-episode-005"
    path = show / changed / "transcript.md"
    path.write_text(path.read_text().replace("And also", "And rituximab, also"))
    # One bundle out of date: one Pagefind process, however many the build may use.
    assert not build.build(show, out, cache_root=cache, jobs=4).failed()
    assert started(starts) == 2

    mine = search_index.shard_of(changed, len(shards))
    sent = requests(starts)
    assert [r["type"] for r in sent].count("NewIndex") == 1
    indexed = sorted(str(r["url"]).split("/")[1] for r in sent if r["type"] == "AddFile")
    members = [n for n in range(EPISODES) if search_index.shard_of(folder(n), 4) == mine]
    assert indexed == sorted(f"episode-{n:03d}" for n in members)
    after = shard_files(out)
    moved = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert moved, "the changed episode's shard was not indexed again"
    assert {p.split("/")[2] for p in moved} == {mine}  # search/shards/<name>/...
    assert all(p.startswith("search/shards/") for p in moved)
    assert "rituximab" in indexed_text(out / "search" / "shards" / mine)
    assert "rituximab" not in indexed_text(out / "search" / "pagefind")


def test_nothing_changed_does_not_start_pagefind(show: Path, tmp_path: Path, starts: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build.build(show, out, cache_root=cache, jobs=1).failed()
    before = shard_files(out)
    assert not build.build(show, out, cache_root=cache).failed()
    # A change the index does not depend on: a new episode folder's draft.
    (show / "draft-next").mkdir()
    (show / "draft-next" / "episode.md").write_text(
        f"---\ntitle: Later\ndate: 2024-06-01\nguid: {uuid.UUID(int=999)}\n"
        "summary: Not yet.\ndraft: true\n---\n"
    )
    assert not build.build(show, out, cache_root=cache).failed()
    assert started(starts) == 1
    assert shard_files(out) == before


def test_two_builds_are_byte_identical_index_included(
    show: Path, tmp_path: Path, starts: Path
) -> None:
    """The same bytes whether one Pagefind process makes every bundle or three share them."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert not build.build(show, first, cache_root=None, jobs=1).failed()
    assert started(starts) == 1
    assert not build.build(show, second, cache_root=None, jobs=3).failed()
    assert started(starts) == 1 + 3  # 5 bundles: the primary and 4 shards
    one, two = read_tree(first), read_tree(second)
    assert any(p.startswith("search/shards/") for p in one)
    assert one == two


def test_a_record_escapes_what_the_show_wrote(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Markup in a transcript is text in the index, and reaches the page only as text
    (search.js builds the excerpt from text nodes)."""
    show = make_show(
        {
            "2024-05-01-first/transcript.md": (
                "Host:\n\n[00:00] A <img src=x onerror=alert(1)> tag & rituximab.\n"
            ),
        }
    )
    out = tmp_path / "out"
    result = build.build(show, out, cache_root=None)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    text = indexed_text(out / "search" / "shards" / "000")
    assert "<img src=x onerror=alert(1)> tag & rituximab." in text
    page = (out / "episodes" / "first" / "index.html").read_text()
    assert 'id="t-0"' in page


def test_the_binary_is_the_wheels(tmp_path: Path) -> None:
    """Pagefind's binary comes from the pagefind[bin] wheel: nothing is downloaded."""
    from pagefind.service import get_executable

    binary = get_executable()
    assert binary is not None and os.access(binary, os.X_OK)
    assert "site-packages" in str(binary) and "pagefind_bin" in str(binary)


@pytest.mark.parametrize(
    ("binary", "reinstall"),
    [
        # Not there: the dependency is missing, and reinstalling is the thing to do.
        ("missing", True),
        # There, but it ends at once (as a crashed Pagefind would): not the install's fault.
        ("quits", False),
    ],
)
def test_a_failed_index_is_one_error_whose_hint_fits_the_failure(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, binary: str, reinstall: bool
) -> None:
    path = tmp_path / "pagefind"
    if binary == "quits":
        path.write_text("#!/bin/sh\nexit 3\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(path))
    out = tmp_path / "out"
    result = build.build(show, out, cache_root=None, jobs=1)
    assert [d.code for d in result.diagnostics.errors] == ["search-index"]
    hint = result.diagnostics.errors[0].hint or ""
    assert ("reinstall" in hint) is reinstall
    assert not out.exists()
