"""Read and write WebVTT: cue times, ``<v Speaker>`` voices and plain cue text.

The reader follows the WebVTT grammar closely and reports every problem with its position:
a missing ``WEBVTT`` header, malformed timestamps, cues that end before they start or start
before the previous cue, blocks that are not cues, and stray ``<`` in cue text. NOTE, STYLE
and REGION blocks, cue identifiers and cue settings are skipped. In cue text, ``<v Name>`` or
``<v.class Name>`` names the speaker, every other tag is dropped, character references are
decoded, and lines are joined with a space. A cue without a voice keeps the previous cue's
speaker, since podcast VTT names the speaker only when it changes.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence

from ..errors import Diagnostics, SourceLocation
from ..model import Cue
from .captions import Caption, timings
from .grouping import Block, clean_text, control_characters
from .lines import CueReader, Line, numbered, runs
from .timecode import format_vtt, parse_vtt

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
_TAG_OR_REFERENCE = re.compile(r"<([^>]*)>|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_VOICE = re.compile(r"v(?:\.[^ \t]*)?[ \t]+(.*)", re.DOTALL)
_ARROW = "-->"


def parse(text: str, location: SourceLocation, diagnostics: Diagnostics) -> list[Block]:
    """Return the cues of a WebVTT file as blocks; report each problem in ``diagnostics``."""
    lines = numbered(text)
    if not _HEADER.fullmatch(lines[0][1]):
        diagnostics.error(
            "vtt-header",
            "a WebVTT file must start with the line WEBVTT",
            location.at(1, 1),
            hint="add a first line WEBVTT followed by a blank line",
        )
    if _ARROW not in lines[0][1]:
        # The header block, or whatever stands in place of a mistyped header.
        lines = _after_header(lines)
    reader = _Reader(location, diagnostics)
    for block in runs(lines):
        reader.read_block(block)
    return reader.blocks


def _after_header(lines: list[Line]) -> list[Line]:
    """The lines after the header block: the WEBVTT line and any lines up to a blank one.

    A timing line also ends the header, so a missing blank line does not hide the first cue.
    """
    for index, (_, line) in enumerate(lines):
        if not line.strip() or (index > 0 and _ARROW in line):
            return lines[index:]
    return []


class _Reader(CueReader):
    FORMAT = "vtt"
    format_time = staticmethod(format_vtt)
    """Turns blocks into cues, carrying the speaker and the previous start from cue to cue."""

    def read_block(self, block: list[Line]) -> None:
        """Read a NOTE/STYLE/REGION block (skipped) or one or more cues."""
        first_number, first = block[0]
        if _SKIPPED_BLOCK.fullmatch(first):
            return
        timing = next((i for i, (_, line) in enumerate(block) if _ARROW in line), None)
        if timing is None or timing > 1:
            self.error(
                "vtt-timing",
                "this block is not a cue: expected a timing line 'start --> end'",
                first_number,
                1,
                hint="separate cues with one blank line; a NOTE block starts with NOTE",
            )
            return
        # Lines before the timing line are the identifier; a later line with --> starts the
        # next cue even without a blank line (as the WebVTT parser does).
        cue_start = block[0]
        while timing < len(block):
            end = next(
                (i for i in range(timing + 1, len(block)) if _ARROW in block[i][1]), len(block)
            )
            self.read_cue(cue_start[0], block[timing], block[timing + 1 : end])
            if end < len(block):
                cue_start = block[end]
            timing = end

    def read_cue(self, first_line: int, timing: Line, payload: list[Line]) -> None:
        """Read one cue: its timing line and the lines of its text."""
        times = self._times(timing)
        speaker, text = self._payload(payload)
        if speaker is not None:
            self.speaker = speaker
        if times is None or not text:
            return
        start, end = times
        cue = Cue(start, end, text, self.speaker, self.location.at(first_line))
        self.blocks.append(Block(cue))

    def _times(self, timing: Line) -> tuple[int, int] | None:
        """The start and end of a timing line, checked against each other and the last cue."""
        number, line = timing
        arrow = line.index(_ARROW)
        start = self._stamp(number, line[:arrow], 0)
        after = line[arrow + len(_ARROW) :]
        end_field = after.lstrip(" \t")
        end_text = end_field.split(maxsplit=1)[0] if end_field.strip() else ""
        end = self._stamp(number, end_text, len(line) - len(end_field))
        if start is None or end is None:
            return None
        return self.span(number, start, end)

    def _stamp(self, number: int, field: str, offset: int) -> tuple[int, int] | None:
        """The milliseconds and column of the timestamp in ``field`` (at ``offset`` in its line)."""
        text = field.strip(" \t")
        column = offset + len(field) - len(field.lstrip(" \t")) + 1
        try:
            return parse_vtt(text), column
        except ValueError as error:
            message = str(error) if text else "missing timestamp"
            self.error("vtt-timestamp", message, number, column, hint="write hh:mm:ss.mmm")
            return None

    def _payload(self, payload: list[Line]) -> tuple[str | None, str]:
        """The voice (speaker) and the plain text of a cue's lines."""
        speaker: str | None = None
        parts: list[str] = []
        for number, line in payload:
            voice, text = self._plain(number, line)
            speaker = speaker or voice
            parts.append(text)
        return speaker, clean_text(" ".join(parts))

    def _plain(self, number: int, line: str) -> tuple[str | None, str]:
        """One payload line without its tags, with character references decoded."""
        voice: str | None = None
        out: list[str] = []
        position = 0
        for match in _TAG_OR_REFERENCE.finditer(line):
            out.append(self._literal(number, line, position, match.start()))
            position = match.end()
            if match.group(1) is not None:
                voice = voice or self._tag(number, match)
            else:
                out.append(self._reference(number, match))
        out.append(self._literal(number, line, position, len(line)))
        return voice, "".join(out)

    def _literal(self, number: int, line: str, start: int, end: int) -> str:
        """Text between tags; a '<' here opens a tag that never closes."""
        text = line[start:end]
        if "<" in text:
            self.error(
                "vtt-payload",
                "'<' starts a tag that is not closed on this line",
                number,
                start + text.index("<") + 1,
                hint="write &lt; for a literal <",
            )
        return text

    def _tag(self, number: int, match: re.Match[str]) -> str | None:
        """The speaker of a ``<v>`` tag, None for other tags (which are dropped)."""
        content = match.group(1)
        if not content or content[0] in " \t":
            self.error(
                "vtt-payload",
                f"'{match.group()}' is not a tag",
                number,
                match.start() + 1,
                hint="write &lt; and &gt; for literal < and >",
            )
            return None
        voice = _VOICE.fullmatch(content)
        if voice is None:
            return None
        name = clean_text(html.unescape(voice.group(1)))
        if control_characters(name):
            self._control(number, match.start())
        return name or None

    def _reference(self, number: int, match: re.Match[str]) -> str:
        """The character a reference such as ``&amp;`` or ``&#233;`` stands for."""
        name = match.group(2)
        if name.startswith("#"):
            # html.unescape silently drops references to control characters; report them.
            code = int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:])
            if code < 0x110000 and control_characters(chr(code)):
                self._control(number, match.start())
        return html.unescape(match.group())

    def _control(self, number: int, offset: int) -> None:
        self.error(
            "transcript-control-char",
            "a character reference here stands for a control character",
            number,
            offset + 1,
            hint="remove it",
        )


def render(cut: Sequence[Caption]) -> str:
    """Return captions cut at ``VTT_LINE`` as WebVTT, voiced ``<v Name>`` when the speaker is
    known."""
    blocks = []
    for caption, timing in zip(cut, timings(cut, format_vtt), strict=True):
        lines = [escape(line) for line in caption.lines]
        name = voice_name(caption.speaker)
        if name:
            lines[0] = f"<v {name}>{lines[0]}"
        blocks.append("\n".join([timing, *lines]))
    return "\n\n".join(["WEBVTT", *blocks]) + "\n"


def escape(text: str) -> str:
    """Return cue text with ``&``, ``<`` and ``>`` escaped (so ``-->`` cannot occur either)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=256)  # asked once per caption, for a handful of speakers
def voice_name(speaker: str | None) -> str | None:
    """Return a speaker name for ``<v ...>``, every character kept: WebVTT annotation text may
    not hold a raw ``&`` or ``>`` (nor a line break) but may hold character references, which
    the WebVTT parser decodes; ``<`` is escaped too so a reader that skips that step sees the
    name in one consistent HTML-escaped form."""
    if speaker is None:
        return None
    return escape(clean_text(speaker)) or None
