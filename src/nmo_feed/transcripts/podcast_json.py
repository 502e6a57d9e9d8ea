"""Read and write Podcast Index JSON transcripts (version 1.0.0).

``{"version": "1.0.0", "segments": [{"speaker": "...", "startTime": 0.5, "endTime": 0.75,
"body": "I"}]}`` with times in seconds. ``speaker`` and ``endTime`` are optional: a segment
without an end lasts until the next segment starts (the last one until ``with_duration``
fills it in). Each problem with a segment is reported at the line where its ``{`` starts and
names the segment's index.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from ..errors import TOO_DEEP, Diagnostics, SourceLocation
from ..model import Cue
from .captions import Caption
from .grouping import Block, clean_text, control_characters

VERSION = "1.0.0"
MAX_SECONDS = 1e9
"""Larger times are mistakes (and would overflow when turned into milliseconds)."""
_WHITESPACE = " \t\n\r"


@dataclass(frozen=True, slots=True)
class _Segment:
    index: int
    start_ms: int
    end_ms: int | None
    text: str
    speaker: str | None
    source: SourceLocation


def parse(text: str, location: SourceLocation, diagnostics: Diagnostics) -> list[Block]:
    """Return the segments of a Podcast Index JSON transcript as blocks; report problems."""
    try:
        # strict=False lets raw control characters through to the shared check, which
        # reports them with their own line and column.
        data = json.loads(text, strict=False)
    except json.JSONDecodeError as error:
        diagnostics.error(
            "json-syntax", f"invalid JSON: {error.msg}", location.at(error.lineno, error.colno)
        )
        return []
    except RecursionError:  # Python's parser is recursive: [[[[... a thousand deep
        diagnostics.error("json-syntax", TOO_DEEP, location.at(1, 1))
        return []
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        diagnostics.error(
            "json-transcript",
            'a JSON transcript must be an object with a "segments" list',
            location.at(1, 1),
            hint='{"version": "1.0.0", "segments": [{"startTime": 0, "body": "..."}]}',
        )
        return []
    spans = segment_spans(text)
    places = positions(text, [start for start, _ in spans])
    wheres = [location.at(line, column) for line, column in places]
    checked = [
        _check(i, segment, text[start:end], wheres[i], diagnostics)
        for i, (segment, (start, end)) in enumerate(zip(segments, spans, strict=True))
    ]
    starts = [
        (i, to_ms(segment["startTime"]), wheres[i])
        for i, segment in enumerate(segments)
        if isinstance(segment, dict) and is_seconds(segment.get("startTime"))
    ]
    _check_order(starts, diagnostics)
    valid = [segment for segment in checked if segment is not None]
    return _blocks(valid, diagnostics) if len(valid) == len(checked) else []


def segment_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each element of the top-level ``segments`` array."""
    return array_spans(text, "segments")


def array_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of each element of the top-level array ``name``.

    Walks the (already valid) JSON with ``raw_decode``, skipping every other value, so each
    element can be reported at the line of its own ``{``. The last ``name`` key wins, as
    it does in ``json.loads``.
    """
    decoder = json.JSONDecoder(strict=False)
    spans: list[tuple[int, int]] = []
    i = _skip(text, 0) + 1  # past the top-level "{"
    while True:
        i = _skip(text, i)
        if text[i] == "}":
            return spans
        key, i = decoder.raw_decode(text, i)
        i = _skip(text, _skip(text, i) + 1)  # past ":"
        if key == name:
            spans, i = _array_spans(text, i, decoder)
        else:
            _, i = decoder.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == ",":
            i += 1


def _array_spans(text: str, i: int, decoder: json.JSONDecoder) -> tuple[list[tuple[int, int]], int]:
    """The element spans of the array at ``i``, and the offset after the array."""
    spans: list[tuple[int, int]] = []
    if text[i] != "[":
        _, end = decoder.raw_decode(text, i)
        return spans, end
    i = _skip(text, i + 1)
    while text[i] != "]":
        _, end = decoder.raw_decode(text, i)
        spans.append((i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return spans, i + 1


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i


def positions(text: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The 1-based line and column of each offset (one pass over the text, then bisection)."""
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    places = []
    for offset in offsets:
        line = bisect.bisect_right(line_starts, offset)
        places.append((line, offset - line_starts[line - 1] + 1))
    return places


def _check(
    index: int, segment: Any, raw: str, where: SourceLocation, diagnostics: Diagnostics
) -> _Segment | None:
    """The segment's values, or None after reporting what is wrong with it.

    ``raw`` is the segment's own JSON text and ``where`` the position of its ``{``.
    """
    problems = _problems(segment)
    for problem in problems:
        diagnostics.error("json-segment", f"segments[{index}]: {problem}", where)
    if problems:
        return None
    body, speaker = clean_text(segment["body"]), segment.get("speaker")
    speaker = (clean_text(speaker) or None) if isinstance(speaker, str) else None
    for value in (body, speaker or ""):
        if any(value[i] not in raw for i in control_characters(value)):
            diagnostics.error(
                "transcript-control-char",
                f"segments[{index}]: an escape here stands for a control character",
                where,
            )
            return None
    end = segment.get("endTime")
    end_ms = None if end is None else to_ms(end)
    return _Segment(index, to_ms(segment["startTime"]), end_ms, body, speaker, where)


def time_span_problems(start: Any, end: Any) -> list[str]:
    """What is wrong with a JSON ``startTime`` (required) and ``endTime`` (optional), as
    phrases; shared by transcript segments and chapters."""
    problems = []
    if start is None:
        problems.append("startTime is missing")
    elif not is_seconds(start):
        problems.append(f"startTime {shown(start)} is not a number of seconds (0 or more)")
    if end is not None and not is_seconds(end):
        problems.append(f"endTime {shown(end)} is not a number of seconds (0 or more)")
    elif end is not None and is_seconds(start) and to_ms(end) <= to_ms(start):
        problems.append(f"endTime {shown(end)} is not after startTime {shown(start)}")
    return problems


def _problems(segment: Any) -> list[str]:
    """What is wrong with one segment, as phrases."""
    if not isinstance(segment, dict):
        return [f"a segment must be an object, not {shown(segment)}"]
    problems = time_span_problems(segment.get("startTime"), segment.get("endTime"))
    if not isinstance(segment.get("body"), str):
        problems.append(f"body {shown(segment.get('body'))} is not a string")
    speaker = segment.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        problems.append(f"speaker {shown(speaker)} is not a string")
    return problems


def shown(value: Any) -> str:
    """A JSON value as the file would spell it, cut short if long."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def is_seconds(value: Any) -> TypeGuard[float]:
    """A finite, non-negative JSON number of seconds (shared with JSON chapters)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and 0 <= value < MAX_SECONDS
    )


def to_ms(seconds: float) -> int:
    """Seconds from a JSON file as integer milliseconds."""
    return round(seconds * 1000)


def _check_order(starts: list[tuple[int, int, SourceLocation]], diagnostics: Diagnostics) -> None:
    """Report segments that start before the previous one (of those with a valid start)."""
    for (_, previous, _), (index, start, where) in itertools.pairwise(starts):
        if start < previous:
            diagnostics.error(
                "json-segment",
                f"segments[{index}]: startTime {start / 1000:g} is before"
                f" the previous segment's startTime {previous / 1000:g}",
                where,
                hint="segments must be in order of their start times",
            )


def _blocks(segments: list[_Segment], diagnostics: Diagnostics) -> list[Block]:
    """The segments with text as blocks, each open end closed by the next segment's start."""
    blocks = []
    for i, segment in enumerate(segments):
        end = segment.end_ms
        if end is None and i + 1 < len(segments):
            end = segments[i + 1].start_ms
            if end <= segment.start_ms:
                diagnostics.error(
                    "json-segment",
                    f"segments[{segment.index}]: has no endTime and the next segment starts at"
                    " the same time",
                    segment.source,
                    hint="give the segment an endTime",
                )
        if segment.text:
            cue = Cue(segment.start_ms, end, segment.text, segment.speaker, segment.source)
            blocks.append(Block(cue))
    return blocks


def render(cut: Sequence[Caption]) -> str:
    """Return captions cut at ``VTT_LINE`` as Podcast Index JSON, one segment per caption."""
    segments = []
    for caption in cut:
        segment: dict[str, object] = {}
        if caption.speaker is not None:
            segment["speaker"] = caption.speaker
        segment["startTime"] = round(caption.start_ms / 1000, 3)
        segment["endTime"] = round(caption.end_ms / 1000, 3)
        segment["body"] = caption.text
        segments.append(segment)
    document = {"version": VERSION, "segments": segments}
    # Compact: any indent makes json use its pure-Python encoder (the slowest step of
    # writing transcripts) and grows the file by a third; the file is for machines.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
