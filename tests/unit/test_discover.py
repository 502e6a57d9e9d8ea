"""Stage 1, discover: which folders are episodes, which files are transcripts, and the one
check that keeps every file nmo-feed reads inside the show folder."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed.errors import Diagnostics, Severity
from nmo_feed.load import discover
from nmo_feed.load.discover import TranscriptSource

REPO = Path(__file__).resolve().parents[2]


def write_tree(root: Path, files: list[str]) -> Path:
    """Create each relative path (a trailing '/' makes an empty folder)."""
    for name in files:
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x", encoding="utf-8")
    return root


def located(diagnostics: Diagnostics) -> list[tuple[str, str, str, int | None]]:
    return [
        (d.severity.value, d.code, str(d.location.path), d.location.line)
        for d in diagnostics.sorted()
    ]


def test_list_folders_lists_each_visible_folder_with_its_files(tmp_path: Path) -> None:
    """Hidden folders are left out; a folder's files are sorted and its subfolders are not
    files; files at the top of the show are not folders."""
    write_tree(
        tmp_path,
        [
            "show.toml",
            "b-ep/episode.md",
            "b-ep/audio.mp3",
            "b-ep/extra/nested.txt",
            "a-ep/transcript.md",
            "a-ep/episode.md",
            ".git/config",
            "_drafts/episode.md",
            "templates/base.html",
            "empty/",
        ],
    )
    assert discover.list_folders(tmp_path) == {
        "a-ep": ("episode.md", "transcript.md"),
        "b-ep": ("audio.mp3", "episode.md"),
        "_drafts": ("episode.md",),
        "templates": ("base.html",),
        "empty": (),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-05-01-first", True),
        ("episode", True),
        ("templates-old", True),
        (".hidden", False),
        ("_drafts", False),
        ("templates", False),
    ],
)
def test_is_episode_folder(name: str, expected: bool) -> None:
    assert discover.is_episode_folder(name) is expected


def test_episode_folders_are_sorted_and_skip_non_episodes() -> None:
    """Sorted by name whatever the listing's order; hidden, ``_`` and ``templates/`` folders
    are skipped silently, even with an episode.md in them."""
    diagnostics = Diagnostics()
    listing = {
        "2024-06-01-c": ("episode.md",),
        ".cache": ("episode.md",),
        "2024-01-01-a": ("episode.md", "transcript.md"),
        "_drafts": ("episode.md",),
        "templates": ("episode.md",),
        "2024-03-01-b": ("episode.md",),
    }
    assert discover.episode_folders(listing, diagnostics) == [
        "2024-01-01-a",
        "2024-03-01-b",
        "2024-06-01-c",
    ]
    assert diagnostics.items == []


def test_a_folder_without_episode_md_is_a_located_warning() -> None:
    """A misspelt episode.md must not silently drop an episode: the folder is named, as a
    warning (the rest of the show still builds)."""
    diagnostics = Diagnostics()
    listing = {"2024-01-01-a": ("episode.md",), "2024-02-01-b": ("Episode.md", "notes.md")}
    assert discover.episode_folders(listing, diagnostics) == ["2024-01-01-a"]
    assert located(diagnostics) == [("warning", "no-episode-file", "2024-02-01-b", None)]
    (warning,) = diagnostics.items
    assert warning.severity is Severity.WARNING
    assert "2024-02-01-b" in warning.message
    assert warning.hint == "add 2024-02-01-b/episode.md, or move the folder out of the show"
    assert diagnostics.ok


def test_find_episodes_reads_the_folder_itself(tmp_path: Path) -> None:
    """Without a listing, find_episodes lists the show folder: sorted episodes with their
    transcripts, relative to the show folder."""
    write_tree(
        tmp_path,
        [
            "show.toml",
            "2024-02-01-b/episode.md",
            "2024-02-01-b/transcript.vtt",
            "2024-01-01-a/episode.md",
            "2024-01-01-a/transcript.md",
            "2024-01-01-a/transcript.es.srt",
            ".hidden/episode.md",
            "no-episode/transcript.md",
        ],
    )
    diagnostics = Diagnostics()
    found = discover.find_episodes(tmp_path, diagnostics)
    assert [(str(e.folder), str(e.metadata)) for e in found] == [
        ("2024-01-01-a", "2024-01-01-a/episode.md"),
        ("2024-02-01-b", "2024-02-01-b/episode.md"),
    ]
    assert [[(str(t.path), t.language) for t in e.transcripts] for e in found] == [
        [("2024-01-01-a/transcript.md", None), ("2024-01-01-a/transcript.es.srt", "es")],
        [("2024-02-01-b/transcript.vtt", None)],
    ]
    assert located(diagnostics) == [("warning", "no-episode-file", "no-episode", None)]


def test_find_episodes_uses_a_given_listing_without_reading_the_disk(tmp_path: Path) -> None:
    """The build cache passes its own listing: the folder is then not listed again."""
    listing = {"ep": ("episode.md", "transcript.txt")}
    found = discover.find_episodes(tmp_path / "does-not-exist", Diagnostics(), listing)
    assert [(str(e.folder), [str(t.path) for t in e.transcripts]) for e in found] == [
        ("ep", ["ep/transcript.txt"])
    ]


def test_transcript_names_give_their_language_own_first() -> None:
    """The episode's own transcript (no language in the name) comes first, then the
    translations by language tag; files that only look like transcripts are ignored."""
    diagnostics = Diagnostics()
    source = discover.episode_source(
        "ep",
        [
            "transcript.pt-BR.srt",
            "transcript.es.vtt",
            "transcript.md",
            "transcript.zh-Hant.json",
            "transcript.docx",  # not a format nmo-feed reads
            "transcript.x.vtt",  # one letter is no language tag
            "my-transcript.md",
            "transcript.md.bak",
            "episode.md",
        ],
        diagnostics,
    )
    assert source.folder == PurePosixPath("ep")
    assert source.transcripts == (
        TranscriptSource(PurePosixPath("ep/transcript.md"), None),
        TranscriptSource(PurePosixPath("ep/transcript.es.vtt"), "es"),
        TranscriptSource(PurePosixPath("ep/transcript.pt-BR.srt"), "pt-BR"),
        TranscriptSource(PurePosixPath("ep/transcript.zh-Hant.json"), "zh-Hant"),
    )
    # A transcript nmo-feed cannot read is never dropped without a word.
    assert sorted((str(d.location.path), d.code) for d in diagnostics.items) == [
        ("ep/transcript.docx", "transcript-format"),
        ("ep/transcript.md.bak", "transcript-format"),
        ("ep/transcript.x.vtt", "transcript-format"),
    ]


def test_two_transcripts_in_one_language_are_an_error_at_the_second() -> None:
    """transcript.md and transcript.vtt are both the episode's own transcript: the first by
    name is kept and the other is a located error; the same for two Spanish files."""
    diagnostics = Diagnostics()
    source = discover.episode_source(
        "ep",
        ["transcript.vtt", "transcript.md", "transcript.es.srt", "transcript.es.vtt"],
        diagnostics,
    )
    assert [(str(t.path), t.language) for t in source.transcripts] == [
        ("ep/transcript.md", None),
        ("ep/transcript.es.srt", "es"),
    ]
    assert located(diagnostics) == [
        ("error", "transcript-duplicate", "ep/transcript.es.vtt", None),
        ("error", "transcript-duplicate", "ep/transcript.vtt", None),
    ]
    assert not diagnostics.ok


# --- inside: no path escapes ---------------------------------------------------------------


@pytest.fixture
def show(tmp_path: Path) -> Path:
    """A show folder ``show/`` with one file, beside a ``secret`` file outside it."""
    write_tree(tmp_path, ["show/ep/cover.png", "secret"])
    return tmp_path / "show"


def test_inside_accepts_files_in_the_show(show: Path) -> None:
    assert discover.inside(show, show / "ep" / "cover.png")
    assert discover.inside(show, show / "ep" / "missing.png")  # not yet there is still inside
    assert discover.inside(show, show)


@pytest.mark.parametrize(
    "relative", ["../secret", "ep/../../secret", "../show-other/x.png", "/etc/passwd"]
)
def test_inside_refuses_dot_dot_and_absolute_escapes(show: Path, relative: str) -> None:
    """``..`` that climbs out (also through a real folder) and absolute paths are outside;
    a sibling whose name starts with the show's name is not inside it either."""
    assert not discover.inside(show, show / relative)


def test_inside_follows_symlinks(show: Path, tmp_path: Path) -> None:
    """A link inside the show to a file outside it is outside; a link to a file inside is
    inside; a show folder reached through a link still contains its own files."""
    os.symlink(tmp_path / "secret", show / "ep" / "leak.png")
    os.symlink(tmp_path, show / "ep" / "up")
    os.symlink(show / "ep" / "cover.png", show / "alias.png")
    os.symlink(show, tmp_path / "linked-show")
    assert not discover.inside(show, show / "ep" / "leak.png")
    assert not discover.inside(show, show / "ep" / "up" / "secret")
    assert discover.inside(show, show / "alias.png")
    assert discover.inside(tmp_path / "linked-show", show / "ep" / "cover.png")
    assert discover.inside(show, tmp_path / "linked-show" / "ep" / "cover.png")


def test_default_templates_are_the_shipped_templates_folder() -> None:
    """The default templates are the repository's templates/ as shipped (editable install or
    wheel alike): a real folder holding the page templates a show may override by name."""
    folder = discover.default_templates_dir()
    assert folder.is_dir()
    for name in ("base.html", "episode.html", "index.html", "glossary.html"):
        assert (folder / name).read_bytes() == (REPO / "templates" / name).read_bytes(), name
