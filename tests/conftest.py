"""Shared fixtures: a scratch show written from text, a synthetic WAV, and the golden switch."""

from __future__ import annotations

import math
import os
import struct
import textwrap
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from support import SHOW_TOML, ShowWriter

REPO = Path(__file__).resolve().parent.parent

EPISODE_MD = """\
---
title: First episode
date: 2024-05-01
guid: 11111111-1111-4111-8111-111111111111
summary: A short summary.
---
Some *notes*.
"""


@pytest.fixture(autouse=True, scope="session")
def _private_build_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds keep their cache in $XDG_CACHE_HOME/nmo-feed: point it at a scratch folder for
    the whole session (the CLI's subprocesses inherit it), never at the user's own cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the expected golden files from the current output (then review the diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def show_toml() -> str:
    """The text of the default test show's show.toml."""
    return SHOW_TOML


@pytest.fixture
def make_show(tmp_path: Path) -> ShowWriter:
    """Write a show folder from ``{relative path: text}``; the defaults give a valid show
    with one episode, and a value of None removes a default file."""

    def write(files: dict[str, str | bytes | None] | None = None, name: str = "show") -> Path:
        root = tmp_path / name
        contents: dict[str, str | bytes | None] = {
            "show.toml": SHOW_TOML,
            "2024-05-01-first/episode.md": EPISODE_MD,
        }
        contents.update(files or {})
        for relative, text in contents.items():
            if text is None:
                continue
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(
                    textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8"
                )
        return root

    return write


@pytest.fixture
def wav() -> Callable[..., Path]:
    """``wav(path, seconds)`` writes a real WAV file for mutagen to probe."""
    return make_wav


def make_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A mono 16-bit WAV tone of the given length, made with the standard library."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(struct.pack("<h", int(3000 * math.sin(i / 10))) for i in range(frames))
        )
    return path


def build_site(source: Path, out: Path) -> Path:
    """Build ``source`` into ``out`` through the library (the CLI has its own tests)."""
    from nmo_feed import build

    result = build.build(source, out)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return out


@pytest.fixture(scope="session")
def nmo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The NMO show from episodes/, built once per test session into a temporary out/."""
    return build_site(REPO / "episodes", tmp_path_factory.mktemp("nmo") / "out")


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden 'full' fixture show (every feature), built once per test session."""
    return build_site(
        REPO / "tests" / "golden" / "shows" / "full", tmp_path_factory.mktemp("full") / "out"
    )


@pytest.fixture(scope="session")
def video_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden 'video' fixture show (serial, chapters, renditions, people), built once."""
    return build_site(
        REPO / "tests" / "golden" / "shows" / "video", tmp_path_factory.mktemp("video") / "out"
    )
