"""Write a transcript as plain UTF-8 text in the ``.md`` grammar, so it loads back as it was.

Each turn is a ``Name:`` label paragraph followed by its paragraphs; on-screen descriptions
start ``On screen:``; a timed transcript puts each paragraph's ``[mm:ss]`` (``[hh:mm:ss]``
from an hour) in front of it. Paragraphs are separated by one blank line.

What the grammar cannot say, and so does not survive a round trip: an unknown speaker after
a named one (it reads as the named speaker going on), a name containing a comma, spaced dash
or colon (the label keeps the part before it), and a speech paragraph that itself looks like a
label or starts ``On screen:``.
"""

from __future__ import annotations

from ..model import Paragraph, Transcript
from .timecode import format_bracket

ON_SCREEN = "On screen:"


def render(transcript: Transcript) -> str:
    """Return the transcript as plain text in the ``.md`` grammar, ending with one newline."""
    paragraphs: list[str] = []
    for turn in transcript.turns:
        if turn.speaker is not None:
            paragraphs.append(f"{turn.speaker}:")
        paragraphs.extend(_paragraph(paragraph) for paragraph in turn.paragraphs)
    return "\n\n".join(paragraphs) + "\n"


def _paragraph(paragraph: Paragraph) -> str:
    text = paragraph.text
    if paragraph.kind == "on_screen":
        text = f"{ON_SCREEN} {text}"
    if paragraph.start_ms is not None:
        text = f"{format_bracket(paragraph.start_ms)} {text}"
    return text
