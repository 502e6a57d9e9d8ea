"""Split a transcript's speech into caption-sized cues for WebVTT, SRT and JSON.

How text becomes captions
-------------------------

A caption holds at most two lines of at most 42 characters (WebVTT and Podcast Index JSON)
or 32 characters (SRT, as the Podcast Index recommends) and lasts at most about 7 seconds.

Each cue of the transcript is split on its own. A cue that already fits, as most cues of a
VTT or SRT file do, stays one caption with its own times. A longer one, typically a
paragraph of ``transcript.md``, which is timed only where it starts and where the next
paragraph starts, is cut between words: each line takes as many words as fit, each caption
two lines, and a word longer than a line gets a line of its own. The paragraph's time is
then shared out in proportion to the length of each caption (its characters plus the space
after it), which assumes an even speaking rate. So the captions of a paragraph follow each
other with no gap and no overlap, each ends strictly after it starts, and every time is a
whole millisecond. When speech is slow, a caption takes fewer words, so that its share of
the time stays within 7 seconds.

On-screen descriptions are left out: they describe the picture, not speech, and they stay
in the plain text and on the transcript page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import add

from ..model import Transcript
from .grouping import split_span

VTT_LINE = 42
"""Characters per caption line in WebVTT and JSON (the common broadcast limit)."""
SRT_LINE = 32
"""Characters per caption line in SRT (the Podcast Index transcript guidance)."""
MAX_LINES = 2
MAX_CAPTION_MS = 7000


@dataclass(frozen=True, slots=True)
class Caption:
    """One caption: its time, its lines of plain text and its speaker."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    speaker: str | None

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def captions(transcript: Transcript, max_line: int, *, name_prefix: bool = False) -> list[Caption]:
    """Return the captions of every speech cue, in order.

    With ``name_prefix`` the first caption of each new speaker starts ``Name: `` (the SRT
    way of naming speakers), counted in its line length. Raises ``ValueError`` when a cue
    has no start or end time.
    """
    result: list[Caption] = []
    last_speaker: str | None = None
    for turn in transcript.turns:
        for paragraph in turn.paragraphs:
            if paragraph.kind != "speech":
                continue
            for cue in paragraph.cues:
                if cue.start_ms is None or cue.end_ms is None:
                    raise ValueError(f"cue at {cue.source} has no start or end time")
                prefix = ""
                if name_prefix and cue.speaker is not None and cue.speaker != last_speaker:
                    prefix = f"{cue.speaker}: "
                last_speaker = cue.speaker
                result.extend(
                    split_cue(
                        cue.text, cue.start_ms, cue.end_ms, cue.speaker, max_line, prefix=prefix
                    )
                )
    return result


def timings(cut: Sequence[Caption], stamp: Callable[[int], str]) -> list[str]:
    """The ``start --> end`` line of each caption, its times written by ``stamp``.

    The captions of a paragraph follow each other with no gap, so most start where the last
    one ended: that stamp is reused instead of being written again, which halves the work
    of the WebVTT and SRT writers' busiest step.
    """
    lines = []
    end_ms, end = -1, ""
    for caption in cut:
        start = end if caption.start_ms == end_ms else stamp(caption.start_ms)
        end_ms, end = caption.end_ms, stamp(caption.end_ms)
        lines.append(f"{start} --> {end}")
    return lines


def split_cue(
    text: str,
    start_ms: int,
    end_ms: int,
    speaker: str | None,
    max_line: int,
    *,
    max_lines: int = MAX_LINES,
    max_ms: int = MAX_CAPTION_MS,
    prefix: str = "",
) -> list[Caption]:
    """Return the captions of one cue's text and span (the method is in the module docstring).

    ``prefix`` (an SRT ``Name: ``) is glued to the first word, so it never stands alone.
    """
    span = end_ms - start_ms
    if span <= 0:
        raise ValueError(f"a cue must end after it starts ({start_ms} -> {end_ms})")
    words = text.split(" ")
    words[0] = prefix + words[0]
    total = len(prefix) + len(text) + 1
    # The longest text whose proportional share of the span stays under max_ms.
    max_chars = (max_ms - 1) * total // span - 1
    pieces = _pack(words, max_line, max_lines, max_chars)
    if span < len(pieces):
        # Less than a millisecond per caption: no honest split exists, so keep one caption.
        pieces = [[line for piece in pieces for line in piece]]
    bounds = split_span(start_ms, end_ms, [len(" ".join(piece)) + 1 for piece in pieces])
    return [
        Caption(bounds[i], bounds[i + 1], tuple(piece), speaker) for i, piece in enumerate(pieces)
    ]


def _pack(words: list[str], max_line: int, max_lines: int, max_chars: int) -> list[list[str]]:
    """Fill lines and captions greedily with words; each caption is a list of lines.

    ``offsets[k]`` is where word k starts in the words joined by spaces, so words a to b - 1
    take ``offsets[b] - offsets[a] - 1`` characters and the most words that fit a line or a
    caption are found by bisection: one step a line instead of one a word, which made this
    the hot spot of rendering captions.
    """
    count = len(words)
    offsets = list(map(add, accumulate(map(len, words), initial=0), range(count + 1)))
    joined = " ".join(words)
    line_reach, caption_reach = max_line + 1, max_chars + 1
    pieces: list[list[str]] = []
    start = 0
    while start < count:
        # The caption ends before word ``limit``; its first word is taken even when too long.
        limit = bisect_right(offsets, offsets[start] + caption_reach, start) - 1
        if limit <= start:
            limit = start + 1
        lines: list[str] = []
        first = start
        while first < limit and len(lines) < max_lines:
            end = bisect_right(offsets, offsets[first] + line_reach, first, limit + 1) - 1
            if end <= first:
                end = first + 1  # a word longer than a line gets a line of its own
            lines.append(joined[offsets[first] : offsets[end] - 1])
            first = end
        pieces.append(lines)
        start = first
    return pieces
