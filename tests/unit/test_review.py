"""Medical review: the fields, the page's wording, the overdue warning of ``check`` (with a
fixed "today"), and the schema.org JSON-LD read back as JSON."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nmo_feed import build

REVIEWED = (
    "---\ntitle: Reviewed </script> & co\ndate: 2024-05-01\nguid: g-r\nsummary: S.\n"
    "reviewed_by: {name: Rae Reviewer, credentials: MD, affiliation: Example Centre}\n"
    "reviewed_on: 2024-05-10\nreview_due: 2025-05-10\n"
    "sources:\n  - Plain citation.\n"
    '  - {text: "Linked <citation>", url: "https://example.org/paper?a=1&b=2"}\n'
    "---\nNotes.\n"
)
DISCLAIMER = 'disclaimer = "Not medical <advice>."\n'


def episode_md(extra: str) -> str:
    return f"---\ntitle: T\ndate: 2024-05-01\nguid: g-1\nsummary: S.\n{extra}---\n"


@pytest.fixture
def reviewed(make_show) -> Path:  # type: ignore[no-untyped-def]
    root: Path = make_show({"2024-05-01-first/episode.md": REVIEWED})
    with (root / "show.toml").open("a", encoding="utf-8") as show:
        show.write(DISCLAIMER)
    return root


@pytest.fixture
def site(reviewed: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = build.build(reviewed, out, cache_root=None)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return out


def json_ld(page: str) -> list[Any]:
    """Every JSON-LD block of a page, parsed as a browser hands it to a crawler."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return [json.loads(block) for block in blocks]


def test_the_page_says_who_reviewed_it_when_and_when_next(site: Path) -> None:
    page = (site / "episodes" / "first" / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", page)
    assert (
        "Medically reviewed by Rae Reviewer, MD (Example Centre) on 10 May 2024;"
        " next review due 10 May 2025." in text
    )
    assert '<time datetime="2024-05-10">' in page
    assert '<p class="disclaimer">Not medical &lt;advice&gt;.</p>' in page
    assert "<li>Plain citation.</li>" in page
    assert (
        '<li><a href="https://example.org/paper?a=1&amp;b=2">Linked &lt;citation&gt;</a></li>'
        in page
    )
    assert '<a href="#sources">Sources</a>' in page


def test_episode_json_ld_parses_and_carries_the_review(site: Path) -> None:
    page = (site / "episodes" / "first" / "index.html").read_text()
    # One script element: no text could end it early.
    assert page.count('<script type="application/ld+json">') == 1
    assert page.count("</script>") == page.count("<script")
    (data,) = json_ld(page)
    assert data["@context"] == "https://schema.org"
    episode, webpage = data["@graph"]
    url = "https://example.org/show/episodes/first/"
    assert episode["@type"] == "PodcastEpisode"
    assert (episode["name"], episode["url"], episode["datePublished"]) == (
        "Reviewed </script> & co",
        url,
        "2024-05-01T00:00:00+00:00",
    )
    assert episode["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "Test Show",
        "url": "https://example.org/show/",
        "webFeed": "https://example.org/show/feed.xml",
    }
    assert episode["citation"] == [
        {"@type": "CreativeWork", "name": "Plain citation."},
        {
            "@type": "CreativeWork",
            "name": "Linked <citation>",
            "url": "https://example.org/paper?a=1&b=2",
        },
    ]
    assert webpage == {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": "Reviewed </script> & co",
        "inLanguage": "en",
        "mainEntity": {"@id": f"{url}#episode"},
        "reviewedBy": {
            "@type": "Person",
            "name": "Rae Reviewer",
            "honorificSuffix": "MD",
            "affiliation": {"@type": "Organization", "name": "Example Centre"},
        },
        "lastReviewed": "2024-05-10",
    }


def test_show_page_json_ld_is_a_podcast_series(site: Path) -> None:
    (data,) = json_ld((site / "index.html").read_text())
    assert data == {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": "Test Show",
        "url": "https://example.org/show/",
        "webFeed": "https://example.org/show/feed.xml",
        "description": "A show used by the tests.",
        "inLanguage": "en",
        "author": {"@type": "Organization", "name": "Test Organisation"},
    }


def test_an_unreviewed_episode_has_no_medical_web_page(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_show()
    out = tmp_path / "out"
    assert not build.build(root, out, cache_root=None).failed()
    page = (out / "episodes" / "first" / "index.html").read_text()
    (data,) = json_ld(page)
    assert [node["@type"] for node in data["@graph"]] == ["PodcastEpisode"]
    assert "Medically reviewed" not in page and "disclaimer" not in page


@pytest.mark.parametrize(
    ("today", "warned"),
    [(date(2025, 5, 10), False), (date(2025, 5, 11), True)],
    ids=["due today", "a day late"],
)
def test_check_warns_when_the_review_is_overdue(reviewed: Path, today: date, warned: bool) -> None:
    result = build.check(reviewed, today=today)
    found = [
        (d.code, str(d.location.path), d.location.line, d.message)
        for d in result.diagnostics.warnings
        if d.code == "review-overdue"
    ]
    expected = [
        (
            "review-overdue",
            "2024-05-01-first/episode.md",
            8,
            "the medical review of this episode was due on 2025-05-10",
        )
    ]
    assert found == (expected if warned else [])
    assert not result.failed()  # a warning: check passes, and --strict fails on it
    if warned:
        assert result.failed(strict=True)


def test_today_never_reaches_the_output(reviewed: Path, tmp_path: Path) -> None:
    """A build holds no trace of the day: the overdue check belongs to check alone."""
    first = build.build(reviewed, tmp_path / "a", cache_root=None)
    assert [d.code for d in first.diagnostics.warnings if d.code == "review-overdue"] == []
    assert "2026" not in (tmp_path / "a" / "episodes" / "first" / "index.html").read_text()


@pytest.mark.parametrize(
    ("extra", "code", "line"),
    [
        ("reviewed_on: 2024-13-01\nreviewed_by: {name: R}\n", "bad-date", 6),
        (
            "reviewed_by: {name: R}\nreviewed_on: 2024-05-10\nreview_due: 2024-05-10\n",
            "bad-date",
            8,
        ),
        ("reviewed_on: 2024-05-10\n", "missing-field", 6),
        ("reviewed_by: {credentials: MD}\n", "missing-field", 6),
        ("sources: [{text: T, url: 'javascript:alert(1)'}]\n", "bad-url", 6),
        ("sources: [{url: 'https://example.org/'}]\n", "missing-field", 6),
        ("sources: [3]\n", "wrong-type", 6),
    ],
)
def test_bad_review_fields_are_located_errors(
    make_show,
    extra: str,
    code: str,
    line: int,  # type: ignore[no-untyped-def]
) -> None:
    root = make_show({"2024-05-01-first/episode.md": episode_md(extra)})
    result = build.check(root, today=date(2024, 1, 1))
    found = [(d.code, d.location.line) for d in result.diagnostics.errors]
    assert found == [(code, line)], [d.message for d in result.diagnostics.errors]


def test_json_ld_escapes_cannot_end_the_script() -> None:
    from nmo_feed.render import jsonld

    text = str(jsonld.script_text({"name": "</script><!-- & -->"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & -->"}
    assert html.unescape(text) == text
