"""``feed.json``: the same episodes as ``feed.xml`` as a JSON Feed 1.1
(https://jsonfeed.org/version/1.1), for partners' sites and readers that take JSON.

An item is the RSS item's content in JSON Feed's words: ``id`` is the guid, ``url`` the
episode's page, ``content_html`` what ``content:encoded`` holds (the transcript in full, or a
link to it for the episodes the feed-size policy links), ``attachments`` the media. Items are
rendered per episode by the build's workers and joined in the feed's order, like the RSS
items, so a rebuild renders only what changed; and, like ``feed.xml``, a rebuild copies the
unchanged runs of items from the last file (``build/feedfile.py``).
"""

from __future__ import annotations

import json
from typing import Any

from .. import layout
from ..model import Episode, Show
from . import feed, feedtext

VERSION = "https://jsonfeed.org/version/1.1"
MIME_TYPE = "application/feed+json"
"""The type the discovery link gives (the host serves ``.json`` as ``application/json``)."""


def item(show: Show, episode: Episode, notes_html: str, *, link_only: bool) -> bytes:
    """The episode's item, one line of JSON (its place in ``items`` is added by
    ``document``)."""
    site = layout.Site.of(show)
    page = site.episode(episode)
    with feed.item_language(show, episode):
        content = feed.content_html(episode, notes_html, page, link_only=link_only)
    found: dict[str, Any] = {
        "id": episode.guid,
        "url": page,
        "title": episode.title,
        "content_html": content,
        "summary": feedtext.one_line(episode.summary),
        "date_published": episode.published.isoformat(),
        "authors": [{"name": feedtext.item_author(show, episode)}],
        "language": show.language,
    }
    image = site.episode_artwork(episode)
    if image is not None:
        found["image"] = image
    has_video = any(m.is_video for m in episode.media)
    attachments = []
    for rendition in episode.media:
        attachment: dict[str, Any] = {
            "url": site.media(episode, rendition),
            "mime_type": rendition.mime_type,
        }
        if len(episode.media) > 1:  # attachments of one title are alternates of each other
            with feed.item_language(show, episode):
                attachment["title"] = feed.rendition_title(rendition, has_video)
        attachment["size_in_bytes"] = rendition.length
        if rendition.duration_ms is not None:
            attachment["duration_in_seconds"] = round(rendition.duration_ms / 1000)
        attachments.append(attachment)
    if attachments:
        found["attachments"] = attachments
    return _dumps(found).encode()


def head_and_tail(show: Show) -> tuple[bytes, bytes]:
    """The feed's object around its items (how they are joined: ``SEPARATOR``)."""
    site = layout.Site.of(show)
    top: dict[str, Any] = {
        "version": VERSION,
        "title": show.title,
        "home_page_url": site.root,
        "feed_url": site.url(layout.FEED_JSON),
        "description": feedtext.one_line(show.description),
        "language": show.language,
        "authors": [{"name": show.author}],
    }
    artwork = site.show_artwork(show)
    if artwork is not None:
        top["icon"] = artwork
    text = json.dumps(top, ensure_ascii=False, indent=2)
    head = text[: -len("\n}")] + ',\n  "items": [\n'
    return head.encode(), b"\n  ]\n}\n"


FIRST = b"    "
"""Before the first item (its indent)."""
SEPARATOR = b",\n    "
"""Before each other item: ``head`` + ``FIRST`` + the items joined by ``SEPARATOR`` +
``tail`` is the document (``head`` + ``tail`` without items). The build joins the stored
items this way (``build/feedfile.py``), copying the unchanged runs from the last file."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
