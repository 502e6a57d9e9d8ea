"""Stage 5 (feed): the podcast RSS feed. The only module that imports feedgen and lxml.

feedgen writes RSS 2.0 and most ``itunes:`` tags; our extension adds what feedgen lacks:
``itunes:explicit`` as ``true``/``false`` (feedgen 1.0 only accepts yes/no/clean, but Apple
and the W3C validator require true/false) and the Podcasting 2.0 tags. Every date is taken
from the content, so two builds of the same show give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from . import notes
from .model import Episode, Project, Show, Transcript
from .transcripts import timecode

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

# Transcript files an episode may have, in feed order, with their MIME types; the timed
# ones are captions (podcast-namespace transcript.md: rel="captions" means timed).
TRANSCRIPT_TYPES: tuple[tuple[str, str, bool], ...] = (
    ("vtt", "text/vtt", True),
    ("srt", "application/x-subrip", True),
    ("json", "application/json", False),
    ("txt", "text/plain", False),
)


@dataclass(frozen=True, slots=True)
class TranscriptLink:
    url: str
    type: str
    language: str
    captions: bool


def transcript_links(
    show: Show, episode: Episode, files: Mapping[PurePosixPath, bytes]
) -> list[TranscriptLink]:
    """One link per transcript file written for the episode (translations included), and
    the accessible HTML page, which is the primary transcript."""
    links = []
    folder = PurePosixPath("episodes", episode.slug)
    for transcript in (episode.transcript, *episode.translations):
        if transcript is None:
            continue
        stem = transcript_stem(episode, transcript)
        for extension, mime, captions in TRANSCRIPT_TYPES:
            path = folder / f"{stem}.{extension}"
            if path in files:
                links.append(
                    TranscriptLink(show.site_url + str(path), mime, transcript.language, captions)
                )
    if episode.transcript is not None:
        page = show.site_url + f"{folder}/"
        links.insert(0, TranscriptLink(page, "text/html", episode.transcript.language, False))
    return links


def transcript_stem(episode: Episode, transcript: Transcript) -> str:
    """``transcript`` for the episode's own transcript, ``transcript.es`` for a translation."""
    own = episode.transcript is transcript
    return "transcript" if own else f"transcript.{transcript.language}"


class _ChannelExtension(BaseExtension):  # type: ignore[misc]
    def __init__(self) -> None:
        self.explicit = False
        self.guid: str | None = None
        self.license: str | None = None
        self.funding: list[tuple[str, str]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss: Any) -> Any:
        channel = rss.find("channel")
        _sub(channel, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.guid:
            _sub(channel, PODCAST_NS, "guid", self.guid)
        # podcast:license takes a licence identifier; free text such as "All rights
        # reserved" stays in <copyright> only.
        if self.license and " " not in self.license:
            _sub(channel, PODCAST_NS, "license", self.license)
        for url, text in self.funding:
            _sub(channel, PODCAST_NS, "funding", text, url=url)
        return rss


class _ItemExtension(BaseEntryExtension):  # type: ignore[misc]
    def __init__(self) -> None:
        self.explicit = False
        self.description = ""
        self.transcripts: list[TranscriptLink] = []
        self.persons: list[dict[str, str]] = []

    def extend_rss(self, item: Any) -> Any:
        # Apple asks for the description's HTML inside CDATA.
        item.find("description").text = etree.CDATA(_cdata_safe(self.description))
        _sub(item, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        for link in self.transcripts:
            attributes = {"url": link.url, "type": link.type, "language": link.language}
            if link.captions:
                attributes["rel"] = "captions"
            _sub(item, PODCAST_NS, "transcript", None, **attributes)
        for person in self.persons:
            attributes = dict(person)
            _sub(item, PODCAST_NS, "person", attributes.pop("name"), **attributes)
        return item


def render_feed(project: Project, files: Mapping[PurePosixPath, bytes], generator: str) -> bytes:
    """The feed as UTF-8 bytes: channel, then the published episodes newest first."""
    show = project.show
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("nmo", _ChannelExtension, _ItemExtension)
    fg.title(show.title)
    fg.description(show.description)
    # feedgen uses the href of the *last* link() call for <link>: self first, site last.
    fg.link(href=show.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.site_url, rel="alternate")
    fg.language(show.language)
    fg.generator(generator)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.lastBuildDate(last_build_date(project))
    artwork = artwork_url(show)
    if artwork:
        fg.image(url=artwork, title=show.title, link=show.site_url)
        fg.podcast.itunes_image(artwork)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    fg.podcast.itunes_category([{"cat": c.text, "sub": c.subcategory} for c in show.categories])
    fg.podcast.itunes_type("episodic")
    fg.nmo.explicit = show.explicit
    fg.nmo.guid = show.podcast_guid
    fg.nmo.license = show.license
    fg.nmo.funding = [(f.url, f.text) for f in show.funding]
    for episode in project.episodes:
        _add_item(fg, show, episode, files)
    return bytes(fg.rss_str(pretty=True, encoding="UTF-8"))


def _add_item(
    fg: FeedGenerator, show: Show, episode: Episode, files: Mapping[PurePosixPath, bytes]
) -> None:
    page = f"{show.site_url}episodes/{episode.slug}/"
    entry = fg.add_entry(order="append")
    entry.guid(episode.guid, permalink=False)
    entry.title(episode.title)
    entry.link(href=page)
    entry.pubDate(episode.published)
    entry.description(episode.summary)  # replaced by the CDATA HTML in _ItemExtension
    entry.content(_cdata_safe(content_html(episode)), type="CDATA")
    if episode.media:
        enclosure = episode.media[0]
        entry.enclosure(enclosure.url, str(enclosure.length), enclosure.mime_type)
        if enclosure.duration_ms is not None:
            entry.podcast.itunes_duration(round(enclosure.duration_ms / 1000))
    if episode.number is not None:
        entry.podcast.itunes_episode(episode.number)
    if episode.season is not None:
        entry.podcast.itunes_season(episode.season)
    entry.podcast.itunes_episode_type(episode.episode_type)
    entry.nmo.explicit = show.explicit if episode.explicit is None else episode.explicit
    entry.nmo.description = notes.feed_description(episode.summary, episode.notes_html, page)
    entry.nmo.transcripts = transcript_links(show, episode, files)
    entry.nmo.persons = [
        {"name": s.name, "role": s.role, "group": "cast"} for s in episode.speakers
    ]


def content_html(episode: Episode) -> str:
    """``content:encoded``: the full show notes and the full transcript, as simple HTML that
    podcast apps render (paragraphs, bold speaker names, times as text)."""
    parts = [episode.notes_html] if episode.notes_html else []
    transcript = episode.transcript
    if transcript is not None:
        parts.append("<h2>Transcript</h2>")
        for turn in transcript.turns:
            shown: set[int] = set()
            for index, paragraph in enumerate(turn.paragraphs):
                lead = []
                # A time for each paragraph that starts at a new second, as on the page.
                if paragraph.start_ms is not None and paragraph.start_ms // 1000 not in shown:
                    shown.add(paragraph.start_ms // 1000)
                    lead.append(f"[{timecode.format_label(paragraph.start_ms)}]")
                if index == 0 and turn.speaker:
                    lead.append(f"<strong>{html.escape(turn.speaker)}:</strong>")
                if paragraph.kind == "on_screen":
                    lead.append("<em>On screen:</em>")
                lead.append(html.escape(paragraph.text))
                parts.append(f"<p>{' '.join(lead)}</p>")
    return "\n".join(parts)


def last_build_date(project: Project) -> datetime:
    """The newest episode's date: ``lastBuildDate`` follows the content, never the clock."""
    dates = [e.published for e in project.episodes]
    return max(dates) if dates else datetime(1970, 1, 1, tzinfo=UTC)


def artwork_url(show: Show) -> str | None:
    if show.artwork_path is not None:
        return show.site_url + str(artwork_output(show.artwork_path))
    return show.artwork_url


def artwork_output(path: PurePosixPath) -> PurePosixPath:
    """Where local artwork is copied under ``out/``."""
    return PurePosixPath("artwork", path.name)


def _cdata_safe(text: str) -> str:
    # "]]>" would end a CDATA section early (lxml refuses it). In HTML text it is the same
    # as "]]&gt;", so the reader sees the same characters.
    return text.replace("]]>", "]]&gt;")


def _sub(parent: Any, namespace: str, tag: str, text: str | None, **attributes: str) -> Any:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element
