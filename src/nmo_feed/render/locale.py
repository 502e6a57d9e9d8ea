"""The language the pages speak: their message catalogue and Babel's locale data (dates,
durations, numbers, language names). The only module that imports Babel.

The English text is written in the code and templates themselves and is the catalogues'
message ids, so English needs no catalogue; every other language has one in
``nmo_feed/locale/<language>/LC_MESSAGES/messages.po``, compiled to ``messages.mo`` beside it
(``make messages``, README "Translating the pages"). A message a catalogue lacks is shown in
English; ``missing`` counts them for ``nmo-feed check``.

A page is rendered while ``speaking`` its language: the templates' ``_()`` and
``render/wording.py`` ask ``current()`` for their words, so the many functions between the
renderer and a label need no language argument.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostics, SourceLocation

if TYPE_CHECKING:
    import babel

    from ..model import Project

# Babel is imported when a page is first worded, not with this module: the feed's text
# imports it, and a rebuild with nothing changed imports no more than it needs.

CATALOGUES = Path(__file__).resolve().parent.parent / "locale"
"""``<language>/LC_MESSAGES/messages.mo``, and the template of every message,
``messages.pot``."""
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
"""The language of the message ids: its pages need no catalogue."""
DECIMALS_KEPT = 8192
"""The most formatted numbers a language keeps (``Speech.decimal``)."""


class Speech:
    """One language's words: translations from its catalogue (English where it has none) and
    its locale's formats. Made once per language (``for_language``)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.catalogue = _catalogue(tag)
        self._dates: dict[tuple[date, str], str] = {}
        self._units: dict[tuple[int, str], str] = {}
        self._decimals: dict[str, str] = {}

    @functools.cached_property
    def locale(self) -> babel.Locale:
        """Babel's data for the language: read when a date or number is first formatted."""
        return _locale(self.tag)

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def date(self, when: date, pattern: str) -> str:
        """``when`` in a CLDR ``pattern`` (``d MMMM y``) with this locale's month names.
        Kept: a page names the same few dates on every card, and Babel's formatting is the
        slowest step of a label."""
        key = (when, pattern)
        found = self._dates.get(key)
        if found is None:
            import babel.dates  # noqa: PLC0415 (see the imports above)

            found = babel.dates.format_date(when, pattern, locale=self.locale)
            self._dates[key] = found
        return found

    def unit(self, value: int, unit: str) -> str:
        """``4 minutes``, ``1 segundo``: a CLDR unit (``duration-minute``) in words. Kept:
        a duration's parts are a few dozen values (0 to 59 minutes or seconds), and the show
        page and topic pages word the duration of every episode they list (at 4,000
        episodes, 28,000 calls were a fifth of those pages' time)."""
        key = (value, unit)
        found = self._units.get(key)
        if found is None:
            import babel.units  # noqa: PLC0415

            found = str(babel.units.format_unit(value, unit, length="long", locale=self.locale))
            self._units[key] = found
        return found

    def decimal(self, value: str) -> str:
        """A number already rounded as it is to be shown (``"1.2"``), with this locale's
        decimal mark and grouping (``1,2`` in Spanish). Kept, for the episode numbers and
        file sizes that every card and page repeat, up to ``DECIMALS_KEPT`` values."""
        found = self._decimals.get(value)
        if found is None:
            places = len(value.partition(".")[2])
            pattern = "#,##0" + ("." + "0" * places if places else "")
            import babel.numbers  # noqa: PLC0415

            found = babel.numbers.format_decimal(Decimal(value), pattern, locale=self.locale)
            if len(self._decimals) >= DECIMALS_KEPT:
                self._decimals.clear()  # every file size of a large show would be kept
            self._decimals[value] = found
        return found

    @functools.cached_property
    def plural_samples(self) -> tuple[tuple[str, int], ...]:
        """A count for each of this language's CLDR plural categories that a whole number
        can fall in (``one``, ``many``, ``other``...), the smallest found: a script that
        picks a category with ``Intl.PluralRules`` (the same CLDR rules) is given the
        message ``ngettext`` chooses for that count."""
        rule = self.locale.plural_form
        found: dict[str, int] = {}
        # Whole-number categories are decided within the first few hundred, or at powers
        # of ten (Spanish and French say "de" after a round million: their "many").
        for n in (*range(200), *(10**k for k in range(3, 10))):
            found.setdefault(rule(n), n)
        return tuple((tag, found[tag]) for tag in sorted(found))

    def language_name(self, tag: str) -> str | None:
        """The name of the language ``tag`` in this language (``Spanish``, ``inglés``), or
        None when the locale data does not know it."""
        primary = tag.split("-")[0].casefold()
        return self.locale.languages.get(primary)


def _locale(tag: str) -> babel.Locale:
    """The locale of ``tag`` (``es-MX``), else of its primary language, else English: a
    language Babel has no data for is formatted as English, as its words are."""
    import babel  # noqa: PLC0415

    for candidate in (tag, tag.split("-")[0]):
        try:
            return babel.Locale.parse(candidate, sep="-")
        except (ValueError, babel.UnknownLocaleError):
            continue
    return babel.Locale.parse(SOURCE_LANGUAGE)


def _catalogue(tag: str) -> NullTranslations:
    """The compiled catalogue of ``tag``, or of its primary language; English (the message
    ids themselves) when there is none."""
    for name in catalogue_names(tag):
        mo = CATALOGUES / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if mo.is_file():
            with mo.open("rb") as handle:
                return GNUTranslations(handle)
    return NullTranslations()


def catalogue_names(tag: str) -> list[str]:
    """The catalogue folders that could hold ``tag``'s words, most specific first:
    ``es-MX`` → ``es_MX``, ``es``."""
    primary, *rest = tag.split("-")
    names = [primary.casefold()]
    if rest:
        names.insert(0, f"{names[0]}_{rest[0].upper()}")
    return names


@functools.cache
def for_language(tag: str) -> Speech:
    return Speech(tag)


_SPEAKING: contextvars.ContextVar[Speech | None] = contextvars.ContextVar(
    "nmo_feed_speaking", default=None
)


def current() -> Speech:
    """The language of the page being rendered (English outside ``speaking``)."""
    return _SPEAKING.get() or for_language(SOURCE_LANGUAGE)


@contextmanager
def speaking(tag: str) -> Iterator[Speech]:
    """Render in ``tag``'s words until the block ends."""
    token = _SPEAKING.set(for_language(tag))
    try:
        yield current()
    finally:
        _SPEAKING.reset(token)


def gettext(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def missing(tag: str) -> tuple[int, int] | None:
    """How many of the pages' messages ``tag``'s catalogue does not translate, of how many;
    None when ``tag`` is English or has no catalogue at all."""
    if _primary(tag) == SOURCE_LANGUAGE:
        return (0, 0)
    catalogue = _catalogue(tag)
    if not isinstance(catalogue, GNUTranslations):
        return None
    known = message_ids()
    translated = getattr(catalogue, "_catalog", {})
    # Plural messages are keyed (msgid, n) in a compiled catalogue.
    done = {key[0] if isinstance(key, tuple) else key for key in translated}
    return sum(1 for m in known if m not in done), len(known)


def _primary(tag: str) -> str:
    return tag.split("-")[0].casefold()


@functools.cache
def message_ids() -> tuple[str, ...]:
    """Every message id of the pages, from the extracted template ``messages.pot``."""
    from babel.messages.pofile import read_po  # noqa: PLC0415 (check only)

    with (CATALOGUES / f"{DOMAIN}.pot").open("rb") as handle:
        template = read_po(handle)
    ids = [m.id if isinstance(m.id, str) else str(m.id[0]) for m in template if m.id]
    return tuple(ids)


def report_missing(project: Project, diagnostics: Diagnostics) -> None:
    """``nmo-feed check``'s warning (``translation-missing``) for each language the pages
    speak (the show's, and each episode's own) whose catalogue lacks messages, shown in
    English: once per language, at the first file that asks for it."""
    asked: dict[str, SourceLocation] = {project.show.language: project.show.source}
    for episode in project.episodes:
        if episode.language is not None:
            asked.setdefault(episode.language, episode.source)
    english = for_language(SOURCE_LANGUAGE)
    for tag, where in asked.items():
        counted = missing(tag)
        name = english.language_name(tag) or tag
        if counted is None:
            diagnostics.warning(
                "translation-missing",
                f"nmo-feed has no {name} catalogue ({tag!r}): the pages' own words"
                " (headings, labels, dates) are in English",
                where,
                hint="translate nmo_feed/locale/messages.pot (README, Translating the pages)",
            )
        elif counted[0]:
            diagnostics.warning(
                "translation-missing",
                f"{counted[0]} of the pages' {counted[1]} messages have no {name}"
                f" translation ({tag!r}) and are shown in English",
                where,
                hint="translate them in its messages.po and run make messages",
            )
