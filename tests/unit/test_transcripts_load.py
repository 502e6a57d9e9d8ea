"""Reading any transcript file: encodings, line ends, empty files and control characters."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from support import load_text, load_transcript

from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.model import Transcript
from nmo_feed.transcripts import SUFFIXES, load


def texts(transcript: Transcript | None) -> list[str]:
    assert transcript is not None
    return [cue.text for cue in transcript.cues]


def test_suffixes_are_the_supported_formats() -> None:
    """The public list of transcript suffixes."""
    assert SUFFIXES == (".md", ".txt", ".vtt", ".srt", ".json")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("transcript.md", b"Hello.\n"),
        ("transcript.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n"),
        ("transcript.srt", b"1\n00:00:00,000 --> 00:00:01,000\nHello.\n"),
        ("transcript.json", b'{"segments": [{"startTime": 0, "endTime": 1, "body": "Hello."}]}'),
    ],
)
def test_bom_and_crlf_are_accepted_by_every_format(
    tmp_path: Path, name: str, content: bytes
) -> None:
    """A UTF-8 BOM and CRLF line ends load like plain LF UTF-8."""
    transcript, found = load_text(tmp_path, name, b"\xef\xbb\xbf" + content.replace(b"\n", b"\r\n"))
    assert found == []
    assert texts(transcript) == ["Hello."]


def test_upper_case_suffix_is_accepted(tmp_path: Path) -> None:
    """TRANSCRIPT.VTT is read as WebVTT."""
    transcript, found = load_text(
        tmp_path, "TRANSCRIPT.VTT", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHi.\n"
    )
    assert found == []
    assert texts(transcript) == ["Hi."]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b" \n\r\n\t\n"])
def test_empty_file_is_reported(tmp_path: Path, content: bytes) -> None:
    """An empty or blank file is transcript-empty, located at the file."""
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-empty", None, None)]


def test_invalid_utf8_is_reported_at_each_bad_line(tmp_path: Path) -> None:
    """Undecodable bytes are reported at their line and character column, one per line."""
    content = b"Ann:\n\nCaf\xc3\xa9 \xff ok \xfe\n\nfine\n\n\x80\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-encoding", 3, 6), ("transcript-encoding", 7, 1)]


def test_latin1_file_message_names_the_byte(tmp_path: Path) -> None:
    """The message names the bad byte and the hint says to save as UTF-8."""
    _, diagnostics = load_transcript(tmp_path, "transcript.md", "Café\n".encode("latin-1"))
    assert [(d.message, d.hint) for d in diagnostics] == [
        ("byte 0xe9 is not valid UTF-8", "save the file as UTF-8")
    ]


def test_control_characters_are_reported_with_line_and_column(tmp_path: Path) -> None:
    """A bell and an escape in the text are each reported; tabs are fine."""
    content = b"Ann:\n\nHello\tthere \x07 you.\n\nOK.\n\x1b[31mred\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-control-char", 3, 13), ("transcript-control-char", 6, 1)]


def test_control_characters_and_format_errors_are_reported_together(tmp_path: Path) -> None:
    """One pass reports a control character and a bad time in the same file."""
    transcript, found = load_text(tmp_path, "transcript.md", b"[00:99] One.\n\n[00:05] Tw\x00o.\n")
    assert transcript is None
    assert found == [("transcript-time", 1, 1), ("transcript-control-char", 3, 11)]


def test_unreadable_path_is_reported(tmp_path: Path) -> None:
    """A path that cannot be read (here a directory) is transcript-read, not a traceback."""
    (tmp_path / "transcript.md").mkdir()
    diagnostics = Diagnostics()
    location = SourceLocation(PurePosixPath("transcript.md"))
    assert load(tmp_path / "transcript.md", location, "en", diagnostics) is None
    assert [d.code for d in diagnostics] == ["transcript-read"]


def test_unknown_suffix_is_a_programming_error(tmp_path: Path) -> None:
    """Callers only pass SUFFIXES; anything else raises ValueError."""
    path = tmp_path / "transcript.docx"
    path.write_bytes(b"x")
    with pytest.raises(ValueError, match="not a transcript file"):
        load(path, SourceLocation(PurePosixPath("transcript.docx")), "en", Diagnostics())


def test_earlier_errors_in_diagnostics_do_not_fail_a_good_file(tmp_path: Path) -> None:
    """Only errors found in this file make load return None."""
    path = tmp_path / "transcript.md"
    path.write_bytes(b"Fine.\n")
    diagnostics = Diagnostics()
    diagnostics.error("other", "from another file", SourceLocation(PurePosixPath("x")))
    transcript = load(path, SourceLocation(PurePosixPath("transcript.md")), "en", diagnostics)
    assert texts(transcript) == ["Fine."]
