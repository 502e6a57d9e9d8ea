"""What the browser and HTML-validity tests check: the pages of the two built sites, and the
third-party tools they need (Node with tests/js/node_modules, Debian's Chromium, Java).

Tests that name a parameter ``any_page``, ``episode_page`` or ``timed_page`` (a ``SitePage``
from pages_under_test.py) or ``site`` run once for each; ``built_site`` gives a built folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pages_under_test import ALL_PAGES, EPISODE_PAGES, JS, PAGES, TIMED_PAGES

PARAMETERS: dict[str, tuple[object, ...]] = {
    "any_page": ALL_PAGES,
    "episode_page": EPISODE_PAGES,
    "timed_page": TIMED_PAGES,
    "site": tuple(PAGES),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test once per page (or site) when it names one of PARAMETERS."""
    for name, values in PARAMETERS.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, values, ids=str)


@pytest.fixture
def built_site(request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """A function from a site name to its built output folder (conftest's session builds)."""
    return lambda site: Path(request.getfixturevalue(f"{site}_site"))


def _require(found: dict[str, bool]) -> None:
    """Fail (never skip: CI must run these tests) naming whatever is missing and how to get it."""
    missing = [what for what, ok in found.items() if not ok]
    if missing:
        pytest.fail(
            "missing for the browser/HTML checks: "
            + "; ".join(missing)
            + ". `make test` installs Chromium, Java and tests/js/node_modules;"
            + " Node.js must be on PATH.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def node_and_chromium() -> tuple[str, str]:
    """Paths of node and of Debian's Chromium, after checking that the npm packages are there."""
    node = shutil.which("node")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    modules = JS / "node_modules"
    _require(
        {
            "node (apt-get install nodejs)": node is not None,
            "chromium (apt-get install chromium)": chromium is not None,
            "tests/js/node_modules/playwright-core (npm ci)": (
                modules / "playwright-core"
            ).is_dir(),
            "tests/js/node_modules/axe-core (npm ci)": (modules / "axe-core").is_dir(),
        }
    )
    assert node is not None and chromium is not None
    return node, chromium


@pytest.fixture(scope="session")
def java_and_vnu() -> tuple[str, Path]:
    """Paths of java and of the Nu HTML Checker's jar (from the npm package vnu-jar)."""
    java = shutil.which("java")
    jar = JS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    _require(
        {
            "java (apt-get install openjdk-17-jre-headless)": java is not None,
            "tests/js/node_modules/vnu-jar (npm ci in tests/js)": jar.is_file(),
        }
    )
    assert java is not None
    return java, jar
