"""The feed-size policy: full transcripts in the feed while it fits the show's budget.

Podcast apps download the whole feed every time they check it, and Podcast Index skips feeds
over 25,000,000 characters, so the full-text promise needs a way out for a show with a long
archive. The budget is show.toml's ``[feed] max_bytes`` (15,000,000 by default):

- up to 80 % of the budget the feed carries every transcript in full, silently;
- from 80 % to 100 % it still does, with a ``feed-size`` warning that the budget is near;
- past the budget the *oldest* episodes' ``content:encoded`` links to their transcript page
  instead of including the text (their pages, transcript files and ``podcast:transcript``
  links are unchanged), as few episodes as needed for the feed to fit, with a ``feed-size``
  warning saying how many. The newest episodes always keep their full text.
"""

from __future__ import annotations

from collections.abc import Callable

from . import feed
from .errors import Diagnostics, SourceLocation
from .model import Project

WARN_RATIO = 0.8
"""From this share of the budget on, the build warns that the budget is near."""

Render = Callable[[frozenset[str]], bytes]
"""Renders the feed with the transcripts of the given episode guids linked, not included."""


def fit(project: Project, render: Render, diagnostics: Diagnostics) -> tuple[bytes, frozenset[str]]:
    """The feed within the budget, and the guids of the episodes whose transcript it links."""
    show = project.show
    budget = show.feed_max_bytes
    where = show.source.path
    full = render(frozenset())
    if len(full) <= budget:
        if len(full) >= WARN_RATIO * budget:
            diagnostics.warning(
                "feed-size",
                f"feed.xml is {len(full):,} bytes, {len(full) / budget:.0%} of its budget of"
                f" {budget:,} bytes; past it, the oldest episodes' transcripts are linked from"
                " the feed instead of included",
                SourceLocation(where),
                hint="raise [feed] max_bytes in show.toml (at most 25,000,000) to keep them all",
            )
        return full, frozenset()
    linked = _oldest_to_link(project, len(full) - budget)
    data = render(linked)
    # The saving is exact (CDATA text is written as it is); this loop only guards the rule.
    oldest_first = [e.guid for e in reversed(project.episodes) if e.transcript is not None]
    while len(data) > budget and len(linked) < len(oldest_first):
        linked = frozenset(oldest_first[: len(linked) + 1])
        data = render(linked)
    kept = sum(1 for e in project.episodes if e.transcript is not None) - len(linked)
    message = (
        f"feed.xml with every transcript in full would be {len(full):,} bytes, over its budget"
        f" of {budget:,}; the newest {kept} episode(s) keep their full transcript in the feed"
        f" and the oldest {len(linked)} link to it (feed.xml is {len(data):,} bytes)"
    )
    if len(data) > budget:
        message += "; it is still over the budget without any transcript text"
    diagnostics.warning(
        "feed-size",
        message,
        SourceLocation(where),
        hint="raise [feed] max_bytes in show.toml (at most 25,000,000) to keep them all",
    )
    return data, linked


def _oldest_to_link(project: Project, excess: int) -> frozenset[str]:
    """The fewest oldest episodes whose transcript text, once linked, saves ``excess`` bytes."""
    linked: list[str] = []
    saved = 0
    for episode in reversed(project.episodes):  # newest first in the project: oldest first here
        if saved >= excess:
            break
        if episode.transcript is None:
            continue
        page = feed.episode_url(project.show, episode)
        full = len(feed.content_html(episode).encode())
        short = len(feed.content_html(episode, page).encode())
        saved += full - short
        linked.append(episode.guid)
    return frozenset(linked)
