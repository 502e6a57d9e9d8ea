"""Show notes: Markdown rendered, raw HTML sanitised, feed descriptions within Apple's rules."""

from __future__ import annotations

from pathlib import PurePosixPath

from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.render import notes

LOC = SourceLocation(PurePosixPath("ep/episode.md"), 7)


def render(markdown: str) -> tuple[str, Diagnostics]:
    diagnostics = Diagnostics()
    return notes.render(markdown, LOC, diagnostics), diagnostics


def test_markdown_headings_sit_under_the_page_h2() -> None:
    """A '#' heading in notes becomes h3, so the page keeps one h1."""
    html, _ = render("# Title\n\n## Part\n\nText *em*.")
    assert html == "<h3>Title</h3>\n<h4>Part</h4>\n<p>Text <em>em</em>.</p>"


def test_raw_html_is_sanitised_and_reported_with_its_line() -> None:
    """Scripts, event handlers and javascript: URLs are removed, each with a located warning."""
    html, diagnostics = render(
        'Fine.\n\n<script>alert(1)</script>\n<a href="javascript:alert(1)" onclick="x()">x</a>'
    )
    assert "script" not in html and "javascript" not in html and "onclick" not in html
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics.sorted()] == [
        ("unsafe-html", 9, 1),
        ("unsafe-html", 10, 10),
        ("unsafe-html", 10, 31),
    ]


def test_markdown_javascript_link_is_not_a_link() -> None:
    """markdown-it refuses the URL; the text stays visible and no <a> is produced."""
    html, _ = render("[click](javascript:alert(1))")
    assert "<a" not in html


def test_feed_description_keeps_whole_blocks_under_4000_bytes() -> None:
    """Only Apple's tags, whole blocks, the summary first and a link to the page last."""
    notes_html = "<h3>Head</h3>\n<p><strong>Bold</strong> é</p>\n" + "<p>" + "x" * 5000 + "</p>"
    text = notes.feed_description("<p>Sum &amp; more</p>", notes_html, "https://e.org/ep/")
    assert text == (
        "<p>Sum &amp; more</p><p>Head</p><p>Bold é</p>"
        '<p><a href="https://e.org/ep/">Full show notes and transcript</a></p>'
    )
    assert "x" * 100 not in text
    assert len(text.encode()) <= 4000


def test_feed_description_of_a_long_summary_stays_within_the_limit() -> None:
    """Notes are dropped before the limit is crossed, counting bytes, not characters."""
    text = notes.feed_description(
        f"<p>{'é' * 1500}</p>", "<p>" + "ü" * 600 + "</p>", "https://e.org/"
    )
    assert len(text.encode()) <= 4000
    assert "ü" not in text


def test_feed_description_puts_the_plain_summary_before_the_notes() -> None:
    """The plain-language summary follows the summary; notes follow while they fit."""
    plain = "<p>Summary in plain language:</p><ul><li>One.</li></ul>"
    text = notes.feed_description("<p>Sum.</p>", "<p>Notes.</p>", "https://e.org/ep/", plain)
    assert text == (
        "<p>Sum.</p><p>Summary in plain language:</p><ul><li>One.</li></ul><p>Notes.</p>"
        '<p><a href="https://e.org/ep/">Full show notes and transcript</a></p>'
    )


def test_wrapped_notes_have_no_line_break_inside_their_text() -> None:
    """Lines wrapped in the Markdown, raw HTML included, are joined with a space; lines
    between blocks and inside code blocks stay."""
    html, _ = render("On\n2 April *in\nthe* end.\n\n<p>Raw\nHTML</p>\n\n```\na\nb\n```")
    assert html == (
        "<p>On 2 April <em>in the</em> end.</p>\n<p>Raw HTML</p>\n<pre><code>a\nb\n</code></pre>"
    )


def test_code_in_a_feed_description_is_one_line() -> None:
    """A code block loses its <pre> in the description (Apple's tags), so its lines join."""
    text = notes.feed_description("<p>S.</p>", "<pre><code>a\nb\n</code></pre>", "https://e.org/")
    more = '<p><a href="https://e.org/">Full show notes and transcript</a></p>'
    assert text == "<p>S.</p><p>a b</p>" + more
