"""Related episodes: the ones that share topics with an episode, best first.

The build keys an episode's page by its related episodes, so this is computed once for the
whole show in the parent process, before any page is rendered.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from .model import Episode

MAX_RELATED = 5


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
                MAX_RELATED + 1,
                scored,
                key=lambda pair: (-pair[0], -pair[1].published.timestamp(), pair[1].slug),
            )
            self._ranked[topics] = [e for _, e in best]
        return [e for e in self._ranked[topics] if e.slug != episode.slug][:MAX_RELATED]
