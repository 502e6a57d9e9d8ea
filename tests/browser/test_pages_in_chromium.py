"""Every built page in real headless Chromium (Debian's, through playwright-core): axe-core,
reflow at 320 px, the keyboard walk, forced colours, JavaScript off, and the time links that
seek the player (reference/accessibility.md §2 and §3).

tests/js/browser-check.mjs launches the browser once per site and reports facts as JSON;
the expectations are all here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pages_under_test import EMBED_PAGES, JS, NMO_EPISODE, PAGES, SitePage

pytestmark = pytest.mark.external

Facts = dict[str, Any]
PageFacts = Callable[[SitePage], Facts]
"""A function from a page to its browser facts."""
NARROW = 320  # CSS px: 1280 px at 400 % zoom (WCAG 1.4.10)
MIN_OUTLINE = 2.0  # CSS px of focus outline (WCAG 2.4.13's minimum thickness)


def run_browser_check(node: str, chromium: str, site: str, root: Path) -> Facts:
    """The JSON report of browser-check.mjs for the pages of one built site."""
    seek = [f"--seek={NMO_EPISODE}"] if site == "nmo" else []
    command = [node, str(JS / "browser-check.mjs"), *seek, str(root), *PAGES[site]]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "CHROMIUM": chromium},
    )  # fmt: skip
    if done.returncode != 0:
        failure = f"browser-check.mjs failed on the {site} site:\n{done.stderr[-4000:]}"
        pytest.fail(failure, pytrace=False)
    report: Facts = json.loads(done.stdout)
    return report


@pytest.fixture(scope="session")
def nmo_browser(node_and_chromium: tuple[str, str], nmo_site: Path) -> Facts:
    """Browser facts for every page of the NMO site, plus the player seek on its episode."""
    return run_browser_check(*node_and_chromium, "nmo", nmo_site)


@pytest.fixture(scope="session")
def full_browser(node_and_chromium: tuple[str, str], full_site: Path) -> Facts:
    """Browser facts for every page of the full fixture site."""
    return run_browser_check(*node_and_chromium, "full", full_site)


@pytest.fixture(scope="session")
def video_browser(node_and_chromium: tuple[str, str], video_site: Path) -> Facts:
    """Browser facts for every page of the video fixture site (chapter headings)."""
    return run_browser_check(*node_and_chromium, "video", video_site)


@pytest.fixture(scope="session")
def es_browser(node_and_chromium: tuple[str, str], es_site: Path) -> Facts:
    """Browser facts for every page of the Spanish fixture site."""
    return run_browser_check(*node_and_chromium, "es", es_site)


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> PageFacts:
    """A function from a page to its browser facts (one browser run per site, shared)."""
    return lambda page: request.getfixturevalue(f"{page.site}_browser")["pages"][page.path]


@pytest.fixture
def seek(nmo_browser: Facts) -> Facts:
    """What the second time link of the NMO episode did to the player, script on and off."""
    facts: Facts = nmo_browser["seek"]
    return facts


def shows_outline(stop: Facts) -> bool:
    """Whether a focused element's computed outline is drawn and at least 2 px wide."""
    return stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= MIN_OUTLINE


def describe(stop: Facts) -> str:
    """A focus stop as a short readable line for assertion messages."""
    outline = f"{stop['outlineStyle']} {stop['outlineWidth']}px"
    return f"<{stop['tag']}> {stop['name'][:40]!r} outline {outline}"


def first_time_link(stops: list[Facts]) -> Facts:
    """The first Tab stop that is a time link."""
    links = [stop for stop in stops if "timecode" in stop["className"].split()]
    assert links, "Tab never reached a time link"
    return links[0]


# ---------- coverage ----------


def test_every_built_page_is_checked(site: str, built_site: Callable[[str], Path]) -> None:
    """The pages under test are exactly the HTML pages the site builds."""
    root = built_site(site)
    built = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if path.name != "transcript.html"  # a fragment for partners' sites, not a page
    )
    assert built == sorted(PAGES[site]), "update PAGES in tests/browser/conftest.py"


# ---------- axe-core ----------


def test_axe_finds_nothing_in_light_scheme(any_page: SitePage, browser: PageFacts) -> None:
    """axe-core (WCAG 2.x A, AA, AAA and best practice) reports no violation in light colours."""
    assert browser(any_page)["axeLight"] == []


def test_axe_finds_nothing_in_dark_scheme(any_page: SitePage, browser: PageFacts) -> None:
    """axe-core reports no violation with prefers-color-scheme: dark."""
    assert browser(any_page)["axeDark"] == []


# ---------- reflow ----------


def test_no_horizontal_scroll_at_320px(any_page: SitePage, browser: PageFacts) -> None:
    """At 320 CSS px wide the page is no wider than the viewport (WCAG 1.4.10)."""
    assert browser(any_page)["scrollWidth"] <= NARROW


# ---------- keyboard ----------


# The page's own words these checks name, in each site's language (the Spanish show's from its
# catalogue).
SKIP_LINK = {"es": "Saltar al contenido principal"}
PLAY_FROM = {"es": "Reproducir desde"}
END_OF_TRANSCRIPT = {"es": "Fin de la transcripción."}


def skip_link(page: SitePage) -> str:
    return SKIP_LINK.get(page.site, "Skip to main content")


def test_first_tab_focuses_skip_link(any_page: SitePage, browser: PageFacts) -> None:
    """The first Tab lands on the "Skip to main content" link to #main (WCAG 2.4.1). An embed
    page has no block to bypass: its first stop is its title, the link to the episode page."""
    first = browser(any_page)["keyboard"][0]
    if any_page in EMBED_PAGES:
        slug = any_page.path.split("/")[1]
        assert (first["tag"], first["href"].endswith(f"/episodes/{slug}/")) == ("a", True)
        return
    assert (first["tag"], first["name"], first["href"]) == ("a", skip_link(any_page), "#main")


def test_tab_walk_gets_out_of_the_page(any_page: SitePage, browser: PageFacts) -> None:
    """Tab moves through every stop and out again: no keyboard trap (WCAG 2.1.2)."""
    assert browser(any_page)["keyboardEnd"] in ("left the page", "wrapped round")


def test_every_tab_stop_shows_an_outline(any_page: SitePage, browser: PageFacts) -> None:
    """Every element Tab reaches draws a focus outline of at least 2 px (WCAG 2.4.7, 2.4.13)."""
    stops = browser(any_page)["keyboard"]
    assert [describe(stop) for stop in stops if not shows_outline(stop)] == []


def test_no_tab_stop_is_obscured(any_page: SitePage, browser: PageFacts) -> None:
    """Every focused element is inside the viewport and uncovered at its centre (WCAG 2.4.11)."""
    stops = browser(any_page)["keyboard"]
    hidden = [stop for stop in stops if stop["covered"] or not stop["inViewport"]]
    assert [f"{describe(s)} at {s['rect']} under {s['coveredBy']}" for s in hidden] == []


def test_no_tab_stop_is_under_a_sticky_element(any_page: SitePage, browser: PageFacts) -> None:
    """No part of a focused element is under an element that stays in view, such as the audio
    player kept at the top of the window (WCAG 2.4.11 and 2.4.12)."""
    stops = browser(any_page)["keyboard"]
    under = [s for s in stops if s["underSticky"]]
    assert [f"{describe(s)} at {s['rect']} under {s['underSticky']}" for s in under] == []


@pytest.mark.parametrize("walk", ["reverse", "reverseNarrow"])
def test_shift_tab_up_the_page_never_hides_focus_under_the_player(
    episode_page: SitePage, browser: PageFacts, walk: str
) -> None:
    """Going up the page with Shift+Tab, at 1280 and at 320 px wide, each element is scrolled
    in at the top of the window, where the sticky player is: scroll-padding-top keeps every
    one of them clear of it, wholly in view (WCAG 2.4.11, 2.4.12)."""
    stops = browser(episode_page)[walk]
    assert len(stops) > 5
    hidden = [s for s in stops if s["underSticky"] or s["covered"] or not s["inViewport"]]
    assert [
        f"{describe(s)} at {s['rect']} under {s['underSticky'] or s['coveredBy']}" for s in hidden
    ] == []


def test_nmo_episode_first_screen_has_title_speaker_player_and_summary(nmo_browser: Facts) -> None:
    """At 1280 x 800 the episode page's first screen shows what a reader came for: the title,
    who speaks, the player and the plain-language summary, with the transcript's heading."""
    screen = nmo_browser["pages"][NMO_EPISODE]["firstScreen"]
    assert screen["viewport"] == 800
    for part in ("title", "speakers", "player", "summary", "transcript"):
        assert 0 <= screen[part]["top"] < screen[part]["bottom"] <= 800, (part, screen)
    assert screen["title"]["bottom"] <= screen["speakers"]["top"]
    assert screen["speakers"]["bottom"] <= screen["player"]["top"]
    assert screen["player"]["bottom"] <= screen["summary"]["top"]
    assert screen["summary"]["bottom"] <= screen["transcript"]["top"]


def test_every_episode_page_shows_its_player_on_the_first_screen(
    episode_page: SitePage, browser: PageFacts
) -> None:
    """On every episode page, at 1280 x 800, the player is wholly on the first screen, and
    at 320 px wide it starts on it."""
    facts = browser(episode_page)
    assert facts["firstScreen"]["player"]["bottom"] <= 800, facts["firstScreen"]
    assert facts["firstScreenNarrow"]["player"]["top"] < 640, facts["firstScreenNarrow"]


# ---------- forced colours ----------


def test_forced_colours_skip_link_keeps_outline(any_page: SitePage, browser: PageFacts) -> None:
    """With forced colours the focused skip link (an embed's title link) still has a 2 px
    outline."""
    first = browser(any_page)["forced"][0]
    name = browser(any_page)["keyboard"][0]["name"]
    if any_page not in EMBED_PAGES:
        assert name == skip_link(any_page)
    assert (first["name"], shows_outline(first)) == (name, True), describe(first)


def test_forced_colours_time_link_keeps_outline(timed_page: SitePage, browser: PageFacts) -> None:
    """With forced colours a focused time link still has a 2 px outline."""
    link = first_time_link(browser(timed_page)["forced"])
    assert shows_outline(link), describe(link)


def test_forced_colours_every_tab_stop_keeps_outline(
    any_page: SitePage, browser: PageFacts
) -> None:
    """With forced colours every element Tab reaches still draws a 2 px outline."""
    stops = browser(any_page)["forced"]
    assert [describe(stop) for stop in stops if not shows_outline(stop)] == []


# ---------- JavaScript off ----------


def test_transcript_text_same_without_javascript(
    episode_page: SitePage, browser: PageFacts
) -> None:
    """The transcript section reads the same with scripts off (sync controls aside)."""
    facts = browser(episode_page)
    assert facts["transcriptWithoutScript"] == facts["transcriptWithScript"]
    end = END_OF_TRANSCRIPT.get(episode_page.site, "End of transcript.")
    assert end in facts["transcriptWithoutScript"]


def test_time_links_are_media_fragment_links(timed_page: SitePage, browser: PageFacts) -> None:
    """Without scripts every time link is a real link to the player's media at #t=SECONDS."""
    facts = browser(timed_page)["timeLinksWithoutScript"]
    links = facts["links"]
    assert links, "no time links on a timed episode page"
    expected = [("a", f"{facts['media']}#t={link['seek']}") for link in links]
    assert [(link["tag"], link["href"]) for link in links] == expected


def test_nmo_time_links_are_the_timed_paragraphs(nmo_browser: Facts) -> None:
    """The NMO episode has its four time links, named "Play from …" after the paragraph times."""
    links = nmo_browser["pages"][NMO_EPISODE]["timeLinksWithoutScript"]["links"]
    assert [(link["name"], link["seek"]) for link in links] == [
        ("Play from 0:00", "0"),
        ("Play from 0:35", "35"),
        ("Play from 1:00", "60"),
        ("Play from 1:22", "82"),
    ]


def test_no_transcript_or_glossary_text_in_a_flex_or_grid_container(
    any_page: SitePage, browser: PageFacts
) -> None:
    """Chromium drops the text of flex and grid containers from the lines a screen reader
    reads (Orca spoke "Transcript" in place of a speaker line and of paragraphs opening with a
    time link), so no element holding transcript or glossary text is laid out that way."""
    assert browser(any_page)["textInFlexOrGrid"] == []


def test_time_link_names_in_chromiums_accessibility_tree(
    timed_page: SitePage, browser: PageFacts
) -> None:
    """Each time link's name, as Chromium gives it to a screen reader, is "Play from M:SS"
    with one space (a flex time link lost it: "Play from0:35"). The tree's nodes are not in
    page order, so the names are compared sorted."""
    facts = browser(timed_page)
    names = facts["timeLinkNames"]
    labels = [link["name"] for link in facts["timeLinksWithoutScript"]["links"]]
    assert names, "no time link in the accessibility tree"
    play = PLAY_FROM.get(timed_page.site, "Play from")
    assert all(re.fullmatch(rf"{play} \d+:\d\d(:\d\d)?", name) for name in names), names
    assert sorted(names) == sorted(labels)


def test_time_link_without_javascript_opens_media_at_its_time(seek: Facts) -> None:
    """With scripts off, Enter on "Play from 0:35" opens the MP3 itself at #t=35."""
    opened = seek["withoutScript"]["opened"]
    assert opened.endswith("/media/how-do-clinicians-treat-nmo/narration.mp3#t=35"), opened


# ---------- JavaScript on: time links seek the player ----------


def test_seek_link_is_play_from_0_35(seek: Facts) -> None:
    """The link the seek tests use is the second time link, "Play from 0:35"."""
    assert (seek["name"], seek["target"]) == ("Play from 0:35", 35)


def test_click_on_time_link_seeks_player(seek: Facts) -> None:
    """Clicking "Play from 0:35" moves the page's player to 35 s, without leaving the page."""
    moved = seek["click"]
    assert moved["url"].endswith(NMO_EPISODE), "the link left the page instead of seeking"
    assert 34.5 <= moved["currentTime"] <= 37


def test_click_on_time_link_keeps_focus_on_it(seek: Facts) -> None:
    """After the click, focus is still on the time link (no focus move)."""
    assert seek["click"]["focusOnLink"] is True


def test_enter_on_time_link_seeks_player(seek: Facts) -> None:
    """Enter on "Play from 0:35" moves the page's player to 35 s, without leaving the page."""
    moved = seek["enter"]
    assert moved["url"].endswith(NMO_EPISODE), "the link left the page instead of seeking"
    assert 34.5 <= moved["currentTime"] <= 37


def test_enter_on_time_link_keeps_focus_on_it(seek: Facts) -> None:
    """After Enter, focus is still on the time link (no focus move)."""
    assert seek["enter"]["focusOnLink"] is True


def test_enter_on_time_link_says_once_that_it_plays(seek: Facts) -> None:
    """After Enter on "Play from 0:35" the player's live region, a polite status, says
    "Playing from 0:35." (a screen reader said nothing when the player, maybe far up the page,
    started); it is the answer to the reader's own action (WCAG 4.1.3). The copy button's
    status stays empty."""
    assert seek["enter"]["liveRegions"] == [
        {"tag": "span", "role": "status", "live": None, "text": ""},
        {"tag": "p", "role": "status", "live": None, "text": "Playing from 0:35."},
    ]


def test_playback_never_announces(seek: Facts) -> None:
    """While the media plays on (and the highlight moves), the status does not change: only
    the reader's own actions are announced, never playback."""
    for how in ("click", "enter"):
        assert seek[how]["liveRegionsLater"] == seek[how]["liveRegions"]


def test_only_live_region_is_the_empty_player_status(
    any_page: SitePage, browser: PageFacts
) -> None:
    """A loaded page (scripts on) has no live region but, on a page with a player, the
    player's empty status, and on an episode page the copy button's empty status: nothing
    is announced until the reader acts."""
    regions = browser(any_page)["liveRegions"]
    player = {"tag": "p", "role": "status", "live": None, "text": ""}
    copy = {"tag": "span", "role": "status", "live": None, "text": ""}
    if any_page.path.startswith("episodes/"):
        assert regions[:1] == [copy]
        regions = regions[1:]
    assert regions in ([], [player])
    if any_page.site == "nmo" and any_page.path.startswith("episodes/"):
        assert regions != []


def test_browser_fetched_nothing_off_this_machine(
    nmo_browser: Facts, full_browser: Facts, video_browser: Facts
) -> None:
    """Remote media the fixture pages name was refused, not fetched (the check runs offline)."""
    offsite = nmo_browser["offsite"] + full_browser["offsite"] + video_browser["offsite"]
    assert sorted(offsite) == [
        "https://cdn.example.org/part-two.mp3",
        "https://cdn.example.org/part-two.mp4",
        "https://cdn.example.org/sight.mp4",
        "https://cdn.example.org/trailer.mp3",
    ]
