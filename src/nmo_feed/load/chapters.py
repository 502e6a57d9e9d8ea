"""Chapters: ``chapters.json`` (Podcast Index JSON chapters) or ``chapters:`` front matter in,
JSON chapters 1.2.0 out.

An episode gives its chapters one way or the other, never both:

- ``chapters.json`` in the episode folder, as the podcast namespace specifies it
  (``{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, ...]}``); each
  problem is reported at the line of the chapter's own ``{``;
- ``chapters:`` in ``episode.md``: a list of ``{start, title}`` (with optional ``end``,
  ``url``, ``img`` and ``toc``), ``start`` in seconds or as ``mm:ss`` / ``hh:mm:ss``.

Chapters must start in increasing order and inside the media. The build writes them to
``episodes/<slug>/chapters.json`` and links them with ``podcast:chapters``; the transcript page
shows a heading where each listed chapter starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import TOO_DEEP, Diagnostics, SourceError, SourceLocation
from ..model import Chapter
from ..rules import CONTROL, HTTP_URL
from ..transcripts import timecode
from ..transcripts.podcast_json import (
    array_spans,
    is_seconds,
    positions,
    shown,
    time_span_problems,
    to_ms,
)
from .discover import linked_outside
from .fields import Fields
from .sources import read_text

CHAPTERS_FILE = "chapters.json"
VERSION = "1.2.0"
MIME_TYPE = "application/json+chapters"
CHAPTER_KEYS = ("startTime", "endTime", "title", "img", "url", "toc")
FRONT_MATTER_KEYS = ("start", "end", "title", "img", "url", "toc")
# 0:35, 00:35, 1:02:03, 01:02:03.250 (plain seconds are numbers in YAML)
_TIME = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:\.(\d{1,3}))?$", re.ASCII)


def load(
    root: Path,
    folder: PurePosixPath,
    f: Fields,
    duration_ms: int | None,
    diagnostics: Diagnostics,
) -> tuple[Chapter, ...] | None:
    """The episode's chapters (empty when it has none); None after reporting an error."""
    path = root / folder / CHAPTERS_FILE
    in_front_matter = f.present("chapters")
    if path.is_file() and in_front_matter:
        f.error(
            "chapters",
            "chapters-duplicate",
            f"the episode has both {CHAPTERS_FILE} and 'chapters:' in its front matter",
            hint="keep one of them",
        )
        return None
    if path.is_file():
        if linked_outside(root, folder / CHAPTERS_FILE, "chapters-outside", diagnostics):
            return None
        location = SourceLocation(folder / CHAPTERS_FILE)
        try:
            text = read_text(path, location)
        except SourceError as exc:
            diagnostics.add(exc.diagnostic)
            return None
        return parse_json(text, location, duration_ms, diagnostics)
    if in_front_matter:
        return _front_matter(f, duration_ms)
    return ()


# --- chapters.json ------------------------------------------------------------------------


def parse_json(
    text: str, location: SourceLocation, duration_ms: int | None, diagnostics: Diagnostics
) -> tuple[Chapter, ...] | None:
    """The chapters of a JSON chapters file; None after reporting every problem found."""
    diagnostics = diagnostics.child()  # this file's own problems decide what it returns
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        diagnostics.error(
            "chapters-syntax", f"invalid JSON: {error.msg}", location.at(error.lineno, error.colno)
        )
        return None
    except RecursionError:  # Python's parser is recursive: [[[[... a thousand deep
        diagnostics.error("chapters-syntax", TOO_DEEP, location.at(1, 1))
        return None
    top = location.at(1, 1)
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        diagnostics.error(
            "chapters-format",
            'a chapters file must be an object with a "chapters" list',
            top,
            hint='{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}',
        )
        return None
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith("1."):
        diagnostics.error(
            "chapters-format",
            f'"version" must be a 1.x version string such as "{VERSION}", not {shown(version)}',
            top,
        )
    if not data["chapters"]:
        diagnostics.error("chapters-format", 'the "chapters" list is empty', top)
    spans = array_spans(text, "chapters")
    wheres = [location.at(*place) for place in positions(text, [start for start, _ in spans])]
    chapters = [
        _json_chapter(index, entry, wheres[index], diagnostics)
        for index, entry in enumerate(data["chapters"])
    ]
    starts = [
        (to_ms(entry["startTime"]), wheres[index])
        for index, entry in enumerate(data["chapters"])
        if isinstance(entry, dict) and is_seconds(entry.get("startTime"))
    ]
    _check_times(starts, duration_ms, diagnostics)
    if not diagnostics.ok:
        return None
    return tuple(c for c in chapters if c is not None)


def _json_chapter(
    index: int, entry: Any, where: SourceLocation, diagnostics: Diagnostics
) -> Chapter | None:
    label = f"chapters[{index}]"
    if not isinstance(entry, dict):
        diagnostics.error("chapters-entry", f"{label}: a chapter must be an object", where)
        return None
    for key in entry:
        if key not in CHAPTER_KEYS:
            diagnostics.warning(
                "unknown-key",
                f"{label}: '{key}' is not carried into the published chapters",
                where,
                hint=f"nmo-feed publishes: {', '.join(CHAPTER_KEYS)}",
            )
    start, end = entry.get("startTime"), entry.get("endTime")
    problems = time_span_problems(start, end)
    problems += _text_problems(entry, "title")
    problems += [p for key in ("img", "url") for p in _url_problems(entry, key)]
    if "toc" in entry and not isinstance(entry["toc"], bool):
        problems.append(f"toc {shown(entry['toc'])} is not true or false")
    for problem in problems:
        diagnostics.error("chapters-entry", f"{label}: {problem}", where)
    if problems or start is None:
        return None
    title = entry.get("title")
    return Chapter(
        start_ms=to_ms(start),
        title=(title.strip() or None) if isinstance(title, str) else None,
        end_ms=None if end is None else to_ms(end),
        img=entry.get("img"),
        url=entry.get("url"),
        toc=entry.get("toc", True),
        source=where,
    )


def _text_problems(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, str):
        return [f"{key} {shown(value)} is not a string"]
    if CONTROL.search(value):
        return [f"{key} contains a control character"]
    return []


def _url_problems(entry: dict[str, Any], key: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, str) or not HTTP_URL.match(value.strip()):
        return [f"{key} {shown(value)} is not an absolute http(s) URL"]
    return []


# --- front matter -------------------------------------------------------------------------


def _front_matter(f: Fields, duration_ms: int | None) -> tuple[Chapter, ...] | None:
    chapters = []
    starts: list[tuple[int, SourceLocation]] = []
    valid = True
    for index, entry in f.items("chapters"):
        item = f.item_mapping("chapters", index, entry)
        if item is None:
            valid = False
            continue
        item.unknown(FRONT_MATTER_KEYS)
        start = _time(item, "start", required=True)
        end = _time(item, "end")
        if start is not None and end is not None and end <= start:
            item.error(
                "end",
                "chapters-entry",
                f"'{item.key('end')}' {timecode.format_label(end)} is not after its start"
                f" {timecode.format_label(start)}",
            )
        title = item.text("title", max_bytes=255)
        img, url = item.url("img"), item.url("url")
        toc = item.boolean("toc", default=True)
        if start is not None:
            starts.append((start, item.loc("start")))
        if item.ok and start is not None:
            chapters.append(Chapter(start, title, end, img, url, bool(toc), item.loc("start")))
        valid = valid and item.ok
    valid = _check_times(starts, duration_ms, f.diagnostics) and valid
    if not valid:
        return None
    return tuple(chapters)


def _time(item: Fields, name: str, *, required: bool = False) -> int | None:
    """Milliseconds from seconds (``35``, ``35.5``) or a time (``0:35``, ``01:02:03``)."""
    if not item.present(name):
        if required:
            item.require(name, hint="start: 0:35  (or seconds: 35)")
        return None
    value = item.values[name]
    if item.misread_number(name):
        return None
    if is_seconds(value):
        return to_ms(value)
    if isinstance(value, str) and (match := _TIME.fullmatch(value.strip())):
        hours, minutes, seconds, fraction = match.groups()
        total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds)
        return total * 1000 + int((fraction or "0").ljust(3, "0"))
    item.error(
        name,
        "chapters-entry",
        f"'{item.key(name)}' is {value!r}, not seconds or a time such as 0:35 or 1:02:03",
    )
    return None


# --- shared rules -------------------------------------------------------------------------


def _check_times(
    starts: Sequence[tuple[int, SourceLocation]],
    duration_ms: int | None,
    diagnostics: Diagnostics,
) -> bool:
    """Report chapter starts out of order or past the end of the media; True when none are.

    ``starts`` holds every chapter whose start could be read, with where it is written, so
    the order is checked even among chapters that have other problems."""
    ok = True
    for (previous, _), (start, where) in zip(starts, starts[1:], strict=False):
        if start <= previous:
            ok = False
            diagnostics.error(
                "chapters-order",
                f"a chapter starting at {timecode.format_label(start)} follows one"
                f" starting at {timecode.format_label(previous)}; chapters must be in"
                " increasing order of start",
                where,
            )
    for start, where in starts:
        if duration_ms is not None and start >= duration_ms:
            ok = False
            diagnostics.error(
                "chapters-time",
                f"a chapter starts at {timecode.format_label(start)}, after the end"
                f" of the media ({timecode.format_label(duration_ms)})",
                where,
            )
    return ok
