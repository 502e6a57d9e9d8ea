"""The W3C Nu HTML Checker (vnu.jar from the npm package vnu-jar, on Debian's Java) finds no
error in any built page nor in the stylesheet.

One Java run checks both sites plus two deliberately broken control files, which prove the
checker really reads pages and CSS here: a checker that reads nothing would pass every page
(vnu exits 0 on a folder that does not exist, with only a "File not found" warning).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from pages_under_test import PAGES, SitePage

pytestmark = pytest.mark.external

CONTROL_HTML = (
    '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Control</title></head>\n'
    '<body><img src="missing-alt.png"></body>\n</html>\n'
)
CONTROL_CSS = "p { colr: red; }\n"
STYLESHEETS = ("site.css", "embed.css")
"""The pages' stylesheet and the embed pages' own."""


@dataclass
class VnuResult:
    """What one vnu run read and said, by absolute file path."""

    checked: set[Path] = field(default_factory=set)
    errors: dict[Path, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """Files vnu could not read ("non-document-error", "File not found.")."""


def parse_vnu(stdout: str, stderr: str) -> VnuResult:
    """Read vnu's --verbose list of checked files (stdout) and its JSON messages (stderr)."""
    result = VnuResult(checked={Path(line) for line in stdout.splitlines() if line.strip()})
    for message in json.loads(stderr)["messages"]:
        path = Path(unquote(urlparse(message.get("url", "")).path))
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        text = f"{where} {message['message']}"
        if message["type"] == "error":
            result.errors.setdefault(path, []).append(text)
        elif message["type"] == "non-document-error" or message["message"] == "File not found.":
            result.problems.append(f"{path}: {message['message']}")
    return result


@pytest.fixture(scope="session")
def control_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one invalid page (img without alt) and one invalid stylesheet."""
    folder = tmp_path_factory.mktemp("vnu-control")
    (folder / "control.html").write_text(CONTROL_HTML, encoding="utf-8")
    (folder / "control.css").write_text(CONTROL_CSS, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def vnu(
    java_and_vnu: tuple[str, Path],
    nmo_site: Path,
    full_site: Path,
    video_site: Path,
    es_site: Path,
    control_dir: Path,
) -> VnuResult:
    """One vnu run over the built sites and the control folder (HTML, and CSS files too)."""
    java, jar = java_and_vnu
    command = [
        java, "-jar", str(jar), "--skip-non-html", "--also-check-css", "--format", "json",
        "--verbose", "--exit-zero-always", str(nmo_site), str(full_site), str(video_site),
        str(es_site), str(control_dir),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        pytest.fail(f"vnu.jar did not run:\n{done.stderr[-4000:]}", pytrace=False)
    return parse_vnu(done.stdout, done.stderr)


@pytest.fixture
def site_root(request: pytest.FixtureRequest) -> dict[str, Path]:
    """The built output folder of each site, by site name."""
    return {site: Path(request.getfixturevalue(f"{site}_site")) for site in PAGES}


def test_checker_read_every_page_and_stylesheet(vnu: VnuResult, site_root: dict[str, Path]) -> None:
    """vnu read every page under test and each site's site.css, and could read them all."""
    expected = {site_root[site] / path for site, paths in PAGES.items() for path in paths}
    expected |= {root / "assets" / name for root in site_root.values() for name in STYLESHEETS}
    assert (sorted(expected - vnu.checked), vnu.problems) == ([], [])


def test_checker_reports_the_control_page_error(vnu: VnuResult, control_dir: Path) -> None:
    """The control page's img without alt is reported, so a clean page means a checked page."""
    errors = vnu.errors.get(control_dir / "control.html", [])
    assert [e for e in errors if "must have an “alt” attribute" in e] != [], errors


def test_checker_reports_the_control_css_error(vnu: VnuResult, control_dir: Path) -> None:
    """The control stylesheet's misspelt property is reported, so CSS really is checked."""
    expected = ["1:11 CSS: “colr”: Property “colr” doesn't exist."]
    assert vnu.errors.get(control_dir / "control.css") == expected


def test_page_has_no_html_errors(
    any_page: SitePage, vnu: VnuResult, site_root: dict[str, Path]
) -> None:
    """The Nu HTML Checker reports no error in the page."""
    assert vnu.errors.get(site_root[any_page.site] / any_page.path, []) == []


def test_stylesheet_has_no_css_errors(
    site: str, vnu: VnuResult, site_root: dict[str, Path]
) -> None:
    """The Nu HTML Checker's CSS checker reports no error in the site's stylesheets."""
    for name in STYLESHEETS:
        assert vnu.errors.get(site_root[site] / "assets" / name, []) == [], name
