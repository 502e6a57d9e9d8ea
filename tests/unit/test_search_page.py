"""The paragraph ids a search result lands on, and the search page's A to Z."""

from __future__ import annotations

from pathlib import Path

from support import load_transcript, show_model

from nmo_feed.model import Glossary, GlossaryTerm
from nmo_feed.render import search_index
from nmo_feed.render.episode_page import paragraph_anchors
from nmo_feed.render.views import IndexEntry


def anchors(tmp_path: Path, text: str) -> list[str]:
    transcript, diagnostics = load_transcript(tmp_path, "transcript.md", text)
    assert transcript is not None, diagnostics
    return paragraph_anchors(transcript)


def test_a_timed_paragraph_is_named_by_its_second(tmp_path: Path) -> None:
    text = "Host:\n\n[00:00] One.\n\n[00:48] Two.\n\nGuest:\n\n[01:05] Three.\n\n[01:05] Four.\n"
    # The last starts in the same second as the one before: it has no time of its own on the
    # page, so it is named by its place (the fourth paragraph).
    assert anchors(tmp_path, text) == ["t-0", "t-48", "t-65", "p-4"]


def test_untimed_paragraphs_are_numbered_in_reading_order(tmp_path: Path) -> None:
    text = "Host:\n\nOne.\n\nTwo.\n\nGuest:\n\nThree.\n"
    assert anchors(tmp_path, text) == ["p-1", "p-2", "p-3"]


def test_two_turns_starting_in_one_second_get_distinct_ids(tmp_path: Path) -> None:
    text = "Host:\n\n[00:10] One.\n\nGuest:\n\n[00:10] Two.\n"
    found = anchors(tmp_path, text)
    assert found == ["t-10", "p-2"] and len(set(found)) == len(found)


def test_the_a_to_z_files_a_question_under_its_first_letter() -> None:
    assert (IndexEntry("“Is it safe?”", "x", glossary=False).letter) == "I"
    assert IndexEntry("AQP4 (aquaporin-4)", "x", glossary=True).letter_id == "a"
    # Accents are set aside (render/alphabet.py): "élan" is listed under E, not under an
    # "É" of its own after Z; Ñ is the letter that keeps its own heading.
    assert IndexEntry("élan", "x", glossary=False).letter_id == "e"
    assert IndexEntry("ñu", "x", glossary=False).letter_id == "u" + format(ord("Ñ"), "x")
    assert IndexEntry("?!", "x", glossary=False).letter == "#"


def test_shards_list_every_folder_once_in_name_order() -> None:
    folders = [f"2024-01-{n:02d}-episode" for n in range(1, 29)]
    folders += [f"2023-{m:02d}-01-more" for m in range(1, 13)]
    found = search_index.shards(folders)
    assert list(found) == sorted(found)
    assert sorted(f for members in found.values() for f in members) == sorted(folders)
    assert len(found) <= search_index.shard_count(len(folders)) == 2


def test_the_index_speaks_the_shows_language() -> None:
    """Pagefind stems every shard in the show's language (its ISO 639-1 code), and the
    glossary's record, a result's heading, is titled in that language."""
    show = show_model(language="es-MX")
    assert search_index.language(show) == "es"
    term = GlossaryTerm("brote", "brote", None, "Un ataque de la NMO.", (), show.source)
    records = search_index.show_documents(show, Glossary((term,), None))
    glossary = records[1].decode()
    assert glossary.startswith("glossary/index.html\n")
    assert '<html lang="es-MX"><body><h1>Glosario</h1>' in glossary
