"""A ``transcript.*`` file nmo-feed cannot read is an error, never silently dropped (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ShowWriter

from nmo_feed import build
from nmo_feed.rules import TRANSCRIPT_INPUTS

HINT = (
    "save it as transcript.md, .txt, .vtt, .srt or .json (lower case),"
    " or move it out of the episode folder"
)


@pytest.mark.parametrize(
    "name",
    [
        "transcript.docx",
        "transcript.pdf",
        "transcript.doc",
        "transcript.rtf",
        "transcript.odt",
        "transcript.html",
        "transcript.sbv",
        "transcript.VTT",  # an upper-case extension is not read either
        "Transcript.md",
        "transcript.md.bak",
        "transcript.es.docx",
        "transcript.",
    ],
)
def test_an_unreadable_transcript_is_a_located_error(make_show: ShowWriter, name: str) -> None:
    root = make_show({f"2024-05-01-first/{name}": b"PK\x03\x04 not a transcript"})
    result = build.load_project(root)
    assert result.project is None
    (error,) = result.diagnostics.errors
    assert (error.code, str(error.location.path), error.hint) == (
        "transcript-format",
        f"2024-05-01-first/{name}",
        HINT,
    )
    assert name in error.message


def test_the_hint_lists_every_readable_format() -> None:
    assert all(f".{ext}" in HINT for ext in TRANSCRIPT_INPUTS)


def test_a_bad_language_tag_is_named(make_show: ShowWriter) -> None:
    root = make_show({"2024-05-01-first/transcript.english.vtt": "WEBVTT\n"})
    (error,) = build.load_project(root).diagnostics.errors
    assert (error.code, error.message) == (
        "transcript-format",
        "'transcript.english.vtt': 'english' is not a language tag such as es or pt-BR",
    )


def test_a_readable_transcript_beside_an_unreadable_one_still_fails(make_show: ShowWriter) -> None:
    """transcript.md with transcript.docx: the .docx may be the newer text; say so."""
    root = make_show(
        {
            "2024-05-01-first/transcript.md": "Ann:\n\nHello.\n",
            "2024-05-01-first/transcript.pdf": b"%PDF-1.7",
        }
    )
    assert [d.code for d in build.load_project(root).diagnostics.errors] == ["transcript-format"]


@pytest.mark.parametrize("name", ["transcripts.docx", "notes.pdf", "MEDIA.md", "transcript"])
def test_other_files_are_still_ignored(make_show: ShowWriter, name: str) -> None:
    root = make_show({f"2024-05-01-first/{name}": b"anything"})
    assert build.load_project(root).project is not None


def test_a_rebuild_reports_a_transcript_added_in_an_unreadable_format(
    make_show: ShowWriter, tmp_path: Path
) -> None:
    root = make_show()
    out = tmp_path / "out"
    assert not build.build(root, out).failed()
    (root / "2024-05-01-first" / "transcript.docx").write_bytes(b"PK\x03\x04")
    result = build.build(root, out)
    assert [d.code for d in result.diagnostics.errors] == ["transcript-format"]
