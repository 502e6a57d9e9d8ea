"""Chapter headings on the transcript page: an h3 where each listed chapter starts (not in
the one-line "On this page" list, which stays short), and in the feed's content:encoded."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build

VIDEO = Path(__file__).resolve().parents[1] / "golden" / "shows" / "video"
PAGE = PurePosixPath("episodes/part-one/index.html")


class Outline(HTMLParser):
    """The page's h2/h3 headings, and the links of the "On this page" list, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, str | None, str]] = []
        self.nav: list[tuple[int, str]] = []
        self._heading: tuple[str, str | None] | None = None
        self._depth = 0
        self._in_nav = False
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("h2", "h3"):
            self._heading, self._text = (tag, found.get("id")), ""
        if tag == "nav" and found.get("class") == "page-contents":
            self._in_nav = True
        if self._in_nav and tag == "ul":
            self._depth += 1
        if self._in_nav and tag == "a":
            self._href = found.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading:
            self.headings.append((*self._heading, self._text.strip()))
            self._heading = None
        if self._in_nav and tag == "ul":
            self._depth -= 1
        if tag == "nav":
            self._in_nav = False
        if tag == "a" and self._href is not None:
            self.nav.append((self._depth, self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        self._text += data


@pytest.fixture(scope="module")
def outline() -> Outline:
    result = build.check(VIDEO)
    assert not result.failed()
    parser = Outline()
    parser.feed(result.files[PAGE].decode())
    return parser


def test_chapter_headings_follow_the_transcript_heading_in_order(outline: Outline) -> None:
    """Each listed chapter is an h3 under the Transcript h2; the silent one has none."""
    start = outline.headings.index(("h2", "transcript", "Transcript"))
    assert outline.headings[start : start + 6] == [
        ("h2", "transcript", "Transcript"),
        ("h3", "chapter-1", "Welcome"),
        ("h3", "chapter-2", "How sight recovers"),
        ("h3", "chapter-3", "How steroids help"),
        ("h3", "chapter-4", "What to ask your team"),
        ("h2", "notes", "Show notes"),
    ]


def test_on_this_page_lists_what_follows_the_transcript_not_the_chapters(
    outline: Outline,
) -> None:
    """The contents line, before the transcript, is one level of links to the sections after
    it; the chapters are reached by their headings, not by a tall list before the words."""
    assert outline.nav == [
        (1, "#notes"), (1, "#downloads"), (1, "#share"), (1, "#related"), (1, "#feedback")
    ]  # fmt: skip


def test_a_chapter_inside_a_turn_repeats_the_speaker() -> None:
    """Cy Guest's turn is split at "How steroids help", and the second part names Cy again."""
    html = build.check(VIDEO).files[PAGE].decode()
    after = html[html.index('id="chapter-3"') :]
    assert after.index('<span class="speaker">Cy Guest:</span>') < after.index("Steroids can")
