"""Chapters from chapters.json or front matter: validated with located errors, written as JSON
chapters 1.2.0."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build
from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.load import chapters
from nmo_feed.model import Chapter
from nmo_feed.render import chapters as chapter_files

LOC = SourceLocation(PurePosixPath("ep/chapters.json"))
EPISODE = (
    "---\ntitle: T\ndate: 2024-05-01\nguid: g\nsummary: S\n"
    "media: {{url: 'https://example.org/a.mp3', type: audio/mpeg, length: 1, duration: 600}}\n"
    "{extra}---\n"
)


def parse(
    text: str, duration_ms: int | None = 600_000
) -> tuple[object, list[tuple[str, int | None, str]]]:
    diagnostics = Diagnostics()
    found = chapters.parse_json(text, LOC, duration_ms, diagnostics)
    return found, [(d.code, d.location.line, d.message) for d in diagnostics.sorted()]


def test_spec_example_is_read() -> None:
    """The spec's basic shape reads into chapters, with img, url, toc and endTime kept."""
    text = json.dumps(
        {
            "version": "1.2.0",
            "chapters": [
                {"startTime": 0, "title": "Intro"},
                {"startTime": 168.5, "title": "Aids", "img": "https://example.com/a.jpg"},
                {"startTime": 260, "endTime": 300, "toc": False, "url": "https://example.com/"},
            ],
        }
    )
    found, problems = parse(text)
    assert problems == []
    assert found == (
        Chapter(0, "Intro", source=LOC.at(1, 35)),
        Chapter(168_500, "Aids", img="https://example.com/a.jpg", source=LOC.at(1, 71)),
        Chapter(260_000, None, 300_000, None, "https://example.com/", False, LOC.at(1, 146)),
    )


def test_every_bad_chapter_is_reported_at_its_line() -> None:
    """Each broken chapter is an error at the line of its '{', naming its index and field."""
    text = """{
  "version": "1.2.0",
  "chapters": [
    {"title": "No start"},
    {"startTime": -1, "title": 5},
    {"startTime": 30, "endTime": 20, "url": "javascript:alert(1)", "toc": "no"},
    "not an object"
  ]
}
"""
    found, problems = parse(text)
    assert found is None
    assert problems == [
        ("chapters-entry", 4, "chapters[0]: startTime is missing"),
        ("chapters-entry", 5, "chapters[1]: startTime -1 is not a number of seconds (0 or more)"),
        ("chapters-entry", 5, "chapters[1]: title 5 is not a string"),
        ("chapters-entry", 6, "chapters[2]: endTime 20 is not after startTime 30"),
        ("chapters-entry", 6, 'chapters[2]: toc "no" is not true or false'),
        (
            "chapters-entry",
            6,
            'chapters[2]: url "javascript:alert(1)" is not an absolute http(s) URL',
        ),
        ("chapters-entry", 7, "chapters[3]: a chapter must be an object"),
    ]


def test_order_and_media_end_are_checked() -> None:
    """Chapters must start in increasing order and before the media ends."""
    text = (
        '{"version": "1.2.0", "chapters": [\n'
        '{"startTime": 60},\n{"startTime": 30},\n{"startTime": 700}\n]}'
    )
    found, problems = parse(text)
    assert found is None
    assert problems == [
        (
            "chapters-order",
            3,
            "a chapter starting at 0:30 follows one starting at 1:00;"
            " chapters must be in increasing order of start",
        ),
        ("chapters-time", 4, "a chapter starts at 11:40, after the end of the media (10:00)"),
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            '{"version": "1.2.0", "chapters": [}',
            ("chapters-syntax", 1, "invalid JSON: Expecting value"),
        ),
        ("[]", ("chapters-format", 1, 'a chapters file must be an object with a "chapters" list')),
        (
            '{"version": "1.2.0", "chapters": []}',
            ("chapters-format", 1, 'the "chapters" list is empty'),
        ),
        (
            '{"chapters": [{"startTime": 0}]}',
            (
                "chapters-format",
                1,
                '"version" must be a 1.x version string such as "1.2.0", not null',
            ),
        ),
    ],
    ids=["syntax", "not-an-object", "empty", "no-version"],
)
def test_file_level_problems(text: str, problem: tuple[str, int, str]) -> None:
    """Syntax, shape, an empty list and a missing version are file-level errors."""
    assert parse(text) == (None, [problem])


def test_unknown_chapter_key_is_a_warning() -> None:
    """A key nmo-feed does not publish (such as location) is a warning, not an error."""
    found, problems = parse('{"version": "1.2.0", "chapters": [{"startTime": 0, "location": {}}]}')
    assert found == (Chapter(0, None, source=LOC.at(1, 35)),)
    assert problems == [
        ("unknown-key", 1, "chapters[0]: 'location' is not carried into the published chapters")
    ]


def test_front_matter_chapters_accept_seconds_and_times(make_show) -> None:  # type: ignore[no-untyped-def]
    """start may be seconds, m:ss or hh:mm:ss.mmm; toc, url and end are kept."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="chapters:\n"
                "  - {start: 0, title: Intro}\n"
                "  - {start: '1:05', title: Middle, end: '02:00.500', toc: false}\n"
                "  - {start: '00:03:10.250', title: End, url: 'https://example.org/x'}\n"
            )
        }
    )
    result = build.load_project(root)
    assert result.project is not None, [(d.code, d.message) for d in result.diagnostics.items]
    found = result.project.episodes[0].chapters
    assert [(c.start_ms, c.title, c.end_ms, c.toc, c.url, c.source.line if c.source else None)
            for c in found] == [
        (0, "Intro", None, True, None, 8),
        (65_000, "Middle", 120_500, False, None, 9),
        (190_250, "End", None, True, "https://example.org/x", 10),
    ]  # fmt: skip


def test_front_matter_chapter_errors_are_located(make_show) -> None:  # type: ignore[no-untyped-def]
    """A bad start, an end before start and chapters out of order point at their lines."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="chapters:\n"
                "  - {start: soon, title: A}\n"
                "  - {start: 90, title: B, end: 30}\n"
                "  - {start: 45, title: C}\n"
            )
        }
    )
    result = build.load_project(root)
    assert result.project is None
    assert [(d.code, d.location.line, d.message) for d in result.diagnostics.errors] == [
        (
            "chapters-entry",
            8,
            "'chapters[0].start' is 'soon', not seconds or a time such as 0:35 or 1:02:03",
        ),
        ("chapters-entry", 9, "'chapters[1].end' 0:30 is not after its start 1:30"),
        (
            "chapters-order",
            10,
            "a chapter starting at 0:45 follows one starting at 1:30;"
            " chapters must be in increasing order of start",
        ),
    ]


def test_chapters_file_and_front_matter_together_is_an_error(make_show) -> None:  # type: ignore[no-untyped-def]
    """Giving chapters twice is an error at the front matter key."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(extra="chapters: [{start: 0}]\n"),
            "2024-05-01-first/chapters.json": (
                '{"version": "1.2.0", "chapters": [{"startTime": 0}]}'
            ),
        }
    )
    result = build.load_project(root)
    assert [(d.code, d.location.line) for d in result.diagnostics.errors] == [
        ("chapters-duplicate", 7)
    ]


def test_render_writes_json_chapters_1_2_0(make_show) -> None:  # type: ignore[no-untyped-def]
    """The published file has version 1.2.0, the titles, and whole seconds as integers."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="chapters:\n  - {start: 0, title: Intro}\n"
                "  - {start: 35.5, title: Ünïcode, img: 'https://example.org/i.png', toc: false}\n"
            )
        }
    )
    project = build.load_project(root).project
    assert project is not None
    document = json.loads(chapter_files.render(project.show, project.episodes[0]))
    assert document == {
        "version": "1.2.0",
        "title": "T",
        "podcastName": "Test Show",
        "chapters": [
            {"startTime": 0, "title": "Intro"},
            {
                "startTime": 35.5,
                "title": "Ünïcode",
                "img": "https://example.org/i.png",
                "toc": False,
            },
        ],
    }


def test_published_chapters_read_back_with_the_loader(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What render writes, parse_json reads back as the same chapters (sources aside)."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="chapters:\n  - {start: 0, title: A, end: 10}\n  - {start: 12.25, title: B}\n"
            )
        }
    )
    project = build.load_project(root).project
    assert project is not None
    episode = project.episodes[0]
    text = chapter_files.render(project.show, episode).decode()
    back, problems = parse(text)
    assert problems == []
    assert [(c.start_ms, c.title, c.end_ms) for c in back] == [  # type: ignore[attr-defined]
        (c.start_ms, c.title, c.end_ms) for c in episode.chapters
    ]
