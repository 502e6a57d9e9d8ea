"""``nmo-feed import``: another host's podcast feed read into what a show folder needs.

Everything that reaches a listener's app unchanged is taken verbatim: each item's guid (or,
for an item without one, its enclosure URL, which is what apps use in its place), title,
pubDate and enclosure URL. Every tag the reader does not carry over is counted, so the
report can say what was dropped and why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element

from ..load import show as config
from ..load.media import MEDIA_TYPES
from ..model import Speaker
from ..rules import EPISODE_TYPES
from . import htmlnotes

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
# The namespace URI the podcast namespace's own docs used before 2021; feeds still carry it.
PODCAST_OLD = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"
PREFIXES = {
    ITUNES: "itunes",
    PODCAST: "podcast",
    PODCAST_OLD: "podcast",
    CONTENT: "content",
    ATOM: "atom",
    PSC: "psc",
    "http://www.google.com/schemas/play-podcasts/1.0": "googleplay",
    "http://search.yahoo.com/mrss/": "media",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://www.rawvoice.com/rawvoiceRssModule/": "rawvoice",
    "http://www.spotify.com/ns/rss": "spotify",
    "https://anchor.fm/xmlns": "anchor",
    "https://fyyd.de/fyyd-ns/": "fyyd",
}

# Why a tag that is not carried over is dropped, for the report. Tags not named here are
# dropped as "not a tag nmo-feed writes".
WHY_DROPPED = {
    "lastBuildDate": "the build writes it from the episodes",
    "pubDate": "the build writes it from the episodes",
    "generator": "the build names nmo-feed",
    "docs": "the build writes its own",
    "ttl": "not written by nmo-feed",
    "image": "the artwork is kept from itunes:image (or this when that is missing)",
    "link": "each episode links to its new transcript page",
    "comments": "nmo-feed has no comments",
    "category": "only the Apple categories (itunes:category) are kept",
    "author": "the show's author comes from itunes:author",
    "managingEditor": "the owner's email is kept from itunes:owner",
    "webMaster": "the owner's email is kept from itunes:owner",
    "itunes:author": "every episode is credited to the show's author",
    "atom:contributor": "not written; name people in show.toml [[persons]] or speakers",
    "source": "not written by nmo-feed",
    "atom:link": "the build writes its own self link; paging, hub and deep links are not written",
    "itunes:subtitle": "Apple no longer shows it; the summary is kept",
    "itunes:summary": "Apple reads the description instead; it is used only when there is none",
    "itunes:keywords": "Apple has ignored keywords since 2019",
    "itunes:block": "nmo-feed has no block setting: leave the show out of directories by not"
    " submitting it",
    "itunes:complete": "nmo-feed has no complete setting",
    "itunes:new-feed-url": "this feed's own move notice; see the report on the old feed",
    "itunes:duration": "kept as the media's duration",
    "itunes:title": "the episode title is kept from <title>",
    "googleplay:*": "Google Podcasts closed in 2024",
    "media:*": "Media RSS is not written; the enclosure and artwork are kept",
    "rawvoice:*": "PowerPress/Blubrry's own tags; not read by apps",
    "spotify:*": "Spotify's own tags; not needed for Spotify to read the feed",
    "anchor:*": "Anchor's own tags",
    "fyyd:*": "fyyd's verification tag belongs to the old feed",
    "dc:*": "Dublin Core is not written",
    "sy:*": "update hints are not written",
    "wfw:*": "nmo-feed has no comments",
    "slash:*": "nmo-feed has no comments",
    "podcast:txt": "verification text belongs to the old feed",
    "podcast:medium": "the build chooses the medium from the episodes (or show.toml medium)",
    "podcast:trailer": "not written by nmo-feed; mark a trailer episode with type: trailer",
    "podcast:location": "not written by nmo-feed",
    "podcast:season": "the season number is kept from itunes:season",
    "podcast:episode": "the episode number is kept from itunes:episode",
    "podcast:soundbite": "not written by nmo-feed",
    "podcast:alternateEnclosure": "only the enclosure is kept; add renditions to media:",
    "podcast:value": "not written by nmo-feed",
    "podcast:socialInteract": "nmo-feed has no comments",
    "podcast:podroll": "not written by nmo-feed",
    "podcast:updateFrequency": "not written by nmo-feed",
    "podcast:images": "the artwork is kept from itunes:image",
    "psc:chapters": "kept as chapters",
}


@dataclass(frozen=True, slots=True)
class Link:
    """A file the feed points at: a transcript or chapters."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    type: str
    type_given: str
    """The type as the feed gave it (``type`` may be a corrected alias)."""
    length: int | None


@dataclass(frozen=True, slots=True)
class Chapter:
    """A Podlove Simple Chapter."""

    start: float
    title: str
    href: str | None
    img: str | None


@dataclass
class Item:
    guid: str
    guid_from_enclosure: bool
    title: str
    published: datetime | None
    published_text: str
    summary: str
    notes_html: str
    number: int | None
    season: int | None
    episode_type: str | None
    explicit: bool | None
    persons: list[Speaker]
    enclosure: Enclosure | None
    duration: int | None
    artwork: str | None
    chapters: Link | None
    simple_chapters: list[Chapter]
    transcripts: list[Link]
    notes: list[str] = field(default_factory=list)
    """What needs the publisher's attention about this item."""


@dataclass
class Channel:
    title: str
    description: str
    language: str | None
    link: str | None
    author: str | None
    owner_name: str | None
    owner_email: str | None
    artwork: str | None
    categories: list[tuple[str, str | None]]
    explicit: bool | None
    show_type: str | None
    copyright: str | None
    license: str | None
    funding: list[tuple[str, str]]
    locked: bool | None
    persons: list[Speaker]
    podcast_guid: str | None
    self_url: str | None
    new_feed_url: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class Feed:
    channel: Channel
    items: list[Item]
    skipped: list[str]
    """Items that could not be imported at all, and why."""
    dropped: Counter[tuple[str, str]]
    """(``channel`` or ``item``, tag) → how many times it was not carried over."""


def name(element: Element) -> str:
    """The tag as a feed author writes it: ``itunes:image``, ``title``."""
    tag = element.tag
    if not isinstance(tag, str):
        return "?"
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        return f"{PREFIXES.get(uri, '{' + uri + '}')}:{local}"
    return tag


def why_dropped(tag: str) -> str:
    prefix = tag.split(":", 1)[0] + ":*" if ":" in tag else ""
    return WHY_DROPPED.get(tag) or WHY_DROPPED.get(prefix) or "not a tag nmo-feed writes"


def read(root: Element) -> Feed:
    """The feed's channel and items (``root`` is ``<rss>``, as ``fetch.parse`` gives it)."""
    channel_element = root.find("channel")
    assert channel_element is not None
    dropped: Counter[tuple[str, str]] = Counter()
    channel = _channel(channel_element, dropped)
    items: list[Item] = []
    skipped: list[str] = []
    for number, element in enumerate(channel_element.findall("item"), start=1):
        item = _item(element, dropped)
        if isinstance(item, str):
            skipped.append(f"item {number}: {item}")
        else:
            items.append(item)
    return Feed(channel, items, skipped, dropped)


# --- channel ----------------------------------------------------------------------------

_CHANNEL_READ = {
    "title", "description", "language", "link", "copyright", "item", "image",
    "itunes:author", "itunes:owner", "itunes:image", "itunes:category", "itunes:explicit",
    "itunes:type", "itunes:new-feed-url", "itunes:summary", "podcast:guid", "podcast:license",
    "podcast:funding", "podcast:locked", "podcast:person", "atom:link",
}  # fmt: skip


def _channel(element: Element, dropped: Counter[tuple[str, str]]) -> Channel:
    for child in element:
        tag = name(child)
        if tag not in _CHANNEL_READ or (tag == "atom:link" and child.get("rel") != "self"):
            dropped["channel", tag] += 1
    notes: list[str] = []
    if _text(element, "description") and element.find(f"{{{ITUNES}}}summary") is not None:
        dropped["channel", "itunes:summary"] += 1
    description = _text(element, "description") or _text(element, f"{{{ITUNES}}}summary") or ""
    plain = htmlnotes.to_text(description)
    if "<" in description and plain != " ".join(description.split()):
        notes.append("the show description held HTML; it is kept as plain text")
    owner = element.find(f"{{{ITUNES}}}owner")
    image = element.find(f"{{{ITUNES}}}image")
    artwork = image.get("href") if image is not None else None
    if not artwork:
        artwork = _text(element, "image/url")
    self_link = next(
        (a.get("href") for a in element.findall(f"{{{ATOM}}}link") if a.get("rel") == "self"),
        None,
    )
    locked = _podcast(element, "locked")
    return Channel(
        title=_text(element, "title") or "",
        description=plain,
        language=_text(element, "language"),
        link=_text(element, "link"),
        author=_text(element, f"{{{ITUNES}}}author"),
        owner_name=_text(owner, f"{{{ITUNES}}}name") if owner is not None else None,
        owner_email=_text(owner, f"{{{ITUNES}}}email") if owner is not None else None,
        artwork=(artwork or "").strip() or None,
        categories=_categories(element),
        explicit=_explicit(_text(element, f"{{{ITUNES}}}explicit")),
        show_type=_text(element, f"{{{ITUNES}}}type"),
        copyright=_text(element, "copyright"),
        license=_license(element),
        funding=[
            (f.get("url", "").strip(), " ".join((f.text or "").split()))
            for f in _podcasts(element, "funding")
            if f.get("url")
        ],
        locked=None if locked is None else (locked.text or "").strip().lower() == "yes",
        persons=[p for p in map(_person, _podcasts(element, "person")) if p is not None],
        podcast_guid=_podcast_text(element, "guid"),
        self_url=(self_link or "").strip() or None,
        new_feed_url=_text(element, f"{{{ITUNES}}}new-feed-url"),
        notes=notes,
    )


def _categories(element: Element) -> list[tuple[str, str | None]]:
    result: list[tuple[str, str | None]] = []
    for top in element.findall(f"{{{ITUNES}}}category"):
        text = (top.get("text") or "").strip()
        subs: list[str | None] = [
            (s.get("text") or "").strip() or None for s in top.findall(f"{{{ITUNES}}}category")
        ]
        for sub in subs or [None]:
            if (text, sub) not in result:
                result.append((text, sub))
    return result


def _license(element: Element) -> str | None:
    found = _podcast(element, "license")
    if found is None:
        return None
    return " ".join((found.text or "").split()) or (found.get("url") or "").strip() or None


# --- items ------------------------------------------------------------------------------

_ITEM_READ = {
    "title", "guid", "pubDate", "description", "enclosure", "content:encoded",
    "itunes:duration", "itunes:episode", "itunes:season", "itunes:episodeType",
    "itunes:explicit", "itunes:image", "itunes:summary", "podcast:person", "podcast:chapters",
    "podcast:transcript", "psc:chapters",
}  # fmt: skip
# Types feeds give that mean one podcast apps play under another name.
_TYPE_ALIASES = {
    "audio/mp3": "audio/mpeg", "audio/x-mp3": "audio/mpeg", "audio/mpeg3": "audio/mpeg",
    "audio/x-mpeg": "audio/mpeg", "audio/mpg": "audio/mpeg", "audio/m4a": "audio/x-m4a",
    "audio/x-wav": "audio/wav", "audio/x-flac": "audio/flac", "video/m4v": "video/x-m4v",
}  # fmt: skip
_TYPE_BY_EXTENSION = {
    ".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".mp4": "video/mp4", ".m4v": "video/x-m4v",
    ".mov": "video/quicktime", ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/opus",
    ".flac": "audio/flac", ".wav": "audio/wav",
}  # fmt: skip


def _item(element: Element, dropped: Counter[tuple[str, str]]) -> Item | str:
    for child in element:
        tag = name(child)
        if tag not in _ITEM_READ:
            dropped["item", tag] += 1
    notes: list[str] = []
    enclosure = _enclosure(element, notes)
    guid_element = element.find("guid")
    guid = (guid_element.text or "").strip() if guid_element is not None else ""
    from_enclosure = False
    if not guid:
        if enclosure is None:
            title = _text(element, "title") or "(no title)"
            return f"{title!r} has neither a guid nor an enclosure, so apps cannot know it"
        guid, from_enclosure = enclosure.url, True
        notes.append("no guid in the old feed: its enclosure URL is the guid, as apps used it")
    title = (_text(element, "title") or "").strip()
    if not title:
        title = _text(element, f"{{{ITUNES}}}title") or "Untitled episode"
        notes.append(f"no <title> in the old feed: titled {title!r}")
    published_text = _text(element, "pubDate") or ""
    published = _date(published_text)
    if published is None:
        notes.append(
            f"pubDate {published_text!r} is not a date: imported as a draft, give it a date"
        )
    content = _text(element, f"{{{CONTENT}}}encoded") or ""
    description = _text(element, "description") or ""
    summary_source = description or _text(element, f"{{{ITUNES}}}summary") or content
    if description and element.find(f"{{{ITUNES}}}summary") is not None:
        dropped["item", "itunes:summary"] += 1
    notes_html = content if len(content) >= len(description) else description
    image = element.find(f"{{{ITUNES}}}image")
    chapters = _podcast(element, "chapters")
    number = _whole(_text(element, f"{{{ITUNES}}}episode"))
    season = _whole(_text(element, f"{{{ITUNES}}}season"))
    episode_type = (_text(element, f"{{{ITUNES}}}episodeType") or "").strip().lower() or None
    explicit = _explicit(_text(element, f"{{{ITUNES}}}explicit"))
    # A value the old feed gave but nmo-feed cannot keep is left out, and said so: the
    # episode would otherwise lose its number or type without a word.
    for tag, kept, accepted in (
        ("episode", number, "a whole number from 1"),
        ("season", season, "a whole number from 1"),
        ("episodeType", episode_type in EPISODE_TYPES or None, "full, trailer or bonus"),
        ("explicit", explicit, "yes/true or no/false"),
    ):
        given = _text(element, f"{{{ITUNES}}}{tag}")
        if given is not None and given.strip() and kept is None:
            notes.append(f"itunes:{tag} {given.strip()!r} is not {accepted}: left out")
    return Item(
        guid=guid,
        guid_from_enclosure=from_enclosure,
        title=title,
        published=published,
        published_text=published_text,
        summary=_summary(summary_source) or title,
        notes_html=notes_html,
        number=number,
        season=season,
        episode_type=episode_type if episode_type in EPISODE_TYPES else None,
        explicit=explicit,
        persons=[p for p in map(_person, _podcasts(element, "person")) if p is not None],
        enclosure=enclosure,
        duration=_duration(_text(element, f"{{{ITUNES}}}duration")),
        artwork=((image.get("href") or "").strip() or None) if image is not None else None,
        chapters=(
            Link(chapters.get("url", "").strip(), chapters.get("type", "").strip())
            if chapters is not None and chapters.get("url")
            else None
        ),
        simple_chapters=_simple_chapters(element),
        transcripts=[
            Link(
                t.get("url", "").strip(),
                t.get("type", "").strip().lower(),
                (t.get("language") or "").strip() or None,
                t.get("rel"),
            )
            for t in _podcasts(element, "transcript")
            if t.get("url")
        ],
        notes=notes,
    )


def _enclosure(element: Element, notes: list[str]) -> Enclosure | None:
    found = element.find("enclosure")
    if found is None or not (found.get("url") or "").strip():
        return None
    url = (found.get("url") or "").strip()
    given = (found.get("type") or "").strip()
    kind = _TYPE_ALIASES.get(given.lower(), given.lower())
    if kind != given and kind in MEDIA_TYPES:
        notes.append(f"enclosure type {given!r} is written {kind!r}, the name apps know")
    if kind not in MEDIA_TYPES:
        extension = re.search(r"(\.[A-Za-z0-9]+)(?:[?#].*)?$", url)
        guess = _TYPE_BY_EXTENSION.get(extension[1].lower()) if extension else None
        if guess is not None:
            notes.append(f"enclosure type {given!r} is not one apps play: {guess} from the URL")
            kind = guess
        else:
            notes.append(f"enclosure type {given!r} is not one apps play: give media.type")
    length = _whole(found.get("length"), minimum=0)
    if not length:
        notes.append("the enclosure has no length: set media.length to the file's size in bytes")
    return Enclosure(url, kind, given, length)


def _simple_chapters(element: Element) -> list[Chapter]:
    result = []
    block = element.find(f"{{{PSC}}}chapters")
    for chapter in block.findall(f"{{{PSC}}}chapter") if block is not None else []:
        start = _seconds(chapter.get("start") or "")
        title = " ".join((chapter.get("title") or "").split())
        if start is None or not title:
            return []  # one chapter that cannot be read makes the list unreliable
        href, image = chapter.get("href"), chapter.get("image")
        result.append(Chapter(start, title, href.strip() if href else None, image or None))
    return result


# --- values -----------------------------------------------------------------------------


def _text(element: Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    if found is None:
        return None
    return "".join(found.itertext()).strip() or None


def _podcast(element: Element, local: str) -> Element | None:
    found = element.find(f"{{{PODCAST}}}{local}")
    return found if found is not None else element.find(f"{{{PODCAST_OLD}}}{local}")


def _podcasts(element: Element, local: str) -> list[Element]:
    return [
        *element.findall(f"{{{PODCAST}}}{local}"),
        *element.findall(f"{{{PODCAST_OLD}}}{local}"),
    ]


def _podcast_text(element: Element, local: str) -> str | None:
    found = _podcast(element, local)
    return (found.text or "").strip() or None if found is not None else None


def _person(element: Element) -> Speaker | None:
    text = " ".join((element.text or "").split())
    if not text:
        return None
    return Speaker(
        text,
        role=(element.get("role") or "host").strip().lower(),
        group=(element.get("group") or "cast").strip().lower(),
        href=(element.get("href") or "").strip() or None,
        img=(element.get("img") or "").strip() or None,
    )


def _explicit(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip().lower()
    if value in ("yes", "true", "explicit"):
        return True
    if value in ("no", "false", "clean"):
        return False
    return None


def _whole(value: str | None, *, minimum: int = 1) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value.strip())
    return number if number >= minimum else None


def _seconds(value: str) -> float | None:
    """``hh:mm:ss(.fff)``, ``mm:ss`` or seconds, as seconds."""
    match = re.match(r"^\s*(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)\s*$", value)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


def _duration(value: str | None) -> int | None:
    seconds = _seconds(value) if value else None
    return round(seconds) if seconds else None


def _date(value: str) -> datetime | None:
    try:
        found = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 2822 "-0000" means "no zone known": UTC is the only reading that keeps the instant
    # feed readers compute.
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def _summary(fragment: str) -> str:
    """The first paragraph of the text, within the 4000 bytes a summary may have."""
    text = htmlnotes.to_text(fragment)
    first = text.split("\n\n", 1)[0]
    if len(first.encode()) > 4000:
        # 900 characters are at most 3600 bytes of UTF-8; cut at a space where there is one.
        cut = first.rfind(" ", 0, 900)
        first = first[: cut if cut > 0 else 900] + " …"
    return first


def old_feed_url(channel: Channel, source: str, given: str | None) -> str | None:
    """The URL the old feed is published at: given, the URL imported, or its self link."""
    from .fetch import is_url

    for candidate in (given, source if is_url(source) else None, channel.self_url):
        if candidate:
            return candidate
    return None


def channel_guid(channel: Channel, feed_url: str | None) -> str | None:
    """The show's podcast:guid: the old feed's own, else the one the Podcasting 2.0 spec
    computes from the old feed's URL (so Podcast Index and apps see the same show)."""
    if channel.podcast_guid:
        return channel.podcast_guid
    return config.podcast_guid(feed_url) if feed_url else None
