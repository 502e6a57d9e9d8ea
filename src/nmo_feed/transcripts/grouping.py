"""Group cues into speaker turns and paragraphs, and share a time span between pieces of text.

Every parser hands over a flat list of ``Block`` (a cue plus what its format says about
layout); ``group`` is the one place that turns such a list into turns and paragraphs:

- consecutive cues with the same speaker are one turn (a new turn starts when the speaker
  changes, including from or to an unknown speaker);
- within a turn a new paragraph starts
  - where the format says so (every ``.md``/``.txt`` paragraph is its own block),
  - where the kind changes (speech / on-screen description),
  - after a silence of 2 seconds or more between one cue's end and the next cue's start,
  - after a cue that ends a sentence once the paragraph already holds about 400 characters,
    so a long VTT, SRT or JSON monologue still reads as paragraphs.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from ..model import Cue, Paragraph, ParagraphKind, Transcript, Turn
from ..rules import CONTROL

PARAGRAPH_GAP_MS = 2000
"""A silence this long between two cues of one speaker starts a new paragraph."""
PARAGRAPH_CHARS = 400
"""A paragraph this long ends at the next end of a sentence."""
MS_PER_WORD = 400
"""About 150 words a minute: the speaking rate used when a paragraph's end must be guessed."""
MIN_ESTIMATE_MS = 1000

# A sentence ends with . ! ? or … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SPACE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class Block:
    """A cue as a parser found it, with the layout its format gives it."""

    cue: Cue
    kind: ParagraphKind = "speech"
    starts_paragraph: bool = False
    """True when the format itself marks a paragraph here (each ``.md`` paragraph)."""


def group(blocks: Sequence[Block]) -> tuple[Turn, ...]:
    """Return the turns and paragraphs of a list of blocks (rules in the module docstring)."""
    turns: list[Turn] = []
    paragraphs: list[Paragraph] = []
    cues: list[Cue] = []
    kind: ParagraphKind = "speech"
    length = 0  # characters in the open paragraph, cues joined by spaces
    for index, block in enumerate(blocks):
        same_turn = index > 0 and block.cue.speaker == blocks[index - 1].cue.speaker
        if cues and (not same_turn or _starts_paragraph(block, kind, cues[-1], length)):
            paragraphs.append(Paragraph(tuple(cues), kind))
            cues, length = [], 0
        if paragraphs and not same_turn:
            turns.append(Turn(paragraphs[0].cues[0].speaker, tuple(paragraphs)))
            paragraphs = []
        length += len(block.cue.text) + (1 if cues else 0)
        cues.append(block.cue)
        kind = block.kind
    if cues:
        paragraphs.append(Paragraph(tuple(cues), kind))
    if paragraphs:
        turns.append(Turn(paragraphs[0].cues[0].speaker, tuple(paragraphs)))
    return tuple(turns)


def _starts_paragraph(block: Block, kind: ParagraphKind, previous: Cue, length: int) -> bool:
    """Whether ``block`` opens a new paragraph after ``previous``, in a paragraph of ``length``."""
    if block.starts_paragraph or block.kind != kind:
        return True
    start, end = block.cue.start_ms, previous.end_ms
    if start is not None and end is not None and start - end >= PARAGRAPH_GAP_MS:
        return True
    return length >= PARAGRAPH_CHARS and _SENTENCE_END.search(previous.text) is not None


def clean_text(text: str) -> str:
    """Return text with runs of spaces, tabs and line breaks made one space, trimmed.

    Other spaces (no-break space from ``&nbsp;``) are kept: they are meant.
    """
    # Most paragraphs are one line with single spaces, which the substitution would copy
    # space by space (a quarter of a millisecond per paragraph): only a text with a run to
    # fold goes through it.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACE.sub(" ", text)
    return text.strip(" ")


def control_characters(text: str) -> list[int]:
    """Return the offsets of control characters other than tab and newline in ``text``."""
    return [m.start() for m in CONTROL.finditer(text)]


def split_span(start_ms: int, end_ms: int, weights: Sequence[int]) -> list[int]:
    """Return the boundaries (first = start, last = end) sharing a span in proportion to weights.

    Boundaries are integers rounded from the exact shares (so the pieces stay contiguous and
    the total is exact), then nudged so each piece lasts at least 1 ms whenever the span
    allows it.
    """
    span = end_ms - start_ms
    total = sum(weights) or 1
    half = total // 2
    bounds = [start_ms + (span * running + half) // total for running in accumulate(weights)]
    bounds.insert(0, start_ms)
    bounds[-1] = end_ms
    # When every share is at least 1 ms before rounding, the rounded boundaries already
    # rise strictly and the nudging below would change nothing: the common case (a
    # caption's share of its paragraph), whose two loops were most of this function.
    if span >= len(weights) and span * min(weights, default=0) < total:
        for i in range(1, len(bounds) - 1):
            bounds[i] = max(bounds[i], bounds[i - 1] + 1)
        for i in range(len(bounds) - 2, 0, -1):
            bounds[i] = min(bounds[i], bounds[i + 1] - 1)
    return bounds


def with_duration(transcript: Transcript, duration_ms: int | None) -> Transcript:
    """Return the transcript with the end of its last cue filled in (see ``transcripts``).

    The end is the media duration when it is known and later than the last start, otherwise
    an estimate of about 150 words a minute. Cues at the end that share the last start time
    (``.md`` paragraphs with the same ``[mm:ss]``) share the span by length.
    """
    cues = transcript.cues
    if not transcript.timed or cues[-1].end_ms is not None:
        return transcript
    start = cues[-1].start_ms
    assert start is not None  # transcript.timed guarantees it
    # Earlier cues with the same start are .md paragraphs that could not be timed apart yet.
    run = 1
    while run < len(cues) and cues[-run - 1].start_ms == start == cues[-run - 1].end_ms:
        run += 1
    tail = cues[-run:]
    if duration_ms is not None and duration_ms > start:
        end = duration_ms
    else:
        words = sum(len(cue.text.split()) for cue in tail)
        end = start + max(MIN_ESTIMATE_MS, words * MS_PER_WORD)
    timed_tail = share_times(tail, start, end)
    return replace_cues(transcript, [*cues[:-run], *timed_tail])


def share_times(cues: Sequence[Cue], start_ms: int, end_ms: int) -> list[Cue]:
    """Return the cues re-timed to share one span in proportion to their text length."""
    bounds = split_span(start_ms, end_ms, [len(cue.text) + 1 for cue in cues])
    return [
        dataclasses.replace(cue, start_ms=bounds[i], end_ms=bounds[i + 1])
        for i, cue in enumerate(cues)
    ]


def replace_cues(transcript: Transcript, cues: Sequence[Cue]) -> Transcript:
    """Return the transcript with the same structure holding ``cues`` in place of its own."""
    supply: Iterator[Cue] = iter(cues)
    turns = tuple(
        Turn(
            turn.speaker,
            tuple(
                Paragraph(tuple(next(supply) for _ in paragraph.cues), paragraph.kind)
                for paragraph in turn.paragraphs
            ),
        )
        for turn in transcript.turns
    )
    return dataclasses.replace(transcript, turns=turns)
