"""Render the HTML pages (show index, episode transcript pages, glossary) and copy the assets.

The only module that imports Jinja2 (and its markupsafe). Pages are rendered in memory and
returned as bytes keyed by their path under ``out/``; ``output.py`` writes them.

Everything the templates need is computed here into small frozen view objects, so the
templates only lay out text: every link is relative (the site works from any host and from
``file://``), every download is one that exists in the build, and glossary marking happens in
reading order so the *first* use of a term on a page is the one that is linked and expanded.
"""

from __future__ import annotations

import heapq
import posixpath
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Literal, TypedDict
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from . import chapters as chapter_files
from . import glossary as glossary_marking
from . import transcripts
from .discover import default_templates_dir
from .errors import NmoFeedError
from .media import FORMAT_NAMES as _MEDIA_FORMATS
from .model import (
    Episode,
    Glossary,
    GlossaryTerm,
    Media,
    Paragraph,
    Project,
    Show,
    Speaker,
    Turn,
)
from .transcripts import timecode

__all__ = ["Renderer", "RelatedIndex", "page_path", "render_pages"]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Right-to-left scripts, by primary language subtag (HTML needs dir="rtl" for them).
_RTL_LANGUAGES = frozenset(
    [
        "ar",
        "arc",
        "ckb",
        "dv",
        "fa",
        "ha",
        "he",
        "khw",
        "ks",
        "ku",
        "ps",
        "sd",
        "syr",
        "ug",
        "ur",
        "yi",
    ]
)

# English names for caption labels and download links; other tags are shown as they are.
_LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish",
    "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip

# Transcript files the transcripts module writes, in the order readers most often want them.
_TRANSCRIPT_FORMATS = {
    "txt": ("Transcript as plain text", "TXT"),
    "vtt": ("Captions", "WebVTT"),
    "srt": ("Subtitles", "SRT"),
    "json": ("Transcript data", "JSON"),
}
_SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_ON_SCREEN_LABEL = re.compile(r"\Aon screen:\s*", re.IGNORECASE)
_MAX_RELATED = 5

_Marker = Callable[[str], Markup]
"""Marks one piece of the page's text; shares the page's record of terms already used."""


# --- View objects handed to the templates -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    hreflang: str | None = None
    children: tuple[Link, ...] = ()
    """Links under this one, such as the transcript's chapters under "Transcript"."""


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
    fallback: Link
    """Shown by browsers that cannot play the media."""
    help: str
    """What the player offers and where the transcript is (``aria-describedby``)."""
    media_href: str
    """The first source, which time links open (``#t=SECONDS``)."""


@dataclass(frozen=True, slots=True)
class ParagraphView:
    kind: Literal["speech", "on_screen"]
    html: Markup
    time_link: TimeLink | None
    """For a later paragraph of a turn that has its own time, so a long monologue can be
    played from any paragraph; the turn's first paragraph uses the turn's link."""


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


@dataclass(frozen=True, slots=True)
class TranscriptView:
    language: str
    direction: Literal["rtl"] | None
    speakers: tuple[str, ...]
    """Each speaker in full once: name, credentials, affiliation."""
    has_on_screen: bool
    has_time_links: bool
    media_word: str
    """``audio`` or ``video``, for "Each time link plays the video from that point"."""
    turns: tuple[TurnView, ...]

    @property
    def chapters(self) -> tuple[ChapterHeading, ...]:
        return tuple(c for turn in self.turns for c in turn.chapters)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    id: str
    term: str
    abbreviation: bool
    expansion: str | None
    definition: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EpisodeCard:
    """An episode as listed on the index and under related episodes."""

    episode: Episode
    href: str
    speakers: str
    """``Dean Wingerchuk, MD (Mayo Clinic)``; empty when none are named."""
    summary: Markup


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    episodes: tuple[EpisodeCard, ...]


class _PageContext(TypedDict):
    show: Show
    generator: str
    root: str
    """Relative path from the page to the site root: ``""``, ``../`` or ``../../``."""
    current: str
    """``index``, ``glossary`` or ``episode``: which site-nav link is this page."""
    has_glossary: bool
    """False for a show without glossary terms: no glossary page, no link to one."""
    feed_url: str
    contact_href: str
    license_href: str | None


class EpisodePageContext(_PageContext):
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
    sections: tuple[Link, ...]
    """The h2 sections, for the "On this page" navigation."""


class IndexPageContext(_PageContext):
    episodes: tuple[EpisodeCard, ...]
    topics: tuple[Topic, ...]
    apps: tuple[Link, ...]
    """The show's own "listen in this app" links, from show.toml's [[subscribe]]."""


class GlossaryPageContext(_PageContext):
    glossary_entries: tuple[GlossaryEntry, ...]
    review_note: str | None


# --- Entry point --------------------------------------------------------------------------


def render_pages(
    project: Project,
    files: Mapping[PurePosixPath, bytes],
    *,
    show_templates: Path | None,
    generator: str,
) -> dict[PurePosixPath, bytes]:
    """Return every page and asset, keyed by output path under ``out/``.

    ``files`` are the other outputs already rendered (transcripts, media, feed): downloads
    and caption tracks link only to those. ``show_templates`` is the show's own templates
    folder; its templates and assets override the defaults of the same name.
    """
    renderer = Renderer(project, show_templates=show_templates, generator=generator)
    pages = renderer.show_pages()
    related = RelatedIndex(project.episodes)
    for episode in project.episodes:
        pages[page_path(episode)] = renderer.episode_page(episode, files, related.of(episode))
    return pages


def page_path(episode: Episode) -> PurePosixPath:
    """Where the episode's page is written under ``out/``."""
    return PurePosixPath("episodes", episode.slug, "index.html")


class Renderer:
    """The pages of one show: its Jinja environment is made once and reused for every page.

    ``project.episodes`` are what the show page lists; for episode pages only the show and
    glossary are read, so a worker rendering one episode at a time passes none."""

    def __init__(
        self,
        project: Project,
        *,
        show_templates: Path | None,
        generator: str,
        compiled: Path | None = None,
    ) -> None:
        """``compiled`` is a folder (in the build cache) where Jinja keeps the templates it
        compiled, by their source's checksum, so a rebuild does not compile them again."""
        self.project = project
        self.show_templates = show_templates
        self.generator = generator
        self.env = _environment(show_templates, compiled)

    def episode_page(
        self, episode: Episode, files: Mapping[PurePosixPath, bytes], related: Sequence[Episode]
    ) -> bytes:
        """The episode's transcript page; ``files`` holds at least the episode's own outputs,
        ``related`` the episodes listed under "Related episodes"."""
        context = _episode_context(self.project, episode, files, related, generator=self.generator)
        return _render(self.env, "episode.html", context)

    def show_pages(self) -> dict[PurePosixPath, bytes]:
        """The show page, the glossary page (when the show has a glossary) and the assets."""
        project, generator = self.project, self.generator
        pages = {
            PurePosixPath("index.html"): _render(
                self.env, "index.html", _index_context(project, generator=generator)
            ),
        }
        if project.glossary.terms:  # an empty glossary page would only be a dead end
            pages[PurePosixPath("glossary", "index.html")] = _render(
                self.env, "glossary.html", _glossary_context(project, generator=generator)
            )
        for name, data in sorted(_assets(self.show_templates).items()):
            pages[PurePosixPath("assets", name)] = data
        return pages


# --- Jinja --------------------------------------------------------------------------------


def _template_dirs(show_templates: Path | None) -> list[Path]:
    dirs = [default_templates_dir()]
    if show_templates is not None:
        dirs.insert(0, show_templates)
    return dirs


def _environment(show_templates: Path | None, compiled: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d)) for d in _template_dirs(show_templates)
    ]
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # Editing a template in the middle of a build is not useful (MkDocs does the same).
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = _long_date
    env.filters["duration_words"] = _duration_words
    env.filters["iso_duration"] = _iso_duration
    env.filters["checked_url"] = _checked_url
    return env


def _render(env: jinja2.Environment, name: str, context: Mapping[str, object]) -> bytes:
    """Render one template, turning any template error into an ``NmoFeedError`` with its line."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateError as error:
        raise NmoFeedError(_template_error_message(error, name)) from error


def _template_error_message(error: jinja2.TemplateError, rendering: str) -> str:
    """``templates/episode.html:12: 'x' is undefined``, naming the template that failed."""
    name, line = rendering, None
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.name or rendering, error.lineno
    else:
        # Jinja rewrites tracebacks so template frames carry the template's file and line;
        # the innermost one is where the error happened (it may be a partial or base.html).
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith(".html"):
                name, line = Path(frame.filename).name, frame.lineno
                break
    where = f"templates/{name}" + (f":{line}" if line else "")
    if isinstance(error, jinja2.TemplateNotFound):
        return f"{where}: template {error.name!r} not found"
    return f"{where}: {error.message or type(error).__name__}"


def _assets(show_templates: Path | None) -> dict[str, bytes]:
    """The default assets, with the show's assets of the same name in their place."""
    assets: dict[str, bytes] = {}
    for folder in reversed(_template_dirs(show_templates)):
        root = folder / "assets"
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(_is_package_file(p) for p in relative.parts):
                assets[relative.as_posix()] = path.read_bytes()
    return assets


def _is_package_file(part: str) -> bool:
    """Python packaging files and hidden files are not assets."""
    return part.startswith((".", "__")) or part.endswith(".pyc")


# --- Shared context -----------------------------------------------------------------------


def _page_context(
    project: Project, page: PurePosixPath, current: str, *, generator: str, subject: str = ""
) -> _PageContext:
    show = project.show
    depth = len(page.parts) - 1
    return _PageContext(
        show=show,
        generator=generator,
        root="../" * depth,
        current=current,
        feed_url=_checked_url(show.feed_url),
        contact_href=_contact_href(show, subject),
        license_href=_checked_url(show.license) if show.license and _is_url(show.license) else None,
        has_glossary=bool(project.glossary.terms),
    )


def _contact_href(show: Show, subject: str) -> str:
    """The show's feedback page, or an e-mail to its owner (with a subject naming the page)."""
    if show.contact_url:
        return _checked_url(show.contact_url)
    href = "mailto:" + quote(show.owner_email, safe="@")
    if subject:
        href += "?subject=" + quote(subject, safe="")
    return href


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in _SAFE_URL_SCHEMES


def _checked_url(url: str) -> str:
    """Return ``url`` if it is http(s), mailto or relative; refuse ``javascript:`` and friends."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme and scheme not in _SAFE_URL_SCHEMES:
        raise NmoFeedError(f"refusing to link to {url!r}: only http, https and mailto are allowed")
    return url


def _href(target: PurePosixPath, page: PurePosixPath) -> str:
    """The relative, percent-encoded link from ``page`` to ``target`` (both under out/)."""
    return quote(posixpath.relpath(str(target), str(page.parent)), safe="/")


# --- Episode page -------------------------------------------------------------------------


def _episode_context(
    project: Project,
    episode: Episode,
    files: Mapping[PurePosixPath, bytes],
    related: Sequence[Episode],
    *,
    generator: str,
) -> EpisodePageContext:
    page = page_path(episode)
    player = _player(episode, files, page)
    summary_texts = episode.plain_summary or (episode.summary,)
    # Mark in reading order, sharing one `seen`, so the first use on the page is expanded.
    # A term is linked only where it is marked, and every marked term gets an entry in the
    # page's glossary, so the entries are read off `seen` afterwards: one scan, not two.
    seen: set[str] = set()

    def mark(text: str) -> Markup:
        return Markup(glossary_marking.mark(text, project.glossary, seen, page_has_glossary=True))

    summary_items = tuple(mark(text) for text in summary_texts)
    transcript = _transcript_view(episode, player, mark)
    used = tuple(term for term in project.glossary.terms if term.id in seen)
    downloads = _downloads(episode, files, page)
    own = episode.transcript
    txt = transcripts.output_path(episode, own, "txt") if own is not None else None
    context = EpisodePageContext(
        **_page_context(
            project, page, "episode", generator=generator, subject=f"Feedback: {episode.title}"
        ),
        episode=episode,
        summary_items=summary_items,
        speakers=_speaker_list(episode),
        # notes_html was rendered from Markdown and sanitised by the notes module.
        notes=Markup(episode.notes_html) if episode.notes_html.strip() else None,
        player=player,
        transcript=transcript,
        glossary_entries=tuple(_glossary_entry(term) for term in used),
        review_note=project.glossary.review_note,
        downloads=downloads,
        plain_text_href=_href(txt, page) if txt is not None and txt in files else None,
        related=tuple(_card(other, page, Markup.escape(other.summary)) for other in related),
        sections=(),
    )
    context["sections"] = _sections(context)
    return context


def _sections(context: EpisodePageContext) -> tuple[Link, ...]:
    """The h2 sections the episode page shows, in order (ids match episode.html)."""
    sections = [Link("#summary", "Summary in plain language")]
    if context["player"]:
        sections.append(Link("#watch", "Watch or listen"))
    if context["notes"]:
        sections.append(Link("#notes", "Show notes"))
    transcript = context["transcript"]
    chapter_links = tuple(
        Link(f"#{c.id}", c.title) for c in (transcript.chapters if transcript else ())
    )
    sections.append(Link("#transcript", "Transcript", children=chapter_links))
    if context["glossary_entries"]:
        sections.append(Link("#glossary", "Glossary of words on this page"))
    if context["downloads"]:
        sections.append(Link("#downloads", "Download this episode"))
    if context["related"]:
        sections.append(Link("#related", "Related episodes"))
    sections.append(Link("#feedback", "Feedback"))
    return tuple(sections)


def _paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text; the template writes the "On screen:" label itself."""
    if paragraph.kind == "on_screen":
        return _ON_SCREEN_LABEL.sub("", paragraph.text)
    return paragraph.text


def _transcript_view(
    episode: Episode, player: Player | None, mark: _Marker
) -> TranscriptView | None:
    transcript = episode.transcript
    if transcript is None:
        return None
    # Time links need something to play; untimed transcripts get none.
    timed = transcript.timed  # walks every cue: once per page, not once per turn
    media_href = player.media_href if player and timed else None
    headings = chapter_files.headings(episode)
    turns = []
    for turn_index, turn in enumerate(transcript.turns):
        for piece, heads in _split_at_chapters(turn_index, turn, headings):
            view = _turn_view(
                piece, media_href, mark, end_fallback=episode.duration_ms, timed=timed
            )
            chapters = tuple(ChapterHeading(f"chapter-{n}", c.title or "") for n, c in heads)
            turns.append(replace(view, chapters=chapters))
    speakers = tuple(_speaker_in_full(s) for s in episode.speakers) or tuple(
        dict.fromkeys(t.speaker for t in transcript.turns if t.speaker)
    )
    return TranscriptView(
        language=transcript.language,
        direction="rtl" if _primary_subtag(transcript.language) in _RTL_LANGUAGES else None,
        speakers=speakers,
        has_on_screen=any(p.kind == "on_screen" for t in transcript.turns for p in t.paragraphs),
        has_time_links=media_href is not None,
        media_word=player.element if player and player.element == "video" else "audio",
        turns=tuple(turns),
    )


def _split_at_chapters(
    turn_index: int, turn: Turn, headings: Mapping[tuple[int, int], list[chapter_files.Heading]]
) -> list[tuple[Turn, list[chapter_files.Heading]]]:
    """The turn in pieces that each start where a chapter heading goes (or the turn starts),
    with the headings that come before each piece."""
    cuts = [i for i in range(len(turn.paragraphs)) if (turn_index, i) in headings]
    bounds = sorted({0, *cuts, len(turn.paragraphs)})
    return [
        (Turn(turn.speaker, turn.paragraphs[a:b]), headings.get((turn_index, a), []))
        for a, b in zip(bounds, bounds[1:], strict=False)
    ]


def _turn_view(
    turn: Turn, media_href: str | None, mark: _Marker, *, end_fallback: int | None, timed: bool
) -> TurnView:
    start, end = turn.start_ms, turn.end_ms if turn.end_ms is not None else end_fallback
    time_link = _time_link(media_href, start)
    times = transcripts.paragraph_times(turn)
    # The first paragraph's time is the turn's, shown in the turn head.
    paragraphs = tuple(
        ParagraphView(
            paragraph.kind,
            mark(_paragraph_text(paragraph)),
            _time_link(media_href, paragraph_start) if index else None,
        )
        for index, (paragraph, paragraph_start) in enumerate(
            zip(turn.paragraphs, times, strict=True)
        )
    )
    return TurnView(
        speaker=turn.speaker,
        paragraphs=paragraphs,
        data_start=_seconds(start) if timed and start is not None else None,
        data_end=_seconds(end) if timed and end is not None else None,
        time_link=time_link,
    )


def _time_link(media_href: str | None, start_ms: int | None) -> TimeLink | None:
    if media_href is None or start_ms is None:
        return None
    seconds = start_ms // 1000
    return TimeLink(f"{media_href}#t={seconds}", seconds, timecode.format_label(start_ms))


def _player(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> Player | None:
    """The native media element, or None when no rendition can be played."""
    playable = [(m, href) for m in episode.media if (href := _media_href(m, files, page))]
    if not playable:
        return None
    first, media_href = playable[0]
    element: Literal["audio", "video"] = "video" if first.is_video else "audio"
    tracks = _tracks(episode, files, page)
    fallback_text = f"Download the {element} ({_media_format(first)}{_size_suffix(first, files)})"
    return Player(
        element=element,
        sources=tuple(Source(href, m.mime_type) for m, href in playable),
        tracks=tracks,
        fallback=Link(media_href, fallback_text),
        help=_player_help(
            element, has_captions=bool(tracks), has_transcript=bool(episode.transcript)
        ),
        media_href=media_href,
    )


def _player_help(element: str, *, has_captions: bool, has_transcript: bool) -> str:
    parts = []
    if has_captions and element == "video":
        parts.append("Captions are available in the player.")
    if has_transcript:
        parts.append(f"The full transcript is below the {element}, on this page.")
    else:
        parts.append("There is no transcript for this episode yet.")
    return " ".join(parts)


def _tracks(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Track, ...]:
    """Caption tracks for the transcript and its timed translations, when their VTT exists."""
    tracks: list[Track] = []
    for transcript in transcripts.of_episode(episode):
        vtt = transcripts.output_path(episode, transcript, "vtt")
        if not transcript.timed or vtt not in files:
            continue
        name = _language_name(transcript.language)
        if transcript is episode.transcript:
            label = f"{name} captions"
            tracks.append(Track("captions", _href(vtt, page), transcript.language, label, True))
        else:
            label = f"{name} subtitles"
            tracks.append(Track("subtitles", _href(vtt, page), transcript.language, label, False))
    return tuple(tracks)


def _media_href(media: Media, files: Mapping[PurePosixPath, bytes], page: PurePosixPath) -> str:
    """Where a rendition is played from: the local copy if it was built, else its URL."""
    if media.output_path is not None:
        return _href(media.output_path, page) if media.output_path in files else ""
    return _checked_url(media.url)


def _downloads(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Link, ...]:
    """Transcript files that exist in the build, then each media rendition."""
    # Look up this episode's own file names: scanning every file of the site for each
    # episode made the build quadratic in the number of episodes.
    found = []
    for transcript in transcripts.of_episode(episode):
        lang = None if transcript is episode.transcript else transcript.language
        for order, ext in enumerate(_TRANSCRIPT_FORMATS):
            path = transcripts.output_path(episode, transcript, ext)
            if path in files:
                found.append(((lang or "", order), path, lang, ext))
    links = []
    for _, path, lang, ext in sorted(found):
        what, fmt = _TRANSCRIPT_FORMATS[ext]
        if lang:
            what += f" in {_language_name(lang)}"
        text = f"{what} ({fmt}, {_file_size(len(files[path]))})"
        links.append(Link(_href(path, page), text, lang))
    for media in episode.media:
        href = _media_href(media, files, page)
        if href:
            kind = "Video" if media.is_video else "Audio"
            links.append(Link(href, f"{kind} ({_media_format(media)}{_size_suffix(media, files)})"))
    return tuple(links)


def _size_suffix(media: Media, files: Mapping[PurePosixPath, bytes]) -> str:
    if media.output_path is not None and media.output_path in files:
        return ", " + _file_size(len(files[media.output_path]))
    return ", " + _file_size(media.length) if media.length > 0 else ""


def _media_format(media: Media) -> str:
    known = _MEDIA_FORMATS.get(media.mime_type.lower())
    if known:
        return known
    suffix = PurePosixPath(urlsplit(media.url).path).suffix.lstrip(".")
    return suffix.upper() or media.mime_type


class RelatedIndex:
    """Other episodes sharing a topic: most shared topics first, then newest, then slug.

    Episodes with the same set of topics have the same related episodes (less themselves),
    so each distinct set is ranked once: the build stays linear in the number of episodes
    for the usual show, where many episodes share a few topic sets."""

    def __init__(self, episodes: Sequence[Episode]) -> None:
        self._episodes = [(frozenset(e.topics), e) for e in episodes]
        self._ranked: dict[frozenset[str], list[Episode]] = {}

    def of(self, episode: Episode) -> list[Episode]:
        topics = frozenset(episode.topics)
        if not topics:
            return []
        if topics not in self._ranked:
            scored = [(len(topics & other), e) for other, e in self._episodes if topics & other]
            # One more than shown, so the episode itself can be left out of its own list.
            best = heapq.nsmallest(
                _MAX_RELATED + 1,
                scored,
                key=lambda pair: (-pair[0], -pair[1].published.timestamp(), pair[1].slug),
            )
            self._ranked[topics] = [e for _, e in best]
        return [e for e in self._ranked[topics] if e.slug != episode.slug][:_MAX_RELATED]


def _card(episode: Episode, page: PurePosixPath, summary: Markup) -> EpisodeCard:
    target = PurePosixPath("episodes", episode.slug, "index.html")
    return EpisodeCard(episode, _href(target, page), _speaker_list(episode), summary)


def _speaker_in_full(speaker: Speaker) -> str:
    return ", ".join(
        part for part in (speaker.name, speaker.credentials, speaker.affiliation) if part
    )


def _speaker_list(episode: Episode) -> str:
    """``Dean Wingerchuk, MD (Mayo Clinic) and Jane Roe``."""
    names = []
    for s in episode.speakers:
        name = ", ".join(part for part in (s.name, s.credentials) if part)
        names.append(f"{name} ({s.affiliation})" if s.affiliation else name)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --- Index and glossary pages -------------------------------------------------------------


def _index_context(project: Project, *, generator: str) -> IndexPageContext:
    page = PurePosixPath("index.html")
    seen: set[str] = set()
    cards = []
    for episode in project.episodes:
        # No glossary on this page: abbreviations are expanded on first use, not linked.
        summary = glossary_marking.mark(
            episode.summary, project.glossary, seen, page_has_glossary=False
        )
        cards.append(_card(episode, page, Markup(summary)))
    return IndexPageContext(
        **_page_context(project, page, "index", generator=generator),
        episodes=tuple(cards),
        topics=_topics(cards),
        apps=tuple(Link(_checked_url(a.url), a.name) for a in project.show.subscribe),
    )


def _topics(cards: Iterable[EpisodeCard]) -> tuple[Topic, ...]:
    """Each topic (alphabetical) with its episodes (newest first, as given)."""
    by_topic: dict[str, list[EpisodeCard]] = {}
    for card in cards:
        for topic in card.episode.topics:
            by_topic.setdefault(topic, []).append(card)
    topics, ids = [], set()
    for name in sorted(by_topic, key=lambda t: (t.casefold(), t)):
        base = "topic-" + (re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "x")
        topic_id, n = base, 1
        while topic_id in ids:
            n += 1
            topic_id = f"{base}-{n}"
        ids.add(topic_id)
        topics.append(Topic(topic_id, name, tuple(by_topic[name])))
    return tuple(topics)


def _glossary_context(project: Project, *, generator: str) -> GlossaryPageContext:
    page = PurePosixPath("glossary", "index.html")
    return GlossaryPageContext(
        **_page_context(project, page, "glossary", generator=generator, subject="Glossary"),
        glossary_entries=tuple(_glossary_entry(t) for t in _alphabetical(project.glossary)),
        review_note=project.glossary.review_note,
    )


def _alphabetical(glossary: Glossary) -> list[GlossaryTerm]:
    return sorted(glossary.terms, key=lambda t: (t.term.casefold(), t.term, t.id))


def _glossary_entry(term: GlossaryTerm) -> GlossaryEntry:
    return GlossaryEntry(
        id=term.id,
        term=term.term,
        abbreviation=glossary_marking.is_abbreviation(term),
        expansion=term.expansion,
        definition=term.definition,
        aliases=term.aliases,
    )


# --- Formatting ---------------------------------------------------------------------------


def _iso_duration(ms: int) -> str:
    """``PT48S``: whole seconds, matching the visible label (which rounds down too)."""
    return timecode.format_iso_duration(ms - ms % 1000)


def _duration_words(ms: int) -> str:
    """``4 minutes 12 seconds``, ``1 hour 2 minutes``, ``0 seconds``."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
        if n
    ]
    return " ".join(parts) or "0 seconds"


def _long_date(when: datetime) -> str:
    """``2 April 2010``: day first with the month in words, never ambiguous."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def _seconds(ms: int) -> str:
    """Milliseconds as seconds for data attributes: ``48``, ``95.5``."""
    whole, rest = divmod(ms, 1000)
    return f"{whole}.{rest:03d}".rstrip("0") if rest else str(whole)


def _file_size(size: int) -> str:
    """``9 KB``, ``1.2 MB``: decimal units, rounded the way file managers show them."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            if unit == "KB" or value >= 10:
                return f"{round(value)} {unit}"
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def _primary_subtag(language: str) -> str:
    return language.split("-")[0].casefold()


def _language_name(language: str) -> str:
    return _LANGUAGE_NAMES.get(_primary_subtag(language), language)
