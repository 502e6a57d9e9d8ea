"""``feeds.opml``: every podcast feed of the show in one OPML 2.0 file (opml.org/spec2), the
list a feed reader imports and a partner's portal reads: the show's feed first, then each
topic's feed, alphabetical as the topic pages list them.

``feed.json`` is left out: it holds the same episodes as ``feed.xml``, and a reader that
imports every outline would follow the show twice. Pages name it in their own discovery link.
No date is written (``dateCreated`` is optional), so two builds give the same bytes."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .. import layout
from ..model import Project
from . import wording
from .topics import by_topic, heading


def _outline(text: str, feed: str, page: str, language: str) -> str:
    return (
        f'    <outline type="rss" version="RSS2" text={quoteattr(text)} title={quoteattr(text)}'
        f" xmlUrl={quoteattr(feed)} htmlUrl={quoteattr(page)} language={quoteattr(language)}/>"
    )


def opml(project: Project) -> bytes:
    show = project.show
    site = layout.Site.of(show)
    outlines = [_outline(show.title, site.feed, site.url(layout.SHOW_PAGE), show.language)]
    for topic in by_topic(project.episodes):
        outlines.append(
            _outline(
                f"{show.title}: {heading(topic)}",
                site.topic_feed(topic),
                site.topic_page(topic),
                show.language,
            )
        )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(wording.every_feed(show.title))}</title>",
        f"    <ownerName>{escape(show.author)}</ownerName>",
        "    <docs>http://opml.org/spec2.opml</docs>",
        "  </head>",
        "  <body>",
        *outlines,
        "  </body>",
        "</opml>",
    ]
    return ("\n".join(lines) + "\n").encode()
