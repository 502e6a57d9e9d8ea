"""``oembed.json``: the episode's oEmbed 1.0 response (oembed.com), a static file beside its
page. A CMS that supports oEmbed discovery finds it through the page's
``<link rel="alternate" type="application/json+oembed">`` and turns a pasted episode address
into the embed (type ``rich``: the ``iframe`` of ``render/embed.py``, with its size).

The thumbnail is the show's touch icon, the one image whose size is known without reading
it (``layout.TOUCH_ICON_SIDE``); a show whose artwork is a URL gives no thumbnail, as the spec
wants the three thumbnail fields together or not at all."""

from __future__ import annotations

import json

from .. import layout
from ..model import Episode, Show
from . import embed, locale

VERSION = "1.0"


def response(show: Show, episode: Episode) -> dict[str, object]:
    width, height = embed.size(episode)
    site = layout.Site.of(show)
    found: dict[str, object] = {
        "version": VERSION,
        "type": "rich",
        "title": episode.title,
        "author_name": show.author,
        "author_url": site.root,
        "provider_name": show.title,
        "provider_url": site.root,
        "html": embed.snippet(show, episode),
        "width": width,
        "height": height,
    }
    if show.artwork_path is not None:
        found["thumbnail_url"] = site.url(layout.TOUCH_ICON)
        found["thumbnail_width"] = layout.TOUCH_ICON_SIDE
        found["thumbnail_height"] = layout.TOUCH_ICON_SIDE
    return found


def document(show: Show, episode: Episode) -> bytes:
    """The response; the frame's title in the episode's language, as its embed page is."""
    with locale.speaking(episode.language or show.language):
        found = response(show, episode)
    return (json.dumps(found, ensure_ascii=False, indent=2) + "\n").encode()
