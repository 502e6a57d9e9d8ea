"""The words of the pages that are not the show's own: labels, dates, durations, sizes and
lists of names. Kept in one place so that a translation catalogue can reach every one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model import Episode, Speaker

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


_LANGUAGE_NAMES = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish",
    "tr": "Turkish", "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip


TRANSCRIPT_FILES = {
    "txt": ("Transcript as plain text", "TXT"),
    "vtt": ("Captions", "WebVTT"),
    "srt": ("Subtitles", "SRT"),
    "json": ("Transcript data", "JSON"),
}
FRAGMENT_LINK = "Transcript for your own website (HTML fragment, {size})"
"""``transcript.html``: headings, speakers and paragraphs, for a partner's page."""


SECTIONS = {
    "notes": "Show notes",
    "glossary": "Glossary",
    "downloads": "Downloads",
    "share": "Share and republish",
    "sources": "Sources",
    "related": "Related episodes",
    "feedback": "Feedback",
}
"""The episode page's sections after the transcript, as the one-line contents names them."""


def player_label(element: str) -> str:
    """The player's accessible name, in the words of what it plays."""
    return "Watch the episode" if element == "video" else "Listen to the episode"


def player_help(element: str, *, has_captions: bool) -> str:
    """What the player offers beyond its controls; empty when there is nothing to add."""
    return "Captions are available in the player." if has_captions and element == "video" else ""


def transcript_intro(speakers: tuple[str, ...], *, named_above: bool, on_screen: bool) -> str:
    """What comes before the first turn. The byline under the title names the episode's
    speakers in full; saying them again put a sentence more between the player and the
    first words, so they are named here only when the byline does not."""
    intro = []
    if speakers and not named_above:
        intro.append(f"Speakers: {'; '.join(speakers)}.")
    if on_screen:
        intro.append("Descriptions of what is shown on screen start with “On screen”.")
    return " ".join(intro)


def speaker_in_full(speaker: Speaker) -> str:
    return ", ".join(
        part for part in (speaker.name, speaker.credentials, speaker.affiliation) if part
    )


def speaker_list(episode: Episode) -> str:
    """``Dean Wingerchuk, MD (Mayo Clinic) and Jane Roe``."""
    return speaker_list_of(episode.speakers)


def speaker_list_of(speakers: Sequence[Speaker]) -> str:
    """``speaker_list`` of any people (a reviewer, say)."""
    names = []
    for s in speakers:
        name = ", ".join(part for part in (s.name, s.credentials) if part)
        names.append(f"{name} ({s.affiliation})" if s.affiliation else name)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def duration_words(ms: int) -> str:
    """``4 minutes 12 seconds``, ``1 hour 2 minutes``, ``0 seconds``."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (seconds, "second"))
        if n
    ]
    return " ".join(parts) or "0 seconds"


def long_date(when: date) -> str:
    """``2 April 2010``: day first with the month in words, never ambiguous."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def file_size(size: int) -> str:
    """``9 KB``, ``1.2 MB``: decimal units, rounded the way file managers show them."""
    if size < 1000:
        return f"{size} byte{'' if size == 1 else 's'}"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            if unit == "KB" or value >= 10:
                return f"{round(value)} {unit}"
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")


def language_name(language: str) -> str:
    return _LANGUAGE_NAMES.get(primary_subtag(language), language)


def primary_subtag(language: str) -> str:
    return language.split("-")[0].casefold()


EMBED_TITLE = "Player and transcript: {title}"
"""The embed's ``iframe`` title, which a screen reader says as the frame is entered."""


def attribution(
    title: str, speakers: str, show_title: str, author: str, url: str, licence: str | None
) -> str:
    """The credit a partner republishes with: what, who, from where, and under what
    licence (title, author, source, licence, as Creative Commons asks)."""
    text = f"“{title}”"
    if speakers:
        text += f" with {speakers}"
    text += f", from {show_title} by {author}: {url}"
    return text + (f". Licence: {licence}." if licence else ".")
