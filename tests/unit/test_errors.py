"""Diagnostics print the line they name, counted the way the readers count lines."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from nmo_feed.errors import Diagnostics, SourceLocation, format_report


def test_source_line_is_the_named_line_even_after_a_form_feed(tmp_path: Path) -> None:
    """A form feed or U+2028 inside a line does not shift which line is shown, and a bell
    character in the shown line is escaped rather than sent to the terminal."""
    (tmp_path / "t.md").write_text("one\x0c still one\u2028 still one\nbad \x07 line\n")
    diagnostics = Diagnostics()
    diagnostics.error("x-code", "the message", SourceLocation(PurePosixPath("t.md"), 2, 1))
    assert format_report(diagnostics, tmp_path, "show", 1).split("\n") == [
        "show/t.md:2:1: error[x-code]: the message",
        "    bad \\x07 line",
        "1 error, 0 warnings in 1 episode",
    ]


def test_each_file_is_read_once_per_report(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Many diagnostics in one file read it once, not once each."""
    (tmp_path / "t.vtt").write_text("WEBVTT\n" + "bad\n" * 50)
    reads: list[Path] = []
    original = Path.read_text

    def counting(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    diagnostics = Diagnostics()
    for line in range(2, 52):
        diagnostics.error("x-code", "bad", SourceLocation(PurePosixPath("t.vtt"), line))
    report = format_report(diagnostics, tmp_path, "show", 1)
    assert report.count("    bad") == 50
    assert reads == [tmp_path / "t.vtt"]
