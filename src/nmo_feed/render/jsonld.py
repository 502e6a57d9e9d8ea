"""schema.org JSON-LD for search engines and link previews: ``PodcastSeries`` for the show
page; ``PodcastEpisode`` for each episode page, with ``MedicalWebPage`` (``reviewedBy``,
``lastReviewed``) where the episode gives its medical review.

Written with ``json.dumps`` and made safe inside ``<script type="application/ld+json">``:
``<``, ``>`` and ``&`` are written as JSON escapes, so no text (a title holding
``</script>``) can end the script element, and JSON parsers read the same characters.
"""

from __future__ import annotations

import json
from typing import Any

from .. import layout
from ..model import Episode, Show, Speaker
from .common import iso_duration
from .safe import Markup

CONTEXT = "https://schema.org"


def script_text(data: dict[str, Any]) -> Markup:
    """``data`` as JSON that is safe as the text of a script element."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    return Markup(text)


def person(speaker: Speaker) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.credentials:
        found["honorificSuffix"] = speaker.credentials
    if speaker.affiliation:
        found["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    if speaker.href:
        found["url"] = speaker.href
    if speaker.img:
        found["image"] = speaker.img
    return found


def _series(show: Show) -> dict[str, Any]:
    site = layout.Site.of(show)
    found: dict[str, Any] = {
        "@type": "PodcastSeries",
        "name": show.title,
        "url": show.site_url,
        "webFeed": site.feed,
    }
    return found


def series(show: Show) -> Markup:
    """The show page's ``PodcastSeries``."""
    data: dict[str, Any] = {"@context": CONTEXT, **_series(show)}
    data["description"] = show.description
    data["inLanguage"] = show.language
    art = layout.Site.of(show).show_artwork(show)
    if art:
        data["image"] = art
    data["author"] = {"@type": "Organization", "name": show.author}
    return script_text(data)


def episode(show: Show, episode: Episode) -> Markup:
    """An episode page's ``PodcastEpisode``, and its ``MedicalWebPage`` when reviewed."""
    site = layout.Site.of(show)
    url = site.episode(episode)
    node: dict[str, Any] = {
        "@type": "PodcastEpisode",
        "@id": f"{url}#episode",
        "url": url,
        "name": episode.title,
        "datePublished": episode.published.isoformat(),
        "description": episode.summary,
        "inLanguage": show.language,
        "partOfSeries": _series(show),
    }
    if episode.number is not None:
        node["episodeNumber"] = episode.number
    if episode.duration_ms is not None:
        node["timeRequired"] = iso_duration(episode.duration_ms)
    if episode.media:
        media = episode.media[0]
        node["associatedMedia"] = {
            "@type": "VideoObject" if media.is_video else "AudioObject",
            "contentUrl": site.media(episode, media),
            "encodingFormat": media.mime_type,
        }
    art = site.episode_artwork(episode) or site.show_artwork(show)
    if art:
        node["image"] = art
    if episode.speakers:
        node["actor"] = [person(s) for s in episode.speakers]
    if episode.sources:
        node["citation"] = [
            {"@type": "CreativeWork", "name": c.text, **({"url": c.url} if c.url else {})}
            for c in episode.sources
        ]
    graph = [node]
    review = episode.review
    if review is not None and (review.by is not None or review.on is not None):
        page: dict[str, Any] = {
            "@type": "MedicalWebPage",
            "@id": url,
            "url": url,
            "name": episode.title,
            "inLanguage": show.language,
            "mainEntity": {"@id": f"{url}#episode"},
        }
        if review.by is not None:
            page["reviewedBy"] = person(review.by)
        if review.on is not None:
            page["lastReviewed"] = review.on.isoformat()
        graph.append(page)
    return script_text({"@context": CONTEXT, "@graph": graph})
