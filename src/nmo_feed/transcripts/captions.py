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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

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
    total = len(prefix) + len(text) + 1
    # The longest text whose proportional share of the span stays under max_ms.
    max_chars = (max_ms - 1) * total // span - 1
    # The prefix's own spaces ("Carlos Díaz: ") are no place to break: it is packed as
    # one word with the first, then put back.
    packed = _pack("_" * len(prefix) + text, max_line, max_lines, max_chars)
    pieces = [lines for lines, _ in packed]
    pieces[0][0] = prefix + pieces[0][0][len(prefix) :]
    lengths = [length for _, length in packed]
    if span < len(pieces):
        # Less than a millisecond per caption: no honest split exists, so keep one caption.
        pieces = [[line for piece in pieces for line in piece]]
        lengths = [len(" ".join(pieces[0])) + 1]
    bounds = split_span(start_ms, end_ms, lengths)
    return [
        Caption(bounds[i], bounds[i + 1], tuple(piece), speaker) for i, piece in enumerate(pieces)
    ]


def _pack(text: str, max_line: int, max_lines: int, max_chars: int) -> list[tuple[list[str], int]]:
    """Fill lines and captions greedily with the words of ``text`` (split at each space).

    Returns each caption's lines and its length (its characters plus the space after it).
    Works on positions in the text, not on a list of words: where a line or a caption ends
    is the last space within reach, one ``rfind`` a line, which made this five times
    faster than bisecting the words' offsets (itself one step a line, not one a word).
    """
    end = len(text)
    pieces: list[tuple[list[str], int]] = []
    start = 0
    while True:
        # The caption ends at ``limit``; its first word is taken even when too long.
        limit = _reach(text, start, max_chars, end)
        lines: list[str] = []
        first = start
        while True:
            stop = _reach(text, first, max_line, limit)
            lines.append(text[first:stop])
            if stop == limit or len(lines) == max_lines:
                break
            first = stop + 1
        pieces.append((lines, stop - start + 1))
        if stop == end:
            return pieces
        start = stop + 1


def _reach(text: str, start: int, width: int, limit: int) -> int:
    """Where the most whole words from ``start`` that fit ``width`` characters end.

    Words end at a space or at ``limit``; a first word longer than ``width`` is taken whole
    (a word longer than a line gets a line of its own).
    """
    if limit - start <= width:
        return limit
    # (A negative end would count from the end of the text: a caption of a very slow cue
    # may have a negative width, and then holds its first word only.)
    stop = text.rfind(" ", start, start + width + 1) if width >= 0 else -1
    if stop < 0:
        stop = text.find(" ", start, limit)
    return limit if stop < 0 else stop
