"""The pages the browser and HTML-validity tests check, shared by conftest.py and the tests."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

JS = Path(__file__).resolve().parent.parent / "js"
NMO_EPISODE = "episodes/how-do-clinicians-treat-nmo/index.html"


class SitePage(NamedTuple):
    """One built page: the site ("nmo", "full", "video" or "es") and its path inside the
    output folder."""

    site: str
    path: str

    def __str__(self) -> str:
        return f"{self.site}:{self.path}"


# Every HTML page each site builds. test_every_built_page_is_checked fails when a build makes
# a page missing here, so a new page cannot escape the checks: add it below.
PAGES: dict[str, tuple[str, ...]] = {
    "nmo": (
        "index.html",
        "glossary/index.html",
        NMO_EPISODE,
        "topics/index.html",
        "topics/relapses/index.html",
        "topics/symptoms/index.html",
        "topics/treatment/index.html",
        "embed/how-do-clinicians-treat-nmo/index.html",
        "search/index.html",
    ),
    "full": (
        "index.html",
        "glossary/index.html",
        "episodes/first-questions/index.html",
        "episodes/talking-about-sight/index.html",
        "episodes/untimed-trailer/index.html",
        "topics/index.html",
        "topics/sight/index.html",
        "topics/treatment/index.html",
        "embed/first-questions/index.html",
        "embed/talking-about-sight/index.html",
        "embed/untimed-trailer/index.html",
        "search/index.html",
    ),
    "video": (  # no glossary.toml, so no glossary page
        "index.html",
        "episodes/part-one/index.html",
        "episodes/part-two/index.html",
        "topics/index.html",
        "topics/sight/index.html",
        "embed/part-one/index.html",
        "embed/part-two/index.html",
        "search/index.html",
    ),
    "es": (  # a show in Spanish (issue 18)
        "index.html",
        "glossary/index.html",
        "episodes/que-es-la-nmo/index.html",
        "episodes/vivir-con-nmo/index.html",
        "topics/index.html",
        "topics/diagnostico/index.html",
        "topics/tratamiento/index.html",
        "embed/que-es-la-nmo/index.html",
        "embed/vivir-con-nmo/index.html",
        "search/index.html",
    ),
}
ALL_PAGES = tuple(SitePage(site, path) for site, paths in PAGES.items() for path in paths)
EPISODE_PAGES = tuple(page for page in ALL_PAGES if page.path.startswith("episodes/"))
EMBED_PAGES = tuple(page for page in ALL_PAGES if page.path.startswith("embed/"))
"""The embed pages (``embed/<slug>/``): a box for other sites, with no skip link."""
# Episode pages whose transcript has times, and so time links (the trailer's has none).
TIMED_PAGES = tuple(
    page for page in EPISODE_PAGES if page.path != "episodes/untimed-trailer/index.html"
)
