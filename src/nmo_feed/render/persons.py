"""The people of a feed item (``podcast:person``).

Item-level people *wholly replace* the channel's in the podcast namespace (person.md), so an
episode that names its own speakers lists the show's people again first.
"""

from __future__ import annotations

from ..model import Episode, Show, Speaker


def item_persons(show: Show, episode: Episode) -> tuple[Speaker, ...]:
    """The episode's ``podcast:person`` tags: none when it names no speakers (the channel's
    apply), else the show's people restated, then its speakers (a speaker who is also one of
    the show's people replaces that entry, keeping its place)."""
    if not episode.speakers:
        return ()
    speakers = {s.name: s for s in episode.speakers}
    restated = [speakers.pop(p.name, p) for p in show.persons]
    return (*restated, *(s for s in episode.speakers if s.name in speakers))
