"""Marking glossary terms and sounds in plain transcript text."""

from __future__ import annotations

from pathlib import PurePosixPath

from nmo_feed.errors import SourceLocation
from nmo_feed.model import Glossary, GlossaryTerm
from nmo_feed.render.marks import mark

_SOURCE = SourceLocation(PurePosixPath("glossary.toml"), 1)


def term(
    id: str, text: str, expansion: str | None = None, aliases: tuple[str, ...] = ()
) -> GlossaryTerm:
    return GlossaryTerm(id, text, expansion, f"Definition of {text}.", aliases, _SOURCE)


NMO = term("nmo", "NMO", "neuromyelitis optica")
NMOSD = term("nmosd", "NMOSD", "neuromyelitis optica spectrum disorder")
IV = term("iv", "IV", "intravenous")
PLEX = term("plasma-exchange", "plasma exchange")
STEROID = term("steroid", "steroid")
SUPPRESSANT = term("immunosuppressant", "immunosuppressant", aliases=("immune suppressant",))
GLOSSARY = Glossary((IV, SUPPRESSANT, NMO, NMOSD, PLEX, STEROID), review_note=None)


def marked(text: str, seen: set[str] | None = None, *, page_has_glossary: bool = True) -> str:
    return str(
        mark(text, GLOSSARY, set() if seen is None else seen, page_has_glossary=page_has_glossary)
    )


def test_first_abbreviation_is_expanded_first_and_linked() -> None:
    """The first NMO is said as its expansion then the abbreviation in brackets (a
    synthesiser misreads many abbreviations, so the words come first), all one link."""
    assert marked("Treating NMO early.") == (
        'Treating <a href="#gl-nmo">neuromyelitis optica (NMO)</a> early.'
    )


def test_anchor_marks_the_first_use_for_the_way_back() -> None:
    """With anchor=True the first-use link is also #used-ID (the glossary links back to it);
    later uses are not anchors."""
    seen: set[str] = set()
    first = mark("NMO and NMO.", GLOSSARY, seen, page_has_glossary=True, anchor=True)
    assert first == (
        '<a href="#gl-nmo" id="used-nmo">neuromyelitis optica (NMO)</a> and <abbr>NMO</abbr>.'
    )


def test_later_uses_of_an_abbreviation_are_abbr_only() -> None:
    """After its first use on the page, NMO is an abbr with no link and no expansion."""
    seen: set[str] = set()
    marked("NMO is rare.", seen)
    assert (
        marked("In NMO, and NMO again.", seen) == "In <abbr>NMO</abbr>, and <abbr>NMO</abbr> again."
    )


def test_abbreviation_is_not_matched_inside_a_longer_word() -> None:
    """NMO is a whole word only: not in ANMOX or NMO2, and NMOSD is its own term."""
    assert marked("ANMOX and NMO2") == "ANMOX and NMO2"
    assert marked("NMOSD") == (
        '<a href="#gl-nmosd">neuromyelitis optica spectrum disorder (NMOSD)</a>'
    )


def test_abbreviation_matches_its_own_case_only() -> None:
    """Lower-case "iv" and "Nmo" are ordinary words, not the abbreviations."""
    assert marked("Chapter iv of Nmo's book") == "Chapter iv of Nmo&#x27;s book"


def test_abbreviation_next_to_punctuation_is_matched() -> None:
    """NMO/NMOSD and NMO's are both found: punctuation ends a word."""
    seen: set[str] = {"nmo", "nmo:expanded", "nmosd", "nmosd:expanded"}
    assert marked("NMO/NMOSD and NMO's", seen) == (
        "<abbr>NMO</abbr>/<abbr>NMOSD</abbr> and <abbr>NMO</abbr>&#x27;s"
    )


def test_ordinary_words_match_in_any_case_and_plural() -> None:
    """Words match case-insensitively and in the plural; they are linked but never abbr."""
    assert marked("Steroids, then Plasma Exchange.") == (
        '<a href="#gl-steroid">Steroids</a>, then '
        '<a href="#gl-plasma-exchange">Plasma Exchange</a>.'
    )


def test_multi_word_term_matches_across_line_breaks() -> None:
    """A term split over two lines of the source is still one term."""
    assert marked("plasma\nexchange") == '<a href="#gl-plasma-exchange">plasma\nexchange</a>'


def test_alias_marks_its_term() -> None:
    """An alias is linked to its term's entry."""
    assert marked("oral immune suppressant agents") == (
        'oral <a href="#gl-immunosuppressant">immune suppressant</a> agents'
    )


def test_no_match_inside_an_earlier_match() -> None:
    """A term inside a sound, or a shorter term inside a longer one, is not marked again."""
    glossary = Glossary((term("exchange", "exchange"), PLEX), review_note=None)
    assert str(mark("[NMO music] plasma exchange", glossary, set(), page_has_glossary=True)) == (
        '<span class="sound">[NMO music]</span> <a href="#gl-plasma-exchange">plasma exchange</a>'
    )


def test_a_longer_term_that_is_not_a_whole_word_leaves_room_for_a_shorter_one() -> None:
    """A "plasma exchanger" is not "plasma exchange", but its "plasma" is still a term."""
    glossary = Glossary((term("plasma", "plasma"), PLEX), review_note=None)
    assert str(mark("plasma exchanger", glossary, set(), page_has_glossary=True)) == (
        '<a href="#gl-plasma">plasma</a> exchanger'
    )


def test_any_case_words_start_with_any_letter_case_insensitive_matching_accepts() -> None:
    """Python matches "s" with the long s and "k" with the Kelvin sign; so does marking."""
    glossary = Glossary((STEROID, term("kelvin", "kelvin")), review_note=None)
    assert str(mark("\u017fteroids, \u212aelvin", glossary, set(), page_has_glossary=True)) == (
        '<a href="#gl-steroid">\u017fteroids</a>, <a href="#gl-kelvin">\u212aelvin</a>'
    )


def test_sounds_in_brackets_become_sound_spans() -> None:
    """[laughs] is wrapped as a sound; the brackets stay visible."""
    assert marked("Well [laughs] yes.") == 'Well <span class="sound">[laughs]</span> yes.'


def test_without_a_page_glossary_first_use_is_expanded_but_not_linked() -> None:
    """Pages with no glossary section get the expansion and no dangling #gl- link."""
    assert marked("NMO and steroids", page_has_glossary=False) == (
        "neuromyelitis optica (NMO) and steroids"
    )


def test_expansion_already_in_the_text_is_not_repeated() -> None:
    """ "neuromyelitis optica (NMO)" is not turned into a double expansion."""
    assert marked("neuromyelitis optica (NMO)") == (
        'neuromyelitis optica (<a href="#gl-nmo"><abbr>NMO</abbr></a>)'
    )


def test_hostile_text_is_escaped() -> None:
    """Markup in transcript text is shown as text, also around marked terms."""
    assert marked('<script>x</script> "><img onerror=a> ]]> NMO', {"nmo", "nmo:expanded"}) == (
        "&lt;script&gt;x&lt;/script&gt; &quot;&gt;&lt;img onerror=a&gt; ]]&gt; <abbr>NMO</abbr>"
    )


def test_seen_records_term_ids() -> None:
    """Marking adds the ids of the terms it met to `seen`."""
    seen: set[str] = set()
    marked("IV steroids", seen)
    assert {"iv", "steroid"} <= seen


def test_the_ascii_fast_pattern_finds_what_the_general_one_finds() -> None:
    """ASCII text is scanned by a faster pattern (``marks._compile``); on generated ASCII text
    made of the terms' own pieces, cut and recased at random, it must give the same matches,
    from the same groups, as the general pattern."""
    import random

    from nmo_feed.render import marks

    glossaries = [
        GLOSSARY,
        Glossary(
            (
                term("long-s", "\u017fteroid"),  # any case: matches "s" and "S" in ASCII
                term("kelvin", "\u212aelvin"),
                term("b-cell", "B cell", aliases=("B-cell", "b cells")),
                term("x", "X", "a letter"),
                term("igg", "IgG", "immunoglobulin G", aliases=("IgG1",)),
                term("aqp4", "AQP4", "aquaporin-4", aliases=("AQP-4",)),
                term("ece", "\u00e9clair"),  # cannot start in ASCII text
                term("dot", ".net"),
                STEROID,
                PLEX,
            ),
            review_note=None,
        ),
    ]
    pieces = [
        "NMO", "NMOSD", "IV", "iv", "plasma", "exchange", "Plasma  Exchange", "steroid",
        "steroids", "STEROIDes", "immune", "suppressant", "B", "cell", "cells", "X", "x",
        "IgG", "IgG1", "AQP4", "AQP-4", "kelvin", "Kelvin", "teroid", "s", ".net", "clair",
        "[laughs]", "[", "]", "(", ")", "'", "-", "_", "2", ",", ".", "\n", "\t", "  ",
    ]  # fmt: skip
    rng = random.Random(16)
    for glossary in glossaries:
        matcher = marks._matcher(glossary)
        for _ in range(3000):
            words = rng.choices(pieces, k=rng.randint(1, 12))
            joiners = rng.choices(["", " ", " ", "\n"], k=len(words))
            text = "".join(w + j for w, j in zip(words, joiners, strict=True))
            if rng.random() < 0.2:
                text = text.swapcase()
            assert text.isascii()
            general = [(m.span(), m.lastgroup) for m in matcher.pattern.finditer(text)]
            fast = [(m.span(), m.lastgroup) for m in matcher.ascii_pattern.finditer(text)]
            assert fast == general, text


def test_a_kept_scan_marks_a_second_page_as_if_scanned_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The embed page reuses the episode page's scans: its marking depends on its own page
    (no links, its own first uses), not on the page that scanned the text first; and the
    kept scans are forgotten past their bound, with the same marking after."""
    from nmo_feed.render import marks

    glossary = Glossary(GLOSSARY.terms, review_note=None)  # a matcher of its own
    text = "NMO and plasma exchange [laughs] and NMO again"
    monkeypatch.setattr(marks._Scans, "CHARACTERS", 2 * len(text))
    first = str(mark(text, glossary, set(), page_has_glossary=True))
    assert first == marked(text)
    assert str(mark(text, glossary, set(), page_has_glossary=False)) == (
        "neuromyelitis optica (NMO) and plasma exchange "
        '<span class="sound">[laughs]</span> and <abbr>NMO</abbr> again'
    )
    scans = marks._matcher(glossary).scans
    assert list(scans.kept) == [text]
    for n in range(1, 5):
        again = str(mark(text + " " * n, glossary, set(), page_has_glossary=True))
        assert again == first + " " * n
        assert scans.characters <= 2 * len(text)
    assert text not in scans.kept
    assert str(mark(text, glossary, set(), page_has_glossary=True)) == first
