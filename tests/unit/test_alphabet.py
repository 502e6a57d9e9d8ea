"""The A to Z's letters and order (render/alphabet.py), on the cases that broke: accents
after Z, Ñ, leading punctuation, text with no letter."""

from __future__ import annotations

import pytest

from nmo_feed.render import alphabet


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("antibody", "A"),
        ("Órgano", "O"),
        ("élan", "E"),
        ("Ñandú", "Ñ"),
        ("ñu", "Ñ"),
        ("¿Qué es la NMO?", "Q"),
        ("“Is it NMO?”", "I"),
        ("4 things to know", "4"),
        ("…", "#"),
        ("", "#"),
        ("ß-Zellen", "S"),  # its capital is "SS": the heading is one letter
    ],
)
def test_the_letter_is_the_first_letter_without_its_accent(text: str, letter: str) -> None:
    assert alphabet.letter(text) == letter


def test_the_order_sets_accents_aside_and_puts_n_tilde_after_n() -> None:
    words = ["zona", "caña", "canto", "Órgano", "ñu", "nuca", "ojo", "¿Qué?", "4 cosas", "…"]
    assert sorted(words, key=alphabet.sort_key) == [
        "…", "4 cosas", "canto", "caña", "nuca", "ñu", "ojo", "Órgano", "¿Qué?", "zona",
    ]  # fmt: skip


def test_equal_folded_words_keep_a_total_order() -> None:
    """ "Nmo" and "NMO" fold the same: the text as written decides, so two builds agree."""
    assert sorted(["NMO", "nmo", "Nmo"], key=alphabet.sort_key) == ["NMO", "Nmo", "nmo"]


def test_anchors_are_ascii_or_the_code_point() -> None:
    assert alphabet.letter_id("A") == "a"
    assert alphabet.letter_id("4") == "4"
    assert alphabet.letter_id("Ñ") == "ud1"
    assert alphabet.letter_id("#") == "u23"
