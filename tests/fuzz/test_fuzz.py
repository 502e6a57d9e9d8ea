"""Fuzzing in ``make test`` (issue 15): every crash the fuzzer found is replayed as a
regression test, and each target runs a short, seeded burst of coverage-guided fuzzing.
``make fuzz`` runs the long version (``harness.py``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import fuzz_targets
import pytest

from nmo_feed.errors import TOO_DEEP

HERE = Path(__file__).resolve().parent
CRASHES = sorted((HERE / "crashes").glob("*/*"))
SHORT_RUNS = 500
"""Inputs per target in make test: about a second each; ``make fuzz`` runs for minutes."""


@pytest.mark.parametrize("crash", CRASHES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_crash_the_fuzzer_found_is_now_a_located_error(crash: Path) -> None:
    harness, _ = fuzz_targets.TARGETS[crash.parent.name]
    try:
        found = harness(crash.read_bytes())  # raises on an exception or a broken property
    finally:
        fuzz_targets.cleanup()
    expected = {"nested-too-deeply": TOO_DEEP, "nul-in-yaml": "control character U+0000"}
    assert any(expected[crash.name] in d.message for d in found.errors), found.items


def test_every_crash_folder_is_a_target() -> None:
    assert {p.parent.name for p in CRASHES} <= set(fuzz_targets.TARGETS)
    assert len(CRASHES) >= 4


@pytest.mark.parametrize("target", sorted(fuzz_targets.TARGETS))
def test_a_short_fuzzing_run_finds_nothing(target: str, tmp_path: Path) -> None:
    """Seeded from the repository's own inputs; a fixed -seed so a failure reproduces."""
    harness = str(HERE / "harness.py")
    corpus = tmp_path / "corpus"
    seeded = subprocess.run(
        [sys.executable, harness, target, "--seed", str(corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(seeded.stdout.split()[0]) > 0, f"no seeds for {target}"
    done = subprocess.run(
        [
            sys.executable,
            harness,
            target,
            str(corpus),
            f"-runs={SHORT_RUNS}",
            "-seed=1",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-max_len=65536",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(rf"Done {SHORT_RUNS} runs", done.stderr), done.stderr[-1000:]
