"""The syndication kit, read back from built sites: each episode's ``oembed.json`` checked
field by field against oEmbed 1.0 (oembed.com, sections 2.3.4 and 2.3.4.4) and found through
its page's discovery link, ``feeds.opml`` read by listparser, the embed page (links that
leave the frame, the scrolling transcript, time links), and the episode page's "Share and
republish" section for each kind of licence.

The golden ``full`` show has a local-media episode, a remote video, an untimed trailer and a
draft; ``make_show`` shows try the licences and an episode without media.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import listparser
import pytest
from test_pages import Element, parse, section_of, squash

from nmo_feed import build, layout
from nmo_feed.render import hosting

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
SITE = "https://example.org/full/"
PUBLISHED = ("first-questions", "talking-about-sight", "untimed-trailer")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("syndication") / "out"
    assert not build.build(FULL, root, cache_root=None).failed()
    return root


def oembed(out: Path, slug: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "episodes" / slug / "oembed.json").read_bytes())
    return data


def iframe_of(snippet: str) -> Element:
    page = parse(snippet.encode())
    [frame] = page.find_all("iframe")
    assert page.children == [frame], "the html is the iframe alone"
    return frame


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- oEmbed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", PUBLISHED)
def test_oembed_has_every_field_the_spec_asks_for_with_its_type(out: Path, slug: str) -> None:
    """oEmbed 1.0: ``type`` and ``version`` "1.0" always; a rich response ``html``, ``width``
    and ``height`` (integers, pixels); the optional fields are strings or integers as the spec
    types them, and the three thumbnail fields come together."""
    data = oembed(out, slug)
    assert (data["version"], data["type"]) == ("1.0", "rich")
    for name in ("html", "title", "author_name", "author_url", "provider_name", "provider_url"):
        assert isinstance(data[name], str) and data[name], name
    for name in ("width", "height", "thumbnail_width", "thumbnail_height"):
        value = data[name]
        assert isinstance(value, int) and not isinstance(value, bool) and value > 0, name
    assert data["provider_url"] == data["author_url"] == SITE
    assert set(data) == {
        "version", "type", "html", "width", "height", "title", "author_name", "author_url",
        "provider_name", "provider_url", "thumbnail_url", "thumbnail_width", "thumbnail_height",
    }  # fmt: skip


@pytest.mark.parametrize("slug", PUBLISHED)
def test_oembed_html_is_an_iframe_of_the_embed_page_with_a_title(out: Path, slug: str) -> None:
    data = oembed(out, slug)
    frame = iframe_of(str(data["html"]))
    assert frame.attrs["src"] == f"{SITE}embed/{slug}/"
    assert (out / "embed" / slug / "index.html").is_file()
    title = str(data["title"])
    assert frame.attrs["title"] == f"Player and transcript: {title}"
    assert (int(frame.attrs["width"]), int(frame.attrs["height"])) == (
        data["width"],
        data["height"],
    )


def test_a_video_gets_a_taller_frame(out: Path) -> None:
    assert oembed(out, "talking-about-sight")["height"] > oembed(out, "first-questions")["height"]


def test_oembed_thumbnail_is_the_touch_icon_at_its_real_size(out: Path) -> None:
    data = oembed(out, "first-questions")
    assert data["thumbnail_url"] == SITE + "apple-touch-icon.png"
    real = png_size((out / "apple-touch-icon.png").read_bytes())
    assert real == (data["thumbnail_width"], data["thumbnail_height"])


def test_a_show_with_remote_artwork_gives_no_thumbnail(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_show()
    text = (root / "show.toml").read_text()
    (root / "show.toml").write_text(text + 'artwork = "https://example.org/art.png"\n')
    assert not build.build(root, tmp_path / "out", cache_root=None).failed()
    [found] = (tmp_path / "out" / "episodes").glob("*/oembed.json")
    data = json.loads(found.read_bytes())
    assert not {"thumbnail_url", "thumbnail_width", "thumbnail_height"} & set(data)
    assert data["type"] == "rich"


@pytest.mark.parametrize("slug", PUBLISHED)
def test_the_discovery_link_resolves_to_the_oembed_file(out: Path, slug: str) -> None:
    """``<link rel="alternate" type="application/json+oembed">`` in the page's head, with a
    title, names this site's ``oembed.json`` for the episode (a URL read back to its file)."""
    page = parse((out / "episodes" / slug / "index.html").read_bytes())
    [head] = page.find_all("head")
    links = [
        link
        for link in head.find_all("link")
        if link.attrs.get("rel") == "alternate"
        and link.attrs.get("type") == "application/json+oembed"
    ]
    assert len(links) == 1 and links[0].attrs["title"]
    path = layout.Site(SITE).path(links[0].attrs["href"])
    assert path == PurePosixPath("episodes", slug, "oembed.json")
    assert json.loads((out / path).read_bytes()) == oembed(out, slug)


def test_oembed_files_are_json_for_any_origin(out: Path) -> None:
    headers = dict(hosting.headers_for(PurePosixPath("episodes", "first-questions", "oembed.json")))
    assert headers["Content-Type"] == "application/json"
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_drafts_have_no_embed_and_no_oembed(out: Path) -> None:
    assert sorted(p.name for p in (out / "embed").iterdir()) == sorted(PUBLISHED)
    assert sorted(p.parent.name for p in out.glob("episodes/*/oembed.json")) == sorted(PUBLISHED)


# --- feeds.opml -----------------------------------------------------------------------------


def test_the_opml_lists_the_show_feed_and_every_topic_feed(out: Path) -> None:
    parsed = listparser.parse((out / "feeds.opml").read_text(encoding="utf-8"))
    assert not parsed.bozo, parsed.bozo_exception
    urls = [feed.url for feed in parsed.feeds]
    topic_feeds = sorted(
        SITE + p.relative_to(out).as_posix() for p in out.glob("topics/*/feed.xml")
    )
    assert topic_feeds, "the fixture has topics"
    assert urls == [SITE + "feed.xml", *topic_feeds]
    assert all(feed.title for feed in parsed.feeds)
    # The JSON Feed has the same episodes: a reader importing it too would follow them twice.
    assert SITE + "feed.json" not in urls
    assert parsed.meta.title


def test_the_show_page_links_the_opml(out: Path) -> None:
    page = parse((out / "index.html").read_bytes())
    hrefs = [a.attrs.get("href") for a in page.find_all("a")]
    assert "feeds.opml" in hrefs
    assert dict(hosting.headers_for(layout.OPML))["Content-Type"] == "text/x-opml; charset=utf-8"


# --- the embed page -------------------------------------------------------------------------


def embed_page(out: Path, slug: str) -> Element:
    return parse((out / "embed" / slug / "index.html").read_bytes())


@pytest.mark.parametrize("slug", PUBLISHED)
def test_every_embed_link_but_time_links_opens_in_the_top_window(out: Path, slug: str) -> None:
    page = embed_page(out, slug)
    links = page.find_all("a")
    others = [a for a in links if "timecode" not in a.classes]
    assert others and all(a.attrs.get("target") == "_top" for a in others)
    canonical = f"{SITE}episodes/{slug}/"
    assert [a.attrs["href"] for a in others].count(canonical) == 2  # title and credit line
    for link in (a for a in links if "timecode" in a.classes):
        assert "target" not in link.attrs
        assert link.attrs["href"].endswith(f"#t={link.attrs['data-seek']}")


def test_embed_time_links_open_the_players_media(out: Path) -> None:
    page = embed_page(out, "first-questions")
    [player] = page.find_all("audio")
    [source] = player.find_all("source")
    base = f"{SITE}embed/first-questions/"
    media = urljoin(base, source.attrs["src"])
    assert media == SITE + "media/first-questions/tone.wav"
    times = [a for a in page.find_all("a") if "timecode" in a.classes]
    assert times and all(urljoin(base, a.attrs["href"]).split("#")[0] == media for a in times)


def test_the_embed_has_the_player_captions_and_a_scrolling_transcript(out: Path) -> None:
    page = embed_page(out, "first-questions")
    [player] = page.find_all("audio")
    assert "controls" in player.attrs and "autoplay" not in player.attrs
    [track] = player.find_all("track")
    vtt = urljoin(f"{SITE}embed/first-questions/", track.attrs["src"])
    assert vtt == SITE + "episodes/first-questions/transcript.vtt"
    assert (track.attrs["kind"], "default" in track.attrs) == ("captions", True)
    [region] = [s for s in page.find_all("section") if "embed-transcript" in s.classes]
    assert (region.attrs["tabindex"], region.attrs["aria-label"]) == ("0", "Transcript")
    # Its visible label is not said again after the region's name; chapters are its h2s.
    [label] = [p for p in region.find_all("p") if "embed-label" in p.classes]
    assert (label.text, label.attrs["aria-hidden"]) == ("Transcript", "true")
    assert region.find_all("h2") == region.find_all("h3") == []  # no chapters here
    assert "End of transcript." in region.text


def test_the_embeds_chapters_are_its_headings() -> None:
    """The NMO episode's chapters are the embed's h2s, straight under its title (h1)."""
    result = build.check(FULL.parents[3] / "episodes")
    assert not result.failed()
    page = parse(result.files[PurePosixPath("embed/how-do-clinicians-treat-nmo/index.html")])
    assert [h.text for h in page.find_all("h1")] == ["How do Clinicians treat NMO?"]
    assert [h.text for h in page.find_all("h2")] == [
        "Kinds of treatment, and treating an attack",
        "Preventing new attacks",
        "Evidence, and treating symptoms",
    ]


def test_the_embed_names_the_speakers_and_the_licence(out: Path) -> None:
    page = embed_page(out, "talking-about-sight")
    [header] = page.find_all("header")
    [byline] = header.find_all("p")
    assert byline.text.startswith("With ") and "," in byline.text  # name, credentials
    [footer] = page.find_all("footer")
    assert "Licence:" in footer.text
    [video] = page.find_all("video")
    assert video.attrs["aria-label"] == "Watch the episode"


def test_an_episode_without_media_gets_an_embed_with_its_transcript(
    make_show, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """No media: no player and no time links, but the transcript, the title and the credit,
    which lead to the episode page."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": (
                "---\ntitle: Words only\ndate: 2024-05-01\nguid: g-1\nsummary: S.\n---\nNotes.\n"
            ),
            "2024-05-01-first/transcript.md": "Ann Lee:\n\n[0:05] Hello from the transcript.\n",
        }
    )
    result = build.check(root)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    [path] = [p for p in result.files if p.parts[0] == "embed"]
    page = parse(result.files[path])
    assert page.find_all("audio") == page.find_all("video") == []
    assert not [a for a in page.find_all("a") if "timecode" in a.classes]
    assert "Hello from the transcript." in squash(page.text)


# --- "Share and republish" ------------------------------------------------------------------


def share_section(data: bytes) -> Element:
    return section_of(parse(data), "share")


@pytest.mark.parametrize("slug", PUBLISHED)
def test_the_share_field_holds_the_oembed_snippet(out: Path, slug: str) -> None:
    """The read-only field works without scripts: it holds exactly the oEmbed ``html``; the
    copy button is hidden until share.js shows it, with an empty polite status."""
    section = share_section((out / "episodes" / slug / "index.html").read_bytes())
    [field] = section.find_all("input")
    assert "readonly" in field.attrs and field.attrs["type"] == "text"
    assert field.attrs["value"] == oembed(out, slug)["html"]
    [label] = section.find_all("label")
    assert label.attrs["for"] == field.attrs["id"]
    [row] = [p for p in section.find_all("p") if "share-button" in p.classes]
    assert "hidden" in row.attrs
    [button] = row.find_all("button")
    assert button.attrs["type"] == "button" and button.attrs["data-copy"] == field.attrs["id"]
    [status] = [s for s in row.find_all("span") if s.attrs.get("role") == "status"]
    assert status.text == ""


def test_the_share_section_links_the_transcript_fragment(out: Path) -> None:
    section = share_section((out / "episodes" / "first-questions" / "index.html").read_bytes())
    assert "transcript.html" in [a.attrs["href"] for a in section.find_all("a")]


def licensed(
    make_show, tmp_path: Path, show_license: str | None, episode_license: str = ""
) -> Element:  # type: ignore[no-untyped-def]
    root = make_show()
    if show_license:  # a top-level key, so before any table of show.toml
        text = (root / "show.toml").read_text()
        (root / "show.toml").write_text(f"license = {show_license!r}\n" + text)
    if episode_license:
        [md] = root.glob("*/episode.md")
        md.write_text(md.read_text().replace("---\n", f"---\nlicense: {episode_license}\n", 1))
    result = build.check(root)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    [page] = [p for p in result.files if p.parts[0] == "episodes" and p.name == "index.html"]
    return share_section(result.files[page])


def test_a_creative_commons_licence_is_named_linked_and_in_the_credit(
    make_show, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    section = licensed(make_show, tmp_path, "CC-BY-4.0")
    text = squash(section.text)
    assert "Creative Commons Attribution 4.0 International (CC-BY-4.0)" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in [
        a.attrs["href"] for a in section.find_all("a")
    ]
    [credit] = [p for p in section.find_all("p") if "share-credit" in p.classes]
    assert credit.text.endswith(
        "Licence: Creative Commons Attribution 4.0 International"
        " (https://creativecommons.org/licenses/by/4.0/)."
    )
    assert "permission" not in text


def test_all_rights_reserved_says_so_and_points_to_the_contact(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    section = licensed(make_show, tmp_path, "CC-BY-4.0", episode_license="All rights reserved")
    text = squash(section.text)
    assert "Licence: All rights reserved." in text and "without permission" in text
    contact = [a for a in section.find_all("a") if a.attrs["href"].startswith("mailto:")]
    assert contact and "permission" in contact[0].text
    [credit] = [p for p in section.find_all("p") if "share-credit" in p.classes]
    assert "Licence" not in credit.text  # reuse is agreed case by case


def test_no_licence_asks_before_republishing(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    section = licensed(make_show, tmp_path, None)
    assert "No licence is given for reuse" in squash(section.text)
    assert section.find_all("input"), "embedding is offered all the same"


def test_hostile_titles_stay_text_in_the_snippet_and_the_oembed(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = 'Q&A <script>alert(1)</script> "quoted"'
    root = make_show()
    [md] = root.glob("*/episode.md")
    text = md.read_text()
    title_line = next(line for line in text.splitlines() if line.startswith("title:"))
    md.write_text(text.replace(title_line, f"title: {json.dumps(hostile)}"))
    result = build.check(root)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    [path] = [p for p in result.files if p.name == "oembed.json"]
    data = json.loads(result.files[path])
    assert data["title"] == hostile
    frame = iframe_of(data["html"])
    assert frame.attrs["title"] == f"Player and transcript: {hostile}"
    page = result.files[PurePosixPath(path.parent, "index.html")].decode()
    assert "<script>alert" not in page
    [field] = share_section(page.encode()).find_all("input")
    assert field.attrs["value"] == data["html"]
