"""The validated show: frozen, typed, no I/O and no third-party imports.

Loaders and validators build these objects once; every renderer reads them and none changes
them. Times are integer milliseconds (exact for VTT, SRT and JSON alike), dates are
timezone-aware, collections are tuples, and every object points back to its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Literal

from .errors import SourceLocation

EpisodeType = Literal["full", "trailer", "bonus"]
ParagraphKind = Literal["speech", "on_screen"]
ShowType = Literal["episodic", "serial"]


# --- Transcripts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of transcript text as its source gives it: a VTT/SRT cue, a JSON segment,
    or a paragraph of ``transcript.md``."""

    start_ms: int | None
    """None when the transcript is untimed."""
    end_ms: int | None
    """None when untimed, or for the last paragraph of a timed ``.md`` until the media's
    duration is known (see ``transcripts.with_duration``)."""
    text: str
    """Plain text, never markup. ``[laughs]``-style brackets stay in the text as sounds."""
    speaker: str | None
    """The speaker's name as the transcript labels it, or None when it does not say."""
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Consecutive cues of one speaker that read as one paragraph."""

    cues: tuple[Cue, ...]
    kind: ParagraphKind = "speech"
    """``on_screen`` for a description of what the video shows (a paragraph "On screen: ...")."""

    @property
    def start_ms(self) -> int | None:
        return self.cues[0].start_ms

    @property
    def end_ms(self) -> int | None:
        return self.cues[-1].end_ms

    @property
    def text(self) -> str:
        return " ".join(cue.text for cue in self.cues)


@dataclass(frozen=True, slots=True)
class Turn:
    """What one speaker says until another speaker starts."""

    speaker: str | None
    paragraphs: tuple[Paragraph, ...]

    @property
    def start_ms(self) -> int | None:
        return self.paragraphs[0].start_ms

    @property
    def end_ms(self) -> int | None:
        return self.paragraphs[-1].end_ms


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole transcript in one language, whatever format it was written in."""

    language: str
    """BCP 47 tag: from the file name (``transcript.es.vtt``) or the episode/show language."""
    turns: tuple[Turn, ...]
    source: SourceLocation
    """The transcript file (line None)."""

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(c for t in self.turns for p in t.paragraphs for c in p.cues)

    @property
    def timed(self) -> bool:
        """True when every cue has a start time: timed formats (VTT, SRT, JSON) can be written."""
        cues = self.cues
        return bool(cues) and all(c.start_ms is not None for c in cues)


# --- Show and episodes -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    credentials: str | None = None
    affiliation: str | None = None
    role: str = "guest"
    """A podcast:person role (host, guest, narrator, ...), lower case."""
    group: str = "cast"
    """The role's podcast:person group (podcast taxonomy), lower case."""
    href: str | None = None
    """A page about the person (podcast:person ``href``)."""
    img: str | None = None
    """A picture of the person (podcast:person ``img``)."""


@dataclass(frozen=True, slots=True)
class Media:
    """One rendition of an episode's media: a local file (probed) or a remote URL (declared)."""

    url: str | None
    """The remote file's absolute URL; None for a local file, which the build copies to the
    site (``layout`` says where, and so at what URL)."""
    mime_type: str
    length: int
    """Size in bytes."""
    duration_ms: int | None
    local_path: PurePosixPath | None
    """The file inside the show folder, for local media; None for remote media."""
    source: SourceLocation
    title: str | None = None
    """A short name for this rendition (``Audio only``), shown by apps that offer a choice."""

    @property
    def is_video(self) -> bool:
        return self.mime_type.startswith("video/")


@dataclass(frozen=True, slots=True)
class Chapter:
    """One entry of Podcast Index JSON chapters (version 1.2.0)."""

    start_ms: int
    title: str | None
    end_ms: int | None = None
    img: str | None = None
    """Chapter art: an absolute URL."""
    url: str | None = None
    """A page about the chapter's topic: an absolute URL."""
    toc: bool = True
    """False for a "silent" chapter that apps do not list (and pages get no heading for)."""
    source: SourceLocation | None = None


@dataclass(frozen=True, slots=True)
class RemoteTranscript:
    """A transcript published elsewhere (by the host a show moved from), which the feed links
    as it is: nmo-feed has not read it, so it has no page or caption files of it."""

    url: str
    mime_type: str
    language: str


@dataclass(frozen=True, slots=True)
class Artwork:
    """Square cover art: a local file (checked when loaded) or a URL."""

    url: str | None
    """The remote image's absolute URL; None for a local file (see ``layout``)."""
    local_path: PurePosixPath | None = None
    """The file inside the show folder, for local artwork."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A source the episode's medical content rests on."""

    text: str
    url: str | None = None
    """An http(s) link to it, when it has one."""


@dataclass(frozen=True, slots=True)
class Review:
    """Who checked an episode's medical content, when, and when it is to be checked again."""

    by: Speaker | None
    on: date | None
    due: date | None
    due_at: SourceLocation | None = None
    """Where ``review_due`` is written, for the overdue warning."""


@dataclass(frozen=True, slots=True)
class Episode:
    slug: str
    """URL-safe name of the episode's pages: the folder name without its date prefix."""
    guid: str
    """Never changes once published; not derived from anything that can change."""
    title: str
    published: datetime
    """Timezone-aware."""
    summary: str
    """Plain text, one paragraph."""
    plain_summary: tuple[str, ...]
    """Short plain-language sentences (WCAG 3.1.5)."""
    notes: str
    """The show notes as written (Markdown, raw HTML allowed); ``render`` makes them safe
    HTML. Empty in the light form of an episode (``load.episode.card``)."""
    speakers: tuple[Speaker, ...]
    topics: tuple[str, ...]
    media: tuple[Media, ...]
    """The first is the enclosure; any others are alternate renditions."""
    transcript: Transcript | None
    translations: tuple[Transcript, ...]
    number: int | None
    season: int | None
    episode_type: EpisodeType
    explicit: bool | None
    """None inherits the show's value."""
    draft: bool
    source: SourceLocation
    """The episode's ``episode.md``."""
    chapters: tuple[Chapter, ...] = ()
    """In start order; empty when the episode has none."""
    artwork: Artwork | None = None
    """The episode's own cover art (item ``itunes:image``); None uses the show's."""
    notes_line: int = 1
    """The line of ``episode.md`` where the notes start, for their diagnostics."""
    remote_transcripts: tuple[RemoteTranscript, ...] = ()
    """Transcripts published elsewhere, linked from the feed (``remote_transcripts``)."""
    remote_chapters: str | None = None
    """Chapters published elsewhere, linked from the feed when the episode has none of its
    own (``remote_chapters``)."""
    review: Review | None = None
    """The medical review; None when the episode gives none of its fields."""
    sources: tuple[Citation, ...] = ()
    license: str | None = None
    """The episode's own reuse licence (front matter ``license``); None is the show's."""
    language: str | None = None
    """The episode's own language (front matter ``language``), which its page speaks; None
    is the show's."""

    @property
    def folder(self) -> PurePosixPath:
        return self.source.path.parent

    @property
    def duration_ms(self) -> int | None:
        return self.media[0].duration_ms if self.media else None


@dataclass(frozen=True, slots=True)
class Category:
    text: str
    subcategory: str | None = None


@dataclass(frozen=True, slots=True)
class Funding:
    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Theme:
    """The show's brand colour (``[theme]`` in show.toml), as ``#rrggbb``, checked to reach
    7:1 against the page background: ``accent`` on the light one, ``accent_dark`` on the
    dark one. The defaults are the pages' own link colours."""

    accent: str = "#0b3d91"
    accent_dark: str = "#9cc3ff"


@dataclass(frozen=True, slots=True)
class AppLink:
    """A "listen in this app" link on the show page, e.g. the show's Apple Podcasts page."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class Show:
    title: str
    description: str
    language: str
    site_url: str
    """Where ``out/`` is published; normalised to end with ``/``."""
    author: str
    owner_name: str
    owner_email: str
    categories: tuple[Category, ...]
    explicit: bool
    podcast_guid: str
    """Computed once from the first feed URL and kept in ``show.toml`` (podcast:guid)."""
    artwork_url: str | None
    artwork_path: PurePosixPath | None
    """Local artwork file inside the show folder, copied to ``out/``; None for a URL."""
    license: str | None
    copyright: str | None
    funding: tuple[Funding, ...]
    contact_url: str | None
    """Where readers send feedback (in place of a comment box)."""
    source: SourceLocation
    subscribe: tuple[AppLink, ...] = ()
    """Links to the show in podcast apps and directories, listed on the show page."""
    show_type: ShowType = "episodic"
    """``itunes:type``: serial shows are listened to in order and number every episode."""
    locked: bool = True
    """``podcast:locked``: other hosting platforms must not import the feed."""
    medium: str | None = None
    """``podcast:medium``; None means "from the media": video when every enclosure is video."""
    persons: tuple[Speaker, ...] = ()
    """The show's regular people (channel ``podcast:person``), such as its hosts."""
    feed_max_bytes: int = 15_000_000
    """The feed's size budget; past it, older episodes link their transcripts (README)."""
    tag_media: bool = True
    """Whether local media is copied with the episode in its tags (``[media] tag``)."""
    disclaimer: str | None = None
    """Shown on every episode page, e.g. that the episodes are not medical advice."""
    theme: Theme = Theme()
    """The brand colours of the pages."""


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    id: str
    """Anchor id on the glossary page, e.g. ``aqp4``."""
    term: str
    """The word or abbreviation as it appears in text, e.g. ``AQP4`` or ``plasma exchange``."""
    expansion: str | None
    """Set for abbreviations: ``aquaporin-4``."""
    definition: str
    """Plain-language definition."""
    aliases: tuple[str, ...]
    """Other spellings matched in text (``immune suppressants``)."""
    source: SourceLocation


@dataclass(frozen=True, slots=True)
class Glossary:
    terms: tuple[GlossaryTerm, ...]
    """Sorted by term, case-insensitively."""
    review_note: str | None
    """Shown with the glossary, e.g. that definitions await clinical review."""


@dataclass(frozen=True, slots=True)
class Project:
    """Everything a build renders: the show, its published episodes and the glossary."""

    show: Show
    episodes: tuple[Episode, ...]
    """Published episodes, newest first."""
    drafts: tuple[Episode, ...]
    """Checked like the others, never rendered."""
    glossary: Glossary
