"""The embed on a partner's site, for real: the NMO show served by ``nmo-feed serve`` (so the
host table's headers are sent) on one loopback port, a partner's page on another (Python's
``http.server``, a page made here with the ``iframe`` taken from ``oembed.json``), and Debian's
headless Chromium between them (tests/js/embed-check.mjs).

Inside the frame the captions load and a time link seeks the embed's player; axe (AAA tags)
finds nothing in the frame, light and dark, at the snippet's size, at 300 × 400 and with text
at 200 %; the title link replaces the partner's page with the episode page. The partner's own
scripts and player read the transcript files and captions across origins. Served again
without ``Access-Control-Allow-Origin`` (the server's test hook), those cross-origin loads
fail, so the header is shown to be both needed and sent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pages_under_test import JS
from serving import Serving, free_port

pytestmark = pytest.mark.external

REPO = Path(__file__).resolve().parents[2]
SLUG = "how-do-clinicians-treat-nmo"
SHOTS = os.environ.get("NMO_FEED_EMBED_SHOTS")
"""A folder for the check's screenshots (the embed at 300 × 400, light and dark), if set."""
Facts = dict[str, Any]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The NMO show published at the loopback address ``nmo-feed serve`` will listen on, so
    the snippet in oembed.json names the served embed page."""
    root = tmp_path_factory.mktemp("embed") / "show"
    shutil.copytree(REPO / "episodes", root)
    port = free_port()
    toml = root / "show.toml"
    text, count = re.subn(
        r'^site_url = ".*"', f'site_url = "http://127.0.0.1:{port}/"', toml.read_text(), flags=re.M
    )
    assert count == 1
    toml.write_text(text)
    return root, port


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A partner's site: a folder of pages and its address on another loopback port."""
    folder = tmp_path_factory.mktemp("partner")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def partner_page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
        f"<body><main><h1>{title}</h1>\n{body}\n</main></body>\n</html>\n"
    )


def check(
    node_and_chromium: tuple[str, str],
    show: tuple[Path, int],
    partner: tuple[Path, str],
    name: str,
    env: dict[str, str] | None = None,
) -> Facts:
    """Serve the show, write the partner's pages from its oembed.json, run the browser."""
    node, chromium = node_and_chromium
    source, port = show
    folder, partner_url = partner
    site = f"http://127.0.0.1:{port}/"
    with Serving(source, port=port, env=env) as served:
        status, headers, body = served.get(f"/episodes/{SLUG}/oembed.json")
        assert status == 200, body
        snippet = json.loads(body)["html"]
        vtt = f"{site}episodes/{SLUG}/transcript.vtt"
        (folder / f"{name}.html").write_text(
            partner_page(
                "Treatment: a partner's page",
                f"<p>An answer from the NMO Library:</p>\n{snippet}\n"
                # The partner's own player on the site's captions: a cross-origin track.
                '<audio controls crossorigin="anonymous" preload="none"'
                ' aria-label="Partner player">'
                f'<track kind="captions" src="{vtt}" srclang="en" label="English"></audio>',
            )
        )
        (folder / f"{name}-refused.html").write_text(
            partner_page(
                "Framing the episode page",
                f'<iframe src="{site}episodes/{SLUG}/" title="The episode page"></iframe>',
            )
        )
        config = {
            "partner": f"{partner_url}{name}.html",
            "refused": f"{partner_url}{name}-refused.html",
            "fetch": [
                vtt,
                f"{site}episodes/{SLUG}/transcript.json",
                f"{site}episodes/{SLUG}/transcript.txt",
                f"{site}episodes/{SLUG}/transcript.html",
                f"{site}episodes/{SLUG}/oembed.json",
                f"{site}feed.xml",
            ],
            "canonical": f"{site}episodes/{SLUG}/",
            "shots": SHOTS if SHOTS and env is None else None,
        }
        (folder / f"{name}.json").write_text(json.dumps(config))
        done = subprocess.run(
            [node, str(JS / "embed-check.mjs"), str(folder / f"{name}.json")],
            capture_output=True, text=True, timeout=600, cwd=JS,
            env={**os.environ, "CHROMIUM": chromium},
        )  # fmt: skip
        assert served.interrupt() == 0
    assert done.returncode == 0, done.stderr[-4000:]
    (folder / f"{name}-facts.json").write_text(done.stdout)  # kept for a person to read
    facts: Facts = json.loads(done.stdout)
    facts["site"], facts["headers"] = site, headers
    return facts


@pytest.fixture(scope="module")
def embedded(
    node_and_chromium: tuple[str, str], show: tuple[Path, int], partner: tuple[Path, str]
) -> Facts:
    return check(node_and_chromium, show, partner, "with-cors")


@pytest.fixture(scope="module")
def without_cors(
    node_and_chromium: tuple[str, str], show: tuple[Path, int], partner: tuple[Path, str]
) -> Facts:
    return check(
        node_and_chromium, show, partner, "without-cors", {"NMO_FEED_SERVE_WITHOUT_CORS": "1"}
    )


# --- inside the frame -----------------------------------------------------------------------


def test_the_partner_page_frames_the_embed_page_named_in_oembed(embedded: Facts) -> None:
    assert embedded["frameUrl"] == f"{embedded['site']}embed/{SLUG}/"
    assert embedded["iframeTitle"] == "Player and transcript: How do Clinicians treat NMO?"
    assert embedded["frameTitle"].startswith("How do Clinicians treat NMO?")
    assert embedded["headers"]["Access-Control-Allow-Origin"] == "*"


def test_the_captions_load_inside_the_frame(embedded: Facts) -> None:
    track = embedded["track"]
    assert track["readyState"] == 2 and track["cues"] > 0, track
    assert track["first"].startswith("<v Dean Wingerchuk>I think it’s helpful")


def test_a_time_link_seeks_the_embeds_player(embedded: Facts) -> None:
    seek = embedded["seek"]
    assert seek["target"] == 35
    assert 34.5 <= seek["currentTime"] <= 37, seek
    assert seek["url"] == f"{embedded['site']}embed/{SLUG}/", "the link left the embed"
    assert seek["topUrl"].endswith("/with-cors.html"), "the partner's page was left"
    assert seek["status"] == "Playing from 0:35."


def test_axe_finds_nothing_inside_the_frame(embedded: Facts) -> None:
    """axe-core with the AAA tags, in the framed document: light and dark at the snippet's
    size, light and dark at 300 × 400, and with text at 200 %."""
    for key in ("axeFrameLight", "axeFrameDark", "axeSmall", "axeSmallDark", "axeBigText"):
        assert embedded[key] == [], key


def test_the_partner_page_with_the_snippet_passes_axe(embedded: Facts) -> None:
    """The snippet's iframe has the title that names the frame (frame-title)."""
    assert embedded["axePartner"] == []


# --- 300 × 400, and text at 200 % -----------------------------------------------------------


def test_at_300_by_400_the_transcript_scrolls_in_its_own_region(embedded: Facts) -> None:
    small = embedded["small"]
    assert small["viewport"] == [300, 400]
    assert small["scrollWidth"] <= 300 and small["scrollHeight"] <= 400, small
    # About five lines of transcript under the title, speakers and player (140 px today).
    assert small["regionScrolls"] and small["regionHeight"] >= 120, small
    assert small["titleVisible"]


def test_the_region_is_focused_and_scrolled_from_the_keyboard(embedded: Facts) -> None:
    for key in ("small", "bigText"):
        keyboard = embedded[key]["keyboard"]
        assert keyboard["focused"] == "embed-transcript", key
        assert keyboard["scrolledBy"] > 0, key
        assert float(keyboard["outline"].removesuffix("px")) >= 2, key


def test_with_text_at_200_percent_the_page_reflows_and_scrolls_as_a_whole(
    embedded: Facts,
) -> None:
    """A 32 px default font size in a 300 × 400 frame: no sideways scrolling; the region
    gives up its own scrolling and the page scrolls, so no text is cut off."""
    big = embedded["bigText"]
    assert big["scrollWidth"] <= 300, big
    assert big["scrollHeight"] > 400 and not big["regionScrolls"], big


# --- links leave the frame; the episode page is not framed -----------------------------------


def test_the_title_link_opens_the_episode_page_in_the_top_window(embedded: Facts) -> None:
    after = embedded["afterLink"]
    assert after["topUrl"] == f"{embedded['site']}episodes/{SLUG}/"
    assert after["frames"] == 1 and after["h1"] == "How do Clinicians treat NMO?"


def test_another_site_cannot_frame_the_episode_page(embedded: Facts) -> None:
    """frame-ancestors 'self': Chromium shows its error page in the frame, not the page."""
    refused = embedded["refused"]
    assert refused["h1"] != "How do Clinicians treat NMO?", refused


def test_the_copy_button_copies_the_embed_code_and_says_so_once(embedded: Facts) -> None:
    """On the episode page (where the title link led) share.js shows the button; a click
    puts the embed code on the clipboard and the polite status says "Copied."."""
    copy = embedded["copy"]
    assert copy["visible"] and copy["focusOnButton"], copy
    assert (copy["status"], copy["role"]) == ("Copied.", "status")
    assert copy["clipboard"] == copy["field"] and copy["field"].startswith("<iframe src=")


# --- across origins: with the header, and without it -----------------------------------------


def test_the_partner_page_reads_the_transcripts_and_captions(embedded: Facts) -> None:
    fetched = embedded["partnerFetch"]
    assert [(f["ok"], f["status"]) for f in fetched] == [(True, 200)] * len(fetched), fetched
    assert fetched[0]["type"].startswith("text/vtt")
    track = embedded["partnerTrack"]
    assert (track["how"], track["readyState"]) == ("load", 2) and track["cues"] > 0, track


def test_without_the_cors_header_the_cross_origin_loads_fail(without_cors: Facts) -> None:
    """The same page and files, served without Access-Control-Allow-Origin: every fetch from
    the partner's page is refused and the partner's captions track fails to load."""
    assert "Access-Control-Allow-Origin" not in without_cors["headers"]
    fetched = without_cors["partnerFetch"]
    assert fetched and all(not f["ok"] and "Failed to fetch" in f["error"] for f in fetched)
    track = without_cors["partnerTrack"]
    assert (track["how"], track["readyState"], track["cues"]) == ("error", 3, 0), track


def test_without_the_cors_header_the_embed_itself_still_works(without_cors: Facts) -> None:
    """The frame loads its own captions from its own origin: the header is for partners'
    own players and scripts, not for the embed."""
    assert without_cors["track"]["cues"] > 0
    assert without_cors["axeFrameLight"] == []
