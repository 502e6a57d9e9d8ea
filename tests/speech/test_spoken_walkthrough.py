"""What a screen reader says, reading every page of the built fixture sites from the top.

tests/js/speech-walk.mjs reads each page with Guidepup's Virtual Screen Reader (npm
@guidepup/virtual-screen-reader, on jsdom) and returns its spoken phrases. Two kinds of test:

* the whole reading of each page equals the expected reading kept in
  ``tests/speech/expected/<site>/<page>.txt`` (one phrase a line), reviewed like a golden
  file; after an intended change, regenerate them with ``make speech-golden``
  (``pytest tests/speech --update-golden``) and read the diff;
* the readings have the properties the screen-reader review asked for (issue 18): the skip
  link first, few landmarks each named once, a heading outline, each transcript turn read as
  its speaker then every word of it, time links read whole as one link ("Play from 0:35"),
  nothing said twice in a row, and each glossary term with its expansion read once.

The virtual reader follows the specifications, not Chromium: what CSS makes Chromium drop
from its tree is checked by the browser tests, and by a run of Orca (README, "Screen
readers").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from support import run_node

pytestmark = pytest.mark.external

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
EXPECTED = HERE / "expected"
SOURCES = {
    "nmo": REPO / "episodes",
    "full": REPO / "tests" / "golden" / "shows" / "full",
    "video": REPO / "tests" / "golden" / "shows" / "video",
    "es": REPO / "tests" / "golden" / "shows" / "es",
}
NMO_EPISODE = "episodes/how-do-clinicians-treat-nmo/index.html"
LANDMARK = re.compile(
    r"^(banner|navigation|main|contentinfo|region|complementary|search|form)(?:, (.*))?$"
)
HEADING = re.compile(r"^heading, (.*), level (\d)$")
# The page's own words the checks look for, in each site's language (the Spanish show's from
# its catalogue, src/nmo_feed/locale/es).
WORDS = {
    "en": {
        "skip": "Skip to main content",
        "play": "Play from",
        "transcript": "Transcript",
        "end": "End of transcript.",
    },
    "es": {
        "skip": "Saltar al contenido principal",
        "play": "Reproducir desde",
        "transcript": "Transcripción",
        "end": "Fin de la transcripción.",
    },
}


def chrome(site: str, what: str) -> str:
    """The page's words for ``what`` on ``site``."""
    return WORDS["es" if site == "es" else "en"][what]


def time_link(site: str) -> re.Pattern[str]:
    return re.compile(rf"^link, {chrome(site, 'play')} \d+:\d\d(?::\d\d)?$")


GENERATOR = re.compile(r"nmo-feed \d+\.\d+\.\d+\S*")
MAX_LANDMARKS = 5
"""banner, the site navigation, main, one navigation of the page's own, contentinfo."""

Reading = list[str]


def pages_of(root: Path) -> list[str]:
    """Every HTML page a site builds, so no page type escapes the walk."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if p.name != "transcript.html"  # a fragment for partners' sites, not a page
    )


def expected_file(site: str, page: str) -> Path:
    """``episodes/how-do-clinicians-treat-nmo/index.html`` -> ``.../episodes-how-do-...txt``."""
    name = page.removesuffix("index.html").strip("/").replace("/", "-") or "index"
    return EXPECTED / site / f"{name}.txt"


@pytest.fixture(scope="session")
def readings(
    nmo_site: Path, full_site: Path, video_site: Path, es_site: Path
) -> dict[str, dict[str, Reading]]:
    """site -> page -> phrases, one node run per site (the version number made neutral, so
    a release does not change the expected readings)."""
    result = {}
    sites = (("nmo", nmo_site), ("full", full_site), ("video", video_site), ("es", es_site))
    for site, root in sites:
        pages = pages_of(root)
        walked = run_node(
            "speech-walk.mjs", root, *map(Path, pages),
            packages=("@guidepup/virtual-screen-reader", "jsdom"),
        )  # fmt: skip
        result[site] = {
            page: [GENERATOR.sub("nmo-feed (version)", p) for p in walked["pages"][page]]
            for page in pages
        }
    return result


def all_pages() -> list[tuple[str, str]]:
    """(site, page) for the pages whose expected readings are committed."""
    return sorted(
        (site.name, _page_of(path.stem))
        for site in EXPECTED.iterdir()
        if site.is_dir()
        for path in site.glob("*.txt")
    )


def _page_of(stem: str) -> str:
    if stem == "index":
        return "index.html"
    if stem == "glossary":
        return "glossary/index.html"
    if stem == "topics":
        return "topics/index.html"
    if stem == "search":
        return "search/index.html"
    if stem.startswith("topics-"):
        return "topics/" + stem.removeprefix("topics-") + "/index.html"
    if stem.startswith("embed-"):
        return "embed/" + stem.removeprefix("embed-") + "/index.html"
    return "episodes/" + stem.removeprefix("episodes-") + "/index.html"


PAGES = all_pages()
EPISODES = [(site, page) for site, page in PAGES if page.startswith("episodes/")]


@pytest.fixture
def built_sites(
    nmo_site: Path, full_site: Path, video_site: Path, es_site: Path
) -> dict[str, Path]:
    return {"nmo": nmo_site, "full": full_site, "video": video_site, "es": es_site}


@pytest.fixture
def reading(readings: dict[str, dict[str, Reading]]) -> Callable[[str, str], Reading]:
    return lambda site, page: readings[site][page]


# ---------- the expected readings ----------


def test_every_page_has_an_expected_reading(
    readings: dict[str, dict[str, Reading]], update_golden: bool
) -> None:
    """Each built page of each site has its expected reading, and nothing else is kept."""
    if update_golden:
        for site, pages in readings.items():
            for old in (EXPECTED / site).glob("*.txt"):
                old.unlink()
            for page, phrases in pages.items():
                path = expected_file(site, page)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("\n".join(phrases) + "\n", encoding="utf-8")
        pytest.skip("rewrote tests/speech/expected")
    built = sorted((site, page) for site, pages in readings.items() for page in pages)
    assert built == PAGES, "run `make speech-golden` and review tests/speech/expected"


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_reading_is_the_expected_one(
    site: str, page: str, reading: Callable[[str, str], Reading], update_golden: bool
) -> None:
    """The whole reading equals the committed one (`make speech-golden` rewrites them)."""
    if update_golden:
        pytest.skip("the expected readings are being rewritten")
    expected = expected_file(site, page).read_text(encoding="utf-8").splitlines()
    assert reading(site, page) == expected


# ---------- what every reading must have ----------


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_skip_link_is_said_first(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """After "document", the first thing said is the skip link (WCAG 2.4.1). An embed page
    has nothing to skip: it starts with its title, the link to the episode page."""
    phrases = reading(site, page)
    if page.startswith("embed/"):
        assert phrases[:2] == ["document", "banner"] and HEADING.match(phrases[2]), phrases[:4]
        assert phrases[3] == "link, " + HEADING.match(phrases[2]).group(1)  # type: ignore[union-attr]
        return
    assert phrases[:2] == ["document", f"link, {chrome(site, 'skip')}"]


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_landmarks_are_few_and_named_once(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """At most five landmarks; no sections as regions; each navigation has its own name,
    and no landmark's name is said again by the heading that follows it. An embed page's
    transcript is the one named region: a keyboard reader focuses it to scroll it."""
    phrases = reading(site, page)
    landmarks = [
        (i, m.group(1), m.group(2)) for i, p in enumerate(phrases) if (m := LANDMARK.match(p))
    ]
    if page.startswith("embed/"):
        regions = [(i, name) for i, role, name in landmarks if role == "region"]
        # Named in the page's language (the Spanish show's embed pages are Spanish).
        transcript = "Transcripción" if site == "es" else "Transcript"
        assert [name for _, name in regions] == [transcript], regions
        landmarks = [mark for mark in landmarks if mark[1] != "region"]
    roles = [role for _, role, _ in landmarks]
    assert len(landmarks) <= MAX_LANDMARKS, roles
    assert roles.count("main") == 1 and "region" not in roles, roles
    names = [name for _, role, name in landmarks if role == "navigation"]
    assert all(names) and len(set(names)) == len(names), names
    for i, _, name in landmarks:
        following = HEADING.match(phrases[i + 1]) if i + 1 < len(phrases) else None
        assert not (name and following and following.group(1) == name), phrases[i : i + 2]


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_heading_outline_starts_at_one_and_skips_no_level(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """One level-1 heading, said first among the headings; no level is skipped going down."""
    levels = [int(m.group(2)) for p in reading(site, page) if (m := HEADING.match(p))]
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_nmo_episode_outline(reading: Callable[[str, str], Reading]) -> None:
    """The NMO episode: the title, the transcript with its chapters, then the rest."""
    outline = [
        (m.group(2), m.group(1)) for p in reading("nmo", NMO_EPISODE) if (m := HEADING.match(p))
    ]
    assert outline == [
        ("1", "How do Clinicians treat NMO?"),
        ("2", "Transcript"),
        ("3", "Kinds of treatment, and treating an attack"),
        ("3", "Preventing new attacks"),
        ("3", "Evidence, and treating symptoms"),
        ("2", "Show notes"),
        ("2", "Glossary of words on this page"),
        ("2", "Download this episode"),
        ("2", "Share and republish"),
        ("2", "Feedback"),
    ]


def test_nmo_episode_reaches_the_clinician_within_120_words(
    reading: Callable[[str, str], Reading],
) -> None:
    """Title, speaker, player, the closed summary and a short contents line come before the
    transcript; the clinician's first word is within the first 120 words said (the virtual
    reader's role words, "link", "heading", "level", counted too)."""
    words = 0
    for phrase in reading("nmo", NMO_EPISODE):
        if phrase.startswith("I think it’s helpful"):
            break
        words += len(re.findall(r"\w+", phrase))
    assert words <= 120, words


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_nothing_is_said_twice_in_a_row(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """No phrase is said twice in a row, and no name is said again as the next heading
    ("On this page", then "On this page, heading")."""
    phrases = reading(site, page)
    for before, after in zip(phrases, phrases[1:], strict=False):
        assert before != after, before
        heading = HEADING.match(after)
        name = before.split(", ", 1)[-1]
        assert not (heading and heading.group(1) == name), (before, after)


# ---------- episode pages: time links and transcript words ----------


@pytest.mark.parametrize(("site", "page"), EPISODES, ids=[f"{s}:{p}" for s, p in EPISODES])
def test_time_links_are_read_whole(
    site: str, page: str, reading: Callable[[str, str], Reading], built_sites: dict[str, Path]
) -> None:
    """Each time link is one link named "Play from M:SS" (one space), as many as the page
    has; "Play from" is never said apart from its time."""
    phrases = reading(site, page)
    html = (built_sites[site] / page).read_text(encoding="utf-8")
    play = chrome(site, "play")
    links = [p for p in phrases if p.startswith(f"link, {play}")]
    assert len(links) == html.count('class="timecode"')
    assert all(time_link(site).match(p) for p in links), links
    stray = [p for p in phrases if play in p and not p.startswith(("link, ", "end of link, "))]
    assert stray == []


@pytest.mark.parametrize(("site", "page"), EPISODES, ids=[f"{s}:{p}" for s, p in EPISODES])
def test_transcript_is_read_speaker_then_every_word(
    site: str, page: str, reading: Callable[[str, str], Reading], built_sites: dict[str, Path]
) -> None:
    """The words of the plain-text transcript (speaker names included, times left out) are
    all said, in their order, between the "Transcript" heading and "End of transcript.":
    only what the page adds (expansions of abbreviations, time links) comes in between."""
    text_file = built_sites[site] / page.replace("index.html", "transcript.txt")
    if not text_file.exists():
        pytest.skip("no transcript")
    phrases = reading(site, page)
    start = phrases.index(f"heading, {chrome(site, 'transcript')}, level 2")
    end = phrases.index(chrome(site, "end"), start)
    said = words(" ".join(_text_of(p) for p in phrases[start + 1 : end]))
    text = re.sub(r"\[\d+:\d\d(?::\d\d)?\]", " ", text_file.read_text(encoding="utf-8"))
    missing = _not_in_order(words(text), said)
    assert missing == [], f"not said, or out of order, from: {missing[:12]}"
    # Each speaker line ends its paragraph, and the turn's words follow in the next one.
    html = (built_sites[site] / page).read_text(encoding="utf-8")
    speakers = {unescape(s) for s in re.findall(r'<span class="speaker">(.*?)</span>', html)}
    heads = [i for i in range(start, end) if phrases[i] in speakers]
    assert len(heads) == html.count('<p class="turn-head">') - _untitled_heads(html)
    for i in heads:
        assert phrases[i + 1 : i + 3] == ["end of paragraph", "paragraph"], phrases[i : i + 3]


def _untitled_heads(html: str) -> int:
    """Turn heads with a time link and no speaker (a turn nobody is named for)."""
    return len(re.findall(r'<p class="turn-head">(?:(?!</p>).)*</a></p>', html))


def words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.casefold())


def _text_of(phrase: str) -> str:
    """The page's own words in a phrase: a link's or heading's name without the reader's
    words about it; nothing for the reader's structure phrases ("end of paragraph")."""
    if re.match(r"^(end of |)(paragraph|list|listitem|time|term|definition)\b", phrase):
        return ""
    if phrase.startswith("end of "):
        return ""
    if named := re.match(r"^(?:link|heading), (.*?)(?:, level \d)?$", phrase):
        return named.group(1)
    return phrase


def _is_structure(phrase: str) -> bool:
    """The reader's own words about structure, not the page's text."""
    return not _text_of(phrase) or phrase.startswith(("link, ", "heading, "))


def _not_in_order(needed: list[str], said: list[str]) -> list[str]:
    """What is left of ``needed`` once matched in order against ``said`` (empty: all said)."""
    position = 0
    for index, word in enumerate(needed):
        try:
            position = said.index(word, position) + 1
        except ValueError:
            return needed[index:]
    return []


@pytest.mark.parametrize(("site", "page"), EPISODES, ids=[f"{s}:{p}" for s, p in EPISODES])
def test_abbreviations_are_expanded_before_they_are_said(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """The first time an abbreviation is said in the transcript, its expansion is said just
    before it ("intravenous (IV)"): a synthesiser reads "IV" as "roman four"."""
    phrases = reading(site, page)
    start = phrases.index(f"heading, {chrome(site, 'transcript')}, level 2")
    transcript = phrases[start : phrases.index(chrome(site, "end"), start)]
    for term in glossary_terms(site):
        if not term.get("expansion") or not any(c.isupper() for c in term["term"][1:]):
            continue
        said = [p for p in transcript if re.search(rf"(?<!\w){re.escape(term['term'])}(?!\w)", p)]
        if said:
            assert f"{term['expansion']} ({term['term']})" in said[0], said[0]


# ---------- glossaries ----------


def glossary_terms(site: str) -> list[dict[str, str]]:
    path = SOURCES[site] / "glossary.toml"
    if not path.exists():
        return []
    terms: list[dict[str, str]] = tomllib.loads(path.read_text(encoding="utf-8"))["term"]
    return terms


def said_as(term: dict[str, str]) -> str:
    """How a glossary entry's term is said: the expansion first for an abbreviation."""
    return f"{term['expansion']} ({term['term']})" if term.get("expansion") else term["term"]


@pytest.mark.parametrize(("site", "page"), PAGES, ids=[f"{s}:{p}" for s, p in PAGES])
def test_each_glossary_term_is_read_once_with_its_expansion(
    site: str, page: str, reading: Callable[[str, str], Reading]
) -> None:
    """Each entry is one term said once, with its expansion in the same phrase, and one
    definition (other spellings inside it, so no "2 values"); the glossary page has them all."""
    phrases = reading(site, page)
    starts = [i for i, p in enumerate(phrases) if p == "term"]
    terms = [phrases[i + 1] for i in starts]
    assert [phrases[i + 2] for i in starts] == ["end of term"] * len(starts), terms
    assert len(terms) == len(set(terms)), terms
    assert phrases.count("definition") == len(terms)
    known = {said_as(t) for t in glossary_terms(site)}
    assert set(terms) <= known, set(terms) - known
    if page == "glossary/index.html":
        assert set(terms) == known
