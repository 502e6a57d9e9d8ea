"""show.toml and glossary.toml become Show and Glossary, or located diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmo_feed import layout
from nmo_feed.errors import Diagnostics
from nmo_feed.load import show as config
from nmo_feed.load.glossary import load_glossary


@pytest.mark.parametrize(
    ("feed_url", "expected"),
    [
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("https://podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
    ids=["nashownotes", "podnews", "scheme-and-slash-stripped"],
)
def test_podcast_guid_matches_the_spec_vectors(feed_url: str, expected: str) -> None:
    """podcast:guid is UUIDv5 of the feed URL without scheme and trailing slashes."""
    assert config.podcast_guid(feed_url) == expected


def codes(diagnostics: Diagnostics) -> list[tuple[str, int | None]]:
    return [(d.code, d.location.line) for d in diagnostics.sorted()]


def test_valid_show(make_show) -> None:  # type: ignore[no-untyped-def]
    """The conftest show loads with a normalised site URL and its category."""
    diagnostics = Diagnostics()
    show = config.load_show(make_show(), diagnostics)
    assert show is not None
    assert show.site_url == "https://example.org/show/"
    assert layout.Site.of(show).feed == "https://example.org/show/feed.xml"
    assert [(c.text, c.subcategory) for c in show.categories] == [("Health & Fitness", "Medicine")]
    assert codes(diagnostics) == [("missing-artwork", 1)]


def test_every_show_problem_is_reported_with_its_line(make_show) -> None:  # type: ignore[no-untyped-def]
    """Wrong category, bad URL, bad language and an unknown key are all reported in one run."""
    root = make_show(
        {
            "show.toml": (
                'title = "T"\ndescription = "D"\nlanguage = "english!"\n'
                'site_url = "javascript:alert(1)"\n'
                'author = "A"\nexplicit = false\ncategories = [["Health & Fitness", "Neurology"]]\n'
                'podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"\ntitel = "typo"\n'
                'owner = { name = "O", email = "o@example.org" }\n'
            )
        }
    )
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is None
    assert codes(diagnostics) == [
        ("missing-artwork", 1),
        ("bad-language", 3),
        ("bad-url", 4),
        ("bad-category", 7),
        ("unknown-key", 9),
    ]
    category = next(d for d in diagnostics.items if d.code == "bad-category")
    assert (
        category.message == "'Neurology' is not an Apple Podcasts subcategory of 'Health & Fitness'"
    )
    typo = next(d for d in diagnostics.items if d.code == "unknown-key")
    assert typo.hint == "did you mean 'title'?"


def test_missing_podcast_guid_hint_gives_the_computed_value(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """The error says exactly what line to add, computed from the feed URL."""
    text = "\n".join(line for line in show_toml.split("\n") if not line.startswith("podcast_guid"))
    diagnostics = Diagnostics()
    assert config.load_show(make_show({"show.toml": text}), diagnostics) is None
    missing = next(d for d in diagnostics.items if d.code == "missing-podcast-guid")
    assert missing.hint is not None
    assert 'podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"' in missing.hint


def test_artwork_must_stay_inside_the_show(make_show, show_toml: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A path escape in artwork is refused."""
    (tmp_path / "secret.png").write_bytes(b"x")
    root = make_show({"show.toml": show_toml + 'artwork = "../secret.png"\n'})
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is None
    assert [d.code for d in diagnostics.errors] == ["bad-artwork"]


@pytest.mark.parametrize("path", [".cover.png", ".art/cover.png"])
def test_hidden_artwork_is_refused(make_show, show_toml: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """Hidden files are not part of the show the build watches, nor served by many hosts."""
    root = make_show({"show.toml": show_toml + f'artwork = "{path}"\n', path: b"x"})
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is None
    [error] = diagnostics.errors
    assert (error.code, error.message) == (
        "bad-artwork",
        f"artwork file {path!r} is hidden (a name starting with '.')",
    )


def test_glossary_terms_sorted_with_ids_and_locations(make_show) -> None:  # type: ignore[no-untyped-def]
    """Terms are sorted case-insensitively; ids default to a slug of the term."""
    root = make_show(
        {
            "glossary.toml": (
                'review = "Awaiting review."\n\n'
                '[[term]]\nterm = "plasma exchange"\ndefinition = "Filtering."\n\n'
                '[[term]]\nterm = "AQP4"\nexpansion = "aquaporin-4"\ndefinition = "A protein."\n'
            )
        }
    )
    diagnostics = Diagnostics()
    glossary = load_glossary(root, diagnostics)
    assert [(t.id, t.term, t.expansion, t.source.line) for t in glossary.terms] == [
        ("aqp4", "AQP4", "aquaporin-4", 8),
        ("plasma-exchange", "plasma exchange", None, 4),
    ]
    assert glossary.review_note == "Awaiting review."
    assert diagnostics.items == []


def test_glossary_duplicate_terms_are_errors(make_show) -> None:  # type: ignore[no-untyped-def]
    """The same word defined twice (as term or alias) is reported at the second one."""
    root = make_show(
        {
            "glossary.toml": (
                '[[term]]\nterm = "relapse"\ndefinition = "A new attack."\n\n'
                '[[term]]\nterm = "attack"\naliases = ["Relapse"]\ndefinition = "Same."\n'
            )
        }
    )
    diagnostics = Diagnostics()
    load_glossary(root, diagnostics)
    assert codes(diagnostics) == [("duplicate-term", 6)]


def test_subscribe_links_are_read_and_checked(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """[[subscribe]] entries become app links; a javascript: URL is refused with its line."""
    text = show_toml + (
        '\n[[subscribe]]\nname = "Apple Podcasts"\nurl = "https://podcasts.apple.com/podcast/id1"\n'
        '\n[[subscribe]]\nname = "Evil"\nurl = "javascript:alert(1)"\n'
    )
    diagnostics = Diagnostics()
    assert config.load_show(make_show({"show.toml": text}), diagnostics) is None
    assert [(d.code, d.location.line) for d in diagnostics.errors] == [("bad-url", 17)]
    diagnostics = Diagnostics()
    good = text.split('\n[[subscribe]]\nname = "Evil"')[0]
    show = config.load_show(make_show({"show.toml": good}), diagnostics)
    assert show is not None
    assert [(a.name, a.url) for a in show.subscribe] == [
        ("Apple Podcasts", "https://podcasts.apple.com/podcast/id1")
    ]


def test_placeholders_left_in_show_toml_are_warnings_at_their_lines(make_show) -> None:  # type: ignore[no-untyped-def]
    """What `nmo-feed new` writes for the publisher to replace is listed, one warning each:
    text starting "Placeholder:" and addresses in the reserved .example domain; the show
    still loads (a new show builds at once)."""
    root = make_show(
        {
            "show.toml": """\
title = "Test Show"
description = "A show used by the tests."
language = "en"
site_url = "https://podcast.example/"
author = "Placeholder: your organisation"
explicit = false
categories = [["Health & Fitness", "Medicine"]]
podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"
owner = { name = "Test Organisation", email = "podcast@organisation.example" }
[[funding]]
url = "https://give.example/"
text = "Give"
"""
        }
    )
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is not None
    found = [(d.code, d.location.line, d.message) for d in diagnostics.sorted()]
    assert [f for f in found if f[0] == "placeholder"] == [
        ("placeholder", 4, "'site_url' is still a placeholder: 'https://podcast.example/'"),
        ("placeholder", 5, "'author' is still a placeholder: 'Placeholder: your organisation'"),
        ("placeholder", 9, "'owner.email' is still a placeholder: 'podcast@organisation.example'"),
        ("placeholder", 11, "'funding[0].url' is still a placeholder: 'https://give.example/'"),
    ]


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("Placeholder: the show's name", True),
        ("placeholder: lower case too", True),
        ("https://podcast.example/", True),
        ("mailto:podcast@org.example", True),
        ("https://example.org/nmo/", False),  # example.org is a real, if reserved, site
        ("An example of a show", False),
        ("Write to us at podcast@example.org or at the .example office", False),
    ],
)
def test_what_counts_as_a_placeholder(value: str, placeholder: bool) -> None:
    assert config.is_placeholder(value) is placeholder
