"""Shared fixtures: a scratch show written from text, a synthetic WAV, and the golden switch."""

from __future__ import annotations

import math
import os
import signal
import struct
import textwrap
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support import FEED_SITES, GOLDEN_SHOWS, SHOW_TOML, BuiltFeed, ShowWriter

REPO = Path(__file__).resolve().parent.parent

# A suite started in the background by a non-interactive shell (`make test &`, a CI runner's
# script) inherits Ctrl-C ignored, and so would every `nmo-feed serve` it starts: the tests
# that stop a preview with Ctrl-C, as a terminal does, would wait for it in vain. An
# ignored signal stays ignored across exec, a handled one does not: handle it here.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

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


def _in_ci() -> bool:
    """CI runs `.ci/run` with CI=true (and `.ci/run` sets it when unset)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """With CI set, a skipped test marked ``ci_required`` fails instead: CI must not pass
    without it (the W3C feed validator, which lives beside the repository)."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _in_ci() and item.get_closest_marker("ci_required"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but CI is set and this test must run there: {reason}"


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
    from nmo_feed.build import run as build

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


@pytest.fixture(scope="session")
def es_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden 'es' fixture show (a show in Spanish, issue 18), built once."""
    return build_site(
        REPO / "tests" / "golden" / "shows" / "es", tmp_path_factory.mktemp("es") / "out"
    )


# A show written the way authors write: every text wrapped over lines (a TOML multi-line
# description, copyright and funding text, a YAML "|" summary and plain-language sentences,
# Markdown notes, raw HTML, a code block and a transcript with wrapped paragraphs), and a feed
# budget so small that the older episode's transcript is linked instead of included. Its feed
# shows whether any of those line breaks reach a feed text run.
WRAPPED_SHOW = {
    "show.toml": SHOW_TOML.replace(
        'description = "A show used by the tests."',
        'description = """A show whose text is\nwrapped over lines, as authors write it."""\n'
        'copyright = """Test\nOrganisation"""',
    )
    + '[feed]\nmax_bytes = 12_000\n\n[[funding]]\nurl = "https://example.org/give"\n'
    + 'text = """Support\nthe show"""\n',
    "2024-05-01-first/episode.md": None,
    "2024-05-01-older/episode.md": """\
---
title: The older episode
date: 2024-05-01
guid: wrapped-older
summary: |
  A summary written
  over two lines.
speakers:
  - {name: Ann Example, role: host}
  - {name: Bo Guest, role: guest}
media: {url: "https://cdn.example.org/older.mp3", type: audio/mpeg, length: 2048, duration: 30}
---
Notes written on
2 April, wrapped <em>in the
middle</em> of sentences.

<p>Raw HTML
wrapped too.</p>

- A list item
  wrapped over lines.

```
code keeps
its lines
```
""",
    "2024-05-01-older/transcript.md": "Ann Example:\n\n"
    + "\n".join(["A long transcript line that wraps like a text editor wraps it."] * 120)
    + "\n",
    "2024-05-08-newer/episode.md": """\
---
title: The newer episode
date: 2024-05-08
guid: wrapped-newer
summary: One line.
plain_summary:
  - |
    A plain sentence
    on two lines.
  - Another plain sentence.
chapters:
  - {start: "0:00", title: "A chapter"}
media: {url: "https://cdn.example.org/newer.mp3", type: audio/mpeg, length: 2048, duration: 30}
---
Short notes,
wrapped once.
""",
    "2024-05-08-newer/transcript.md": "Bo Guest:\n\n[00:00] Sometimes\nplasma exchange helps.\n",
}


@pytest.fixture(scope="session")
def wrapped_show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WRAPPED_SHOW written to a folder."""
    root = tmp_path_factory.mktemp("wrapped") / "show"
    for relative, text in WRAPPED_SHOW.items():
        if text is not None:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def wrapped_site(wrapped_show: Path) -> Path:
    """WRAPPED_SHOW built once; its older episode's transcript is linked (the feed budget)."""
    from nmo_feed import build

    result = build.build(wrapped_show, wrapped_show.parent / "out")
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    assert result.linked == {"wrapped-older"}
    return wrapped_show.parent / "out"


@pytest.fixture(scope="session")
def feed_sites(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, BuiltFeed]:
    """Each of FEED_SITES built once per session (the named session fixtures where they exist)."""
    sources = {"nmo": REPO / "episodes", "wrapped": request.getfixturevalue("wrapped_show")}
    sites = {}
    for name in FEED_SITES:
        source = sources.get(name, GOLDEN_SHOWS / name)
        try:
            out = Path(request.getfixturevalue(f"{name}_site"))
        except pytest.FixtureLookupError:
            out = build_site(source, tmp_path_factory.mktemp(name) / "out")
        sites[name] = BuiltFeed(name, source, out / "feed.xml")
    return sites
