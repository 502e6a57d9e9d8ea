"""Chapters out: the Podcast Index JSON chapters file, and where chapter headings go in the
transcript (the page's h3 headings and the feed's ``content:encoded``)."""

from __future__ import annotations

import json
from typing import Any

from ..model import Chapter, Episode, Show

VERSION = "1.2.0"
MIME_TYPE = "application/json+chapters"


# --- placing chapters in the transcript ----------------------------------------------------

Heading = tuple[int, Chapter]
"""A chapter heading: its number among the listed chapters (from 1), and the chapter."""


def headings(episode: Episode) -> dict[tuple[int, int], list[Heading]]:
    """The listed chapters (``toc`` not false, with a title) keyed by the (turn, paragraph)
    index of the transcript paragraph each one heads.

    A chapter heads the paragraph whose start is nearest to the chapter's start (the later
    one on a tie), so a chapter time rounded either way still lands on its paragraph.
    Untimed transcripts get no headings."""
    transcript = episode.transcript
    if transcript is None or not transcript.timed:
        return {}
    starts = [
        ((t, p), paragraph.start_ms or 0)
        for t, turn in enumerate(transcript.turns)
        for p, paragraph in enumerate(turn.paragraphs)
    ]
    placed: dict[tuple[int, int], list[Heading]] = {}
    listed = [c for c in episode.chapters if c.toc and c.title]
    for number, chapter in enumerate(listed, start=1):
        where, _ = min(starts, key=lambda s: (abs(s[1] - chapter.start_ms), -s[1]))
        placed.setdefault(where, []).append((number, chapter))
    return placed


# --- output -------------------------------------------------------------------------------


def render(show: Show, episode: Episode) -> bytes:
    """The episode's JSON chapters file (version 1.2.0), as UTF-8."""
    document: dict[str, Any] = {
        "version": VERSION,
        "title": episode.title,
        "podcastName": show.title,
        "chapters": [_chapter_json(c) for c in episode.chapters],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def _chapter_json(chapter: Chapter) -> dict[str, Any]:
    entry: dict[str, Any] = {"startTime": _seconds(chapter.start_ms)}
    if chapter.end_ms is not None:
        entry["endTime"] = _seconds(chapter.end_ms)
    for key, value in (("title", chapter.title), ("img", chapter.img), ("url", chapter.url)):
        if value is not None:
            entry[key] = value
    if not chapter.toc:
        entry["toc"] = False
    return entry


def _seconds(ms: int) -> int | float:
    """Whole seconds as an integer (``35``), others as a float (``35.5``)."""
    return ms // 1000 if ms % 1000 == 0 else ms / 1000
