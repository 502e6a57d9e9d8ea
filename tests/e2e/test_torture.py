"""Builds that go wrong from outside (issue 15): killed mid-way, two at once.

Each test runs real ``nmo-feed build`` processes on a copy of the small golden show
(tests/golden/shows/full) and compares whole output trees with cold builds (``--no-cache``
into a fresh folder) of the show before and after a change.

A build is killed through the test hook in ``build/output.py``: ``NMO_FEED_KILL_AFTER_WRITES=N``
makes the process send itself ``NMO_FEED_KILL_SIGNAL`` (KILL or INT) right after its Nth file
written or renamed into the staging or output folder. ``make test`` tries every seventh
kill point and the last few (where the site is swapped in), and SIGINT in a full build only
under ``make torture`` (``NMO_FEED_TORTURE=1``), which tries every kill point. After each
kill, ``out/`` must be exactly the previous site or exactly the new one, and the next build
must succeed and equal a cold build of the new show (the cache is not poisoned), leaving no
staging folder behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import beside

FULL = Path(__file__).resolve().parents[1] / "golden" / "shows" / "full"
TORTURE = os.environ.get("NMO_FEED_TORTURE") == "1"
STRIDE = 1 if TORTURE else 7
"""Every STRIDE-th kill point is tried (and the last ones always)."""
MARKER = ".nmo-feed"
EDITED = "2024-02-01-first-questions"
REMOVED = "2024-01-01-untimed-trailer"


def nmo_feed(
    *args: str | Path, cache: Path, env: Mapping[str, str] = {}
) -> subprocess.CompletedProcess[str]:
    """``nmo-feed ARGS`` as a publisher runs it, with its own cache folder."""
    return subprocess.run(
        [sys.executable, "-m", "nmo_feed", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache), **env},
        timeout=300,
    )


def build(source: Path, out: Path, cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return nmo_feed("build", "--source", source, "--out", out, cache=cache, env=env)


def site(out: Path) -> dict[str, bytes] | None:
    """Every file of a site but the marker; None when there is no site."""
    if not out.is_dir():
        return None
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def change(show: Path) -> None:
    """The change a rebuild picks up: one title edited, one episode removed."""
    notes = show / EDITED / "episode.md"
    text = notes.read_text()
    assert "title: First questions\n" in text
    notes.write_text(text.replace("title: First questions\n", "title: First questions, again\n"))
    shutil.rmtree(show / REMOVED)


def cold(show: Path, out: Path, cache: Path) -> dict[str, bytes]:
    done = nmo_feed("build", "--no-cache", "--source", show, "--out", out, cache=cache)
    assert done.returncode == 0, done.stderr
    tree = site(out)
    assert tree is not None
    return tree


@dataclass
class Sites:
    before: dict[str, bytes]
    after: dict[str, bytes]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """Cold builds of the show before and after the change."""
    base = tmp_path_factory.mktemp("cold")
    show = Path(shutil.copytree(FULL, base / "show"))
    before = cold(show, base / "before", base / "cache")
    change(show)
    after = cold(show, base / "after", base / "cache")
    assert before != after
    return Sites(before, after)


@dataclass
class Tally:
    points: list[int] = field(default_factory=list)
    mixed: list[int] = field(default_factory=list)


def leftovers(out: Path) -> list[str]:
    """What a build left beside ``out/``: a staging folder, its lock file, or a previous
    site once its removal in the background had time to end."""
    return beside(out)


@pytest.mark.parametrize(
    ("kind", "signal_name"),
    [
        ("full", "KILL"),
        pytest.param(
            "full",
            "INT",
            marks=pytest.mark.skipif(not TORTURE, reason="`make torture` adds it"),
        ),
        ("rebuild", "KILL"),
        ("rebuild", "INT"),
    ],
)
def test_a_killed_build_leaves_the_old_site_or_the_new_one(
    tmp_path: Path, sites: Sites, kind: str, signal_name: str
) -> None:
    """Kill a full build (over the previous site, with no cache) or an incremental rebuild
    after the change, at kill point N = 1, 1 + STRIDE, ... until a build completes, then at
    each point below that down to the last that still kills (the swap). Each kill leaves
    ``out/`` as one of the two sites; the next build is the cold build."""
    show, out, cache = tmp_path / "show", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(FULL, show)
    done = build(show, out, cache)
    assert done.returncode == 0, done.stderr
    assert site(out) == sites.before
    change(show)
    saved_out, saved_cache = tmp_path / "saved-out", tmp_path / "saved-cache"
    shutil.copytree(out, saved_out)  # copy2 keeps times, which the manifest compares
    shutil.copytree(cache, saved_cache)
    tally = Tally()

    def kill_at(point: int) -> bool:
        """Build with a kill at ``point``; False when the build completed first."""
        shutil.rmtree(out)
        shutil.rmtree(cache)
        shutil.copytree(saved_out, out)
        if kind == "rebuild":
            shutil.copytree(saved_cache, cache)
        else:
            cache.mkdir()
        done = build(
            show,
            out,
            cache,
            NMO_FEED_KILL_AFTER_WRITES=str(point),
            NMO_FEED_KILL_SIGNAL=signal_name,
        )
        if done.returncode == 0:
            assert site(out) == sites.after
            return False
        tally.points.append(point)
        if signal_name == "KILL":
            assert done.returncode == -9, done.stderr
        else:
            assert done.returncode != 0
            assert "Traceback" not in done.stderr, done.stderr
        now = site(out)
        if now != sites.before and now != sites.after:
            tally.mixed.append(point)
        again = build(show, out, cache)
        assert again.returncode == 0, again.stderr
        assert site(out) == sites.after, f"the build after a kill at {point} is not a cold one"
        assert leftovers(out) == [], point
        return True

    point = 1
    while kill_at(point):
        point += STRIDE
    for below in range(point - 1, max(point - STRIDE, 0), -1):
        if kill_at(below):
            break
    figures = f"{len(tally.points)} kill points tried (last {max(tally.points)})"
    print(f"\n{kind}, SIG{signal_name}: {figures}, {len(tally.mixed)} left out/ mixed")  # noqa: T201 (the figures are what `make torture -s` is run for)
    assert tally.points, "the hook never killed the build"
    assert tally.mixed == [], f"out/ was neither site after kills at {tally.mixed}"


def test_staging_folders_a_killed_build_left_are_removed(tmp_path: Path, sites: Sites) -> None:
    """A staging folder left beside ``out/`` (by a build killed mid-way) does not break the
    next build, which removes it."""
    show, out, cache = tmp_path / "show", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(FULL, show)
    change(show)
    stale = tmp_path / ".out.new-killed"
    (stale / "episodes").mkdir(parents=True)
    (stale / "episodes" / "half.html").write_text("<p>half a page")
    done = build(show, out, cache)
    assert done.returncode == 0, done.stderr
    assert site(out) == sites.after
    assert not stale.exists()
    assert leftovers(out) == []


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_two_builds_at_once_make_one_complete_site(
    tmp_path: Path, sites: Sites, cached: bool
) -> None:
    """Two real builds of the same show into the same folder, started together, with and
    without the cache: the second waits for the first (the output folder's lock), both
    succeed, and the site is the cold build, with nothing left beside it."""
    show, out, cache = tmp_path / "show", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(FULL, show)
    change(show)
    flags = [] if cached else ["--no-cache"]
    results: list[subprocess.CompletedProcess[str]] = []

    def one() -> None:
        results.append(nmo_feed("build", *flags, "--source", show, "--out", out, cache=cache))

    for _round in range(2):
        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert site(out) == sites.after
        assert leftovers(out) == []
    assert [r.returncode for r in results] == [0] * 4, [r.stderr for r in results]
