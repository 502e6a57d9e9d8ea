"""Read and write SRT (SubRip): numbered cards with ``hh:mm:ss,mmm --> hh:mm:ss,mmm`` times.

SRT has no voice markup. As the Podcast Index suggests, a card that starts a new speaker
begins ``Name: ``; the reader takes such a prefix as the speaker when it looks like a name
(at most 5 words, starting with a capital letter or a letter of a script without case) and
otherwise keeps the previous speaker. Formatting tags that SRT players understand (``<i>``,
``<b>``, ``<u>``, ``<font ...>``) and ``{\\an8}``-style position codes are dropped; other
text, ``<`` and ``&`` included, is kept as it is, because SRT has no escapes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import Diagnostics, SourceLocation
from ..model import Cue
from .captions import Caption, timings
from .grouping import Block, clean_text
from .lines import CueReader, Line, numbered, runs
from .timecode import format_srt, parse_srt

NAME_MAX_WORDS = 5

_NUMBER = re.compile(r"[0-9]+")
_FORMATTING = re.compile(r"</?[ibu]>|<font\b[^>]*>|</font>|\{\\[^}]*\}", re.IGNORECASE)
_NAME_PREFIX = re.compile(r"([^:]+): (.*)", re.DOTALL)
_ARROW = "-->"


def parse(text: str, location: SourceLocation, diagnostics: Diagnostics) -> list[Block]:
    """Return the cards of an SRT file as blocks; report each problem in ``diagnostics``."""
    reader = _Reader(location, diagnostics)
    for card in runs(numbered(text)):
        reader.read_card(card)
    return reader.blocks


def speaker_prefix(text: str) -> tuple[str | None, str]:
    """Split ``Name: text`` into the name and the text when the prefix looks like a name."""
    match = _NAME_PREFIX.fullmatch(text)
    if match is None:
        return None, text
    name = match.group(1).strip()
    # "Capital" includes letters of scripts without case (李雷), but not lower-case words.
    first = name[:1]
    if not first.isalpha() or first.islower() or len(name.split()) > NAME_MAX_WORDS:
        return None, text
    return name, match.group(2)


class _Reader(CueReader):
    FORMAT, CUE = "srt", "card"
    format_time = staticmethod(format_srt)
    """Turns cards into cues, carrying the speaker and the previous start from card to card."""

    def read_card(self, card: list[Line]) -> None:
        """Read one card: number, timing line, text lines."""
        first_number, first = card[0]
        if _ARROW in first:
            self.error(
                "srt-number", "the card has no number before its timing line", first_number, 1
            )
            timing, text_lines = card[0], card[1:]
        else:
            self._number(first_number, first)
            if len(card) < 2 or _ARROW not in card[1][1]:
                self.error(
                    "srt-timing",
                    "expected a timing line 'hh:mm:ss,mmm --> hh:mm:ss,mmm' after the number",
                    card[1][0] if len(card) > 1 else first_number,
                    1,
                    hint="separate cards with one blank line",
                )
                return
            timing, text_lines = card[1], card[2:]
        times = self._times(timing)
        text = clean_text(_FORMATTING.sub("", " ".join(line for _, line in text_lines)))
        speaker, text = speaker_prefix(text)
        if speaker is not None:
            self.speaker = speaker
        if times is not None and text:
            cue = Cue(times[0], times[1], text, self.speaker, self.location.at(first_number))
            self.blocks.append(Block(cue))

    def _number(self, number: int, line: str) -> None:
        text = line.strip()
        if not _NUMBER.fullmatch(text):
            column = len(line) - len(line.lstrip()) + 1
            self.error("srt-number", f"'{text}' is not a card number", number, column)

    def _times(self, timing: Line) -> tuple[int, int] | None:
        """The start and end of a timing line, checked against each other and the last card."""
        number, line = timing
        fields = [(m.group(), m.start() + 1) for m in re.finditer(r"[^ \t]+", line)]
        arrow = next((i for i, (text, _) in enumerate(fields) if text == _ARROW), None)
        if arrow != 1 or len(fields) < 3:
            self.error(
                "srt-timestamp",
                "expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm' with spaces around -->",
                number,
                1,
            )
            return None
        start, end = self._stamp(number, *fields[0]), self._stamp(number, *fields[2])
        if start is None or end is None:
            return None
        return self.span(number, (start, fields[0][1]), (end, fields[2][1]))

    def _stamp(self, number: int, text: str, column: int) -> int | None:
        try:
            return parse_srt(text)
        except ValueError as error:
            self.error("srt-timestamp", str(error), number, column, hint="write hh:mm:ss,mmm")
            return None


def render(cut: Sequence[Caption]) -> str:
    """Return captions cut at ``SRT_LINE`` with speaker name prefixes as SRT cards."""
    cards = [
        "\n".join([str(index), timing, *caption.lines])
        for index, (caption, timing) in enumerate(
            zip(cut, timings(cut, format_srt), strict=True), start=1
        )
    ]
    return "\n\n".join(cards) + "\n" if cards else ""
