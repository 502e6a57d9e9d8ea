"""Check the rendered site as podcast apps will see it: ``nmo-feed check`` and ``build`` run
this on the output in memory, after rendering and before anything is written.

The input checks say what is wrong with the show; these say what is wrong with the result,
so a renderer bug or a rule the input checks cannot see is caught before apps see it:

- ``feed.xml`` is well-formed, declares exactly the ``itunes``, ``podcast``, ``content`` and
  ``atom`` prefixes with their URIs, has Apple's required channel and item tags and an
  ``itunes:author`` on every item, ``true`` or ``false`` for ``itunes:explicit``, no
  ``itunes:summary``, descriptions within 4000 bytes and Apple's tags, in CDATA, unique
  permanent guids, RFC 2822 dates;
- every episode with media has its enclosure, and local media (enclosures, alternate
  renditions), artwork, pages, transcripts and chapters the feed links to exist in the output;
- every linked transcript file reads back with nmo-feed's own loaders, and chapters too.

The feed is parsed with the standard library's XML parser, independently of the lxml that
wrote it. Problems are diagnostics located at the source that produced them: the episode's
``episode.md`` for an item, ``show.toml`` for the channel.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import PurePosixPath

from .. import layout, transcripts
from ..errors import Diagnostics, SourceLocation
from ..load import chapters
from ..model import Episode, Project, Show
from ..render import feed, topics
from ..rules import DESCRIPTION_BYTES as DESCRIPTION_LIMIT
from ..rules import DESCRIPTION_TAGS, EPISODE_TYPES, TRANSCRIPT_OUTPUTS

FEED = PurePosixPath("feed.xml")
NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
CHANNEL_TAGS = ("title", "link", "description", "language", "itunes:author", "itunes:explicit")
# itunes:author: most apps name an episode's author from it alone.
ITEM_TAGS = ("title", "link", "guid", "pubDate", "description", "itunes:author", "itunes:explicit")
_TRANSCRIPT_SUFFIXES = {f".{extension}" for extension, _, _ in TRANSCRIPT_OUTPUTS}


def check_output(
    project: Project,
    files: Mapping[PurePosixPath, bytes],
    diagnostics: Diagnostics,
    *,
    read_back: bool = True,
) -> None:
    """Record a diagnostic for every rule the rendered ``files`` break (``nmo-feed check``).

    With ``read_back`` every linked transcript and chapters file is also parsed again with
    our own loaders. That doubles the cost of a build, so ``build`` leaves it to ``check``:
    the files come from our own writers, whose round trips the test suite proves."""
    show = project.show
    _check_feed(show, project.episodes, FEED, None, files, diagnostics, read_back)
    for topic, episodes in topics.by_topic(project.episodes).items():
        path = layout.topic_feed(topic)
        _check_feed(show, episodes, path, topic, files, diagnostics, read_back)


def _check_feed(
    show: Show,
    episodes: Sequence[Episode],
    path: PurePosixPath,
    topic: str | None,
    files: Mapping[PurePosixPath, bytes],
    diagnostics: Diagnostics,
    read_back: bool,
) -> None:
    """Every rule of a feed: the show's ``feed.xml``, or a topic's (``topic``)."""
    channel_at = SourceLocation(show.source.path)
    data = files.get(path)
    if data is None:
        diagnostics.error("feed-xml", f"the build wrote no {path}", channel_at)
        return
    root = _parse(data, diagnostics, channel_at)
    if root is None:
        return
    checker = _Checker(show, episodes, files, diagnostics, read_back=read_back, topic=topic)
    checker.namespaces(_declared_namespaces(data), root)
    channel = root.find("channel")
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        diagnostics.error("feed-xml", f"{path} is not an RSS 2.0 <rss><channel>", channel_at)
        return
    checker.channel(channel)
    checker.items(channel.findall("item"), data)


def check_channel(
    show: Show,
    head: bytes,
    tail: bytes,
    files: Mapping[PurePosixPath, bytes],
    diagnostics: Diagnostics,
    topic: str | None = None,
) -> None:
    """``check_output``'s channel rules on the feed without its items (``build``, which
    checks each item as it is rendered with ``check_item``); with ``topic``, on that topic's
    feed."""
    data = head + tail
    root = _parse(data, diagnostics, SourceLocation(show.source.path))
    channel = root.find("channel") if root is not None else None
    if root is None or channel is None:
        return
    checker = _Checker(show, (), files, diagnostics, read_back=False, topic=topic)
    checker.namespaces(_declared_namespaces(data), root)
    checker.channel(channel)


def check_item(
    show: Show,
    episode: Episode,
    item: bytes,
    files: Mapping[PurePosixPath, bytes],
    diagnostics: Diagnostics,
) -> None:
    """``check_output``'s item rules on one ``<item>`` as it stands in the feed; ``files``
    holds at least the episode's own outputs."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    data = b"".join(
        (f'<rss version="2.0" {declarations}><channel>'.encode(), item, b"</channel></rss>")
    )
    root = _parse(data, diagnostics, SourceLocation(episode.source.path))
    channel = root.find("channel") if root is not None else None
    if root is None or channel is None:
        return
    checker = _Checker(show, (episode,), files, diagnostics, read_back=False)
    checker.namespaces([], root, declared_too=False)
    checker.explicit(channel.findall(f"item/{_q('itunes:explicit')}"))
    for element in channel.findall("item"):
        checker.item(element, item)


def _parse(data: bytes, diagnostics: Diagnostics, at: SourceLocation) -> ET.Element | None:
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        diagnostics.error("feed-xml", f"feed.xml is not well-formed XML: {error}", at)
        return None


def _declared_namespaces(data: bytes) -> list[tuple[str, str]]:
    """Every (prefix, URI) declaration in the document, in order."""
    return [value for _, value in ET.iterparse(io.BytesIO(data), events=("start-ns",))]


def _q(name: str) -> str:
    """``itunes:explicit`` as ElementTree's ``{uri}explicit``."""
    if ":" not in name:
        return name
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


class _Checker:
    def __init__(
        self,
        show: Show,
        episodes: Sequence[Episode],
        files: Mapping[PurePosixPath, bytes],
        diagnostics: Diagnostics,
        *,
        read_back: bool,
        topic: str | None = None,
    ) -> None:
        self.read_back = read_back
        self.show = show
        self.site = layout.Site.of(show)
        # A topic's feed is the show's channel at its own address, with its own guid.
        self.feed_url = self.site.feed if topic is None else self.site.topic_feed(topic)
        self.guid = show.podcast_guid if topic is None else feed.topic_guid(show, topic)
        self.published = [e.guid for e in episodes]
        self.files = files
        self.diagnostics = diagnostics
        self.channel_at = SourceLocation(show.source.path)
        self.episodes = {e.guid: e for e in episodes}

    # --- channel ------------------------------------------------------------------------

    def namespaces(
        self, declared: list[tuple[str, str]], root: ET.Element, *, declared_too: bool = True
    ) -> None:
        found = dict(declared)
        if declared_too and (len(declared) != len(found) or found != NAMESPACES):
            self.diagnostics.error(
                "feed-namespace",
                "feed.xml must declare exactly the prefixes itunes, podcast, content and atom"
                f" with their namespace URIs, not {sorted(declared)}",
                self.channel_at,
            )
        used = {el.tag[1:].split("}")[0] for el in root.iter() if el.tag.startswith("{")}
        for uri in sorted(used - set(NAMESPACES.values())):
            self.diagnostics.error(
                "feed-namespace", f"feed.xml uses an unknown namespace {uri}", self.channel_at
            )

    def explicit(self, elements: Sequence[ET.Element | None]) -> None:
        for element in elements:
            if element is not None and element.text not in ("true", "false"):
                self._fail(
                    "feed-tag",
                    f"itunes:explicit is {element.text!r}; Apple requires true or false",
                    self.channel_at,
                )

    def channel(self, channel: ET.Element) -> None:
        for name in CHANNEL_TAGS:
            self._required(channel, name, self.channel_at, "the channel")
        if channel.find(_q("itunes:category")) is None:
            self._fail("feed-tag", "the channel has no itunes:category", self.channel_at)
        self.explicit(
            [channel.find(_q("itunes:explicit")), *channel.findall(f"item/{_q('itunes:explicit')}")]
        )
        if channel.find(f".//{_q('itunes:summary')}") is not None:
            self._fail(
                "feed-tag",
                "feed.xml has itunes:summary, which Apple shows instead of the description",
                self.channel_at,
            )
        kind = channel.findtext(_q("itunes:type"))
        if kind not in ("episodic", "serial"):
            self._fail(
                "feed-tag", f"itunes:type is {kind!r}, not episodic or serial", self.channel_at
            )
        description = channel.findtext("description") or ""
        if len(description.encode()) > DESCRIPTION_LIMIT:
            self._fail(
                "feed-description",
                f"the channel description is {len(description.encode())} bytes;"
                f" Apple's limit is {DESCRIPTION_LIMIT}",
                self.channel_at,
            )
        self_links = [
            link.get("href")
            for link in channel.findall(_q("atom:link"))
            if link.get("rel") == "self"
        ]
        if self_links != [self.feed_url]:
            self._fail(
                "feed-tag",
                f"atom:link rel=self must be the feed URL {self.feed_url}, not {self_links}",
                self.channel_at,
            )
        if channel.findtext(_q("podcast:guid")) != self.guid:
            self._fail(
                "feed-tag", f"podcast:guid of {self.feed_url} is not {self.guid}", self.channel_at
            )
        if self.show.artwork_path is not None:  # remote artwork is not in the build
            for image in channel.findall(_q("itunes:image")):
                self._local(image.get("href"), "artwork", self.channel_at)

    # --- items --------------------------------------------------------------------------

    def items(self, items: list[ET.Element], data: bytes) -> None:
        guids = [item.findtext("guid") or "" for item in items]
        for guid, count in Counter(guids).items():
            if count > 1:
                self._fail("feed-guid", f"{count} items share the guid {guid!r}", self._at(guid))
        # ElementTree does not keep CDATA; the raw text of each item shows it.
        raw_items = re.findall(rb"<item>.*?</item>", data, flags=re.DOTALL)
        for item, raw in zip(items, raw_items, strict=False):
            self.item(item, raw)
        published = self.published
        if guids != published:
            self._fail(
                "feed-guid",
                f"feed.xml lists the items {guids}, not the published episodes {published}",
                self.channel_at,
            )

    def item(self, item: ET.Element, raw: bytes) -> None:
        guid = item.findtext("guid") or ""
        episode = self.episodes.get(guid)
        at = self._at(guid)
        for name in ITEM_TAGS:
            self._required(item, name, at, f"the item {guid!r}")
        guid_element = item.find("guid")
        if guid_element is not None and guid_element.get("isPermaLink") != "false":
            self._fail("feed-guid", f'the guid {guid!r} must have isPermaLink="false"', at)
        self._date(item.findtext("pubDate"), at)
        self._description(item.findtext("description") or "", at)
        for tag in (b"description", b"content:encoded"):
            if re.search(rb"<" + tag + rb">(?!<!\[CDATA\[)", raw):
                self._fail("feed-cdata", f"{tag.decode()} of the item {guid!r} is not in CDATA", at)
        kind = item.findtext(_q("itunes:episodeType"))
        if kind not in EPISODE_TYPES:
            self._fail(
                "feed-tag", f"itunes:episodeType is {kind!r}, not one of {EPISODE_TYPES}", at
            )
        self._local(item.findtext("link"), "episode page", at)
        if episode is not None:
            if episode.artwork is not None and episode.artwork.local_path is not None:
                for image in item.findall(_q("itunes:image")):
                    self._local(image.get("href"), "artwork", at)
            self._enclosure(item, episode, at)
            self._renditions(item, episode, at)
        for transcript in item.findall(_q("podcast:transcript")):
            self._transcript(transcript, episode, at)
        for element in item.findall(_q("podcast:chapters")):
            self._chapters(element, episode, at)

    def _enclosure(self, item: ET.Element, episode: Episode, at: SourceLocation) -> None:
        enclosures = item.findall("enclosure")
        if not episode.media:
            return
        media = episode.media[0]
        url = self.site.media(episode, media)
        length = media.length
        copy = self.site.path(url) if media.local_path is not None else None
        if copy is not None and copy in self.files:
            # A local file's enclosure gives the size of its (tagged) copy, not the source's.
            length = len(self.files[copy])
        expected = (url, str(length), media.mime_type)
        found = [(e.get("url"), e.get("length"), e.get("type")) for e in enclosures]
        if found != [expected]:
            self._fail(
                "feed-enclosure",
                f"the item's enclosure is {found}, not {[expected]} (url, length, type)",
                at,
            )
            return
        if media.local_path is None:  # remote media: its URL is the publisher's to keep
            return
        path = self._local(expected[0], "media", at)
        files = self.files
        if path is not None and path in files and len(files[path]) != length:
            self._fail(
                "feed-enclosure",
                f"the enclosure length is {length} but {path} has {len(files[path])} bytes",
                at,
            )

    def _renditions(self, item: ET.Element, episode: Episode, at: SourceLocation) -> None:
        """Each local rendition offered as an alternate enclosure is in the build."""
        sources = {
            source.get("uri")
            for source in item.findall(f"{_q('podcast:alternateEnclosure')}/{_q('podcast:source')}")
        }
        for media in episode.media:
            url = self.site.media(episode, media)
            if media.local_path is not None and url in sources:
                self._local(url, "media", at)

    def _transcript(self, element: ET.Element, episode: Episode | None, at: SourceLocation) -> None:
        url = element.get("url")
        path = self._local(url, "transcript", at)
        if path is None or path not in self.files or path.suffix not in _TRANSCRIPT_SUFFIXES:
            return
        if not self.read_back:
            return
        language = element.get("language") or self.show.language
        scratch = Diagnostics()
        location = SourceLocation(PurePosixPath("out") / path)
        loaded = transcripts.load_bytes(self.files[path], path.suffix, location, language, scratch)
        if loaded is None or scratch.errors:
            self._fail(
                "feed-transcript",
                f"feed.xml links {path}, which does not read back: {_first(scratch)}",
                at,
            )

    def _chapters(self, element: ET.Element, episode: Episode | None, at: SourceLocation) -> None:
        if element.get("type") != chapters.MIME_TYPE:
            self._fail(
                "feed-chapters",
                f"podcast:chapters type is {element.get('type')!r}, not {chapters.MIME_TYPE}",
                at,
            )
        path = self._local(element.get("url"), "chapters", at)
        if path is None or path not in self.files or not self.read_back:
            return
        scratch = Diagnostics()
        duration = episode.duration_ms if episode is not None else None
        text = self.files[path].decode("utf-8", errors="replace")
        found = chapters.parse_json(
            text, SourceLocation(PurePosixPath("out") / path), duration, scratch
        )
        if found is None or scratch.errors:
            self._fail(
                "feed-chapters",
                f"feed.xml links {path}, which does not read back: {_first(scratch)}",
                at,
            )

    # --- helpers ------------------------------------------------------------------------

    def _local(self, url: str | None, what: str, at: SourceLocation) -> PurePosixPath | None:
        """The output path of a URL on the show's own site (None for other sites), reporting
        ``feed-link`` when the build has no such file."""
        path = self.site.path(url) if url else None
        if path is None:
            return None
        if path not in self.files:
            self._fail(
                "feed-link",
                f"feed.xml links the {what} {url}, which the build does not contain",
                at,
            )
        return path

    def _required(self, parent: ET.Element, name: str, at: SourceLocation, what: str) -> None:
        text = parent.findtext(_q(name))
        if text is None or not text.strip():
            self._fail("feed-tag", f"{what} has no {name}", at)

    def _date(self, text: str | None, at: SourceLocation) -> None:
        try:
            ok = text is not None and parsedate_to_datetime(text).tzinfo is not None
        except (TypeError, ValueError):
            ok = False
        if not ok:
            self._fail("feed-tag", f"pubDate {text!r} is not an RFC 2822 date with a zone", at)

    def _description(self, text: str, at: SourceLocation) -> None:
        size = len(text.encode())
        if size > DESCRIPTION_LIMIT:
            self._fail(
                "feed-description",
                f"the item description is {size} bytes; Apple's limit is {DESCRIPTION_LIMIT}",
                at,
            )
        tags = _tags(text) - DESCRIPTION_TAGS
        if tags:
            self._fail(
                "feed-description",
                f"the item description uses {', '.join(sorted(tags))}; Apple allows only"
                " p, ol, ul, li and a",
                at,
            )

    def _at(self, guid: str) -> SourceLocation:
        episode = self.episodes.get(guid)
        return SourceLocation(episode.source.path) if episode else self.channel_at

    def _fail(self, code: str, message: str, at: SourceLocation) -> None:
        self.diagnostics.error(code, message, at)


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def _tags(fragment: str) -> set[str]:
    """The element names used in an HTML fragment."""
    collector = _TagCollector()
    collector.feed(fragment)
    collector.close()
    return collector.tags


def _first(diagnostics: Diagnostics) -> str:
    """The first problem a loader reported, as ``code at line: message``."""
    errors = diagnostics.sorted()
    if not errors:
        return "it is empty"
    first = errors[0]
    line = f" at line {first.location.line}" if first.location.line else ""
    return f"{first.code}{line}: {first.message}"
