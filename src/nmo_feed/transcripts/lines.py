"""What the line-based transcript readers (``.md``/``.txt``, ``.vtt``, ``.srt``) share:
numbered lines, runs of non-blank lines, and a reader base that reports located errors."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import Diagnostics, SourceLocation
from .grouping import Block

Line = tuple[int, str]
"""A 1-based line number and the line's text."""


def numbered(text: str) -> list[Line]:
    return list(enumerate(text.split("\n"), start=1))


def runs(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines: paragraphs, cue blocks or cards."""
    found: list[list[Line]] = []
    current: list[Line] = []
    for number, line in lines:
        if line.strip():
            current.append((number, line))
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


class CueReader:
    """Reads cues in order, carrying the speaker and the previous start from one to the next."""

    FORMAT = ""
    """The format's name in error codes: ``vtt`` gives ``vtt-cue-time``."""
    CUE = "cue"
    """What the format calls a cue (SRT: a card)."""
    format_time: Callable[[int], str] = staticmethod(str)

    def __init__(self, location: SourceLocation, diagnostics: Diagnostics) -> None:
        self.location = location
        self.diagnostics = diagnostics
        self.speaker: str | None = None
        self.previous_start: int | None = None
        self.blocks: list[Block] = []

    def error(
        self, code: str, message: str, line: int, column: int, hint: str | None = None
    ) -> None:
        self.diagnostics.error(code, message, self.location.at(line, column), hint)

    def span(
        self, line: int, start: tuple[int, int], end: tuple[int, int]
    ) -> tuple[int, int] | None:
        """A cue's start and end (each in ms, with its column), checked the way WebVTT and SRT
        both want them: the end after the start (else the cue is refused), and the start not
        before the previous cue's (reported, the cue kept)."""
        (start_ms, start_col), (end_ms, end_col) = start, end
        show, cue = self.format_time, self.CUE
        if end_ms <= start_ms:
            self.error(
                f"{self.FORMAT}-cue-time",
                f"{cue} ends at {show(end_ms)}, not after its start {show(start_ms)}",
                line,
                end_col,
            )
            return None
        if self.previous_start is not None and start_ms < self.previous_start:
            self.error(
                f"{self.FORMAT}-cue-order",
                f"{cue} starts at {show(start_ms)}, before the previous {cue}'s start"
                f" {show(self.previous_start)}",
                line,
                start_col,
                hint=f"{cue}s must be in order of their start times",
            )
        self.previous_start = start_ms
        return start_ms, end_ms
