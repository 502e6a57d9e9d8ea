"""The reuse licence: show.toml's ``license`` on every page in words and as a link, an
episode's own ``license`` on its page and as its item's ``podcast:license`` (the feed read
back with lxml), "All rights reserved" pointing to the contact for permission."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from lxml import etree

from nmo_feed import build
from nmo_feed.render import licence

PODCAST = "{https://podcastindex.org/namespace/1.0}"


def episode(day: int, title: str, license_line: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: 2024-05-{day:02d}\nguid: guid-{day}\nsummary: S{day}.\n"
        "media: {url: 'https://example.org/a.mp3', type: audio/mpeg, length: 1, duration: 60}\n"
        f"{license_line}---\nNotes.\n"
    )


def built(make_show, show_toml: str, show_license: str | None) -> build.Result:  # type: ignore[no-untyped-def]
    toml = (f"license = {show_license!r}\n" if show_license else "") + show_toml
    root = make_show(
        {
            "show.toml": toml,
            "2024-05-01-first/episode.md": None,
            "2024-05-01-inherits/episode.md": episode(1, "Inherits"),
            "2024-05-02-reserved/episode.md": episode(
                2, "Reserved", "license: All rights reserved\n"
            ),
            "2024-05-03-nd/episode.md": episode(3, "No derivatives", "license: CC-BY-NC-ND-4.0\n"),
        }
    )
    result = build.check(root)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return result


def footer_licence(result: build.Result, page: str) -> str:
    html = result.files[PurePosixPath(page)].decode()
    # The footer's line (the "Share and republish" section names the licence too).
    footer = html[html.index('<footer class="site-footer">') :]
    [line] = re.findall(r"<p>Licence: .*?</p>", footer)
    return line


def item_licences(result: build.Result) -> dict[str, str | None]:
    root = etree.fromstring(result.files[PurePosixPath("feed.xml")])
    found = {}
    for item in root.iter("item"):
        tag = item.find(f"{PODCAST}license")
        found[item.findtext("guid") or ""] = None if tag is None else tag.text
    return found


def test_every_page_shows_the_licence_and_an_episode_its_own(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    result = built(make_show, show_toml, "CC-BY-4.0")
    cc_by = (
        '<p>Licence: <a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons'
        " Attribution 4.0 International</a> (CC-BY-4.0).</p>"
    )
    assert footer_licence(result, "index.html") == cc_by
    assert footer_licence(result, "episodes/inherits/index.html") == cc_by
    assert footer_licence(result, "episodes/nd/index.html") == (
        '<p>Licence: <a href="https://creativecommons.org/licenses/by-nc-nd/4.0/">Creative'
        " Commons Attribution-NonCommercial-NoDerivatives 4.0 International</a>"
        " (CC-BY-NC-ND-4.0).</p>"
    )
    assert footer_licence(result, "episodes/reserved/index.html") == (
        '<p>Licence: All rights reserved. <a href="mailto:owner@example.org?subject='
        'Feedback%3A%20Reserved">Ask us for permission to reuse</a>.</p>'
    )


def test_an_episode_licence_is_its_items_podcast_license(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    result = built(make_show, show_toml, "CC-BY-4.0")
    channel = etree.fromstring(result.files[PurePosixPath("feed.xml")]).find("channel")
    assert channel is not None and channel.findtext(f"{PODCAST}license") == "CC-BY-4.0"
    # Free text is not an identifier: it stays out of the feed, as the show's does.
    assert item_licences(result) == {"guid-3": "CC-BY-NC-ND-4.0", "guid-2": None, "guid-1": None}


def test_without_a_show_licence_only_the_episodes_own_is_shown(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    result = built(make_show, show_toml, None)
    html = result.files[PurePosixPath("index.html")].decode()
    assert "Licence:" not in html
    assert "Licence:" not in result.files[PurePosixPath("episodes/inherits/index.html")].decode()
    assert "CC-BY-NC-ND-4.0" in footer_licence(result, "episodes/nd/index.html")


def test_licences_in_words() -> None:
    contact = "https://example.org/contact"
    assert licence.of("cc0-1.0", contact) == licence.Licence(
        "cc0-1.0",
        "Creative Commons Zero 1.0 Universal (public domain)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    )
    assert licence.of("all rights reserved.", contact).reserved
    assert licence.of("All rights reserved", contact).href == contact
    unknown = licence.of("Free to share with the Society's permission", contact)
    assert (unknown.name, unknown.href, unknown.reserved) == (unknown.text, None, False)
    url = "https://example.org/terms"
    assert licence.of(url, contact, url).href == url
    assert licence.is_identifier("MIT") and not licence.is_identifier("All rights reserved")
    assert not licence.is_identifier(None)
