"""The transcript as simple HTML: chapter headings, each speaker's name in bold at the start
of their turn, one paragraph per paragraph. No classes, no scripts, no styles: what podcast
apps render in ``content:encoded`` and ``content_html``, and what a partner pastes into their
own site's editor (``transcript.html``, beside the episode's page)."""

from __future__ import annotations

import html

from .. import layout, transcripts
from ..model import Episode, Show
from ..transcripts import timecode
from . import chapters as chapter_files
from . import feedtext, locale


def transcript_blocks(episode: Episode, *, times: bool = True) -> list[str]:
    """The transcript's blocks (none without a transcript); ``times`` puts each timed
    paragraph's start before it as text (``[0:35]``)."""
    transcript = episode.transcript
    if transcript is None:
        return []
    parts = []
    headings = chapter_files.headings(episode)
    for turn_index, turn in enumerate(transcript.turns):
        starts = transcripts.paragraph_times(turn)
        for index, (paragraph, start) in enumerate(zip(turn.paragraphs, starts, strict=True)):
            for _, chapter in headings.get((turn_index, index), ()):
                parts.append(f"<h3>{html.escape(feedtext.one_line(chapter.title or ''))}</h3>")
            lead = []
            if times and start is not None:
                lead.append(f"[{timecode.format_label(start)}]")
            if index == 0 and turn.speaker:
                lead.append(f"<strong>{html.escape(turn.speaker)}:</strong>")
            if paragraph.kind == "on_screen":
                lead.append("<em>On screen:</em>")
            lead.append(html.escape(feedtext.one_line(paragraph.text)))
            parts.append(f"<p>{' '.join(lead)}</p>")
    return parts


def transcript_fragment(show: Show, episode: Episode) -> bytes:
    """``transcript.html``: a heading, the transcript without times (a partner's page has
    no player to match them) and a line naming and linking the source."""
    title = html.escape(episode.title)
    page = html.escape(layout.Site.of(show).episode(episode))
    with locale.speaking(episode.language or show.language):
        # The message's own text is escaped as text; the values as they were before.
        heading = html.escape(locale.gettext("Transcript: %(title)s"), quote=False) % {
            "title": title
        }
        source = html.escape(locale.gettext("From %(episode)s, %(show)s."), quote=False) % {
            "episode": f'<a href="{page}">{title}</a>',
            "show": html.escape(show.title),
        }
    parts = [f"<h2>{heading}</h2>", *transcript_blocks(episode, times=False), f"<p>{source}</p>"]
    return ("\n".join(parts) + "\n").encode()
