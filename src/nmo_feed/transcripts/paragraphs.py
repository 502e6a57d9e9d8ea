"""Read the ``.md`` / ``.txt`` transcript grammar: paragraphs, speaker labels and times.

The grammar, for writers (``.txt`` is the same grammar; nothing in it is Markdown markup):

- Paragraphs are separated by blank lines; the lines of a paragraph are joined with a space.
- A **speaker label** is a line that ends with a colon and has nothing after it: ``Name:`` or
  ``Name, credentials – affiliation:``, at most 100 characters and 12 words, starting with a
  letter or digit and holding no other colon. It starts that speaker's turn; the name is the
  part before the first comma or spaced dash (`` – ``, `` — ``, `` - ``). The turn's text is
  the rest of the label's paragraph, if any, and the paragraphs that follow. ``Note: some
  text`` has text after the colon, so it is a sentence, not a label.
- A paragraph may start with a **time**, ``[mm:ss]`` or ``[hh:mm:ss]``; on a label line it
  times the turn's first paragraph. Either every paragraph has a time or none does, and
  times never go backwards. Other brackets (``[laughs]``) are sounds and stay in the text.
- A paragraph starting ``On screen:`` describes what the video shows; it belongs to the
  current turn.
- Text before the first label has no speaker.

Each paragraph becomes one cue. A timed paragraph lasts until the next paragraph's time; the
last one's end is left open for ``with_duration``. Paragraphs that share one time share the
span to the next time in proportion to their length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Diagnostics, SourceLocation
from ..model import Cue, ParagraphKind
from .grouping import Block, clean_text, share_times
from .lines import Line, numbered, runs
from .timecode import format_bracket, parse_bracket

LABEL_MAX_CHARS = 100
LABEL_MAX_WORDS = 12

# A bracket of digits, colons and dots with a colon in it is meant as a time: "[1:75]" is a
# mistyped time to report, while "[laughs]" or "[2]" are text.
_TIME = re.compile(r"\[(?=[^\]]*:)[0-9:.]+\]")
_ON_SCREEN = re.compile(r"on[ -]?screen\s*:", re.IGNORECASE)
_NAME_END = re.compile(r",|\s[-–—]\s")

"""A 1-based line number and the line's text."""


@dataclass(frozen=True, slots=True)
class _Stamp:
    ms: int | None
    """None when the bracket was a malformed time (already reported)."""
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class _Paragraph:
    line: int
    text: str
    kind: ParagraphKind
    speaker: str | None
    time: _Stamp | None


def parse(text: str, location: SourceLocation, diagnostics: Diagnostics) -> list[Block]:
    """Return one block per paragraph of a ``.md``/``.txt`` transcript; report its errors."""
    reader = _Reader(location, diagnostics)
    for lines in runs(numbered(text)):
        reader.read(lines)
    return reader.blocks()


def speaker_of_label(line: str) -> str | None:
    """Return the speaker a label line names (``Name, MD – Clinic:`` → ``Name``), else None."""
    line = line.strip()
    if not line.endswith(":") or len(line) > LABEL_MAX_CHARS or _ON_SCREEN.fullmatch(line):
        return None
    body = line[:-1].strip()
    if not body or ":" in body or not body[0].isalnum() or len(body.split()) > LABEL_MAX_WORDS:
        return None
    return _NAME_END.split(body, maxsplit=1)[0].strip() or None


class _Reader:
    """Reads paragraphs in order, tracking the current speaker and pending time or kind."""

    def __init__(self, location: SourceLocation, diagnostics: Diagnostics) -> None:
        self.location = location
        self.diagnostics = diagnostics
        self.speaker: str | None = None
        self.pending_time: _Stamp | None = None
        self.pending_on_screen = False
        self.last_time: _Stamp | None = None
        self.paragraphs: list[_Paragraph] = []

    def read(self, lines: list[Line]) -> None:
        """Take one paragraph (or the rest of one, after a label or time line)."""
        number, raw = lines[0]
        stamp, rest = self._take_time(number, raw)
        if stamp is not None:
            self.pending_time = stamp
        speaker = None if self.pending_on_screen else speaker_of_label(rest)
        if not rest or speaker is not None:
            # A label or a lone time: the text, if any, is on the following lines.
            self.speaker = speaker or self.speaker
            if len(lines) > 1:
                self.read(lines[1:])
            return
        kind: ParagraphKind = "speech"
        on_screen = _ON_SCREEN.match(rest)
        if on_screen or self.pending_on_screen:
            kind = "on_screen"
            rest = rest[on_screen.end() :] if on_screen else rest
        body = clean_text(" ".join([rest, *(line for _, line in lines[1:])]))
        if not body:
            self.pending_on_screen = True  # "On screen:" alone: the next paragraph is its text
            return
        self._emit(number, body, kind)

    def _emit(self, number: int, text: str, kind: ParagraphKind) -> None:
        time, self.pending_time, self.pending_on_screen = self.pending_time, None, False
        if time is not None and time.ms is not None:
            last = self.last_time
            if last is not None and last.ms is not None and time.ms < last.ms:
                self.diagnostics.error(
                    "transcript-time-order",
                    f"time {format_bracket(time.ms)} is before the previous paragraph's time"
                    f" {format_bracket(last.ms)}",
                    self.location.at(time.line, time.column),
                    hint="paragraph times must not go backwards",
                )
            self.last_time = time
        self.paragraphs.append(_Paragraph(number, text, kind, self.speaker, time))

    def _take_time(self, number: int, raw: str) -> tuple[_Stamp | None, str]:
        """The time at the start of a line, if any, and the rest of the line."""
        text = raw.lstrip(" \t")
        column = len(raw) - len(text) + 1
        match = _TIME.match(text)
        if match is None:
            return None, text.strip()
        rest = text[match.end() :].strip()
        try:
            return _Stamp(parse_bracket(match.group()), number, column), rest
        except ValueError as error:
            self.diagnostics.error(
                "transcript-time",
                f"bad time {match.group()}: {error}",
                self.location.at(number, column),
                hint="write [mm:ss] or [hh:mm:ss], e.g. [01:05] or [01:02:03]",
            )
            return _Stamp(None, number, column), rest

    def blocks(self) -> list[Block]:
        """The paragraphs as blocks, after checking that all or none are timed."""
        timed = [p.time is not None for p in self.paragraphs]
        if any(timed) and not all(timed):
            first = self.paragraphs[timed.index(False)]
            self.diagnostics.error(
                "transcript-partial-times",
                "this paragraph has no [mm:ss] time, but others have one",
                self.location.at(first.line, 1),
                hint="give every paragraph a time, or remove all the times",
            )
            return []
        cues = [
            Cue(
                p.time.ms if p.time is not None else None,
                None,
                p.text,
                p.speaker,
                self.location.at(p.line),
            )
            for p in self.paragraphs
        ]
        starts = [
            p.time.ms for p in self.paragraphs if p.time is not None and p.time.ms is not None
        ]
        if cues and len(starts) == len(cues):
            cues = _chain(cues, starts)
        return [
            Block(cue, p.kind, starts_paragraph=True)
            for cue, p in zip(cues, self.paragraphs, strict=True)
        ]


def _chain(cues: list[Cue], starts: list[int]) -> list[Cue]:
    """Give each timed paragraph the span up to the next paragraph's time.

    Paragraphs sharing one time share that span by length; the last run keeps an open end
    (its earlier cues zero-length) for ``with_duration``.
    """
    chained: list[Cue] = []
    i = 0
    while i < len(cues):
        j = i + 1
        while j < len(cues) and starts[j] == starts[i]:
            j += 1
        run = cues[i:j]
        if j < len(cues):
            chained.extend(share_times(run, starts[i], starts[j]))
        else:
            chained.extend(Cue(starts[i], starts[i], c.text, c.speaker, c.source) for c in run[:-1])
            chained.append(run[-1])
        i = j
    return chained
