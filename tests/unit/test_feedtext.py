"""Feed text without line breaks inside its runs of text (feedtext.py)."""

from __future__ import annotations

import pytest

from nmo_feed.render import feedtext


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on\n2 April", "on 2 April"),
        ("wrapped  \r\n   here", "wrapped here"),
        ("keeps  two spaces", "keeps  two spaces"),
        ("a\n\nb", "a b"),
    ],
)
def test_one_line(text: str, expected: str) -> None:
    """Each line break with the spaces around it is one space; other spacing stays."""
    assert feedtext.one_line(text) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>on\n2 April</p>", "<p>on 2 April</p>"),
        ("<p><em>a</em>\n<strong>b</strong></p>", "<p><em>a</em> <strong>b</strong></p>"),
        ("<p>one</p>\n<ul>\n<li>two\nthree</li>\n</ul>",
         "<p>one</p>\n<ul>\n<li>two three</li>\n</ul>"),
        ("<pre><code>a\nb</code></pre>\n<p>c\nd</p>", "<pre><code>a\nb</code></pre>\n<p>c d</p>"),
        ('<p>&amp; &#233;\n<a href="https://e.org/?a=1&amp;b=2">x</a><br>\ny</p>',
         '<p>&amp; &#233; <a href="https://e.org/?a=1&amp;b=2">x</a><br> y</p>'),
    ],
)  # fmt: skip
def test_join_wrapped_lines(fragment: str, expected: str) -> None:
    """Line breaks inside text (inline elements included) become spaces; those between
    blocks and inside <pre> stay; tags and entities are written back as they were."""
    assert feedtext.join_wrapped_lines(fragment) == expected
