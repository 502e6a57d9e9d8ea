"""The feed-size policy: full transcripts while the feed fits show.toml's budget, a warning
from 80 % of it, and past it the oldest episodes link their transcript instead."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from nmo_feed import build

WORDS = "the optic nerve and the spinal cord can both be hurt by an attack of NMO".split()


def episode(day: int) -> str:
    return (
        f"---\ntitle: Day {day}\ndate: 2024-05-{day:02d}\nguid: guid-{day}\nsummary: S{day}.\n"
        "media: {url: 'https://example.org/a.mp3', type: audio/mpeg, length: 1, duration: 60}\n"
        "---\nNotes.\n"
    )


def transcript(words: int) -> str:
    text = " ".join(WORDS[i % len(WORDS)] for i in range(words))
    return f"Ann:\n\n{text}.\n"


def make(make_show, show_toml: str, budget: int | None) -> Path:  # type: ignore[no-untyped-def]
    """Four episodes, 1500 words of transcript each (about 8 KB of feed text apiece)."""
    files: dict[str, str | None] = {
        "show.toml": show_toml + (f"[feed]\nmax_bytes = {budget}\n" if budget else ""),
        "2024-05-01-first/episode.md": None,
    }
    for day in (1, 2, 3, 4):
        files[f"2024-05-0{day}-day-{day}/episode.md"] = episode(day)
        files[f"2024-05-0{day}-day-{day}/transcript.md"] = transcript(1500)
    return make_show(files)  # type: ignore[no-any-return]


def feed_size_warnings(result: build.Result) -> list[str]:
    return [d.message for d in result.diagnostics.warnings if d.code == "feed-size"]


def test_small_feed_keeps_every_transcript_silently(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """Under 80 % of the default budget nothing is linked and nothing is said."""
    result = build.check(make(make_show, show_toml, None))
    assert (result.linked, feed_size_warnings(result)) == (frozenset(), [])


def test_near_the_budget_is_a_warning_with_the_numbers(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """At 90 % of the budget every transcript stays, with a feed-size warning."""
    full = build.check(make(make_show, show_toml, None)).feed_bytes
    budget = full * 10 // 9
    result = build.check(make(make_show, show_toml, budget))
    assert result.linked == frozenset()
    assert result.feed_bytes == full
    assert feed_size_warnings(result) == [
        f"feed.xml is {full:,} bytes, {full / budget:.0%} of its budget of {budget:,} bytes;"
        " past it, the oldest episodes' transcripts are linked from the feed instead of included"
    ]
    assert f"{full / budget:.0%}" == "90%"


def test_over_the_budget_the_oldest_link_their_transcripts(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """Past the budget the fewest oldest episodes link their transcript; the feed fits."""
    full = build.check(make(make_show, show_toml, None)).feed_bytes
    budget = full - 12_000  # more than one transcript's text, less than two
    result = build.check(make(make_show, show_toml, budget))
    assert result.linked == frozenset({"guid-1", "guid-2"})
    assert result.feed_bytes <= budget
    [message] = feed_size_warnings(result)
    assert re.fullmatch(
        rf"feed.xml with every transcript in full would be {full:,} bytes, over its budget of"
        rf" {budget:,}; the newest 2 episode\(s\) keep their full transcript in the feed and"
        rf" the oldest 2 link to it \(feed.xml is [0-9,]+ bytes\)",
        message,
    )


def test_linked_items_point_at_the_transcript_page(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """A linked item's content:encoded links the page's transcript; the newest keeps the text."""
    full = build.check(make(make_show, show_toml, None)).feed_bytes
    result = build.check(make(make_show, show_toml, full - 12_000))
    feed = result.files[PurePosixPath("feed.xml")].decode()
    items = re.findall(r"<item>.*?</item>", feed, flags=re.DOTALL)
    assert [
        ("Read the full transcript" in item, "spinal cord can both" in item) for item in items
    ] == [
        (False, True),
        (False, True),
        (True, False),
        (True, False),
    ]
    assert (
        '<a href="https://example.org/show/episodes/day-1/#transcript">Read the full transcript'
        " on the episode's page</a>" in items[3]
    )
