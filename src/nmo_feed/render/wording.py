"""The words of the pages that are not the show's own: labels, dates, durations, sizes and
lists of names. Kept in one place so that the message catalogue reaches every one: each is
English in the code, and translated for the page's language (``render/locale.py``) when it
is used. Words kept in a table are marked with ``N_`` (for extraction) and translated where
they are read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model import Episode, Speaker
from .locale import current


def _(message: str) -> str:
    return current().gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the name gettext's tools look for)
    """Marks a message for extraction; it is translated where it is used."""
    return message


TRANSCRIPT_FILES = {
    "txt": (N_("Transcript as plain text"), "TXT"),
    "vtt": (N_("Captions"), "WebVTT"),
    "srt": (N_("Subtitles"), "SRT"),
    "json": (N_("Transcript data"), "JSON"),
}
"""Each transcript file's label (translate it with ``gettext``) and format name."""


def gettext(message: str) -> str:
    """``message`` (one marked with ``N_``) in the page's language."""
    return _(message)


def transcript_file_label(ext: str, language: str | None, fmt: str, size: str) -> str:
    """``Captions (WebVTT, 3 KB)``, ``Subtitles in Spanish (SRT, 2 KB)``."""
    what = _(TRANSCRIPT_FILES[ext][0])
    if language:
        what = _("%(what)s in %(language)s") % {"what": what, "language": language_name(language)}
    return _("%(what)s (%(format)s, %(size)s)") % {"what": what, "format": fmt, "size": size}


def transcript_in(language: str) -> str:
    """A translation's link: ``Transcript in Spanish``."""
    return _("Transcript in %(language)s") % {"language": language_name(language)}


def track_label(kind: str, language: str) -> str:
    """A caption track's name in the player's menu: ``English captions``."""
    name = language_name(language)
    if kind == "captions":
        return _("%(language)s captions") % {"language": name}
    return _("%(language)s subtitles") % {"language": name}


def feedback_subject(about: str) -> str:
    """The subject of a feedback e-mail about a page."""
    return _("Feedback: %(page)s") % {"page": about}


def topic_description(show: str, topic: str) -> str:
    """A topic page's description, for link previews."""
    return _("Episodes of %(show)s posted in %(topic)s.") % {"show": show, "topic": topic}


def fragment_link(size: str) -> str:
    """``transcript.html``: headings, speakers and paragraphs, for a partner's page."""
    return _("Transcript for your own website (HTML fragment, %(size)s)") % {"size": size}


def media_label(is_video: bool, fmt: str) -> str:
    """``Audio (MP3, 1.2 MB)``; ``fmt`` the format and size."""
    kind = _("Video") if is_video else _("Audio")
    return f"{kind} ({fmt})"


SECTIONS = {
    "notes": N_("Show notes"),
    "glossary": N_("Glossary"),
    "downloads": N_("Downloads"),
    "share": N_("Share and republish"),
    "sources": N_("Sources"),
    "related": N_("Related episodes"),
    "feedback": N_("Feedback"),
}
"""The episode page's sections after the transcript, as the one-line contents names them
(translate them with ``gettext``)."""


def play_from() -> str:
    """A time link's accessible name, with ``%(time)s`` where its time goes: looked up once
    per page, not once per link."""
    return _("Play from %(time)s")


def player_label(element: str) -> str:
    """The player's accessible name, in the words of what it plays."""
    return _("Watch the episode") if element == "video" else _("Listen to the episode")


def app_prompt(*, video: bool) -> str:
    """What the show page says before its podcast app links, in the words of its media."""
    return _("Watch in your podcast app:") if video else _("Listen in your podcast app:")


def player_help(element: str, *, has_captions: bool) -> str:
    """What the player offers beyond its controls; empty when there is nothing to add."""
    if has_captions and element == "video":
        return _("Captions are available in the player.")
    return ""


def transcript_intro(speakers: tuple[str, ...], *, named_above: bool, on_screen: bool) -> str:
    """What comes before the first turn. The byline under the title names the episode's
    speakers in full; saying them again put a sentence more between the player and the
    first words, so they are named here only when the byline does not."""
    intro = []
    if speakers and not named_above:
        intro.append(_("Speakers: %(names)s.") % {"names": "; ".join(speakers)})
    if on_screen:
        intro.append(_("Descriptions of what is shown on screen start with “On screen”."))
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
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


_UNITS = ("hour", "minute", "second")
"""CLDR's duration units (``duration-hour`` ...)."""


def duration_words(ms: int) -> str:
    """``4 minutes 12 seconds``, ``1 hour 2 minutes``, ``0 seconds``; ``4 minutos 12
    segundos`` (Babel's words for the units)."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    speech = current()
    counts = zip((hours, minutes, seconds), _UNITS, strict=True)
    parts = [speech.unit(n, f"duration-{unit}") for n, unit in counts if n]
    return " ".join(parts) or speech.unit(0, f"duration-{_UNITS[-1]}")


def long_date(when: date) -> str:
    """``2 April 2010``: day first with the month in words, never ambiguous."""
    # Translators: a CLDR date pattern (d day, MMMM month in words, y year; text in
    # 'quotes'), as the language writes a date in full: Spanish "d 'de' MMMM 'de' y".
    return current().date(when, _("d MMMM y"))


def file_size(size: int) -> str:
    """``9 KB``, ``1.2 MB``: decimal units, rounded the way file managers show them."""
    speech = current()
    if size < 1000:
        return speech.ngettext("%(n)s byte", "%(n)s bytes", size) % {"n": speech.decimal(str(size))}
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            if unit == "KB" or value >= 10:
                return f"{speech.decimal(str(round(value)))} {unit}"
            return f"{speech.decimal(f'{value:.1f}')} {unit}"
    raise AssertionError("unreachable")


def number(value: int) -> str:
    """A count or an episode number as the page's language writes it."""
    return current().decimal(str(value))


def language_name(language: str) -> str:
    """``Spanish`` on an English page, ``español`` on a Spanish one (Babel's names, which
    Spanish writes in lower case); the tag itself when the locale data has no name."""
    return current().language_name(language) or language


def page_language() -> str:
    """The language of the page being rendered: its ``<html lang>``."""
    return current().tag


def other_language(language: str) -> str | None:
    """``language`` when it is not the page's (for a ``lang`` attribute on the text), else
    None."""
    return None if language == current().tag else language


def primary_subtag(language: str) -> str:
    return language.split("-")[0].casefold()


def embed_title(title: str) -> str:
    """The embed's ``iframe`` title, which a screen reader says as the frame is entered."""
    return _("Player and transcript: %(title)s") % {"title": title}


def oembed_title(title: str) -> str:
    """The name of the episode page's link to its ``oembed.json``."""
    return _("%(title)s (oEmbed)") % {"title": title}


def every_feed(show: str) -> str:
    """The title of ``feeds.opml``, the list of every feed of the show."""
    return _("%(show)s (every feed)") % {"show": show}


def result_counts() -> tuple[tuple[str, str], ...]:
    """The search page's count of results in each plural category of the page's language,
    with ``{count}`` and ``{query}`` left for ``search.js`` to fill in: the script picks
    the category of the count with ``Intl.PluralRules`` (``Speech.plural_samples``)."""
    speech = current()
    placeholders = {"count": "{count}", "query": "{query}"}
    return tuple(
        (
            category,
            speech.ngettext(
                "%(count)s result for “%(query)s”.", "%(count)s results for “%(query)s”.", n
            )
            % placeholders,
        )
        for category, n in speech.plural_samples
    )


def results_listed(shown: int) -> str:
    """Said after the count when there are more results than the search page lists."""
    return current().ngettext(
        "The first %(shown)s is listed.", "The first %(shown)s are listed.", shown
    ) % {"shown": number(shown)}


def attribution(
    title: str, speakers: str, show_title: str, author: str, url: str, licence: str | None
) -> str:
    """The credit a partner republishes with: what, who, from where, and under what
    licence (title, author, source, licence, as Creative Commons asks)."""
    values = {"title": title, "speakers": speakers, "show": show_title, "author": author}
    if speakers:
        text = _("“%(title)s” with %(speakers)s, from %(show)s by %(author)s") % values
    else:
        text = _("“%(title)s”, from %(show)s by %(author)s") % values
    text += f": {url}"
    if licence:
        return text + ". " + _("Licence: %(name)s.") % {"name": licence}
    return text + "."
