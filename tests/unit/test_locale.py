"""The pages' language (issue 18): the message catalogues are complete and current, the
Spanish show's pages carry no English words of nmo-feed's own, dates and numbers follow the
language, text in another language is marked, and ``check`` reports a missing translation."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from gettext import GNUTranslations
from html.parser import HTMLParser
from pathlib import Path

import babel.numbers
import babel.units
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from nmo_feed.build import run as build
from nmo_feed.render import locale, wording
from nmo_feed.serve import page as serve_page

REPO = Path(__file__).resolve().parents[2]
LOCALE = REPO / "src" / "nmo_feed" / "locale"
ES_SHOW = REPO / "tests" / "golden" / "shows" / "es"
SPANISH_PO = LOCALE / "es" / "LC_MESSAGES" / "messages.po"

# Words of nmo-feed's English chrome: none may be left on a page of the Spanish show. Each is
# matched as a whole word, case-sensitively, in the text a reader sees or hears (text, alt,
# title, aria-label, label, data-* messages). "Audio", "Video" and "bytes" are Spanish too.
ENGLISH_CHROME = [
    "Skip to main content", "All episodes", "Glossary", "Transcript", "Show notes",
    "Downloads", "Download", "Feedback", "Sources", "Related episodes", "Subscribe", "Topics",
    "Episodes", "Episode", "Listen", "Watch", "Play from", "Playing", "With", "Posted in",
    "Medically reviewed", "Plain-language summary", "On this page", "End of transcript",
    "Newest first", "Licence", "Published with", "Captions", "Subtitles", "Spanish",
    "English", "minute", "minutes", "second", "seconds", "May", "Breadcrumb", "Site",
    "Artwork", "Highlight", "Contact us", "Also written", "Back to", "podcast feed", "Bonus",
    "Trailer", "Audio only", "Follow this topic", "International", "Attribution",
    "Share", "republish", "Copy", "Copied", "Code to embed", "licence", "credit", "From",
    "the full episode page", "Player and transcript", "On screen", "There is no transcript",
    "permission", "Search", "search", "result", "results", "No results", "Try another word",
    "A to Z", "glossary", "Questions", "alphabetical", "not working", "every feed",
]  # fmt: skip


def _messages(path: Path) -> list:  # type: ignore[type-arg]
    with path.open("rb") as handle:
        return [m for m in read_po(handle, locale="es") if m.id]


# ---------- the catalogues ----------


def test_spanish_catalogue_translates_every_message() -> None:
    """No Spanish message is untranslated (in any plural form) or fuzzy: a new English
    string without its translation fails here."""
    messages = _messages(SPANISH_PO)
    untranslated = [m.id for m in messages if not m.string or not all(m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert (untranslated, fuzzy) == ([], [])
    template = {m.id for m in _messages(LOCALE / "messages.pot")}
    assert {m.id for m in messages} == template


def test_template_is_extracted_from_the_sources(tmp_path: Path) -> None:
    """messages.pot holds exactly the messages the templates and the code have now (a new
    English string that was not extracted, or one removed, fails: run `make messages`)."""
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "--quiet", "extract", "-F", "babel.cfg", "--no-location",
         "--omit-header", "-o", str(fresh), "."],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    extracted = {m.id for m in _messages(fresh)}
    committed = {m.id for m in _messages(LOCALE / "messages.pot")}
    assert sorted(map(str, extracted ^ committed)) == []


def test_compiled_catalogue_is_the_po() -> None:
    """messages.mo says what messages.po says (it is compiled and committed: `make messages`)."""
    with (SPANISH_PO.with_suffix(".mo")).open("rb") as handle:
        compiled = GNUTranslations(handle)
    for message in _messages(SPANISH_PO):
        if isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, message.id
        else:
            for n, form in ((1, 0), (2, 2)):
                want = message.string[form]
                assert compiled.ngettext(message.id[0], message.id[1], n) == want


# ---------- words, dates and numbers ----------


def test_english_wording_is_as_before() -> None:
    """English is the message ids themselves, with Babel's English formats matching what the
    pages said before the catalogues."""
    with locale.speaking("en"):
        assert wording.long_date(date(2010, 4, 2)) == "2 April 2010"
        assert wording.duration_words(252_000) == "4 minutes 12 seconds"
        assert wording.duration_words(3_721_000) == "1 hour 2 minutes 1 second"
        assert wording.duration_words(0) == "0 seconds"
        assert wording.file_size(1) == "1 byte"
        assert wording.file_size(1_234_567) == "1.2 MB"
        assert wording.file_size(9_400) == "9 KB"
        assert wording.language_name("es-MX") == "Spanish"
        assert wording.player_label("audio") == "Listen to the episode"


def test_spanish_wording_dates_and_numbers() -> None:
    with locale.speaking("es"):
        assert wording.long_date(date(2010, 4, 2)) == "2 de abril de 2010"
        assert wording.duration_words(252_000) == "4 minutos 12 segundos"
        assert wording.duration_words(3_600_000) == "1 hora"
        assert wording.file_size(1_234_567) == "1,2 MB"
        assert wording.file_size(500) == "500 bytes"
        assert wording.language_name("en") == "inglés"
        assert wording.player_label("video") == "Ver el episodio"
        assert wording.transcript_in("en-GB") == "Transcripción en inglés"
    # A regional tag uses its language's catalogue.
    with locale.speaking("es-MX"):
        assert wording.player_label("audio") == "Escuchar el episodio"


def test_the_search_count_has_a_message_per_plural_category() -> None:
    """search.js picks the count's message by Intl.PluralRules' category: the page gives one
    for each category of its language, the one ngettext gives for a count in it (Spanish
    says "de" after a round million: CLDR's "many")."""
    with locale.speaking("en"):
        assert wording.result_counts() == (
            ("one", "{count} result for “{query}”."),
            ("other", "{count} results for “{query}”."),
        )
        assert wording.results_listed(20) == "The first 20 are listed."
    with locale.speaking("es"):
        assert locale.current().plural_samples == (("many", 1_000_000), ("one", 1), ("other", 0))
        assert wording.result_counts() == (
            ("many", "{count} de resultados para «{query}»."),
            ("one", "{count} resultado para «{query}»."),
            ("other", "{count} resultados para «{query}»."),
        )
        assert wording.results_listed(1_000) == "Se muestran los primeros 1.000."
    # Outside a page, English.
    assert wording.player_label("audio") == "Listen to the episode"


# ---------- the Spanish show ----------


class _Said(HTMLParser):
    """The text a reader meets: text outside scripts and styles, and the attributes read
    aloud or shown (alt, title, aria-label, label, placeholder, data-* messages)."""

    SPOKEN = {"alt", "title", "aria-label", "label", "placeholder"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (name in self.SPOKEN or name.startswith("data-") and " " in value):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _said(page: Path) -> str:
    reader = _Said()
    reader.feed(page.read_text(encoding="utf-8"))
    return html.unescape(" ".join(reader.parts))


def test_spanish_pages_say_no_english(es_site: Path) -> None:
    """Every page of the Spanish show is lang="es" and none says a word of nmo-feed's
    English chrome."""
    pages = sorted(es_site.rglob("index.html"))
    assert len(pages) == 10
    found = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert '<html lang="es">' in text, page
        said = _said(page)
        english = [w for w in ENGLISH_CHROME if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", said)]
        if english:
            found[page.relative_to(es_site).as_posix()] = english
    assert found == {}
    episode = (es_site / "episodes/que-es-la-nmo/index.html").read_text(encoding="utf-8")
    assert "Revisado médicamente por Marta Ruiz, MD el" in episode
    assert '<time datetime="2024-05-06">6 de mayo de 2024</time>' in episode
    assert 'aria-label="Reproducir desde 0:12"' in episode
    assert 'data-copied="Copiado."' in episode
    embed = (es_site / "embed/que-es-la-nmo/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Transcripción"' in embed
    assert "la página completa del episodio" in embed
    search = (es_site / "search/index.html").read_text(encoding="utf-8")
    assert 'data-results-one="{count} resultado para «{query}»."' in search
    assert 'data-listed="Se muestran los primeros 20."' in search
    opml = (es_site / "feeds.opml").read_text(encoding="utf-8")
    assert "<title>NMO en español (todos los feeds)</title>" in opml


def test_spanish_feed_and_fragment_words(es_site: Path) -> None:
    """The feed's own words (the page link, the transcript heading) and transcript.html are
    Spanish too."""
    feed = (es_site / "feed.xml").read_text(encoding="utf-8")
    assert "Notas completas del episodio y transcripción" in feed
    assert "<h2>Transcripción</h2>" in feed
    assert "Resumen en lenguaje sencillo:" in feed
    assert "Full show notes" not in feed
    fragment = (es_site / "episodes/vivir-con-nmo/transcript.html").read_text(encoding="utf-8")
    assert fragment.startswith("<h2>Transcripción: Vivir con NMO</h2>")


def test_other_languages_are_marked(es_site: Path) -> None:
    """A translation in another language is linked with hreflang, and named in the page's."""
    episode = (es_site / "episodes/vivir-con-nmo/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en" download>Subtítulos descriptivos en inglés (WebVTT' in episode
    assert 'label="Subtítulos en inglés"' in episode


def _spanish_episode_on_english_show(tmp_path: Path) -> Path:
    source = tmp_path / "show"
    shutil.copytree(ES_SHOW, source)
    toml = source / "show.toml"
    toml.write_text(toml.read_text().replace('language = "es"', 'language = "en"'))
    md = source / "2024-05-06-que-es-la-nmo" / "episode.md"
    md.write_text(md.read_text().replace("number: 1\n", "number: 1\nlanguage: es\n"))
    # The other episode is now English, with its Spanish transcript as a translation.
    folder = source / "2024-05-20-vivir-con-nmo"
    (folder / "transcript.md").rename(folder / "transcript.es.md")
    (folder / "transcript.en.md").rename(folder / "transcript.md")
    return source


def test_spanish_episode_on_an_english_show(tmp_path: Path) -> None:
    """An episode's language overrides the show's for its page; each text in the other
    language carries its lang (the show's name on the Spanish page, the Spanish card on the
    English show page)."""
    out = tmp_path / "out"
    result = build.build(_spanish_episode_on_english_show(tmp_path), out)
    assert not result.failed(), [d.message for d in result.diagnostics]
    page = (out / "episodes/que-es-la-nmo/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page
    assert '<p class="site-name" lang="en">' in page
    assert "Saltar al contenido principal" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index
    assert '<h3 lang="es"><a href="episodes/que-es-la-nmo/index.html">' in index
    assert "Skip to main content" in index
    # Its embed page and oEmbed title speak its language too, the show's name marked.
    embed = (out / "embed/que-es-la-nmo/index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in embed
    assert 'De <a href="../../index.html" target="_top" lang="en">' in embed
    oembed = (out / "episodes/que-es-la-nmo/oembed.json").read_text(encoding="utf-8")
    assert 'title=\\"Reproductor y transcripción: ¿Qué es la NMO?\\"' in oembed
    assert '<html lang="en">' in (out / "embed/vivir-con-nmo/index.html").read_text()
    # The other episode now speaks the show's English, its Spanish translation marked.
    other = (out / "episodes/vivir-con-nmo/index.html").read_text(encoding="utf-8")
    assert '<a href="transcript.es.txt" hreflang="es" download>Transcript as plain text in' in other


def test_changing_the_language_renders_again(tmp_path: Path) -> None:
    """The language is part of what the incremental build compares: a rebuild after
    show.toml's language changes is the other language's site."""
    source = tmp_path / "show"
    shutil.copytree(ES_SHOW, source)
    out = tmp_path / "out"
    assert not build.build(source, out).failed()
    assert "Transcripción" in (out / "episodes/vivir-con-nmo/index.html").read_text()
    toml = source / "show.toml"
    toml.write_text(toml.read_text().replace('language = "es"', 'language = "en"'))
    assert not build.build(source, out).failed()
    page = (out / "episodes/vivir-con-nmo/index.html").read_text()
    assert '<html lang="en">' in page and "Transcripción" not in page
    assert "Full show notes and transcript" in (out / "feed.xml").read_text()


# ---------- check ----------


def _warnings(source: Path) -> list[str]:
    result = build.check(source, read_back=False)
    return [d.message for d in result.diagnostics if d.code == "translation-missing"]


def test_check_names_a_language_without_catalogue_once(tmp_path: Path) -> None:
    source = tmp_path / "show"
    shutil.copytree(ES_SHOW, source)
    toml = source / "show.toml"
    toml.write_text(toml.read_text().replace('language = "es"', 'language = "fr"'))
    md = source / "2024-05-20-vivir-con-nmo" / "episode.md"
    md.write_text(md.read_text().replace("number: 2\n", "number: 2\nlanguage: es\n"))
    assert _warnings(source) == [
        "nmo-feed has no French catalogue ('fr'): the pages' own words (headings, labels,"
        " dates) are in English"
    ]
    assert _warnings(ES_SHOW) == []


def test_check_counts_messages_a_catalogue_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalogue that translates all but two messages: check says how many, and the pages
    show those two in English."""
    with SPANISH_PO.open("rb") as handle:
        catalogue = read_po(handle, locale="es")
    for lacking in ("Skip to main content", "Glossary"):
        catalogue[lacking].string = ""
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    shutil.copy(LOCALE / "messages.pot", tmp_path / "locale")
    monkeypatch.setattr(locale, "CATALOGUES", tmp_path / "locale")
    locale.for_language.cache_clear()
    try:
        total = len(locale.message_ids())
        assert _warnings(ES_SHOW) == [
            f"2 of the pages' {total} messages have no Spanish translation ('es') and are"
            " shown in English"
        ]
        with locale.speaking("es"):
            assert wording.gettext("Glossary") == "Glossary"
            assert wording.gettext("Show notes") == "Notas del episodio"
    finally:
        locale.for_language.cache_clear()


# ---------- serve ----------


def test_serve_pages_speak_the_show_language() -> None:
    missing = serve_page.not_found_page("/nada", 1, "es").decode()
    assert '<html lang="es">' in missing and "No se encontró la página" in missing
    problems = serve_page.diagnostics_page("show", ["x"], "1 error", 2, 1, "es").decode()
    assert "<h1>El programa tiene 2 errores</h1>" in problems
    english = serve_page.not_found_page("/x", 1).decode()
    assert '<html lang="en">' in english and "<h1>Not found</h1>" in english
    labelled = serve_page.inject(
        b'<html><title>T</title><main><a href="index.html">A</a></main></html>',
        Path("a/index.html"),  # type: ignore[arg-type]
        1,
        frozenset({Path("a/index.html")}),  # type: ignore[arg-type]
        "es",
    ).decode()
    assert "<title>Borrador: T</title>" in labelled and ">Borrador</span>" in labelled


# ---------- performance ----------


def test_unchanged_rebuild_does_not_import_babel(tmp_path: Path) -> None:
    """A rebuild with nothing changed returns before any renderer, and so never imports
    Babel (checked with ``python -X importtime``, as a user would)."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    script = (
        "import sys; from pathlib import Path; from nmo_feed.build import run;"
        " run.build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    command = [sys.executable, "-X", "importtime", "-c", script, str(ES_SHOW), str(out)]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert re.search(r"\|\s+babel\b", first.stderr)  # the cold build did format dates
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert not re.search(r"\|\s+babel\b", again.stderr)
    assert not re.search(r"\|\s+jinja2\b", again.stderr)


def test_kept_units_and_numbers_are_the_ones_babel_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Speech`` keeps the duration words and numbers it formats (the show pages ask for
    the same few thousand times): a kept one is what Babel says, in each language, and
    the numbers kept stay within ``DECIMALS_KEPT``."""
    for tag, minutes, number in (("en", "4 minutes", "1,234.5"), ("es", "4 minutos", "1.234,5")):
        speech = locale.Speech(tag)
        for _ in range(2):  # made, then kept
            assert speech.unit(4, "duration-minute") == minutes
            assert speech.decimal("1234.5") == number
        assert minutes == babel.units.format_unit(4, "duration-minute", locale=tag)
        assert number == babel.numbers.format_decimal(1234.5, "#,##0.0", locale=tag)
    monkeypatch.setattr(locale, "DECIMALS_KEPT", 10)
    speech = locale.Speech("en")
    for n in range(25):
        assert speech.decimal(str(1000 + n)) == f"1,{n:03d}"
        assert len(speech._decimals) <= 10
