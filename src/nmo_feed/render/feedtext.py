"""Text the feed carries, written so that no client has to turn a line break into a space.

Source files wrap their lines (Markdown notes, a YAML ``|`` summary, a TOML multi-line
string), and HTML reads a line break as a space. Some podcast apps do not: castero drops line
breaks, so "first published on\\n2 April" shows as "on2 April". Every line break inside a run
of text is therefore written as a space; line breaks are kept only between block elements
(where they carry no text) and inside ``<pre>``, where they are the text. The words
themselves are never changed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..model import Episode, Show
from .locale import gettext as _

# Whitespace that holds a line break: one space says the same without depending on it.
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")
# Elements whose direct content is only other elements, so whitespace there is not text.
_CONTAINERS = frozenset({"ul", "ol", "blockquote"})
_VOID = frozenset({"br", "hr", "img", "wbr"})


def one_line(text: str) -> str:
    """``text`` with each line break, and the spaces around it, written as one space."""
    if "\n" not in text and "\r" not in text:
        return text  # most text has none: two scans in C instead of a regular expression's
    return _LINE_BREAK.sub(" ", text)


def join_wrapped_lines(fragment: str) -> str:
    """The sanitised HTML ``fragment`` with every line break inside a text run written as a
    space: between block elements and inside ``<pre>`` they are left as they are."""
    joiner = _Joiner()
    joiner.feed(fragment)
    joiner.close()
    return "".join(joiner.out)


def item_author(show: Show, episode: Episode) -> str:
    """The item's ``itunes:author``: the episode's speakers by name, else the show's author."""
    return ", ".join(one_line(s.name) for s in episode.speakers) or one_line(show.author)


def summary_html(episode: Episode) -> str:
    """The one-paragraph summary, which starts both the item's ``description`` and its
    ``content:encoded``."""
    return f"<p>{html.escape(one_line(episode.summary))}</p>"


def plain_summary_html(episode: Episode) -> str:
    """The plain-language sentences, in Apple's tags, that follow the summary in both the
    ``description`` and ``content:encoded``; empty when the episode has none (then the summary
    is the plain-language summary, as on the episode page)."""
    if not episode.plain_summary:
        return ""
    items = "".join(f"<li>{html.escape(one_line(s))}</li>" for s in episode.plain_summary)
    heading = html.escape(_("Summary in plain language:"), quote=False)
    return f"<p>{heading}</p><ul>{items}</ul>"


def page_link(page_url: str) -> str:
    """The link to the episode's page, which holds the transcript, that both the item's
    ``description`` and its ``content:encoded`` carry."""
    words = html.escape(_("Full show notes and transcript"), quote=False)
    return f'<p><a href="{html.escape(page_url)}">{words}</a></p>'


class _Joiner(HTMLParser):
    """Writes sanitised HTML back out verbatim but for the line breaks in its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag not in _VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if "pre" in self._open:
            self.out.append(data)
        elif not data.strip() and (not self._open or self._open[-1] in _CONTAINERS):
            self.out.append(data)  # between blocks: no text to join
        else:
            self.out.append(one_line(data))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")
