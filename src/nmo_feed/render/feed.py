"""The podcast RSS feed. The only module that imports feedgen and lxml.

feedgen writes RSS 2.0 and most ``itunes:`` tags; our extension adds what feedgen lacks:
``itunes:explicit`` as ``true``/``false`` (feedgen 1.0 only accepts yes/no/clean, but Apple
and the W3C validator require true/false) and the Podcasting 2.0 tags. Every date is taken
from the content, so two builds of the same show give the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Container, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .. import layout, transcripts
from ..errors import Diagnostics
from ..load.show import podcast_guid
from ..model import Episode, Media, Project, Show, Speaker
from ..rules import CAPTION_TYPES, DESCRIPTION_BYTES, TRANSCRIPT_OUTPUTS
from ..rules import MEDIA_FORMAT_NAMES as FORMAT_NAMES
from . import chapters as chapter_files
from . import feedtext, fragment, licence, locale, notes
from .locale import gettext as _
from .persons import item_persons

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


@dataclass(frozen=True, slots=True)
class TranscriptLink:
    url: str
    type: str
    language: str
    captions: bool


def transcript_links(
    site: layout.Site, episode: Episode, files: Container[PurePosixPath]
) -> list[TranscriptLink]:
    """One link per transcript file written for the episode (translations included), and
    the accessible HTML page, which is the primary transcript."""
    links = []
    for transcript in transcripts.of_episode(episode):
        for extension, mime, captions in TRANSCRIPT_OUTPUTS:
            path = layout.transcript(episode, transcript, extension)
            if path in files:
                links.append(TranscriptLink(site.url(path), mime, transcript.language, captions))
    if episode.transcript is not None:
        page = site.episode(episode)
        links.insert(0, TranscriptLink(page, "text/html", episode.transcript.language, False))
    for remote in episode.remote_transcripts:
        captions = remote.mime_type in CAPTION_TYPES
        links.append(TranscriptLink(remote.url, remote.mime_type, remote.language, captions))
    return links


class _ChannelExtension(BaseExtension):  # type: ignore[misc]
    def __init__(self) -> None:
        self.explicit = False
        self.guid: str | None = None
        self.locked: tuple[bool, str] | None = None
        self.license: str | None = None
        self.medium: str | None = None
        self.funding: list[tuple[str, str]] = []
        self.persons: tuple[Speaker, ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss: Any) -> Any:
        channel = rss.find("channel")
        _sub(channel, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.guid:
            _sub(channel, PODCAST_NS, "guid", self.guid)
        if self.locked is not None:
            # partytime ignores podcast:locked without its optional owner attribute.
            locked, owner = self.locked
            _sub(channel, PODCAST_NS, "locked", "yes" if locked else "no", owner=owner)
        # podcast:license takes a licence identifier; free text such as "All rights
        # reserved" stays in <copyright> only.
        if licence.is_identifier(self.license):
            _sub(channel, PODCAST_NS, "license", self.license)
        if self.medium:
            _sub(channel, PODCAST_NS, "medium", self.medium)
        for url, text in self.funding:
            _sub(channel, PODCAST_NS, "funding", text, url=url)
        for person in self.persons:
            _person(channel, person)
        return rss


class _ItemExtension(BaseEntryExtension):  # type: ignore[misc]
    def __init__(self) -> None:
        self.explicit = False
        self.description = ""
        self.image: str | None = None
        self.season: int | None = None
        self.number: int | None = None
        self.transcripts: list[TranscriptLink] = []
        self.chapters: str | None = None
        self.persons: tuple[Speaker, ...] = ()
        self.alternates: list[tuple[Media, str, str]] = []
        """Each rendition with its URL and title."""
        self.license: str | None = None
        """The episode's own licence, when it has one."""

    def extend_rss(self, item: Any) -> Any:
        # Apple asks for the description's HTML inside CDATA.
        item.find("description").text = etree.CDATA(_cdata_safe(self.description))
        if self.image:
            _sub(item, ITUNES_NS, "image", None, href=self.image)
        _sub(item, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.season is not None:
            _sub(item, PODCAST_NS, "season", str(self.season))
        if self.number is not None:
            _sub(item, PODCAST_NS, "episode", str(self.number))
        for link in self.transcripts:
            attributes = {"url": link.url, "type": link.type, "language": link.language}
            if link.captions:
                attributes["rel"] = "captions"
            _sub(item, PODCAST_NS, "transcript", None, **attributes)
        if self.chapters:
            _sub(
                item, PODCAST_NS, "chapters", None, url=self.chapters, type=chapter_files.MIME_TYPE
            )
        for person in self.persons:
            _person(item, person)
        _alternates(item, self.alternates)
        if licence.is_identifier(self.license):
            _sub(item, PODCAST_NS, "license", self.license)
        return item


def _person(parent: Any, person: Speaker) -> None:
    attributes = {"role": person.role, "group": person.group}
    if person.href:
        attributes["href"] = person.href
    if person.img:
        attributes["img"] = person.img
    _sub(parent, PODCAST_NS, "person", person.name, **attributes)


def _alternates(item: Any, renditions: list[tuple[Media, str, str]]) -> None:
    """Every rendition, the enclosure first (``default``), when there is more than one: apps
    that offer a choice then list each one by its title."""
    if len(renditions) < 2:
        return
    for index, (media, url, title) in enumerate(renditions):
        attributes = {"type": media.mime_type, "length": str(media.length), "title": title}
        if index == 0:
            attributes["default"] = "true"
        element = _sub(item, PODCAST_NS, "alternateEnclosure", None, **attributes)
        _sub(element, PODCAST_NS, "source", None, uri=url)


def rendition_title(media: Media, has_video: bool) -> str:
    """A rendition's title: its own, else ``Video``, ``Audio only`` beside a video, or its
    format, in the item's language (``item_language``), as the rest of its item."""
    if media.title:
        return media.title
    if media.is_video:
        return _("Video")
    if has_video:
        return _("Audio only")
    return FORMAT_NAMES.get(media.mime_type, media.mime_type)


def medium(show: Show, episodes: Sequence[Episode]) -> str:
    """``podcast:medium``: show.toml's, else ``video`` when every episode with media has a
    video enclosure, else ``podcast``."""
    if show.medium:
        return show.medium
    enclosures = [e.media[0] for e in episodes if e.media]
    return "video" if enclosures and all(m.is_video for m in enclosures) else "podcast"


def render_feed(
    project: Project,
    files: Mapping[PurePosixPath, bytes],
    generator: str,
    linked: frozenset[str] = frozenset(),
) -> bytes:
    """The whole feed as one feedgen document: channel, then the published episodes newest
    first. The build assembles the same bytes from ``Channel`` and ``ItemWriter`` pieces
    end to end, so that an unchanged episode's item is never rendered again; the tests
    hold the two equal.

    ``linked`` holds the guids of episodes whose ``content:encoded`` links to the transcript
    instead of including it (the feed-size policy, ``feedsize.py``)."""
    fg = _channel(
        project.show,
        generator,
        medium(project.show, project.episodes),
        last_build_date(project.episodes),
    )
    for episode in project.episodes:
        notes_html = notes.of(episode, Diagnostics())  # the build reports their problems
        with item_language(project.show, episode):
            _add_item(
                fg, project.show, episode, notes_html, files, link_only=episode.guid in linked
            )
    return _serialise(fg)


@dataclass(frozen=True, slots=True)
class Channel:
    """The feed around its items: ``head`` + each item's bytes + ``tail`` is the feed."""

    head: bytes
    tail: bytes


def channel(
    show: Show, episodes: Sequence[Episode], generator: str, topic: str | None = None
) -> Channel:
    """The channel for ``episodes`` (published, newest first; their metadata is enough):
    the bytes before the first item and after the last. With ``topic``, the channel of that
    topic's own feed (``episodes`` are then the topic's)."""
    fg = _channel(show, generator, medium(show, episodes), last_build_date(episodes), topic)
    # A placeholder item marks where the items go, wherever feedgen puts them.
    entry = fg.add_entry(order="append")
    entry.guid(_PLACEHOLDER, permalink=False)
    entry.title(_PLACEHOLDER)
    entry.description(_PLACEHOLDER)
    start, end = _item_span(data := _serialise(fg))
    return Channel(data[:start], data[end:])


class ItemWriter:
    """Renders one episode's ``<item>`` at a time, as the bytes it has in the whole feed."""

    def __init__(self, show: Show, generator: str) -> None:
        self._show = show
        # Items do not depend on the channel's content, only on its namespaces.
        self._fg = _channel(show, generator, "podcast", _EPOCH)

    def item(
        self,
        episode: Episode,
        notes_html: str,
        files: Container[PurePosixPath],
        *,
        link_only: bool,
    ) -> bytes:
        """The ``<item>`` with its indentation and final newline; ``notes_html`` are the
        episode's rendered show notes, ``files`` its own output files (the transcripts and
        chapters the item links to)."""
        with item_language(self._show, episode):
            entry = _add_item(self._fg, self._show, episode, notes_html, files, link_only=link_only)
        try:
            data = _serialise(self._fg)
        finally:
            self._fg.remove_entry(entry)
        start, end = _item_span(data)
        return data[start:end]

    def linked(self, episode: Episode, notes_html: str, item: bytes) -> bytes:
        """``item(..., link_only=True)`` made from the full ``item``: the two differ only in
        the CDATA text of ``content:encoded``, which is written verbatim, so swapping that
        text saves rendering the item twice (the tests hold the result to feedgen's)."""
        page = layout.Site.of(self._show).episode(episode)
        with item_language(self._show, episode):
            full = _content_cdata(content_html(episode, notes_html, page))
            short = _content_cdata(content_html(episode, notes_html, page, link_only=True))
        if item.count(full) != 1:
            raise ValueError(f"the item of {episode.guid} does not hold its content once")
        return item.replace(full, short)


_PLACEHOLDER = "NMO FEED ITEMS GO HERE"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _item_span(data: bytes) -> tuple[int, int]:
    """From the start of the first ``<item>`` line to the end of the last ``</item>`` line.

    Channel text is escaped, so the first literal ``<item>`` is the first item; item text
    may hold anything in CDATA, so the last ``</item>`` is found from the end."""
    start = data.rfind(b"\n", 0, data.index(b"<item>")) + 1
    end = data.index(b"\n", data.rindex(b"</item>")) + 1
    return start, end


def _serialise(fg: FeedGenerator) -> bytes:
    return bytes(fg.rss_str(pretty=True, encoding="UTF-8"))


def topic_title(show: Show, topic: str) -> str:
    """A topic feed's title: the show's, then the topic as the show page heads it."""
    return f"{show.title}: {topic[:1].upper()}{topic[1:]}"


def topic_guid(show: Show, topic: str) -> str:
    """A topic feed's ``podcast:guid``: UUIDv5 of its own URL, as the show's is of its."""
    return podcast_guid(layout.Site.of(show).topic_feed(topic))


def _channel(
    show: Show, generator: str, medium_: str, last_build: datetime, topic: str | None = None
) -> FeedGenerator:
    site = layout.Site.of(show)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("nmo", _ChannelExtension, _ItemExtension)
    description = feedtext.one_line(show.description)
    if topic is None:
        title = show.title
        self_url, page_url, guid = site.feed, show.site_url, show.podcast_guid
    else:
        title = topic_title(show, topic)
        _ = locale.for_language(show.language).gettext
        lead = _("The episodes of %(show)s posted in %(topic)s.") % {
            "show": show.title,
            "topic": topic,
        }
        # Within Apple's limit: the show's description follows only when it fits.
        if len(f"{lead} {description}".encode()) <= DESCRIPTION_BYTES:
            lead = f"{lead} {description}"
        description = lead
        self_url, page_url = site.topic_feed(topic), site.topic_page(topic)
        guid = topic_guid(show, topic)
    fg.title(title)
    fg.description(description)
    # feedgen uses the href of the *last* link() call for <link>: self first, site last.
    fg.link(href=self_url, rel="self", type="application/rss+xml")
    fg.link(href=page_url, rel="alternate")
    fg.language(show.language)
    fg.generator(generator)
    if show.copyright:
        fg.copyright(feedtext.one_line(show.copyright))
    fg.lastBuildDate(last_build)
    artwork = layout.Site.of(show).show_artwork(show)
    if artwork:
        # The image's title and link are the channel's (the W3C validator warns otherwise).
        fg.image(url=artwork, title=title, link=page_url)
        fg.podcast.itunes_image(artwork)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    fg.podcast.itunes_category([{"cat": c.text, "sub": c.subcategory} for c in show.categories])
    fg.podcast.itunes_type(show.show_type)
    fg.nmo.explicit = show.explicit
    fg.nmo.guid = guid
    fg.nmo.locked = (show.locked, show.owner_email)
    fg.nmo.license = show.license
    fg.nmo.medium = medium_
    fg.nmo.funding = [(f.url, feedtext.one_line(f.text)) for f in show.funding]
    fg.nmo.persons = show.persons
    return fg


def item_language(show: Show, episode: Episode) -> AbstractContextManager[locale.Speech]:
    """An item speaks its episode's language, as the episode's page does."""
    return locale.speaking(episode.language or show.language)


def _add_item(
    fg: FeedGenerator,
    show: Show,
    episode: Episode,
    notes_html: str,
    files: Container[PurePosixPath],
    *,
    link_only: bool,
) -> Any:
    """The episode's item; its own words (the summary's heading, "Transcript") are in the
    language of its page: call it inside ``item_language``."""
    site = layout.Site.of(show)
    page = site.episode(episode)
    entry = fg.add_entry(order="append")
    entry.guid(episode.guid, permalink=False)
    entry.title(episode.title)
    entry.link(href=page)
    entry.pubDate(episode.published)
    entry.description(episode.summary)  # replaced by the CDATA HTML in _ItemExtension
    content = content_html(episode, notes_html, page, link_only=link_only)
    entry.content(_cdata_safe(content), type="CDATA")
    if episode.media:
        enclosure = episode.media[0]
        entry.enclosure(site.media(episode, enclosure), str(enclosure.length), enclosure.mime_type)
        if enclosure.duration_ms is not None:
            entry.podcast.itunes_duration(round(enclosure.duration_ms / 1000))
    if episode.number is not None:
        entry.podcast.itunes_episode(episode.number)
    if episode.season is not None:
        entry.podcast.itunes_season(episode.season)
    entry.podcast.itunes_episode_type(episode.episode_type)
    # Most apps name an episode's author from itunes:author only, not podcast:person.
    entry.podcast.itunes_author(feedtext.item_author(show, episode))
    entry.nmo.explicit = show.explicit if episode.explicit is None else episode.explicit
    entry.nmo.description = notes.feed_description(
        feedtext.summary_html(episode),
        notes_html,
        page,
        feedtext.plain_summary_html(episode),
    )
    entry.nmo.image = site.episode_artwork(episode)
    entry.nmo.season, entry.nmo.number = episode.season, episode.number
    entry.nmo.transcripts = transcript_links(site, episode, files)
    chapters = layout.chapters(episode)
    entry.nmo.chapters = site.url(chapters) if chapters in files else episode.remote_chapters
    entry.nmo.persons = item_persons(show, episode)
    has_video = any(m.is_video for m in episode.media)
    entry.nmo.alternates = [
        (m, site.media(episode, m), rendition_title(m, has_video)) for m in episode.media
    ]
    entry.nmo.license = episode.license
    return entry


def content_html(episode: Episode, notes_html: str, page: str, *, link_only: bool = False) -> str:
    """``_content_html``, kept for the episode last asked for: its item, the linked copy of
    it and its JSON Feed item ask for the same full transcript in a row (three times the
    transcript's HTML, 4 % of a cold build, made once)."""
    key = (notes_html, page, link_only)
    for known, known_key, text in _recent:
        if known is episode and known_key == key:
            return text
    text = _content_html(episode, notes_html, page, link_only=link_only)
    _recent[:] = [*_recent[-1:], (episode, key, text)]
    return text


_recent: list[tuple[Episode, tuple[str, str, bool], str]] = []
"""The last two ``content_html`` answers (full and linked), with the episode they are for:
held by reference, so ``is`` cannot match another episode made at the same address."""


def _content_html(episode: Episode, notes_html: str, page: str, *, link_only: bool) -> str:
    """``content:encoded``: the summary and the plain-language summary (as in the
    ``description``), the full show notes (``notes_html``, rendered), a link to the episode's
    ``page`` and the full transcript, as simple HTML that podcast apps render (paragraphs,
    bold speaker names, times as text, chapter headings).

    With ``link_only`` (the feed-size policy) the transcript is a link to that page instead of
    its text."""
    parts = [feedtext.summary_html(episode) + feedtext.plain_summary_html(episode)]
    if notes_html:
        heading = html.escape(_("Show notes"), quote=False)
        parts += [f"<h2>{heading}</h2>", notes_html]
    parts.append(feedtext.page_link(page))
    transcript = episode.transcript
    if transcript is None:
        return "\n".join(parts)
    heading = html.escape(_("Transcript"), quote=False)
    parts.append(f"<h2>{heading}</h2>")
    if link_only:
        words = html.escape(_("Read the full transcript on the episode's page"), quote=False)
        parts.append(f'<p><a href="{html.escape(page)}#transcript">{words}</a>.</p>')
        return "\n".join(parts)
    parts += fragment.transcript_blocks(episode)
    return "\n".join(parts)


def last_build_date(episodes: Sequence[Episode]) -> datetime:
    """The newest episode's date: ``lastBuildDate`` follows the content, never the clock."""
    return max((e.published for e in episodes), default=_EPOCH)


def _content_cdata(html_text: str) -> bytes:
    return f"<content:encoded><![CDATA[{_cdata_safe(html_text)}]]></content:encoded>".encode()


def _cdata_safe(text: str) -> str:
    # "]]>" would end a CDATA section early (lxml refuses it). In HTML text it is the same
    # as "]]&gt;", so the reader sees the same characters.
    return text.replace("]]>", "]]&gt;")


def _sub(parent: Any, namespace: str, tag: str, text: str | None, **attributes: str) -> Any:
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element
