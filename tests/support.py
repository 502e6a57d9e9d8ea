"""Helpers shared by test modules (``from support import ...``: pytest puts ``tests/`` on the
import path because of ``tests/conftest.py``). Fixtures stay in ``conftest.py``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from nmo_feed.errors import Diagnostic, Diagnostics, SourceLocation
from nmo_feed.model import Episode, Show, Transcript
from nmo_feed.transcripts import load

SHOW_TOML = """\
title = "Test Show"
description = "A show used by the tests."
language = "en"
site_url = "https://example.org/show/"
author = "Test Organisation"
explicit = false
categories = [["Health & Fitness", "Medicine"]]
podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"
owner = { name = "Test Organisation", email = "owner@example.org" }
"""
"""The default test show's ``show.toml``: valid, no artwork (a warning only)."""

ShowWriter = Callable[..., Path]
"""The ``make_show`` fixture: ``{relative path: text}`` → the show folder."""

JS_DIR = Path(__file__).resolve().parent / "js"
"""The npm checkers (tests/js), installed by ``make test``."""

GOLDEN_SHOWS = Path(__file__).resolve().parent / "golden" / "shows"

FEED_SITES = ("nmo", "wrapped", *sorted(p.name for p in GOLDEN_SHOWS.iterdir() if p.is_dir()))
"""Every built site whose feed the feed-wide rules check (conftest's ``feed_sites``): the NMO
show, the wrapped show and each golden fixture show."""


@dataclass(frozen=True)
class BuiltFeed:
    """A built site whose feed the feed-wide rules check (conftest's ``feed_sites``): its
    name, its show folder and its ``feed.xml``."""

    name: str
    source: Path
    feed: Path


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def beside(out: Path, seconds: float = 60.0) -> list[str]:
    """What a build left beside ``out/`` (``.out.*``: a staging folder, a lock, a previous
    site), once the detached removal of swapped-out sites (``.out.gone-*``,
    ``build/output.py``) has had up to ``seconds`` to finish: it runs after the build ends."""
    prefix = f".{out.name}."
    deadline = time.monotonic() + seconds
    while True:
        found = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(prefix))
        if not any(".gone-" in name for name in found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def run_node(script: str, *args: Path, packages: tuple[str, ...]) -> Any:
    """Return the JSON a tests/js node script prints; fail clearly without Node or npm deps."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not on PATH; install it and run `make test`.", pytrace=False)
    missing = [p for p in packages if not (JS_DIR / "node_modules" / p / "package.json").is_file()]
    if missing:
        pytest.fail(
            f"npm packages {missing} are not installed in tests/js/node_modules; "
            "run `make test` (it runs `npm ci` in tests/js) before pytest.",
            pytrace=False,
        )
    # The timeout only stops a hung process from hanging CI; no test measures time.
    done = subprocess.run(
        [node, str(JS_DIR / script), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=JS_DIR,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"node {script} failed ({done.returncode}):\n{done.stderr}", pytrace=False)
    return json.loads(done.stdout)


# --- Transcripts ---------------------------------------------------------------------------

Found = tuple[str, int | None, int | None]
"""A diagnostic as (code, line, column)."""

CueRow = tuple[int | None, int | None, str | None, str, int | None]


def load_transcript(
    directory: Path, name: str, content: str | bytes, folder: str = ""
) -> tuple[Transcript | None, list[Diagnostic]]:
    """Write ``content`` to ``directory/name`` and load it as the transcript ``folder/name`` of
    an English episode: the transcript and its diagnostics in report order."""
    path = directory / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    diagnostics = Diagnostics()
    transcript = load(path, SourceLocation(PurePosixPath(folder, name)), "en", diagnostics)
    return transcript, diagnostics.sorted()


def load_text(
    directory: Path, name: str, content: str | bytes, folder: str = ""
) -> tuple[Transcript | None, list[Found]]:
    """``load_transcript`` with each diagnostic as (code, line, column)."""
    transcript, diagnostics = load_transcript(directory, name, content, folder)
    return transcript, [(d.code, d.location.line, d.location.column) for d in diagnostics]


def cues(transcript: Transcript | None) -> list[CueRow]:
    """A loaded transcript's cues as (start, end, speaker, text, source line)."""
    assert transcript is not None
    return [(c.start_ms, c.end_ms, c.speaker, c.text, c.source.line) for c in transcript.cues]


# --- Model objects -------------------------------------------------------------------------


def show_model(**changes: Any) -> Show:
    """A valid ``Show`` published at https://example.org/nmo/, with ``changes``."""
    show = Show(
        title="NMO Video Library",
        description="Clinicians answer questions about NMO.",
        language="en",
        site_url="https://example.org/nmo/",
        author="Example Patient Organisation",
        owner_name="Example Patient Organisation",
        owner_email="podcast@example.org",
        categories=(),
        explicit=False,
        podcast_guid="00000000-0000-5000-8000-000000000000",
        artwork_url=None,
        artwork_path=None,
        license=None,
        copyright=None,
        funding=(),
        contact_url=None,
        source=SourceLocation(PurePosixPath("episodes/show.toml"), 1),
    )
    return replace(show, **changes)


def episode_model(slug: str = "how-do-clinicians-treat-nmo", **changes: Any) -> Episode:
    """A valid ``Episode`` in ``episodes/2010-04-02-<slug>/``, without speakers, media or
    transcript unless ``changes`` give them."""
    episode = Episode(
        slug=slug,
        guid=f"guid-{slug}",
        title="How do Clinicians treat NMO?",
        published=datetime(2010, 4, 2, tzinfo=UTC),
        summary="A neurologist explains the three kinds of NMO treatment.",
        plain_summary=("There are three kinds of treatment.", "Steroids calm an attack."),
        notes="Notes with **markup**.",
        speakers=(),
        topics=("treatment",),
        media=(),
        transcript=None,
        translations=(),
        number=1,
        season=None,
        episode_type="full",
        explicit=None,
        draft=False,
        source=SourceLocation(PurePosixPath(f"episodes/2010-04-02-{slug}/episode.md"), 1),
    )
    return replace(episode, **changes)


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m nmo_feed ARGS`` in a subprocess, as a publisher runs it; text output."""
    return subprocess.run(
        [sys.executable, "-m", "nmo_feed", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
