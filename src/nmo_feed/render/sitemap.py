"""``sitemap.xml`` (every page, with ``lastmod`` from the content's own dates, never the
clock) and ``robots.txt`` (pointing at the sitemap)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath
from xml.sax.saxutils import escape

from .. import layout
from ..model import Episode, Project, Show
from .topics import by_topic

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def changed_on(episode: Episode) -> date:
    """The last day an episode's content is known to have changed: published or reviewed."""
    day = episode.published.date()
    review = episode.review
    if review is not None and review.on is not None and review.on > day:
        return review.on
    return day


def _newest(episodes: Iterable[Episode]) -> date | None:
    return max((changed_on(e) for e in episodes), default=None)


def pages(project: Project) -> list[tuple[PurePosixPath, date | None]]:
    """Every page of the site with its ``lastmod`` (None for the glossary, which has no
    date of its own). The glossary is listed only where it has terms: a show without them
    has no glossary page (``pages.Renderer.show_pages``)."""
    episodes = project.episodes
    found: list[tuple[PurePosixPath, date | None]] = [(layout.SHOW_PAGE, _newest(episodes))]
    if project.glossary.terms:
        found.append((layout.GLOSSARY_PAGE, None))
    found += [(layout.episode_page(e), changed_on(e)) for e in episodes]
    topics = by_topic(episodes)
    if topics:
        found.append((layout.TOPICS_INDEX, _newest(episodes)))
        found += [(layout.topic_page(t), _newest(listed)) for t, listed in topics.items()]
    # Its A to Z lists every episode, so it changes with the newest of them.
    found.append((layout.SEARCH_PAGE, _newest(episodes)))
    return found


def sitemap(project: Project) -> bytes:
    site = layout.Site.of(project.show)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for path, lastmod in pages(project):
        lines.append(f"  <url><loc>{escape(site.url(path))}</loc>")
        if lastmod is not None:
            lines[-1] += f"<lastmod>{lastmod.isoformat()}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots(show: Show) -> bytes:
    """Every crawler welcome, and where the sitemap is."""
    sitemap_url = layout.Site.of(show).url(layout.SITEMAP)
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n".encode()
