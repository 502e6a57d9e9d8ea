"""The episode page's view: the player, the transcript with its time links and chapter
headings, the page's glossary, the downloads and the sections of the page.

Glossary marking happens in reading order, sharing one record of the terms already used, so
the *first* use of a term on the page is the one that is linked and expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from .. import layout, transcripts
from ..model import Episode, Media, Paragraph, Project, Transcript, Turn
from ..rules import MEDIA_FORMAT_NAMES as _MEDIA_FORMATS
from ..transcripts import timecode
from . import chapters as chapter_files
from . import common, embed, jsonld, topics, wording
from . import marks as glossary_marking
from .safe import Markup
from .views import (
    ChapterHeading,
    CitationView,
    EpisodePageContext,
    Link,
    ParagraphView,
    Player,
    ReviewView,
    Share,
    Source,
    TimeLink,
    Track,
    TranscriptView,
    TurnView,
)

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


_ON_SCREEN_LABEL = re.compile(r"\Aon screen:\s*", re.IGNORECASE)


_Marker = Callable[[str], Markup]
"""Marks one piece of the page's text; shares the page's record of terms already used."""


def build_context(
    project: Project,
    episode: Episode,
    notes_html: str,
    files: Mapping[PurePosixPath, bytes],
    related: Sequence[Episode],
    *,
    generator: str,
) -> EpisodePageContext:
    page = layout.episode_page(episode)
    player = _player(episode, files, page)
    summary_texts = episode.plain_summary or (episode.summary,)
    # The summary (closed by default) and the transcript each expand and link their own
    # first use of a term, so a reader of either one hears it; only the transcript's first
    # uses are anchors (#used-ID) that the glossary links back to. A term is linked only
    # where it is marked, and every marked term gets an entry in the page's glossary, so
    # the entries are read off the two `seen` sets afterwards: one scan, not two.
    seen_in_summary: set[str] = set()
    seen_in_transcript: set[str] = set()

    def mark_summary(text: str) -> Markup:
        return Markup(
            glossary_marking.mark(text, project.glossary, seen_in_summary, page_has_glossary=True)
        )

    def mark_transcript(text: str) -> Markup:
        return Markup(
            glossary_marking.mark(
                text, project.glossary, seen_in_transcript, page_has_glossary=True, anchor=True
            )
        )

    summary_items = tuple(mark_summary(text) for text in summary_texts)
    transcript = _transcript_view(episode, player, mark_transcript)
    seen = seen_in_summary | seen_in_transcript
    used = tuple(term for term in project.glossary.terms if term.id in seen)
    downloads = _downloads(episode, files, page)
    own = episode.transcript
    txt = layout.transcript(episode, own, "txt") if own is not None else None
    context = EpisodePageContext(
        **common.page_context(
            project,
            page,
            "episode",
            generator=generator,
            subject=wording.feedback_subject(episode.title),
            license=episode.license,
        ),
        episode=episode,
        summary_items=summary_items,
        speakers=wording.speaker_list(episode),
        # notes_html was rendered from Markdown and sanitised by the notes module.
        notes=Markup(notes_html) if notes_html.strip() else None,
        player=player,
        transcript=transcript,
        glossary_entries=tuple(
            common.glossary_entry(
                term, back_href=f"#used-{term.id}" if term.id in seen_in_transcript else None
            )
            for term in used
        ),
        review_note=project.glossary.review_note,
        downloads=downloads,
        plain_text_href=layout.href(txt, page) if txt is not None and txt in files else None,
        related=tuple(
            common.card(other, page, Markup.escape(other.summary), project.show)
            for other in related
        ),
        posted_in=topics.posted_in(episode, page),
        review=_review(episode),
        artwork=common.episode_picture(project.show, episode, page),
        sources=tuple(
            CitationView(c.text, common.checked_url(c.url, episode.source) if c.url else None)
            for c in episode.sources
        ),
        sections=(),
        republish=None,
    )
    context["structured_data"] = jsonld.episode(project.show, episode)
    site = layout.Site.of(project.show)
    context["share"] = Share(
        site.episode(episode),
        episode.title,
        episode.summary,
        site.episode_artwork(episode) or site.show_artwork(project.show),
        "article",
    )
    context["alternates"] = _alternates(episode, files, page)
    context["republish"] = embed.republish(project.show, episode, files, page)
    context["sections"] = _sections(context)
    return context


def _alternates(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Link, ...]:
    """The transcript in each other language, as plain text (``hreflang`` in the head)."""
    links = []
    for transcript in episode.translations:
        path = layout.transcript(episode, transcript, "txt")
        if path in files:
            links.append(
                Link(
                    layout.href(path, page),
                    wording.transcript_in(transcript.language),
                    transcript.language,
                )
            )
    return tuple(links)


def _review(episode: Episode) -> ReviewView | None:
    review = episode.review
    if review is None:
        return None
    by = wording.speaker_list_of((review.by,)) if review.by is not None else None
    return ReviewView(by, review.on, review.due)


def _sections(context: EpisodePageContext) -> tuple[Link, ...]:
    """The h2 sections after the transcript, in order (ids match episode.html), for the
    one-line contents that follows the transcript. The chapters are headings within the
    transcript and are not listed: a short line of links, not a tall list."""
    shown = {
        "notes": bool(context["notes"]),
        "glossary": bool(context["glossary_entries"]),
        "downloads": bool(context["downloads"]),
        "share": True,
        "sources": bool(context["sources"]),
        "related": bool(context["related"]),
        "feedback": True,
    }
    return tuple(
        Link(f"#{key}", wording.gettext(wording.SECTIONS[key]))
        for key, show in shown.items()
        if show
    )


def paragraph_anchors(transcript: Transcript) -> list[str]:
    """The id of each paragraph of the transcript, in reading order: ``t-48`` for the one
    shown with the time 0:48 (a link to that moment stays right while paragraphs are added
    elsewhere), ``p-7`` for the seventh paragraph when it has no time of its own. The search
    index gives the same ids, so a search result lands on the paragraph."""
    anchors, seen = [], set()
    number = 0
    for turn in transcript.turns:
        for start in transcripts.paragraph_times(turn):
            number += 1
            anchor = f"t-{start // 1000}" if start is not None else f"p-{number}"
            if anchor in seen:  # two turns that start in one second
                anchor = f"p-{number}"
            seen.add(anchor)
            anchors.append(anchor)
    return anchors


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
    play = Markup(wording.play_from())
    headings = chapter_files.headings(episode)
    # The pieces of turns come in reading order, so each takes the next anchors.
    anchors = iter(paragraph_anchors(transcript))
    turns = []
    for turn_index, turn in enumerate(transcript.turns):
        for piece, heads in _split_at_chapters(turn_index, turn, headings):
            chapters = tuple(ChapterHeading(f"chapter-{n}", c.title or "") for n, c in heads)
            view = _turn_view(
                piece,
                media_href,
                play,
                mark,
                [next(anchors) for _ in piece.paragraphs],
                end_fallback=episode.duration_ms,
                timed=timed,
                chapters=chapters,
            )
            turns.append(view)
    speakers = tuple(wording.speaker_in_full(s) for s in episode.speakers) or tuple(
        dict.fromkeys(t.speaker for t in transcript.turns if t.speaker)
    )
    has_on_screen = any(p.kind == "on_screen" for t in transcript.turns for p in t.paragraphs)
    return TranscriptView(
        language=transcript.language,
        direction="rtl" if wording.primary_subtag(transcript.language) in _RTL_LANGUAGES else None,
        speakers=speakers,
        has_on_screen=has_on_screen,
        has_time_links=media_href is not None,
        intro=wording.transcript_intro(
            speakers, named_above=bool(episode.speakers), on_screen=has_on_screen
        ),
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
    turn: Turn,
    media_href: str | None,
    play: Markup,
    mark: _Marker,
    anchors: Sequence[str],
    *,
    end_fallback: int | None,
    timed: bool,
    chapters: tuple[ChapterHeading, ...],
) -> TurnView:
    start, end = turn.start_ms, turn.end_ms if turn.end_ms is not None else end_fallback
    time_link = _time_link(media_href, start, play)
    times = transcripts.paragraph_times(turn)
    # The first paragraph's time is the turn's, shown in the turn head.
    paragraphs = tuple(
        ParagraphView(
            paragraph.kind,
            mark(_paragraph_text(paragraph)),
            _time_link(media_href, paragraph_start, play) if index else None,
            anchor,
        )
        for index, (paragraph, paragraph_start, anchor) in enumerate(
            zip(turn.paragraphs, times, anchors, strict=True)
        )
    )
    return TurnView(
        speaker=turn.speaker,
        paragraphs=paragraphs,
        data_start=_seconds(start) if timed and start is not None else None,
        data_end=_seconds(end) if timed and end is not None else None,
        time_link=time_link,
        chapters=chapters,
    )


def _time_link(media_href: str | None, start_ms: int | None, play: Markup) -> TimeLink | None:
    if media_href is None or start_ms is None:
        return None
    seconds = start_ms // 1000
    href, label = f"{media_href}#t={seconds}", timecode.format_label(start_ms)
    return TimeLink(href, seconds, label, time_link_html(href, seconds, label, play))


def time_link_html(href: str, seconds: int, label: str, play: Markup) -> Markup:
    """One time link: a real link to a media fragment, so it works without JavaScript (the
    pages' script turns it into a seek). ``play`` is the page's ``wording.play_from()`` as
    Markup: the translation is trusted, the time in it is escaped (as Jinja's ``_()`` does).

    Its name is "Play from 0:48" in ``aria-label``, not in hidden text: Orca read a visually
    hidden "Play from " as a line of its own and lost its space ("Play from0:48"); the
    visible "0:48" is part of the name (WCAG 2.5.3)."""
    # What Markup's % does (escape the value, keep the translation), without its wrapper
    # objects: a page has hundreds of these.
    text = Markup.escape(label)
    name = str.__mod__(play, {"time": text})
    return Markup(
        f'<a class="timecode" href="{Markup.escape(href)}" data-seek="{seconds}"'
        f' aria-label="{name}">{text}</a>'
    )


def _player(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> Player | None:
    """The native media element, or None when no rendition can be played."""
    playable = [(m, href) for m in episode.media if (href := _media_href(episode, m, files, page))]
    if not playable:
        return None
    first, media_href = playable[0]
    element: Literal["audio", "video"] = "video" if first.is_video else "audio"
    tracks = _tracks(episode, files, page)
    return Player(
        element=element,
        sources=tuple(Source(href, m.mime_type) for m, href in playable),
        tracks=tracks,
        label=wording.player_label(element),
        help=wording.player_help(element, has_captions=bool(tracks)),
        media_href=media_href,
    )


def _tracks(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Track, ...]:
    """Caption tracks for the transcript and its timed translations, when their VTT exists."""
    tracks: list[Track] = []
    for transcript in transcripts.of_episode(episode):
        vtt = layout.transcript(episode, transcript, "vtt")
        if not transcript.timed or vtt not in files:
            continue
        if transcript is episode.transcript:
            label = wording.track_label("captions", transcript.language)
            tracks.append(
                Track("captions", layout.href(vtt, page), transcript.language, label, True)
            )
        else:
            label = wording.track_label("subtitles", transcript.language)
            tracks.append(
                Track("subtitles", layout.href(vtt, page), transcript.language, label, False)
            )
    return tuple(tracks)


def _media_href(
    episode: Episode, media: Media, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> str:
    """Where a rendition is played from: the local copy if it was built, else its URL."""
    path = layout.media(episode, media)
    if path is not None:
        return layout.href(path, page) if path in files else ""
    assert media.url is not None
    return common.checked_url(media.url, media.source)


def _downloads(
    episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Link, ...]:
    """Transcript files that exist in the build, then each media rendition."""
    # Look up this episode's own file names: scanning every file of the site for each
    # episode made the build quadratic in the number of episodes.
    found = []
    for transcript in transcripts.of_episode(episode):
        lang = None if transcript is episode.transcript else transcript.language
        for order, ext in enumerate(wording.TRANSCRIPT_FILES):
            path = layout.transcript(episode, transcript, ext)
            if path in files:
                found.append(((lang or "", order), path, lang, ext))
    links = []
    for _, path, lang, ext in sorted(found):
        fmt = wording.TRANSCRIPT_FILES[ext][1]
        text = wording.transcript_file_label(ext, lang, fmt, wording.file_size(len(files[path])))
        links.append(Link(layout.href(path, page), text, lang))
    fragment = layout.transcript_fragment(episode)
    if fragment in files:
        size = wording.file_size(len(files[fragment]))
        links.append(Link(layout.href(fragment, page), wording.fragment_link(size)))
    for media in episode.media:
        href = _media_href(episode, media, files, page)
        if href:
            what = _media_format(media) + _size_suffix(episode, media, files)
            links.append(Link(href, wording.media_label(media.is_video, what)))
    return tuple(links)


def _size_suffix(episode: Episode, media: Media, files: Mapping[PurePosixPath, bytes]) -> str:
    path = layout.media(episode, media)
    if path is not None and path in files:
        return ", " + wording.file_size(len(files[path]))
    return ", " + wording.file_size(media.length) if media.length > 0 else ""


def _media_format(media: Media) -> str:
    known = _MEDIA_FORMATS.get(media.mime_type.lower())
    if known:
        return known
    name = media.local_path if media.url is None else PurePosixPath(urlsplit(media.url).path)
    suffix = name.suffix.lstrip(".") if name is not None else ""
    return suffix.upper() or media.mime_type


def _seconds(ms: int) -> str:
    """Milliseconds as seconds for data attributes: ``48``, ``95.5``."""
    whole, rest = divmod(ms, 1000)
    return f"{whole}.{rest:03d}".rstrip("0") if rest else str(whole)


def player_and_transcript(
    project: Project, episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> tuple[Player | None, TranscriptView | None]:
    """The player and transcript as another page shows them (the embed page): links made
    from ``page``, and glossary words expanded on first use but not linked, as that page
    has no glossary of its own."""
    player = _player(episode, files, page)
    seen: set[str] = set()

    def mark(text: str) -> Markup:
        return Markup(glossary_marking.mark(text, project.glossary, seen, page_has_glossary=False))

    return player, _transcript_view(episode, player, mark)
