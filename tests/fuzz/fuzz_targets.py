"""The fuzz targets: each reads one kind of input as nmo-feed does and checks the property
(see ``harness.py``). Kept free of atheris so ``test_fuzz.py`` replays saved crashes with them
in the test process."""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from support import SHOW_TOML

from nmo_feed import transcripts
from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.load import chapters, episode
from nmo_feed.load import show as config
from nmo_feed.load.discover import EpisodeSource
from nmo_feed.load.fields import Fields
from nmo_feed.load.glossary import load_glossary
from nmo_feed.load.sources import RawRecord
from nmo_feed.model import Show
from nmo_feed.render import notes

REPO = Path(__file__).resolve().parents[2]
SEED_FOLDERS = [
    REPO / "episodes",
    REPO / "tests" / "golden" / "shows",
    REPO / "tests" / "golden" / "broken",
    REPO / "tests" / "golden" / "expected",  # what nmo-feed writes, SRT and JSON included
]
EPISODE = PurePosixPath("2024-01-01-fuzz")


@functools.cache
def _work() -> tuple[Path, Show]:
    """A show folder the file-reading targets write their input into, and its show."""
    work = Path(tempfile.mkdtemp(prefix="nmo-feed-fuzz-"))
    (work / EPISODE).mkdir(parents=True)
    (work / "show.toml").write_text(SHOW_TOML, encoding="utf-8")
    show = config.load_show(work, Diagnostics())
    assert show is not None
    return work, show


def cleanup() -> None:
    if _work.cache_info().currsize:
        shutil.rmtree(_work()[0], ignore_errors=True)
        _work.cache_clear()


def _check(diagnostics: Diagnostics, ok: bool) -> Diagnostics:
    """The property: a model, or a located error; every diagnostic names its file."""
    if not ok and not diagnostics.errors:
        raise AssertionError("the reader gave no model and reported no error")
    for diagnostic in diagnostics.items:
        if not str(diagnostic.location.path) or diagnostic.location.path == PurePosixPath("."):
            raise AssertionError(f"diagnostic without a file: {diagnostic}")
    return diagnostics


def front_matter(data: bytes) -> Diagnostics:
    """``episode.md``: front matter, every field's validation, notes, chapters in it."""
    work, show = _work()
    (work / EPISODE / "episode.md").write_bytes(data)
    diagnostics = Diagnostics()
    source = EpisodeSource(EPISODE, ())
    text = episode.read(work, source, diagnostics)
    found = episode.whole(work, source, show, text, diagnostics) if text is not None else None
    if found is not None:
        notes.of(found, diagnostics)  # notes are rendered, and checked, by the build
    return _check(diagnostics, found is not None)


def show_toml(data: bytes) -> Diagnostics:
    work, _ = _work()
    (work / "show.toml").write_bytes(data)
    diagnostics = Diagnostics()
    show = config.load_show(work, diagnostics)
    return _check(diagnostics, show is not None)


def glossary_toml(data: bytes) -> Diagnostics:
    work, _ = _work()
    (work / "glossary.toml").write_bytes(data)
    diagnostics = Diagnostics()
    load_glossary(work, diagnostics)
    return _check(diagnostics, True)


def _transcript(suffix: str) -> Callable[[bytes], Diagnostics]:
    def read(data: bytes) -> Diagnostics:
        diagnostics = Diagnostics()
        where = SourceLocation(PurePosixPath(f"transcript{suffix}"))
        loaded = transcripts.load_bytes(data, suffix, where, "en", diagnostics)
        _check(diagnostics, loaded is not None)
        if loaded is not None:
            # What was read must also be written: every output format, without an exception.
            transcripts.render(transcripts.with_duration(loaded, None))
        return diagnostics

    return read


def chapters_json(data: bytes) -> Diagnostics:
    work, _ = _work()
    (work / EPISODE / "chapters.json").write_bytes(data)
    diagnostics = Diagnostics()
    record = RawRecord({}, SourceLocation(EPISODE / "episode.md"))
    found = chapters.load(work, EPISODE, Fields(record, diagnostics), 600_000, diagnostics)
    (work / EPISODE / "chapters.json").unlink()
    return _check(diagnostics, found is not None)


TARGETS: dict[str, tuple[Callable[[bytes], Diagnostics], tuple[str, ...]]] = {
    # target: (harness, names of the seed files)
    "front-matter": (front_matter, ("episode.md",)),
    "show-toml": (show_toml, ("show.toml",)),
    "glossary-toml": (glossary_toml, ("glossary.toml",)),
    "markdown": (_transcript(".md"), ("transcript*.md", "transcript*.txt")),
    "plain": (_transcript(".txt"), ("transcript*.txt", "transcript*.md")),
    "vtt": (_transcript(".vtt"), ("transcript*.vtt",)),
    "srt": (_transcript(".srt"), ("transcript*.srt",)),
    "json-transcript": (_transcript(".json"), ("transcript*.json",)),
    "chapters-json": (chapters_json, ("chapters.json",)),
}


def seed(corpus: Path, patterns: tuple[str, ...]) -> int:
    """Copy the repository's inputs of this kind into the corpus; how many there are."""
    corpus.mkdir(parents=True, exist_ok=True)
    count = 0
    for folder in SEED_FOLDERS:
        for pattern in patterns:
            for path in sorted(folder.rglob(pattern)):
                name = "seed-" + "-".join(path.relative_to(REPO).parts)
                shutil.copyfile(path, corpus / name)
                count += 1
    return count
