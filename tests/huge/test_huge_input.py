"""Huge input (issue 15): a 200,000-cue WebVTT file, a 50 MB transcript and a show of 10,000
episodes, one of them broken. Each is generated here (in ``tmp_path``), then read by nmo-feed
in a child Python process, so that its peak memory (``ru_maxrss``, the interpreter and the
imports included) and its time are its own. The properties: the one mistake put in each is
reported at its exact line, memory stays within the bound stated with each test, and time
grows linearly (a file ten times longer takes well under 25 times as long; quadratic work
would take 100 times).

Measured on the 2-core development machine, unloaded (the bounds leave room for a busy one):

- 200,000-cue WebVTT (16.9 MB), a bad timestamp at cue 150,000: read in 4.7 s, peak 290 MB;
  20,000 cues in 0.6 s.
- 50 MB ``transcript.md`` (124,689 timed paragraphs), a time going backwards at the end:
  read in 4.9 s, peak 371 MB.
- 10,000 episodes, one with the date 2024-13-01: every episode read and validated in 9 s,
  peak 78 MB.

``make torture`` (``NMO_FEED_TORTURE=1``) adds what takes minutes: full builds of the two huge
transcripts and ``nmo-feed check`` and ``build`` of the 10,000-episode show through the CLI.
Measured on the same machine, busy with other work (so times are upper bounds):

- full build of the 200,000-cue episode: 23.6 s, peak 321 MB in the test (the CLI
  ``nmo-feed build`` under ``/usr/bin/time``: 29 s, 706 MB), 136 MB of output;
- full build of the 50 MB ``transcript.md`` episode: 60 s, peak 1,021 MB;
- every episode of 1,000 and of 10,000 read and validated: 1.5 s and 22 s (79 MB);
  ``nmo-feed check`` of the 10,000 with one broken, unloaded: 38 s, 119 MB, exit 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import SHOW_TOML

TORTURE = os.environ.get("NMO_FEED_TORTURE") == "1"
torture = pytest.mark.skipif(not TORTURE, reason="minutes long: run by `make torture`")

# Run in the child: one operation on the generated input, timed without the interpreter's
# start and the imports (wall time, and the CPU time the linearity checks compare, since other
# work on a busy machine stretches the one but not the other); peak memory of the child and
# of any worker process it started.
CHILD = """
import json, resource, sys, time
from pathlib import Path, PurePosixPath
from nmo_feed import build, transcripts
from nmo_feed.errors import Diagnostics, SourceLocation

kind, target = sys.argv[1], Path(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
if kind == "load":
    diagnostics = Diagnostics()
    where = SourceLocation(PurePosixPath(target.name))
    loaded = transcripts.load(target, where, "en", diagnostics)
    cues = 0 if loaded is None else len(loaded.cues)
elif kind == "project":
    diagnostics = build.load_project(target).diagnostics
    cues = 0
else:
    diagnostics = build.build(target, Path(sys.argv[3])).diagnostics
    cues = 0
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = max(resource.getrusage(who).ru_maxrss for who in
           (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": cpu,
    "peak_mb": peak / 1024,
    "cues": cues,
    "errors": [[d.code, str(d.location.path), d.location.line] for d in diagnostics.errors],
}))
"""


def run(kind: str, *paths: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def stamp(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def write_vtt(path: Path, cues: int, bad: int | None = None) -> Path:
    """``cues`` cues of one second, three speakers taking turns; the cue numbered ``bad``
    (if any) has a broken start time, on line 3 + 3 * bad."""
    with path.open("w", encoding="utf-8") as out:
        out.write("WEBVTT\n\n")
        for i in range(cues):
            start = "00:00:0x.000" if i == bad else stamp(i * 1000)
            out.write(
                f"{start} --> {stamp(i * 1000 + 900)}\n"
                f"<v Speaker {i // 10 % 3}>Cue {i} says a few words about sight.\n\n"
            )
    return path


def write_markdown(path: Path, megabytes: int, *, backwards_at_end: bool) -> int:
    """A timed ``transcript.md`` of about ``megabytes`` MB, a new speaker every 20 paragraphs;
    returns the line of the last paragraph, which goes back in time if asked."""
    text = "This is a sentence of a long answer about treatment, relapses and sight. " * 4
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        second = 0
        while out.tell() < megabytes * 1_000_000:
            if second % 20 == 0:
                out.write(f"Speaker {second // 20 % 3}:\n\n")
                lines += 2
            out.write(
                f"[{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}] {text}\n\n"
            )
            lines += 2
            second += 1
        last = (
            "[00:00:00]"
            if backwards_at_end
            else f"[{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}]"
        )
        out.write(f"{last} The last paragraph.\n")
    return lines + 1


def write_show(root: Path, episodes: int, broken: int | None) -> Path:
    """``episodes`` small episodes with remote media; the one numbered ``broken`` has the
    date 2024-13-01 on line 3 of its episode.md."""
    root.mkdir()
    (root / "show.toml").write_text(SHOW_TOML, encoding="utf-8")
    for i in range(episodes):
        folder = root / f"e{i:05d}"
        folder.mkdir()
        day = f"{2000 + i // 336:04d}-{i // 28 % 12 + 1:02d}-{i % 28 + 1:02d}"
        (folder / "episode.md").write_text(
            f"---\ntitle: Episode {i}\ndate: {'2024-13-01' if i == broken else day}\n"
            f"guid: g{i}\nsummary: Summary {i}.\n"
            f"media: {{url: 'https://example.org/{i}.mp3', type: audio/mpeg,"
            " length: 1000, duration: 60}\n---\nNotes.\n",
            encoding="utf-8",
        )
    return root


# --- in make test ---------------------------------------------------------------------------


def test_a_200000_cue_webvtt_file_is_read_in_linear_time_and_bounded_memory(
    tmp_path: Path,
) -> None:
    """Bound: 450 MB for the 16.9 MB file (measured 290 MB)."""
    small = run("load", write_vtt(tmp_path / "small.vtt", 20_000))
    large = run("load", write_vtt(tmp_path / "transcript.vtt", 200_000, bad=150_000))
    assert small["errors"] == [] and small["cues"] == 20_000
    assert large["errors"] == [["vtt-timestamp", "transcript.vtt", 3 + 3 * 150_000]]
    assert large["peak_mb"] < 450, large
    assert large["cpu_seconds"] < 25 * small["cpu_seconds"], (small, large)


def test_a_50_mb_transcript_is_read_with_its_error_located(tmp_path: Path) -> None:
    """Bound: 600 MB for the 50 MB file (measured 371 MB)."""
    path = tmp_path / "transcript.md"
    line = write_markdown(path, 50, backwards_at_end=True)
    assert path.stat().st_size > 50_000_000
    found = run("load", path)
    assert found["errors"] == [["transcript-time-order", "transcript.md", line]]
    assert found["peak_mb"] < 600, found
    assert found["seconds"] < 60, found


def test_a_show_of_10000_episodes_reports_its_one_broken_episode(tmp_path: Path) -> None:
    """Bound: 300 MB (measured 78 MB): no episode's text is kept after it is validated."""
    root = write_show(tmp_path / "show", 10_000, broken=7_777)
    found = run("project", root)
    assert found["errors"] == [["bad-date", "e07777/episode.md", 3]]
    assert found["peak_mb"] < 300, found
    assert found["seconds"] < 90, found


# --- make torture ---------------------------------------------------------------------------


def long_episode(tmp_path: Path) -> Path:
    """A show of one episode, with remote media 200,000 s long, for a transcript to be added."""
    root = tmp_path / "show"
    (root / "2024-01-01-long").mkdir(parents=True)
    (root / "show.toml").write_text(SHOW_TOML, encoding="utf-8")
    (root / "2024-01-01-long" / "episode.md").write_text(
        "---\ntitle: Long\ndate: 2024-01-01\nguid: long\nsummary: S.\nmedia: {url:"
        " 'https://example.org/a.mp3', type: audio/mpeg, length: 1000, duration: 200000}\n---\n",
        encoding="utf-8",
    )
    return root


@torture
def test_torture_a_200000_cue_webvtt_episode_builds(tmp_path: Path) -> None:
    root = long_episode(tmp_path)
    write_vtt(root / "2024-01-01-long" / "transcript.vtt", 200_000)
    found = run("build", root, tmp_path / "out")
    print("200,000-cue WebVTT, full build:", found)  # noqa: T201 (the figures are what `make torture -s` is run for)
    assert found["errors"] == []
    assert (tmp_path / "out" / "episodes" / "long" / "transcript.vtt").stat().st_size > 10**7
    assert found["peak_mb"] < 2000, found


@torture
def test_torture_a_50_mb_transcript_episode_builds(tmp_path: Path) -> None:
    root = long_episode(tmp_path)
    write_markdown(root / "2024-01-01-long" / "transcript.md", 50, backwards_at_end=False)
    found = run("build", root, tmp_path / "out")
    print("50 MB transcript.md, full build:", found)  # noqa: T201 (the figures are what `make torture -s` is run for)
    assert found["errors"] == []
    assert found["peak_mb"] < 3000, found


@torture
def test_torture_the_cli_reports_the_broken_episode_of_10000_and_writes_nothing(
    tmp_path: Path,
) -> None:
    root = write_show(tmp_path / "show", 10_000, broken=7_777)
    out = tmp_path / "out"
    for command in (["check"], ["build", "--out", str(out)]):
        done = subprocess.run(
            [sys.executable, "-m", "nmo_feed", *command, "--source", str(root)],
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=tmp_path,
        )
        assert done.returncode == 1, done.stderr
        assert "e07777/episode.md:3:1: error[bad-date]" in done.stderr + done.stdout
        assert "Traceback" not in done.stderr
    assert not out.exists()


@torture
def test_torture_ten_times_the_episodes_take_well_under_25_times_as_long(tmp_path: Path) -> None:
    small = run("project", write_show(tmp_path / "small", 1_000, broken=None))
    large = run("project", write_show(tmp_path / "large", 10_000, broken=None))
    print("1,000 and 10,000 episodes:", small, large)  # noqa: T201 (the figures are what `make torture -s` is run for)
    assert small["errors"] == [] and large["errors"] == []
    assert large["cpu_seconds"] < 25 * small["cpu_seconds"], (small, large)
