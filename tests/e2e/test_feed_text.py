"""What real podcast apps showed of the feed's text, as rules on every built feed
(FEED_SITES in support.py: the NMO show, the wrapped show and every golden fixture show).

- castero drops line breaks, so a line break inside a run of text ran words together ("on2
  April") and newsboat wraps at them: no feed text may depend on a line break read as a space.
- newsboat, feedparser, partytime and the Podverse parser name an episode's author only from
  the item's ``itunes:author``: every item has one, its speakers or else the show's author.
- Apps show either ``description`` or ``content:encoded``: both carry the summary, the
  plain-language summary and a link to the episode's page (its transcript).

Expected values come from the show folders themselves (episode.md front matter, show.toml).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from lxml import etree
from support import FEED_SITES, BuiltFeed

NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
# HTML elements whose own text is only whitespace between child elements.
CONTAINERS = {"div", "ul", "ol", "blockquote"}
LINE_BREAK = re.compile(r"[\r\n]")


@pytest.fixture(params=FEED_SITES)
def built(request: pytest.FixtureRequest, feed_sites: dict[str, BuiltFeed]) -> BuiltFeed:
    return feed_sites[request.param]


def html_line_breaks(fragment: str) -> list[str]:
    """Each text node of the HTML ``fragment`` that holds a line break where a reader could
    see it: anywhere but in whitespace between blocks (directly in the fragment or a list or
    quotation) and inside ``<pre>``, where line breaks are the text."""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        in_pre = any(a.tag == "pre" for a in (element, *element.iterancestors()))
        # element.text sits inside element; a child's tail sits inside element too.
        for text in [element.text, *(child.tail for child in element)]:
            if not text or not LINE_BREAK.search(text) or in_pre:
                continue
            if text.strip() or element.tag not in CONTAINERS:
                found.append(f"<{element.tag}>{text!r}")
    return found


def feed_line_breaks(feed: Path) -> list[str]:
    """Each place in the feed where a line break sits inside a run of text: in the text of
    an element without child elements (title, description, names, ...) and in the HTML of
    ``description`` and ``content:encoded``."""
    found = []
    for element in etree.parse(str(feed)).iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in ("description", "encoded") and element.getparent().tag == "item":
            found += [f"item {name}: {t}" for t in html_line_breaks(element.text or "")]
        elif len(element) == 0 and element.text and LINE_BREAK.search(element.text):
            found.append(f"{name}: {element.text!r}")
        elif len(element) and (element.text or "").strip():
            found.append(f"{name} holds text beside elements: {element.text!r}")
    return found


def test_no_line_break_inside_any_feed_text(built: BuiltFeed) -> None:
    """No text the feed carries holds a line break a reader would see: a client that drops
    line breaks (castero) shows every word apart and every sentence whole."""
    assert feed_line_breaks(built.feed) == []


@pytest.mark.parametrize(
    ("fragment", "found"),
    [
        ("<p>first published on\n2 April</p>", ["<p>'first published on\\n2 April'"]),
        ("<p>sometimes\n<em>plasma</em> exchange</p>", ["<p>'sometimes\\n'"]),
        ("<p><em>a</em>\n<em>b</em></p>", ["<p>'\\n'"]),
        ("<ul><li>one\ntwo</li></ul>", ["<li>'one\\ntwo'"]),
        ("<p>one</p>\n<ul>\n<li>two</li>\n</ul>", []),
        ("<pre><code>code\nlines</code></pre>", []),
    ],
)
def test_the_line_break_rule_finds_what_castero_runs_together(
    fragment: str, found: list[str]
) -> None:
    """The rule above catches a line break inside text, inline elements included, and lets
    through line breaks between blocks and in code."""
    assert html_line_breaks(fragment) == found


def front_matter(episode_md: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(episode_md.read_text(encoding="utf-8").split("---\n")[1]))


def published(built: BuiltFeed) -> dict[str, dict[str, Any]]:
    """The front matter of each published episode of the show, by guid."""
    episodes = (front_matter(p) for p in sorted(built.source.glob("*/episode.md")))
    return {str(e["guid"]): e for e in episodes if not e.get("draft")}


def one_line(text: str) -> str:
    return " ".join(text.split())


def items(built: BuiltFeed) -> list[Any]:
    return list(etree.parse(str(built.feed)).getroot().iterfind("channel/item"))


def test_every_item_has_an_author(built: BuiltFeed) -> None:
    """Each item's itunes:author names the episode's speakers, else the show's author."""
    show = tomllib.loads((built.source / "show.toml").read_text(encoding="utf-8"))
    episodes = published(built)
    found = {
        item.findtext("guid"): item.findtext("itunes:author", namespaces=NAMESPACES)
        for item in items(built)
    }
    assert found == {
        guid: ", ".join(s["name"] for s in e.get("speakers", ())) or show["author"]
        for guid, e in episodes.items()
    }


def text_and_links(fragment: str) -> tuple[str, list[str]]:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return one_line(root.text_content()), [a.get("href") for a in root.iter("a")]


def test_description_and_content_both_carry_summaries_and_the_page_link(
    built: BuiltFeed,
) -> None:
    """Both the description and content:encoded hold the summary, every plain-language
    sentence and a link to the episode's page, the summary first."""
    episodes = published(built)
    problems = []
    for item in items(built):
        episode = episodes[item.findtext("guid")]
        summaries = [one_line(episode["summary"]), *map(one_line, episode.get("plain_summary", ()))]
        for name in ("description", "content:encoded"):
            text, links = text_and_links(item.findtext(name, namespaces=NAMESPACES))
            missing = [s for s in summaries if s not in text]
            if missing or not text.startswith(summaries[0]):
                problems.append((item.findtext("guid"), name, "summary", missing))
            if item.findtext("link") not in links:
                problems.append((item.findtext("guid"), name, "link", links))
    assert problems == []


def test_description_keeps_apple_rules(built: BuiltFeed) -> None:
    """Each description is at most 4000 UTF-8 bytes and uses only p, ol, ul, li and a."""
    found = []
    for item in items(built):
        text = item.findtext("description")
        root = lxml.html.fragment_fromstring(text, create_parent="div")
        tags = {el.tag for el in root.iter()} - {"div"}
        found.append((len(text.encode()) <= 4000, sorted(tags - {"p", "ol", "ul", "li", "a"})))
    assert found == [(True, [])] * len(found)
