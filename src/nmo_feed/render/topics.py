"""The topic pages: the topics index and one page per topic, listing its episodes newest
first (made once per show from the light episodes, like the show page), and the "Posted in"
links an episode page gives to its topics."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from .. import layout
from ..model import Episode, Project
from . import common, wording
from .safe import Markup
from .views import Link, Share, TopicEntry, TopicPageContext, TopicsPageContext


def by_topic(episodes: Sequence[Episode]) -> dict[str, list[Episode]]:
    """Each topic, alphabetical, with its episodes in the order given (newest first)."""
    found: dict[str, list[Episode]] = {}
    for episode in episodes:
        for topic in episode.topics:
            found.setdefault(topic, []).append(episode)
    return {t: found[t] for t in sorted(found, key=lambda t: (layout.topic_slug(t), t))}


def heading(topic: str) -> str:
    return topic[:1].upper() + topic[1:]


def entry(project: Project, topic: str, count: int, page: PurePosixPath) -> TopicEntry:
    site = layout.Site.of(project.show)
    return TopicEntry(
        topic,
        heading(topic),
        layout.href(layout.topic_page(topic), page),
        common.checked_url(site.topic_feed(topic), project.show.source),
        count,
    )


def index_context(project: Project, *, generator: str) -> TopicsPageContext:
    page = layout.TOPICS_INDEX
    return TopicsPageContext(
        **common.page_context(project, page, "topics", generator=generator),
        topics=tuple(
            entry(project, topic, len(episodes), page)
            for topic, episodes in by_topic(project.episodes).items()
        ),
    )


def page_contexts(project: Project, *, generator: str) -> dict[PurePosixPath, TopicPageContext]:
    """Each topic's page context, by the page's path."""
    pages = {}
    site = layout.Site.of(project.show)
    for topic, episodes in by_topic(project.episodes).items():
        page = layout.topic_page(topic)
        pages[page] = TopicPageContext(
            **common.page_context(
                project,
                page,
                "topic",
                generator=generator,
                subject=wording.feedback_subject(heading(topic)),
            ),
            topic=entry(project, topic, len(episodes), page),
            episodes=tuple(
                common.card(e, page, Markup.escape(e.summary), project.show) for e in episodes
            ),
            topics_href=layout.href(layout.TOPICS_INDEX, page),
        )
        pages[page]["share"] = Share(
            site.topic_page(topic),
            f"{heading(topic)} – {project.show.title}",
            wording.topic_description(project.show.title, topic),
            site.show_artwork(project.show),
            "website",
        )
    return pages


def posted_in(episode: Episode, page: PurePosixPath) -> tuple[Link, ...]:
    """Links from an episode's page to the pages of its topics, in the order written."""
    return tuple(
        Link(layout.href(layout.topic_page(topic), page), heading(topic))
        for topic in episode.topics
    )
