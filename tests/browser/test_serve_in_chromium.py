"""`nmo-feed serve` with real headless Chromium (Debian's, through playwright-core): an open
page reloads itself after a rebuild, and the diagnostics page passes axe-core."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pages_under_test import JS
from serving import Serving
from support import run_cli

pytestmark = pytest.mark.external


@pytest.fixture
def show(tmp_path: Path) -> Path:
    show = tmp_path / "show"
    made = run_cli("new", show, "--title", "Living with NMO")
    assert made.returncode == 0, made.stderr
    return show


def test_an_open_page_reloads_itself_after_a_rebuild(
    node_and_chromium: tuple[str, str], show: Path
) -> None:
    """The page is opened, the show is edited, and nothing else is done to the page: the
    new title appears because the page's own script reloaded it."""
    node, chromium = node_and_chromium
    (episode,) = show.glob("*-welcome/episode.md")
    with Serving(show) as served:
        browser = subprocess.Popen(
            [node, str(JS / "reload-check.mjs"), f"http://127.0.0.1:{served.port}/episodes/welcome/",
             "Edited while open"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=JS,
            env={**os.environ, "CHROMIUM": chromium},
        )  # fmt: skip
        try:
            assert browser.stdout is not None
            loaded = json.loads(browser.stdout.readline() or "{}")
            assert loaded == {"loaded": "Welcome to Living with NMO"}, browser.stderr.read()
            episode.write_text(episode.read_text().replace("Welcome to", "Edited while open:"))
            out, err = browser.communicate(timeout=120)
        finally:
            if browser.poll() is None:
                browser.kill()
                browser.communicate()
        assert browser.returncode == 0, err
        assert json.loads(out) == {"h1": "Edited while open: Living with NMO", "loads": 2}
        assert served.interrupt() == 0


def test_the_diagnostics_page_passes_axe(
    node_and_chromium: tuple[str, str], show: Path, tmp_path: Path
) -> None:
    """The page that lists a broken show's problems, checked like the site's own pages
    (axe-core with AAA rules, light and dark, and reflow at 320 px)."""
    node, chromium = node_and_chromium
    (episode,) = show.glob("*-welcome/episode.md")
    episode.write_text(episode.read_text().replace("date: ", "date: 2024-13-45 #", 1))
    with Serving(show) as served:
        status, _, body = served.get("/")
        assert served.interrupt() == 0
    assert status == 500
    page = tmp_path / "diagnostics"
    page.mkdir()
    (page / "index.html").write_bytes(body)
    done = subprocess.run(
        [node, str(JS / "browser-check.mjs"), str(page), "index.html"],
        capture_output=True, text=True, timeout=600, cwd=JS,
        env={**os.environ, "CHROMIUM": chromium},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    facts = json.loads(done.stdout)["pages"]["index.html"]
    assert facts["axeLight"] == [] and facts["axeDark"] == []
    assert facts["scrollWidth"] <= 320
    shutil.rmtree(page)
