"""A full disk and read-only folders (issue 15, item 2), with real ``nmo-feed build`` processes.

A build that cannot write its output folder or its cache ends with one clear error line
naming the folder and the problem, exit 1, no traceback, and the previous site untouched; a
read-only show folder builds and is never written into.

Files too large are made with ``RLIMIT_FSIZE`` in the child (SIGXFSZ ignored, so a write past
the limit fails with EFBIG), which works for any user. A full disk (a small tmpfs) and
read-only folders (read-only bind mounts: root ignores permission bits, and the tests run as
root) need ``mount``: those tests are skipped, with the reason, where it is not allowed.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

FULL = Path(__file__).resolve().parents[1] / "golden" / "shows" / "full"
MARKER = ".nmo-feed"


def build(
    source: Path,
    out: Path,
    cache: Path,
    preexec: Callable[[], None] | None = None,
    *flags: str,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nmo_feed", "build", *flags]
        + ["--source", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        preexec_fn=preexec,
        timeout=300,
    )


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def change(show: Path) -> None:
    notes = show / "2024-02-01-first-questions" / "episode.md"
    notes.write_text(notes.read_text().replace("title: First questions\n", "title: Again\n"))


def file_size_limit(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def assert_refused(done: subprocess.CompletedProcess[str], folder: Path, problem: str) -> None:
    """One error line naming ``folder`` and ``problem``; exit 1; no traceback."""
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("nmo-feed: error:")]
    assert len(errors) == 1, done.stderr
    assert f"could not write to the {folder}" in errors[0], errors[0]
    assert problem in errors[0], errors[0]


@pytest.fixture
def show(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FULL, tmp_path / "show"))


@pytest.mark.parametrize("previous", [False, True], ids=["first-build", "rebuild"])
@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no-cache"])
def test_a_file_too_large_stops_the_build_and_leaves_out_untouched(
    tmp_path: Path, show: Path, previous: bool, cached: bool
) -> None:
    """Writes fail past 4 KB (the feed is larger, and so are the compiled templates the
    cache keeps): exit 1, the folder named (the cache's is written first), the previous site
    (or none) as it was, nothing left beside it; a build without the limit then succeeds."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    if previous:
        assert build(show, out, cache).returncode == 0
        change(show)
    before = files(out) if previous else None
    flags = () if cached else ("--no-cache",)
    done = build(show, out, cache, file_size_limit(4096), *flags)
    folder = "cache folder" if cached and not previous else f"output folder {out}"
    assert_refused(done, folder, "File too large")
    assert (files(out) if out.exists() else None) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
    assert build(show, out, cache).returncode == 0
    assert "Again" in (out / "index.html").read_text() or not previous


# --- With mount (root) -------------------------------------------------------------------


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def mounts() -> Iterator[Callable[..., None]]:
    """``mount(ARGS..., target)``, each target unmounted after the test; skips when mounting
    is not allowed here."""
    made: list[str] = []

    def mount(*args: str) -> None:
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("mounting a tmpfs or a read-only folder needs root")
        done = _mount(*args)
        if done.returncode != 0:
            pytest.skip(f"mount {' '.join(args)} is not allowed here: {done.stderr.strip()}")
        made.append(args[-1])

    yield mount
    for target in reversed(made):
        subprocess.run(["umount", target], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the file system of ``disk`` but for about ``leave`` bytes."""
    with (disk / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    size = (disk / "filler").stat().st_size
    os.truncate(disk / "filler", max(0, size - leave))


@pytest.mark.parametrize("full", ["output", "cache"])
def test_a_full_disk_stops_the_build_and_leaves_out_untouched(
    tmp_path: Path, show: Path, mounts: Callable[..., None], full: str
) -> None:
    """A 1 MB tmpfs holds out/'s folder or the cache; after a first build it is filled (but
    for 8 KB under out/, so the staging folder is started). The rebuild stops with the
    folder named, out/ as it was and nothing beside it; with room again, it succeeds."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounts("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk))
    on_disk = full == "output"
    out = (disk if on_disk else tmp_path) / "out"
    cache = (tmp_path if on_disk else disk) / "cache"
    assert build(show, out, cache).returncode == 0
    before = files(out)
    change(show)
    fill(disk, leave=8192 if on_disk else 0)
    done = build(show, out, cache)
    assert_refused(done, f"output folder {out}" if on_disk else "cache folder", "No space left")
    assert files(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out")] == []
    (disk / "filler").unlink()
    assert build(show, out, cache).returncode == 0
    assert "Again" in (out / "index.html").read_text()


def read_only(mount: Callable[..., None], folder: Path) -> None:
    mount("--bind", str(folder), str(folder))
    mount("-o", "remount,bind,ro", str(folder))


@pytest.mark.parametrize("read_only_folder", ["output", "cache"])
def test_a_read_only_output_or_cache_folder_stops_the_build(
    tmp_path: Path, show: Path, mounts: Callable[..., None], read_only_folder: str
) -> None:
    """out/'s folder, or the cache, made read-only after a first build (a read-only bind
    mount: root writes through permission bits): the rebuild stops, naming it."""
    out, cache = tmp_path / "site" / "out", tmp_path / "cache"
    assert build(show, out, cache).returncode == 0
    before = files(out)
    change(show)
    on_out = read_only_folder == "output"
    read_only(mounts, out.parent if on_out else cache)
    done = build(show, out, cache)
    assert_refused(done, f"output folder {out}" if on_out else "cache folder", "Read-only")
    assert files(out) == before


def test_a_read_only_show_folder_builds_and_is_not_written(
    tmp_path: Path, show: Path, mounts: Callable[..., None]
) -> None:
    """Built twice (a full build, then a rebuild after the cache is emptied of its manifest)
    from a read-only show folder, whose files and folders stay exactly as they were; the site
    is the one built from a writable copy."""
    expected = tmp_path / "expected"
    assert build(show, expected, tmp_path / "cache-a").returncode == 0
    listing = sorted(str(p.relative_to(show)) for p in show.rglob("*"))
    contents = files(show)
    read_only(mounts, show)
    out = tmp_path / "out"
    for _ in range(2):
        done = build(show, out, tmp_path / "cache-b")
        assert done.returncode == 0, done.stderr
        assert files(out) == files(expected)
        shutil.rmtree(out)
    assert sorted(str(p.relative_to(show)) for p in show.rglob("*")) == listing
    assert files(show) == contents
