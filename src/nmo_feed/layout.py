"""The output tree: every file nmo-feed writes under ``out/``, and its public URL.

This is the one module that spells a path under ``out/``. The model keeps where things come
from (a file in the show folder, a remote URL); where they go is asked here, by the build that
writes the files, by the pages and feeds that link them, and by ``verify`` that checks the
links. A new output (a topic page, an embed, a search index) gets its path here, once.

Paths are ``PurePosixPath`` relative to ``out/``. A URL is the show's ``site_url`` followed by
the path, except that a page's ``index.html`` is left off: ``episodes/<slug>/index.html`` is
published as ``<site_url>episodes/<slug>/``, the address people share. ``Site.path`` turns a
URL back into the path it names, so a link can be checked against the files built.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote, unquote

from .model import Artwork, Episode, Media, Show, Transcript

FEED = PurePosixPath("feed.xml")
FEED_JSON = PurePosixPath("feed.json")
"""The same episodes as a JSON Feed 1.1 (``render/jsonfeed.py``)."""
SHOW_PAGE = PurePosixPath("index.html")
GLOSSARY_PAGE = PurePosixPath("glossary", "index.html")
ASSETS = PurePosixPath("assets")
PAGE = "index.html"
"""The file name of every page: its folder is its URL."""
CHAPTERS = "chapters.json"
TOPICS_INDEX = PurePosixPath("topics", PAGE)
SITEMAP = PurePosixPath("sitemap.xml")
ROBOTS = PurePosixPath("robots.txt")
FAVICON = PurePosixPath("favicon.png")
TOUCH_ICON = PurePosixPath("apple-touch-icon.png")
"""Made from the show's artwork (``render.icons``); iOS looks for this name at the root."""
TOUCH_ICON_SIDE = 180
"""The touch icon's width and height in pixels (also the oEmbed thumbnail's)."""
SEARCH_PAGE = PurePosixPath("search", PAGE)
SEARCH_RUNTIME = PurePosixPath("search", "pagefind")
"""The search index's primary bundle: Pagefind's script and WebAssembly, and the show's own
record (``render/search_index.py``)."""
SEARCH_SHARDS = PurePosixPath("search", "shards")
TOPIC_FEED = "feed.xml"
EPISODE_PAGES = PurePosixPath("episodes", "*", PAGE)
"""Every episode page, as a pattern (``*`` any characters) for the host configuration."""
TOPIC_PAGES = PurePosixPath("topics", "*", PAGE)
"""Every topic page, as a pattern."""
TRANSCRIPT_FRAGMENT = "transcript.html"
TRANSCRIPT_FRAGMENTS = PurePosixPath("episodes", "*", TRANSCRIPT_FRAGMENT)
"""Every episode's ``transcript_fragment``, as a pattern."""
NETLIFY_HEADERS = PurePosixPath("_headers")
"""Headers and types for Netlify and Cloudflare Pages (``render/hosting.py``)."""
HTACCESS = PurePosixPath(".htaccess")
"""The same for Apache."""
OPML = PurePosixPath("feeds.opml")
"""The show's feed and every topic feed, for feed readers and partners (``render/opml.py``)."""
EMBED_PAGES = PurePosixPath("embed", "*", PAGE)
"""Every embed page, as a pattern: framed by partners' sites (``render/embed.py``)."""
EMBED_STYLE = "embed.css"
"""The embed pages' own small stylesheet, among the assets."""
OEMBED = "oembed.json"


def episode_folder(episode: Episode) -> PurePosixPath:
    return slug_folder(episode.slug)


def slug_folder(slug: str) -> PurePosixPath:
    """The folder of the episode whose URL name is ``slug`` (for a tool that knows only the
    slug, such as the preview of a draft)."""
    return PurePosixPath("episodes", slug)


def episode_page(episode: Episode) -> PurePosixPath:
    """The episode's accessible transcript page."""
    return episode_folder(episode) / PAGE


def transcript(episode: Episode, transcript: Transcript, extension: str) -> PurePosixPath:
    """``transcript.vtt`` for the episode's own transcript, ``transcript.es.vtt`` for a
    translation into Spanish."""
    own = episode.transcript is transcript
    stem = "transcript" if own else f"transcript.{transcript.language}"
    return episode_folder(episode) / f"{stem}.{extension}"


def transcript_fragment(episode: Episode) -> PurePosixPath:
    """The episode's transcript as a clean HTML fragment, for partners' sites."""
    return episode_folder(episode) / TRANSCRIPT_FRAGMENT


def embed_page(episode: Episode) -> PurePosixPath:
    """The episode's player and transcript for a partner's site to frame
    (``embed/<slug>/``, outside ``episodes/`` so the host gives it its own headers)."""
    return PurePosixPath("embed", episode.slug, PAGE)


def oembed(episode: Episode) -> PurePosixPath:
    """The episode's oEmbed response, a static file found through its page's discovery link."""
    return episode_folder(episode) / OEMBED


def chapters(episode: Episode) -> PurePosixPath:
    """The episode's Podcast Index JSON chapters."""
    return episode_folder(episode) / CHAPTERS


def media(episode: Episode, rendition: Media) -> PurePosixPath | None:
    """Where a local media file is copied; None for remote media, which stays where it is."""
    if rendition.local_path is None:
        return None
    return PurePosixPath("media", episode.slug, rendition.local_path.name)


def episode_artwork(episode: Episode) -> PurePosixPath | None:
    """Where the episode's own local artwork is copied, beside its page."""
    art = episode.artwork
    if art is None or art.local_path is None:
        return None
    return episode_folder(episode) / art.local_path.name


def show_artwork(show: Show) -> PurePosixPath | None:
    """Where the show's local artwork is copied; None when it is a URL."""
    if show.artwork_path is None:
        return None
    return PurePosixPath("artwork", show.artwork_path.name)


def topic_slug(topic: str) -> str:
    """A topic's URL name: its letters and digits folded to ASCII, lowercase, joined by
    hyphens (``"Plasma exchange"`` → ``plasma-exchange``, ``"névrite"`` → ``nevrite``).

    It depends on the topic alone, never on the other topics, so a topic's address does not
    move when topics are added elsewhere, and an episode page's links to its topics change
    only with its own front matter. Two topics that fold to one slug are refused by the
    show-wide checks (``topic-slug``); a topic with no ASCII letter or digit at all gets
    ``topic-`` and a digest of its name."""
    folded = unicodedata.normalize("NFKD", topic).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if slug:
        return slug
    return "topic-" + hashlib.blake2b(topic.encode(), digest_size=4).hexdigest()


def topic_folder(topic: str) -> PurePosixPath:
    return PurePosixPath("topics", topic_slug(topic))


def topic_page(topic: str) -> PurePosixPath:
    """The topic's page: its episodes, newest first."""
    return topic_folder(topic) / PAGE


def topic_feed(topic: str) -> PurePosixPath:
    """The topic's own podcast feed: the show's channel for just its episodes."""
    return topic_folder(topic) / TOPIC_FEED


def search_shard(name: str) -> PurePosixPath:
    """The folder of one shard of the search index (its episodes' records)."""
    return SEARCH_SHARDS / name


def asset(name: str) -> PurePosixPath:
    """A stylesheet, script or image shared by the pages."""
    return ASSETS / name


def site_url(url: str) -> str:
    """The one normal form of a ``site_url``: no surrounding space, one trailing slash."""
    return url.strip().rstrip("/") + "/"


def href(target: PurePosixPath, page: PurePosixPath) -> str:
    """The relative, percent-encoded link from ``page`` to ``target`` (both under out/), so
    the site works from any host and from ``file://``."""
    return quote(posixpath.relpath(str(target), str(page.parent)), safe="/")


class Site:
    """Public URLs of the files under ``out/`` for a show published at ``site_url``."""

    def __init__(self, url: str) -> None:
        self.root = url
        """The ``site_url``, normalised (``site_url``)."""

    @classmethod
    def of(cls, show: Show) -> Site:
        return cls(show.site_url)

    def url(self, path: PurePosixPath) -> str:
        text = str(path)
        if path.name == PAGE:
            text = text[: -len(PAGE)]
        # Percent-encoded as href() is: a local artwork file may be called "cover art.png".
        return self.root + quote(text, safe="/")

    def path(self, url: str) -> PurePosixPath | None:
        """The file a URL of this site names (a folder URL names its page); None for a URL
        of another site."""
        if not url.startswith(self.root):
            return None
        relative = unquote(url[len(self.root) :].split("#")[0])
        if not relative or relative.endswith("/"):
            relative += PAGE
        return PurePosixPath(relative)

    @property
    def feed(self) -> str:
        return self.url(FEED)

    def topic_feed(self, topic: str) -> str:
        return self.url(topic_feed(topic))

    def topic_page(self, topic: str) -> str:
        return self.url(topic_page(topic))

    def episode(self, episode: Episode) -> str:
        """The episode's page: the item's link, and its HTML transcript."""
        return self.url(episode_page(episode))

    def media(self, episode: Episode, rendition: Media) -> str:
        """Where listeners download a rendition: its copy on this site, or its remote URL."""
        path = media(episode, rendition)
        if path is not None:
            return self.url(path)
        assert rendition.url is not None  # a remote rendition always has its URL
        return rendition.url

    def episode_artwork(self, episode: Episode) -> str | None:
        """The episode's own artwork URL; None when it has none (the show's applies)."""
        path = episode_artwork(episode)
        if path is not None:
            return self.url(path)
        art: Artwork | None = episode.artwork
        return art.url if art is not None else None

    def show_artwork(self, show: Show) -> str | None:
        path = show_artwork(show)
        return self.url(path) if path is not None else show.artwork_url
