"""What the templates are given: small frozen view objects and the context of each page.

The renderers compute everything here (relative links, which downloads exist, marked text),
so the templates only lay out text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, TypedDict

from ..model import Episode, Show
from . import alphabet
from .licence import Licence
from .safe import Markup


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    hreflang: str | None = None


@dataclass(frozen=True, slots=True)
class ChapterHeading:
    id: str
    """``chapter-1``, ``chapter-2`` ...: the heading's anchor."""
    title: str


@dataclass(frozen=True, slots=True)
class Source:
    href: str
    mime_type: str


@dataclass(frozen=True, slots=True)
class Track:
    kind: Literal["captions", "subtitles"]
    src: str
    srclang: str
    label: str
    default: bool


@dataclass(frozen=True, slots=True)
class Player:
    """The native ``<audio>``/``<video>`` element and what it plays."""

    element: Literal["audio", "video"]
    sources: tuple[Source, ...]
    tracks: tuple[Track, ...]
    label: str
    """The player's accessible name: "Listen to the episode" or "Watch the episode"."""
    help: str
    """What the player offers (``aria-describedby``); empty when there is nothing to add."""
    media_href: str
    """The first source, which time links open (``#t=SECONDS``)."""


@dataclass(frozen=True, slots=True)
class ParagraphView:
    kind: Literal["speech", "on_screen"]
    html: Markup
    time_link: TimeLink | None
    """For a later paragraph of a turn that has its own time, so a long monologue can be
    played from any paragraph; the turn's first paragraph uses the turn's link."""
    anchor: str = ""
    """The paragraph's id (``episode_page.paragraph_anchors``), where a search result lands."""


@dataclass(frozen=True, slots=True)
class TurnView:
    speaker: str | None
    paragraphs: tuple[ParagraphView, ...]
    data_start: str | None
    """Seconds, for the highlight script; None when untimed."""
    data_end: str | None
    time_link: TimeLink | None
    chapters: tuple[ChapterHeading, ...] = ()
    """Chapter headings (h3) that come before this turn: a chapter starts here. A chapter
    that starts inside a speaker's turn splits it, and the speaker is named again."""


@dataclass(frozen=True, slots=True)
class TimeLink:
    href: str
    seconds: int
    label: str
    """``0:48``; the link's accessible name is "Play from 0:48"."""
    html: Markup
    """The whole link (``episode_page.time_link_html``), as both pages write it: made once
    in Python, since a template macro per paragraph was a tenth of the pages' rendering."""


@dataclass(frozen=True, slots=True)
class TranscriptView:
    language: str
    direction: Literal["rtl"] | None
    speakers: tuple[str, ...]
    """Each speaker in full once: name, credentials, affiliation."""
    has_on_screen: bool
    has_time_links: bool
    intro: str
    """Before the first turn: the speakers in full when the byline does not name them, and
    how on-screen descriptions are marked; empty when there is nothing to say."""
    turns: tuple[TurnView, ...]


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    abbreviation: bool
    expansion: str | None
    definition: str
    aliases: tuple[str, ...]
    back_href: str | None = None
    """On an episode page, the term's first linked use in the transcript (``#used-ID``)."""

    @property
    def letter(self) -> str:
        """The heading the glossary page lists the term under: ``A``, ``N`` (``alphabet``)."""
        return alphabet.letter(self.term)

    @property
    def letter_key(self) -> str:
        """The heading's place in the A to Z (what the template groups by)."""
        return alphabet.letter_key(self.letter)

    @property
    def letter_id(self) -> str:
        """The letter's anchor: ``a``, or the code point for other characters."""
        return alphabet.letter_id(self.letter)


@dataclass(frozen=True, slots=True)
class EpisodeCard:
    """An episode as listed on the index and under related episodes."""

    episode: Episode
    href: str
    speakers: str
    """``Dean Wingerchuk, MD (Mayo Clinic)``; empty when none are named."""
    summary: Markup
    picture: Picture | None = None
    """The episode's artwork, else the show's, small beside the card (decorative)."""
    lang: str | None = None
    """The episode's language, when the page around the card speaks another."""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    episodes: tuple[EpisodeCard, ...]


class PageContext(TypedDict):
    show: Show
    generator: str
    root: str
    """Relative path from the page to the site root: ``""``, ``../`` or ``../../``."""
    current: str
    """``index``, ``glossary`` or ``episode``: which site-nav link is this page."""
    has_glossary: bool
    """False for a show without glossary terms: no glossary page, no link to one."""
    feed_url: str
    json_feed_url: str
    """The JSON Feed of the same episodes (``feed.json``), for a discovery link."""
    contact_href: str
    licence: Licence | None
    """The page's reuse licence (an episode's own, else the show's); None when none is set."""
    structured_data: Markup | None
    """schema.org JSON-LD for the page's head (``jsonld``), already safe as script text."""
    share: Share
    """The page's canonical address and its link preview (Open Graph, Twitter card)."""
    icons: Icons | None
    """Links to the favicon and touch icon, when the show's artwork is a local file."""
    alternates: tuple[Link, ...]
    """``<link rel="alternate" hreflang>`` to the page's text in other languages."""
    language: str
    """The page's language (``<html lang>``): the episode's, else the show's."""
    show_lang: str | None
    """The show's language where the page speaks another: ``lang`` on the show's own text
    (its name in the header, its footer)."""


@dataclass(frozen=True, slots=True)
class Share:
    url: str
    title: str
    description: str
    image: str | None
    type: str
    """``website``, or ``article`` for an episode."""


@dataclass(frozen=True, slots=True)
class Icons:
    favicon: str
    touch: str


@dataclass(frozen=True, slots=True)
class Picture:
    """An image on the page with its size in CSS pixels; decorative (``alt=""``) where the
    heading beside it says what it shows."""

    src: str
    width: int
    height: int
    alt: str = ""


@dataclass(frozen=True, slots=True)
class ReviewView:
    """ "Medically reviewed by ... on ...; next review due ..."."""

    by: str | None
    on: date | None
    due: date | None


@dataclass(frozen=True, slots=True)
class CitationView:
    text: str
    href: str | None


class EpisodePageContext(PageContext):
    episode: Episode
    summary_items: tuple[Markup, ...]
    speakers: str
    notes: Markup | None
    """The show notes, already sanitised; None when there are none."""
    player: Player | None
    transcript: TranscriptView | None
    glossary_entries: tuple[GlossaryEntry, ...]
    review_note: str | None
    downloads: tuple[Link, ...]
    plain_text_href: str | None
    related: tuple[EpisodeCard, ...]
    posted_in: tuple[Link, ...]
    """The episode's topics, each linking to its topic page."""
    review: ReviewView | None
    sources: tuple[CitationView, ...]
    artwork: Picture | None
    sections: tuple[Link, ...]
    """The h2 sections after the transcript, for the "On this page" navigation."""
    republish: Republish | None
    """The "Share and republish" section: the embed snippet, the credit, the fragment."""


class IndexPageContext(PageContext):
    artwork: Picture | None
    episodes: tuple[EpisodeCard, ...]
    topics: tuple[Topic, ...]
    apps: tuple[Link, ...]
    """The show's own "listen in this app" links, from show.toml's [[subscribe]]."""
    app_prompt: str
    """"Listen in your podcast app:", or "Watch" for a show of videos."""
    opml_href: str
    """``feeds.opml``: the show's feed and every topic feed."""


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One line of the search page's A to Z: an episode's question or a glossary term."""

    text: str
    href: str
    glossary: bool
    """A glossary term (its definition), not an episode."""

    @property
    def letter(self) -> str:
        """The heading it is listed under: its first letter or digit (``“Is it…”`` under I,
        ``alphabet.letter``); ``#`` for text with neither."""
        return alphabet.letter(self.text)

    @property
    def letter_key(self) -> str:
        """The heading's place in the A to Z (what the template groups by)."""
        return alphabet.letter_key(self.letter)

    @property
    def letter_id(self) -> str:
        """The heading's anchor."""
        return alphabet.letter_id(self.letter)


class SearchPageContext(PageContext):
    entries: tuple[IndexEntry, ...]
    """Episode titles and glossary terms, A to Z."""
    runtime_href: str
    """The search index's primary bundle (Pagefind's script), relative to the page."""
    shard_hrefs: tuple[str, ...]
    """Every episode shard of the search index, merged into the primary one."""
    counts: tuple[tuple[str, str], ...]
    """The result count's message for each plural category (``wording.result_counts``)."""
    shown: int
    """How many results the page lists."""
    listed: str
    """Said after the count when there are more results than ``shown``."""


class GlossaryPageContext(PageContext):
    glossary_entries: tuple[GlossaryEntry, ...]
    review_note: str | None


@dataclass(frozen=True, slots=True)
class TopicEntry:
    """A topic as the topic pages name and link it."""

    name: str
    """As written in the front matter (lowercased)."""
    heading: str
    """The name with its first letter capitalised."""
    href: str
    """Its page, relative to the page showing it."""
    feed_url: str
    """Its podcast feed's public address."""
    count: int


class TopicsPageContext(PageContext):
    topics: tuple[TopicEntry, ...]


class TopicPageContext(PageContext):
    topic: TopicEntry
    episodes: tuple[EpisodeCard, ...]
    topics_href: str


@dataclass(frozen=True, slots=True)
class Republish:
    """The episode page's "Share and republish" section."""

    snippet: str
    """The ``iframe`` that embeds the episode, as a partner pastes it."""
    attribution: str
    """The credit to republish with (``wording.attribution``)."""
    fragment_href: str | None
    """The transcript as a clean HTML fragment; None without a transcript."""
    oembed_url: str
    """The episode's ``oembed.json``, for the discovery link in the head."""
    oembed_title: str


class EmbedPageContext(PageContext):
    episode: Episode
    speakers: str
    player: Player | None
    transcript: TranscriptView | None
    canonical: str
    """The episode's own page, where every link of the embed leads (in the top window)."""
    attribution: str
    stylesheet: str
    script: str
