"""The search page of the NMO show (built from episodes/) in real headless Chromium, served
on 127.0.0.1 by the standard library's HTTP server: searching "rituximab" finds the published
episode and its link lands on the paragraph that says it, the count is said once, nothing
from the index reaches the page as markup, and with JavaScript off the A to Z is there. The
Spanish show's search page says its count in Spanish, in the plural form of the number, and
its index stems Spanish words.

tests/js/search-check.mjs drives the browser and reports facts as JSON; the expectations are
here. Set NMO_SEARCH_SHOTS to a folder to keep screenshots of the page with results (the
Spanish show's in its es/ folder).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pages_under_test import JS

pytestmark = pytest.mark.external

EPISODE = "How do Clinicians treat NMO?"
QUERY = "rituximab"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextmanager
def _served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()


def _search(node_and_chromium: tuple[str, str], site: Path, query: str, shots: str = "") -> Any:
    node, chromium = node_and_chromium
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
    with _served(site) as origin:
        done = subprocess.run(
            [node, str(JS / "search-check.mjs"), origin, query, *([shots] if shots else [])],
            capture_output=True, text=True, timeout=300, check=False, cwd=JS,
            env={**os.environ, "CHROMIUM": chromium},
        )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"search-check.mjs failed:\n{done.stderr[-4000:]}", pytrace=False)
    report: dict[str, Any] = json.loads(done.stdout)
    assert report["errors"] == [], "the page threw errors"
    return report


@pytest.fixture(scope="module")
def facts(node_and_chromium: tuple[str, str], nmo_site: Path) -> dict[str, Any]:
    found: dict[str, Any] = _search(
        node_and_chromium, nmo_site, QUERY, os.environ.get("NMO_SEARCH_SHOTS", "")
    )
    return found


def test_rituximab_finds_the_published_episode(facts: dict[str, Any]) -> None:
    titles = [r["title"] for r in facts["typed"]["results"]]
    assert EPISODE in titles
    # Drafts are not published, so not searchable: the only other record is the glossary.
    assert set(titles) <= {EPISODE, "Glossary"}


def test_the_result_lands_on_the_paragraph_that_says_it(facts: dict[str, Any]) -> None:
    (result,) = [r for r in facts["typed"]["results"] if r["title"] == EPISODE]
    assert "#" in result["href"]
    landing = facts["landing"]
    assert landing["url"] == result["href"]
    assert landing["hash"] == "#" + landing["targetId"]  # the fragment is the :target
    assert landing["targetTag"] == "p"
    assert QUERY in landing["targetText"].lower()
    assert landing["inView"]


def test_the_excerpt_marks_the_word_with_elements_made_by_the_page(
    facts: dict[str, Any],
) -> None:
    for result in facts["typed"]["results"]:
        assert set(result["nodes"]) <= {"#text", "MARK"}, result["nodes"]
        assert [m.lower().strip(".,:;") for m in result["marked"]] == [QUERY]
        assert QUERY in result["excerpt"].lower()


def test_the_count_is_said_once_in_a_polite_status(facts: dict[str, Any]) -> None:
    typed = facts["typed"]
    assert typed["role"] == "status"
    count = len(typed["results"])
    assert typed["statusTexts"] == [f"{count} results for “{QUERY}”."]
    assert typed["focusInField"]  # results never take focus from the field
    # Enter straight after typing: still one message, not one from Enter and one from the pause.
    assert facts["entered"]["statusTexts"] == typed["statusTexts"]


def test_without_javascript_the_a_to_z_is_there(facts: dict[str, Any]) -> None:
    page = facts["noScript"]
    assert not page["formShown"]  # a form that cannot search is not offered
    links = {link["text"]: link["href"] for link in page["links"]}
    assert links[EPISODE].endswith("/episodes/how-do-clinicians-treat-nmo/index.html")
    assert links["rituximab"].endswith("/glossary/index.html#gl-rituximab")
    assert page["letters"] == sorted(page["letters"])
    assert {"H", "R"} <= set(page["letters"])


# ---------- the Spanish show (tests/golden/shows/es) ----------


@pytest.fixture(scope="module")
def es_facts(node_and_chromium: tuple[str, str], es_site: Path) -> dict[str, Any]:
    """The word "brote" is said in both episodes and is a glossary word: three results."""
    shots = os.environ.get("NMO_SEARCH_SHOTS", "")
    found: dict[str, Any] = _search(
        node_and_chromium, es_site, "brote", str(Path(shots) / "es") if shots else ""
    )
    return found


def test_the_spanish_count_is_said_in_spanish(es_facts: dict[str, Any]) -> None:
    typed = es_facts["typed"]
    titles = sorted(r["title"] for r in typed["results"])
    # The glossary's record is titled as its page is, in the show's language.
    assert titles == ["Glosario", "Vivir con NMO", "¿Qué es la NMO?"]
    assert typed["statusTexts"] == ["3 resultados para «brote»."]
    assert es_facts["entered"]["statusTexts"] == typed["statusTexts"]
    landing = es_facts["landing"]
    assert landing["targetTag"] == "p" and "brote" in landing["targetText"]
    assert es_facts["noScript"]["letters"] == ["B", "I", "N", "Q", "V"]


def test_the_spanish_index_stems_spanish_words(
    node_and_chromium: tuple[str, str], es_site: Path
) -> None:
    """The query "ayudando" finds both episodes, which say "ayuda": Spanish stemming makes both
    "ayud" (English stemming leaves them apart). A single result is said in the singular."""
    typed = _search(node_and_chromium, es_site, "ayudando")["typed"]
    assert sorted(r["title"] for r in typed["results"]) == ["Vivir con NMO", "¿Qué es la NMO?"]
    assert {m for r in typed["results"] for m in r["marked"]} == {"ayuda"}
    assert typed["statusTexts"] == ["2 resultados para «ayudando»."]
    one = _search(node_and_chromium, es_site, "tratamientos")["typed"]
    assert [r["title"] for r in one["results"]] == ["Vivir con NMO"]
    assert one["statusTexts"] == ["1 resultado para «tratamientos»."]
