"""Profile one cold nmo-feed build of the synthetic show under cProfile; print where time goes.

Runs ``python -m cProfile -m nmo_feed build`` in a child process (so the profile is of the
real command line, start-up included), then prints the top functions by cumulative and by
own time, and the own time summed by library or nmo-feed module. cProfile roughly doubles
the run time of pure-Python code, so read the shares, not the seconds. cProfile sees only
the process it runs in, so the build runs with ``--jobs 1`` (no worker processes) and
``--no-cache`` (a full build).

Named ``profile_build.py``, not ``profile.py``: a ``profile.py`` beside this script would
shadow the standard library's ``profile`` module, which ``cProfile`` imports.

    python benchmarks/profile_build.py [--n 500] [--top 25] [--work DIR]
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import generate

REPO = Path(__file__).resolve().parent.parent


def profile_build(python: str, show: Path, out: Path, stats_file: Path) -> None:
    """Run one cold build of ``show`` under cProfile, writing the stats to ``stats_file``."""
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    command = [python, "-m", "cProfile", "-o", str(stats_file), "-m", "nmo_feed", "build"]
    options = ["--jobs", "1", "--no-cache", "--source", str(show), "--out", str(out)]
    subprocess.run([*command, *options], check=True)


def area(filename: str, function: str) -> str:
    """The library or nmo-feed module a profiled function belongs to."""
    if filename == "~":  # a C function: name it by what it belongs to
        for key, name in (
            ("re.Pattern", "re (C)"),
            ("lxml", "lxml (C)"),
            ("_io.", "file I/O (C)"),
            ("posix.", "file system (C)"),
            ("yaml", "PyYAML (C)"),
            ("nh3", "nh3 (Rust)"),
            ("str", "str methods (C)"),
        ):
            if key in function:
                return name
        return "other built-ins (C)"
    path = filename.replace("\\", "/")
    if "/nmo_feed/" in path:
        return "nmo_feed/" + path.split("/nmo_feed/", 1)[1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("<"):
        return "generated code (Jinja templates)" if "template" in filename else filename
    parent = Path(path).parent.name
    package = "" if parent.startswith("python3") else parent + "/"
    return f"stdlib {package}{Path(path).stem}"


def own_time_by_area(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own (total) time summed by area, largest first."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[area(filename, function)] += row[2]
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


def _rows(stats: pstats.Stats) -> list[tuple[float, float, int, str]]:
    """(cumulative, own, calls, name) per function; the wrappers around the build left out."""
    rows = []
    for (filename, line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        name = function if filename == "~" else f"{area(filename, function)}:{line}({function})"
        if filename == "~" or not any(skip in name for skip in _WRAPPERS):
            rows.append((row[3], row[2], row[1], name))
    return rows


# Start-up and command-line layers whose cumulative time is the whole run.
_WRAPPERS = (
    "runpy",
    "click",
    "nmo_feed/cli.py",
    "nmo_feed/__main__.py",
    "<string>",
    ":0(<module>)",
)


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def report(stats_file: Path, top: int) -> None:
    """Print the top functions by cumulative and own time, and own time by area."""
    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = [row for row in _rows(stats) if "builtins.exec" not in row[3]]
    _say(f"\nTotal profiled time: {total:.2f} s (cProfile's overhead included)")
    for title, key in (("cumulative", 0), ("own (total)", 1)):
        _say(f"\n=== top {top} by {title} time ===")
        _say(f"{'cumulative':>10} {'own':>8} {'calls':>10}  function")
        for row in sorted(rows, key=lambda r: r[key], reverse=True)[:top]:
            _say(f"{row[0]:9.2f}s {row[1]:7.2f}s {row[2]:10,}  {row[3]}")
    _say("\n=== own time by library / module ===")
    for name, seconds in own_time_by_area(stats)[:top]:
        _say(f"{seconds:8.2f} s  {100 * seconds / total:5.1f} %  {name}")


def main(argv: list[str] | None = None) -> int:
    """Command line: generate (if needed), profile one cold build, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="episodes (default 500)")
    parser.add_argument("--top", type=int, default=25, help="rows per listing (default 25)")
    parser.add_argument("--work", type=Path, help="folder for the show and output (kept)")
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="a Python that has nmo_feed installed (default: this one)",
    )
    parser.add_argument("--stats", type=Path, help="also keep the raw cProfile stats here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="nmo-feed-profile-")) if args.work is None else args.work
    if work.resolve().is_relative_to(REPO):
        parser.error("--work must be outside the repository")
    try:
        corpus = work / f"profile-n{args.n}"
        if not (corpus / "show").is_dir():
            shutil.rmtree(corpus, ignore_errors=True)
            generate.generate(args.n, corpus)
        stats_file = args.stats or work / "build.prof"
        profile_build(args.python, corpus / "show", work / "profile-out" / "out", stats_file)
        report(stats_file, args.top)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
