"""Show notes: Markdown to sanitised HTML, and the short HTML that feed descriptions allow.

The only module that imports markdown-it-py and nh3. Raw HTML in notes is allowed by the
Markdown parser and then cleaned by nh3 (a real sanitiser, not a regex): only a small set of
tags survives, links keep http, https and mailto URLs only, and scripts, styles, event
handlers and ``javascript:`` URLs are removed. Authors get a located warning where their
notes held something that was removed, so nothing disappears silently.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

from ..errors import Diagnostics, SourceLocation
from ..model import Episode
from ..rules import DESCRIPTION_BYTES, DESCRIPTION_TAGS, LINK_SCHEMES
from . import feedtext

NOTE_TAGS = {
    "p", "a", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote",
    "h3", "h4", "h5", "h6", "br", "hr", "abbr", "b", "i",
}  # fmt: skip

# Notes sit under the page's "Show notes" h2, so a Markdown "#" becomes an h3.
_HEADING_SHIFT = 2

_UNSAFE = re.compile(
    r"(?P<scheme>\b(?:javascript|vbscript|data)\s*:)"
    r"|(?P<tag><\s*(?:script|iframe|object|embed|style|form|input|img|svg|math)\b)"
    r"|(?P<handler>(?<=\s)on[a-z]+\s*=)",
    re.IGNORECASE,
)

_markdown = MarkdownIt("commonmark", {"html": True})


def render(markdown: str, location: SourceLocation, diagnostics: Diagnostics) -> str:
    """Sanitised HTML for the notes; ``location`` is the line where the notes start."""
    _warn_unsafe(markdown, location, diagnostics)
    tokens = _markdown.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + _HEADING_SHIFT, 6)
            token.tag = f"h{level}"
    rendered = _markdown.renderer.render(tokens, _markdown.options, {})
    # The source's wrapped lines are joined: some podcast apps drop line breaks in the feed.
    return feedtext.join_wrapped_lines(clean(rendered).strip())


def of(episode: Episode, diagnostics: Diagnostics) -> str:
    """The episode's show notes as sanitised HTML, their problems reported at their lines."""
    return render(episode.notes, episode.source.at(episode.notes_line), diagnostics)


def clean(fragment: str, tags: set[str] = NOTE_TAGS) -> str:
    """``fragment`` with only ``tags`` kept and only safe link URLs."""
    return nh3.clean(
        fragment,
        tags=tags,
        attributes={"a": {"href"}},
        url_schemes=set(LINK_SCHEMES),
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer",
    )


def feed_description(
    summary_html: str, notes_html: str, more_url: str, plain_summary_html: str = ""
) -> str:
    """The item ``description``: the summary, then the plain-language summary and as many
    whole blocks of the notes as fit in Apple's 4000 bytes, with only Apple's tags, ending
    with a link to the full page. Both summaries are ``feedtext``'s HTML."""
    more = feedtext.page_link(more_url)
    parts = [summary_html]
    used = len(summary_html.encode()) + len(more.encode())
    blocks = [plain_summary_html] if plain_summary_html else []
    for block in [*blocks, *_top_level_blocks(notes_html)]:
        # A <pre> loses its tag here, so its line breaks would be left inside a text run.
        block = feedtext.join_wrapped_lines(clean(block, set(DESCRIPTION_TAGS)).strip())
        if not block:
            continue
        if not block.startswith(("<p>", "<ul>", "<ol>")):
            block = f"<p>{block}</p>"
        size = len(block.encode())
        if used + size > DESCRIPTION_BYTES:
            break  # whole blocks only: a cut in the middle could break a sentence or a link
        parts.append(block)
        used += size
    parts.append(more)
    return "".join(parts)


def _warn_unsafe(markdown: str, location: SourceLocation, diagnostics: Diagnostics) -> None:
    start = location.line or 1
    for offset, line in enumerate(markdown.split("\n")):
        for match in _UNSAFE.finditer(line):
            what = match.group().strip()
            diagnostics.warning(
                "unsafe-html",
                f"show notes contain '{what}', which is removed from the published notes",
                location.at(start + offset, match.start() + 1),
                hint="use plain Markdown links to http, https or mailto addresses",
            )


class _BlockSplitter(HTMLParser):
    """Splits sanitised HTML into its top-level elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._depth = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._current.append(self.get_starttag_text() or "")
        if tag not in ("br", "hr"):
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        self._current.append(f"</{tag}>")
        self._depth -= 1
        if self._depth == 0:
            self.blocks.append("".join(self._current))
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._depth or data.strip():
            self._current.append(data)

    def handle_entityref(self, name: str) -> None:
        self._current.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._current.append(f"&#{name};")


def _top_level_blocks(fragment: str) -> list[str]:
    splitter = _BlockSplitter()
    splitter.feed(fragment)
    splitter.close()
    return splitter.blocks
