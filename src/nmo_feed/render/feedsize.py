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

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..errors import Diagnostics, SourceLocation

if TYPE_CHECKING:
    from ..model import Show

WARN_RATIO = 0.8
"""From this share of the budget on, the build warns that the budget is near."""


class ItemSize(NamedTuple):
    """An episode's ``<item>`` in bytes, with its transcript in full and linked (a named
    tuple: the build cache pickles one per episode at every build)."""

    guid: str
    full: int
    linked: int | None
    """None when the episode has no transcript, so there is nothing to link."""


def fit(
    show: Show, channel: int, items: Sequence[ItemSize], diagnostics: Diagnostics
) -> tuple[int, frozenset[str]]:
    """The feed's size within the budget, and the guids of the episodes whose transcript it
    links. ``channel`` is the feed's size without items; ``items`` are newest first.

    The feed is the channel and its items end to end, so the sizes add up exactly."""
    budget = show.feed_max_bytes
    where = show.source.path
    hint = "raise [feed] max_bytes in show.toml (at most 25,000,000) to keep them all"
    full = channel + sum(item.full for item in items)
    if full <= budget:
        if full >= WARN_RATIO * budget:
            diagnostics.warning(
                "feed-size",
                f"feed.xml is {full:,} bytes, {full / budget:.0%} of its budget of"
                f" {budget:,} bytes; past it, the oldest episodes' transcripts are linked from"
                " the feed instead of included",
                SourceLocation(where),
                hint=hint,
            )
        return full, frozenset()
    size, linked = full, []
    for item in reversed(items):  # oldest first
        if size <= budget:
            break
        if item.linked is not None:
            size -= item.full - item.linked
            linked.append(item.guid)
    kept = sum(1 for item in items if item.linked is not None) - len(linked)
    message = (
        f"feed.xml with every transcript in full would be {full:,} bytes, over its budget"
        f" of {budget:,}; the newest {kept} episode(s) keep their full transcript in the feed"
        f" and the oldest {len(linked)} link to it (feed.xml is {size:,} bytes)"
    )
    if size > budget:
        message += "; it is still over the budget without any transcript text"
    diagnostics.warning("feed-size", message, SourceLocation(where), hint=hint)
    return size, frozenset(linked)
