"""The embed page (``embed/<slug>/``): the episode's player and transcript, small enough for
a partner's site to frame, and what a partner copies to frame it (the ``iframe`` snippet and
the attribution text, shown in the episode page's "Share and republish" section and given in
``oembed.json``).

The page is the episode page reduced to what a framed box can hold: the title and speakers,
the native player with its captions, the transcript in a region of its own that scrolls (by
keyboard too), and the licence with a credit line. Every link but the time links opens in
the top window (``target="_top"``): the reader goes to the episode page as by any link on the
partner's page, with the browser's Back button to return, instead of a whole site loaded
inside a box or a new window opened without warning. Time links seek the embed's player
(``player.js``, the episode page's script); with scripts off they open the media at that
time inside the frame. An episode without media gets an embed all the same: the transcript
is what this show's readers come for, and it still leads to the episode page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import PurePosixPath

from .. import layout
from ..model import Episode, Project, Show
from . import common, licence, wording
from .views import EmbedPageContext, Player, Republish, TranscriptView

AUDIO_SIZE = (560, 480)
"""The frame's width and height in CSS pixels: the player, about ten lines of transcript
and the credit line. The page is usable down to 300 × 400 and at 200 % zoom."""
VIDEO_SIZE = (560, 640)
"""A video takes about half the frame's height, so the frame is taller."""


def size(episode: Episode) -> tuple[int, int]:
    """The frame's width and height: taller for an episode whose first rendition is video."""
    return VIDEO_SIZE if episode.media and episode.media[0].is_video else AUDIO_SIZE


def frame_title(episode: Episode) -> str:
    return wording.embed_title(episode.title)


def snippet(show: Show, episode: Episode) -> str:
    """The ``iframe`` a partner pastes: the embed page's address, a ``title`` (the frame's
    accessible name, in the words of the page being rendered), its size, no border, never
    wider than the partner's column."""
    width, height = size(episode)
    src = layout.Site.of(show).url(layout.embed_page(episode))
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(frame_title(episode))}"'
        f' width="{width}" height="{height}" loading="lazy"'
        ' style="border: 0; max-width: 100%;"></iframe>'
    )


def attribution(show: Show, episode: Episode) -> str:
    """The credit line for the episode, with its licence named and linked when it is one a
    partner may republish under (none for "All rights reserved": reuse is agreed case by
    case)."""
    text = episode.license or show.license
    named = licence.of(text, "") if text else None
    words = None
    if named is not None and not named.reserved:
        words = f"{named.name} ({named.href})" if named.href else named.name
    return wording.attribution(
        episode.title,
        wording.speaker_list(episode),
        show.title,
        show.author,
        layout.Site.of(show).episode(episode),
        words,
    )


def context(
    project: Project,
    episode: Episode,
    player: Player | None,
    transcript: TranscriptView | None,
    *,
    generator: str,
) -> EmbedPageContext:
    """The embed page's context; ``player`` and ``transcript`` made for the embed page
    (``episode_page.player_and_transcript``)."""
    page = layout.embed_page(episode)
    return EmbedPageContext(
        **common.page_context(
            project,
            page,
            "embed",
            generator=generator,
            subject=wording.feedback_subject(episode.title),
            license=episode.license,
        ),
        episode=episode,
        speakers=wording.speaker_list(episode),
        player=player,
        transcript=transcript,
        canonical=common.checked_url(layout.Site.of(project.show).episode(episode), episode.source),
        attribution=attribution(project.show, episode),
        stylesheet=layout.href(layout.asset(layout.EMBED_STYLE), page),
        script=layout.href(layout.asset("player.js"), page),
    )


def republish(
    show: Show, episode: Episode, files: Mapping[PurePosixPath, bytes], page: PurePosixPath
) -> Republish:
    """The episode page's "Share and republish" section."""
    fragment = layout.transcript_fragment(episode)
    return Republish(
        snippet=snippet(show, episode),
        attribution=attribution(show, episode),
        fragment_href=layout.href(fragment, page) if fragment in files else None,
        oembed_url=common.checked_url(
            layout.Site.of(show).url(layout.oembed(episode)), show.source
        ),
        oembed_title=wording.oembed_title(episode.title),
    )
