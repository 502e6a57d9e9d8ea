"""What every page shares (where it sits, the show, checked links, episode cards, glossary
entries) and the show's own two pages: the episode index and the glossary."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from .. import layout
from ..errors import SourceError, SourceLocation
from ..model import Episode, Glossary, GlossaryTerm, Project, Show
from ..rules import LINK_SCHEMES
from ..transcripts import timecode
from . import alphabet, licence, wording
from . import marks as glossary_marking
from .safe import Markup
from .views import (
    EpisodeCard,
    GlossaryEntry,
    GlossaryPageContext,
    Icons,
    IndexPageContext,
    Link,
    PageContext,
    Picture,
    Share,
    Topic,
)


def page_context(
    project: Project,
    page: PurePosixPath,
    current: str,
    *,
    generator: str,
    subject: str = "",
    license: str | None = None,
) -> PageContext:
    """What every page has; ``license`` is the page's own licence (an episode's) in place
    of the show's."""
    show = project.show
    depth = len(page.parts) - 1
    contact_href = _contact_href(show, subject)
    text = license or show.license
    return PageContext(
        show=show,
        generator=generator,
        root="../" * depth,
        current=current,
        feed_url=checked_url(layout.Site.of(show).feed, show.source),
        json_feed_url=checked_url(layout.Site.of(show).url(layout.FEED_JSON), show.source),
        contact_href=contact_href,
        licence=(
            licence.of(
                text,
                contact_href,
                checked_url(text, show.source) if _is_url(text) else None,
            )
            if text
            else None
        ),
        has_glossary=bool(project.glossary.terms),
        structured_data=None,
        share=Share(
            checked_url(layout.Site.of(show).url(page), show.source),
            show.title,
            show.description,
            layout.Site.of(show).show_artwork(show),
            "website",
        ),
        icons=(
            Icons(layout.href(layout.FAVICON, page), layout.href(layout.TOUCH_ICON, page))
            if show.artwork_path is not None
            else None
        ),
        alternates=(),
        language=wording.page_language(),
        show_lang=wording.other_language(show.language),
    )


ARTWORK_SIZE = 160
"""The artwork's side on the pages, in CSS pixels."""


def show_picture(show: Show, page: PurePosixPath) -> Picture | None:
    """The show's artwork on ``page``: decorative, the show's title is the heading."""
    path = layout.show_artwork(show)
    src = layout.href(path, page) if path is not None else show.artwork_url
    if src is None:
        return None
    return Picture(checked_url(src, show.source), ARTWORK_SIZE, ARTWORK_SIZE)


def episode_picture(show: Show, episode: Episode, page: PurePosixPath) -> Picture | None:
    """The episode's own artwork on its page, else the show's (decorative too)."""
    path = layout.episode_artwork(episode)
    if path is not None:
        return Picture(layout.href(path, page), ARTWORK_SIZE, ARTWORK_SIZE)
    if episode.artwork is not None and episode.artwork.url is not None:
        url = checked_url(episode.artwork.url, episode.source)
        return Picture(url, ARTWORK_SIZE, ARTWORK_SIZE)
    return show_picture(show, page)


def _contact_href(show: Show, subject: str) -> str:
    """The show's feedback page, or an e-mail to its owner (with a subject naming the page)."""
    if show.contact_url:
        return checked_url(show.contact_url, show.source)
    href = "mailto:" + quote(show.owner_email, safe="@")
    if subject:
        href += "?subject=" + quote(subject, safe="")
    return href


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in LINK_SCHEMES


def checked_url(url: str, where: SourceLocation) -> str:
    """Return ``url`` if it is http(s), mailto or relative; refuse ``javascript:`` and friends
    (``unsafe-link`` at ``where``, the file that gave the URL). The loaders refuse such URLs
    already: this is the last check before a page links to one."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme and scheme not in LINK_SCHEMES:
        raise SourceError(
            f"refusing to link to {url!r}: only http, https and mailto are allowed",
            where,
            code="unsafe-link",
        )
    return url


CARD_ARTWORK_SIZE = 96
"""The artwork's side on an episode card, in CSS pixels."""


def card(episode: Episode, page: PurePosixPath, summary: Markup, show: Show) -> EpisodeCard:
    """An episode as a list shows it, with its artwork (else the show's) and its language
    when it is not the show's."""
    picture = episode_picture(show, episode, page)
    return EpisodeCard(
        episode,
        layout.href(layout.episode_page(episode), page),
        wording.speaker_list(episode),
        summary,
        Picture(picture.src, CARD_ARTWORK_SIZE, CARD_ARTWORK_SIZE) if picture else None,
        wording.other_language(episode.language or show.language),
    )


def index_context(project: Project, *, generator: str) -> IndexPageContext:
    page = layout.SHOW_PAGE
    seen: set[str] = set()
    cards = []
    for episode in project.episodes:
        # No glossary on this page: abbreviations are expanded on first use, not linked.
        summary = glossary_marking.mark(
            episode.summary, project.glossary, seen, page_has_glossary=False
        )
        cards.append(card(episode, page, Markup(summary), project.show))
    return IndexPageContext(
        **page_context(project, page, "index", generator=generator),
        artwork=show_picture(project.show, page),
        episodes=tuple(cards),
        topics=_topics(cards),
        apps=tuple(
            Link(checked_url(a.url, project.show.source), a.name) for a in project.show.subscribe
        ),
        app_prompt=wording.app_prompt(video=_is_video_show(project)),
        opml_href=layout.href(layout.OPML, page),
    )


def _is_video_show(project: Project) -> bool:
    """Watched rather than heard: show.toml's ``medium``, else every episode's main media is
    a video (as the feed's ``podcast:medium`` decides)."""
    if project.show.medium:
        return project.show.medium in ("video", "film")
    main = [e.media[0] for e in project.episodes if e.media]
    return bool(main) and all(m.is_video for m in main)


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


def glossary_context(project: Project, *, generator: str) -> GlossaryPageContext:
    page = layout.GLOSSARY_PAGE
    subject = wording.gettext(wording.SECTIONS["glossary"])
    return GlossaryPageContext(
        **page_context(project, page, "glossary", generator=generator, subject=subject),
        glossary_entries=tuple(glossary_entry(t) for t in _alphabetical(project.glossary)),
        review_note=project.glossary.review_note,
    )


def _alphabetical(glossary: Glossary) -> list[GlossaryTerm]:
    return sorted(glossary.terms, key=lambda t: (*alphabet.sort_key(t.term), t.id))


def glossary_entry(term: GlossaryTerm, *, back_href: str | None = None) -> GlossaryEntry:
    return GlossaryEntry(
        id=term.id,
        term=term.term,
        abbreviation=glossary_marking.is_abbreviation(term),
        expansion=term.expansion,
        definition=term.definition,
        aliases=term.aliases,
        back_href=back_href,
    )


def iso_duration(ms: int) -> str:
    """``PT48S``: whole seconds, matching the visible label (which rounds down too)."""
    return timecode.format_iso_duration(ms - ms % 1000)
