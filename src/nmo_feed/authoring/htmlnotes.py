"""Show notes from another host's feed: sanitised HTML, kept as Markdown where that loses
nothing, and plain text for summaries.

The notes are cleaned by the same sanitiser as Markdown notes (``notes.clean``). A simple
converter then writes Markdown, and the Markdown is used only when the notes renderer turns
it back into exactly the cleaned HTML; otherwise the cleaned HTML is kept in the body, which
the renderer passes through its sanitiser unchanged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import PurePosixPath

from ..errors import Diagnostics, SourceLocation
from ..render import notes

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "hr", "tr", "table"}  # fmt: skip
_INLINE_MARK = {"em": "*", "strong": "**"}
# ASCII punctuation that Markdown could read as syntax; a backslash keeps each one literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&#!|~])")
_BLOCK_START = re.compile(r"^\s*<(?:p|ul|ol|h[1-6]|blockquote|pre|hr)\b")
_LINE_START_SPECIAL = re.compile(r"^([-+=]|\d+)([.)]?)(?=\s|$)")


def clean(fragment: str) -> str:
    """The feed's HTML with only what Markdown notes may hold."""
    return notes.clean(fragment).strip()


def to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by blank lines, spaces collapsed."""
    parser = _Text()
    # Sanitised first, so the text of scripts and styles is gone with them.
    parser.feed(notes.clean(fragment))
    parser.close()
    paragraphs = ("".join(parser.parts)).split("\n\n")
    return "\n\n".join(p for p in (" ".join(x.split()) for x in paragraphs) if p)


def notes_body(fragment: str) -> tuple[str, bool]:
    """The episode.md body for the feed's notes, and whether it is Markdown (else HTML)."""
    cleaned = clean(fragment)
    if not cleaned:
        return "", True
    if not _BLOCK_START.match(cleaned):
        # Plain text, or text with inline markup (as many hosts write notes): its paragraphs.
        cleaned = "".join(f"<p>{p.strip()}</p>" for p in re.split(r"\n\s*\n", cleaned) if p.strip())
    markdown = _to_markdown(cleaned)
    if markdown is not None and _rendered(markdown) == _rendered_html(cleaned):
        return markdown, True
    # An HTML block ends at a blank line, after which Markdown syntax would apply: each
    # blank line's line break is written as a character reference (the same text, in <pre>
    # too), and the wrapping <div> (not a notes tag, so the sanitiser drops it) starts the
    # block.
    body = re.sub(r"\n(?=[ \t]*\n)", "&#10;", cleaned)
    return f"<div>\n{body}\n</div>", False


def _rendered(markdown: str) -> str:
    location = SourceLocation(PurePosixPath("episode.md"))
    return _normal(notes.render(markdown, location, Diagnostics()))


def _rendered_html(cleaned: str) -> str:
    # What the notes renderer makes of raw HTML: the same sanitiser, so headings h1/h2 are
    # compared as the converter writes them.
    return _normal(clean(cleaned))


def _normal(fragment: str) -> str:
    return re.sub(r">\s+<", "><", fragment.strip())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class _Markdown(HTMLParser):
    """Sanitised HTML of paragraphs, flat lists, emphasis and links as Markdown; ``failed``
    when it meets anything else (the caller then keeps the HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.stack: list[str] = []
        self.links: list[str] = []
        self.number = 0
        self.failed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1] if self.stack else None
        if tag == "p" and parent is None:
            pass
        elif tag in ("ul", "ol") and parent is None:
            self.number = 0
        elif tag == "li" and parent in ("ul", "ol"):
            self.number += 1
            self.line.append("- " if parent == "ul" else f"{self.number}. ")
        elif tag in _INLINE_MARK and parent in ("p", "li", "a"):
            self.line.append(_INLINE_MARK[tag])
        elif tag == "a" and parent in ("p", "li", "em", "strong"):
            href = dict(attrs).get("href")
            if not href or re.search(r"[\s()<>\\]", href):
                self.failed = True
            self.links.append(href or "")
            self.line.append("[")
        else:
            self.failed = True
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.failed = True
            return
        self.stack.pop()
        if tag in _INLINE_MARK:
            self.line.append(_INLINE_MARK[tag])
        elif tag == "a":
            self.line.append(f"]({self.links.pop()})")
        elif tag in ("p", "li"):
            text = "".join(self.line).strip()
            self.line = []
            if tag == "li" and self.number > 1:
                self.blocks[-1] += "\n" + text
            else:
                self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if not self.stack:
            if data.strip():
                self.failed = True
            return
        if self.stack[-1] in ("ul", "ol"):
            if data.strip():
                self.failed = True
            return
        text = " ".join(data.split("\n"))
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
        if not self.line or (len(self.line) == 1 and self.stack[-1] == "li"):
            text = _LINE_START_SPECIAL.sub(_escape_line_start, text)
        self.line.append(text)


def _escape_line_start(match: re.Match[str]) -> str:
    # "- x" and "+ x" would start a list, "2. x" a numbered one; "2\\. x" is the text itself.
    if match[2]:
        return f"{match[1]}\\{match[2]}"
    return f"\\{match[1]}" if not match[1].isdigit() else match[0]


def _to_markdown(cleaned: str) -> str | None:
    parser = _Markdown()
    parser.feed(cleaned)
    parser.close()
    if parser.failed or parser.stack:
        return None
    return "\n\n".join(parser.blocks)
