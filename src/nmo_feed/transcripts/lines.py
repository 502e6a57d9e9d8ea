"""What the line-based transcript readers (``.md``/``.txt``, ``.vtt``, ``.srt``) share:
numbered lines, runs of non-blank lines, and a reader base that reports located errors."""

from __future__ import annotations

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
