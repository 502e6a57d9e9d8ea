"""``nmo-feed import``: feeds shaped like other hosts' exports, nmo-feed's own feed, and broken
and hostile feeds, imported into show folders that are then built for real.

The guarantee under test: in the feed built from the imported folder, every item keeps its
guid, enclosure URL, pubDate and title, as the old feed's own readers see them (feedparser
and gPodder's podcastparser) and as the XML says them, so no app downloads anything again.
Fixture feeds are in ``tests/import_feeds/`` (each names what it imitates); the HTTP tests
serve files from a real server on 127.0.0.1.
"""

from __future__ import annotations

import http.server
import io
import re
import threading
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nmo_feed import build as pipeline
from nmo_feed.authoring import command, htmlnotes, writer
from nmo_feed.authoring.fetch import ImportFailed
from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.load import show as config
from nmo_feed.load import sources as metadata
from nmo_feed.render import feedtext, notes

FEEDS = Path(__file__).resolve().parents[1] / "import_feeds"
PODCAST = "https://podcastindex.org/namespace/1.0"
HOSTS = ["powerpress", "anchor", "buzzsprout", "libsyn", "castopod", "podlove"]
NEW_SITE = "https://new.example.org/show/"


# --- helpers ----------------------------------------------------------------------------

Item = tuple[str, str, datetime]
"""(title, enclosure URL, publication instant) of one item."""


def by_xml(feed: bytes) -> dict[str, Item]:
    """Items by guid as the XML says them (stdlib parser: these are our own test files);
    an item without a guid is known by its enclosure URL, as apps know it."""
    result = {}
    for item in ElementTree.fromstring(feed).iter("item"):
        enclosure = item.find("enclosure")
        url = enclosure.get("url", "").strip() if enclosure is not None else ""
        guid = (item.findtext("guid") or "").strip() or url
        if guid and item.findtext("pubDate"):
            date = parsedate_to_datetime(item.findtext("pubDate", "").strip())
            result[guid] = ((item.findtext("title") or "").strip(), url, date)
    return result


def by_feedparser(feed: bytes) -> dict[str, tuple[str, str, object]]:
    parsed = feedparser.parse(feed)
    return {
        entry.get("id") or entry.enclosures[0].href: (
            entry.title,
            entry.enclosures[0].href,
            tuple(entry.published_parsed),
        )
        for entry in parsed.entries
        if entry.get("enclosures")
    }


def by_podcastparser(feed: bytes) -> dict[str, tuple[str, str, int]]:
    parsed = podcastparser.parse("https://old.example.org/feed.xml", io.BytesIO(feed))
    return {
        episode["guid"]: (episode["title"], episode["enclosures"][0]["url"], episode["published"])
        for episode in parsed["episodes"]
    }


def import_and_build(
    source: Path | str, tmp_path: Path, **options: object
) -> tuple[command.Report, Path, bytes]:
    into = tmp_path / "show"
    options.setdefault("download", False)
    options.setdefault("site_url", NEW_SITE)
    report = command.run(str(source), into, **options)  # type: ignore[arg-type]
    out = tmp_path / "out"
    result = pipeline.build(into, out, cache_root=None, jobs=1)
    problems = [f"{d.location.render('')}: {d.code}: {d.message}" for d in result.diagnostics]
    assert not result.failed(), problems
    return report, into, (out / "feed.xml").read_bytes()


def assert_round_trip(old: bytes, new: bytes) -> None:
    """Every item of the old feed is in the new one with the same guid, title, enclosure URL
    and date, as each reader sees them."""
    for read in (by_xml, by_feedparser, by_podcastparser):
        before, after = read(old), read(new)
        assert before, read.__name__
        assert {guid: after.get(guid) for guid in before} == before, read.__name__


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, tuple[int, str, bytes]]]]:
    """A real HTTP server on 127.0.0.1 answering from ``files``: path → (status, type, body)."""
    files: dict[str, tuple[int, str, bytes]] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            status, kind, body = files.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", files
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- the guarantee ----------------------------------------------------------------------


@pytest.mark.parametrize("host", HOSTS)
def test_each_host_feed_round_trips(host: str, tmp_path: Path) -> None:
    old = (FEEDS / f"{host}.xml").read_bytes()
    report, into, new = import_and_build(FEEDS / f"{host}.xml", tmp_path)
    assert_round_trip(old, new)
    assert len(report.imported) == len(by_xml(old))
    # The show keeps its podcast:guid: the old feed's own, else the one computed from the old
    # feed's URL as the Podcasting 2.0 spec says.
    show = tomllib.loads((into / "show.toml").read_text())
    root = ElementTree.fromstring(old)
    own = root.findtext("channel/{https://podcastindex.org/namespace/1.0}guid")
    self_url = next(
        link.get("href")
        for link in root.iter("{http://www.w3.org/2005/Atom}link")
        if link.get("rel") == "self"
    )
    assert show["podcast_guid"] == (own or config.podcast_guid(self_url))
    assert show["site_url"] == NEW_SITE


def test_nmo_feeds_own_feed_round_trips(nmo_site: Path, full_site: Path, tmp_path: Path) -> None:
    """Import what nmo-feed built, build it again: the same items, and the same show guid."""
    for name, site in (("nmo", nmo_site), ("full", full_site)):
        old = (site / "feed.xml").read_bytes()
        report, into, new = import_and_build(site / "feed.xml", tmp_path / name)
        assert_round_trip(old, new)
        old_guid = ElementTree.fromstring(old).findtext(
            "channel/{https://podcastindex.org/namespace/1.0}guid"
        )
        assert tomllib.loads((into / "show.toml").read_text())["podcast_guid"] == old_guid
        assert not report.skipped


def test_a_feed_without_podcast_guid_gets_the_one_computed_from_the_old_url(
    tmp_path: Path,
) -> None:
    """Castopod's feed has its own guid; without it, the old feed's URL gives it (uuid5 of
    the URL without the scheme, in the podcast namespace's namespace)."""
    text = (FEEDS / "libsyn.xml").read_text()
    assert "podcast:guid" not in text
    command.run(str(FEEDS / "libsyn.xml"), tmp_path / "a", download=False)
    show = tomllib.loads((tmp_path / "a" / "show.toml").read_text())
    assert show["podcast_guid"] == config.podcast_guid("nmotalk.libsyn.com/rss")
    # A file that says nothing of its URL needs to be told it; the import refuses to guess.
    bare = tmp_path / "bare.xml"
    bare.write_text(re.sub(r"<atom:link [^>]*/>", "", text))
    with pytest.raises(ImportFailed, match=r"error\[unknown-feed-url\].*--old-feed-url"):
        command.run(str(bare), tmp_path / "b", download=False)
    assert not (tmp_path / "b").exists()
    command.run(
        str(bare), tmp_path / "c", download=False, old_feed_url="https://old.example.org/rss/"
    )
    show = tomllib.loads((tmp_path / "c" / "show.toml").read_text())
    assert show["podcast_guid"] == config.podcast_guid("old.example.org/rss")


def test_show_settings_come_from_the_channel(tmp_path: Path) -> None:
    command.run(str(FEEDS / "castopod.xml"), tmp_path / "s", download=False)
    show = tomllib.loads((tmp_path / "s" / "show.toml").read_text())
    assert show["title"] == "NMO Europe"
    assert show["language"] == "fr"
    assert show["license"] == "CC-BY-4.0"
    assert show["copyright"] == "© 2024 NMO Europe"
    assert show["locked"] is True
    assert show["explicit"] is False
    assert show["type"] == "episodic"
    assert show["artwork"] == "https://pod.example.eu/media/podcasts/nmo_eu/cover_feed.jpg"
    assert show["categories"] == [["Health & Fitness", "Medicine"], ["News"]]
    assert show["owner"] == {"name": "NMO Europe", "email": "contact@nmo-eu.example.eu"}
    assert show["funding"] == [
        {"url": "https://nmo-eu.example.eu/don", "text": "Soutenir le réseau"}
    ]
    assert [p["name"] for p in show["persons"]] == ["Léa Dubois", "Tom Peeters"]
    assert show["persons"][1]["role"] == "producer"
    # No --site-url: a placeholder that the report names.
    assert show["site_url"] == writer.PLACEHOLDER_SITE_URL


def test_episode_fields_come_from_the_item(tmp_path: Path) -> None:
    command.run(str(FEEDS / "buzzsprout.xml"), tmp_path / "s", download=False)
    text = tmp_path / "s" / "2024-03-08-2-optic-neuritis-in-ten-minutes" / "episode.md"
    record = metadata.read_episode(text, SourceLocation(Path("episode.md"))).front_matter  # type: ignore[arg-type]
    assert record.values["guid"] == "Buzzsprout-14512346"
    assert record.values["title"] == "2. Optic neuritis in ten minutes"
    assert record.values["date"] == "2024-03-08T09:00:00-05:00"
    assert record.values["number"] == 2
    assert record.values["media"] == {
        "url": "https://www.buzzsprout.com/2201234/14512346-optic-neuritis-in-ten-minutes.mp3",
        "type": "audio/mpeg",
        "length": 9874321,
        "duration": 617,
    }
    assert record.values["speakers"] == [
        {
            "name": "Sam Lee, RN",
            "role": "guest",
            "group": "cast",
            "href": "https://eyeclinic.example.net/team/sam",
        }
    ]
    body = text.read_text().split("---\n", 2)[2]
    assert (
        body
        == "What optic neuritis is, and why it hurts to move the eye.\n\n*Not medical advice.*\n"
    )


def test_podlove_simple_chapters_become_chapters_json(tmp_path: Path) -> None:
    _, into, new = import_and_build(FEEDS / "podlove.xml", tmp_path)
    chapters = (into / "2024-03-09-sn003-sehnerventzundung" / "chapters.json").read_text()
    assert '"startTime": 90.5' in chapters and "Was ist der Sehnerv?" in chapters
    assert b"podcast:chapters" in new


# --- downloads --------------------------------------------------------------------------

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Ada>Hello and welcome.\n"
CHAPTERS = b'{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Start"}]}'


def test_feed_chapters_and_transcripts_are_downloaded_from_a_real_server(
    server: tuple[str, dict[str, tuple[int, str, bytes]]], tmp_path: Path
) -> None:
    base, files = server
    feed = (FEEDS / "buzzsprout.xml").read_text().replace("https://www.buzzsprout.com", base)
    files["/feed.rss"] = (200, "application/rss+xml", feed.encode())
    files["/2201234/14512346/transcript.vtt"] = (200, "text/vtt", VTT)
    files["/2201234/14512346/chapters.json"] = (200, "application/json", CHAPTERS)
    # transcript.srt and .json answer 404: a missing file is noted, never fatal.
    report, into, new = import_and_build(f"{base}/feed.rss", tmp_path, download=True)
    folder = into / "2024-03-08-2-optic-neuritis-in-ten-minutes"
    assert (folder / "transcript.vtt").read_bytes() == VTT
    assert (folder / "chapters.json").read_bytes() == CHAPTERS
    assert b"Hello and welcome." in new  # the transcript is in the built feed
    assert report.without_transcript == 1  # the trailer has none
    # Only the VTT was needed; the HTML one, which nmo-feed cannot read, stays a reference.
    assert "text/html" not in folder.joinpath("episode.md").read_text()
    assert_round_trip(feed.encode(), new)


def test_an_unreachable_or_broken_transcript_stays_a_reference(
    server: tuple[str, dict[str, tuple[int, str, bytes]]], tmp_path: Path
) -> None:
    base, files = server
    feed = (FEEDS / "buzzsprout.xml").read_text().replace("https://www.buzzsprout.com", base)
    files["/feed.rss"] = (200, "application/rss+xml", feed.encode())
    files["/2201234/14512346/transcript.vtt"] = (200, "text/vtt", b"not a caption file")
    files["/2201234/14512346/chapters.json"] = (200, "application/json", b"{broken")
    report, into, new = import_and_build(f"{base}/feed.rss", tmp_path, download=True)
    episode = (into / "2024-03-08-2-optic-neuritis-in-ten-minutes" / "episode.md").read_text()
    assert not list((into / "2024-03-08-2-optic-neuritis-in-ten-minutes").glob("transcript*"))
    assert f'  - url: "{base}/2201234/14512346/transcript.vtt"' in episode
    assert f'remote_chapters: "{base}/2201234/14512346/chapters.json"' in episode
    # The build carries them over: the new feed links what the old host still publishes.
    items = {i.findtext("guid"): i for i in ET.fromstring(new).iter("item")}
    links = [
        (t.get("url"), t.get("type"), t.get("rel"))
        for item in items.values()
        for t in item.iter(f"{{{PODCAST}}}transcript")
    ]
    assert (f"{base}/2201234/14512346/transcript.vtt", "text/vtt", "captions") in links
    assert (f"{base}/2201234/14512346/transcript", "text/html", None) in links
    chapters = [
        c.get("url") for item in items.values() for c in item.iter(f"{{{PODCAST}}}chapters")
    ]
    assert chapters == [f"{base}/2201234/14512346/chapters.json"]
    text = report.text()
    assert "404" in text and "not a .vtt file nmo-feed reads" in text
    assert "not a valid JSON chapters file" in text


def test_fetching_is_bounded_and_errors_are_clear(
    server: tuple[str, dict[str, tuple[int, str, bytes]]], tmp_path: Path
) -> None:
    from nmo_feed.authoring import fetch

    base, files = server
    files["/big"] = (200, "application/rss+xml", b"x" * 2048)
    with pytest.raises(ImportFailed, match=r"error\[too-large\]"):
        fetch.fetch(f"{base}/big", limit=1024)
    with pytest.raises(ImportFailed, match=rf"^{base}/gone: error\[fetch-failed\]: .*404"):
        command.run(f"{base}/gone", tmp_path / "s")
    with pytest.raises(ImportFailed, match=r"error\[fetch-failed\]"):
        fetch.fetch("file:///etc/passwd", limit=1024)
    assert not (tmp_path / "s").exists()


# --- --update ---------------------------------------------------------------------------


def test_update_adds_new_items_and_leaves_edited_ones(tmp_path: Path) -> None:
    into = tmp_path / "show"
    command.run(str(FEEDS / "libsyn.xml"), into, download=False, site_url=NEW_SITE)
    edited = into / "2024-03-06-march-call-fatigue" / "episode.md"
    edited.write_text(edited.read_text().replace("March call: fatigue", "Fatigue (edited)"))
    (into / "show.toml").write_text((into / "show.toml").read_text() + "# my note\n")
    before = {p: p.read_bytes() for p in into.rglob("*") if p.is_file()}

    newer = (
        (FEEDS / "libsyn.xml")
        .read_text()
        .replace(
            "    <item>",
            """    <item>
      <title>April call: sleep</title>
      <pubDate>Wed, 03 Apr 2024 12:00:00 +0000</pubDate>
      <guid isPermaLink="false">9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a</guid>
      <description>Members talk about sleep.</description>
      <enclosure length="1000" type="audio/mpeg" url="https://traffic.libsyn.com/secure/nmotalk/April.mp3"/>
      <itunes:duration>00:40:00</itunes:duration>
    </item>
    <item>""",
            1,
        )
    )
    feed = tmp_path / "newer.xml"
    feed.write_text(newer)
    report = command.run(str(feed), into, update=True, download=False)
    assert [folder for folder, _ in report.imported] == ["2024-04-03-april-call-sleep"]
    assert report.kept == 2
    after = {p: p.read_bytes() for p in into.rglob("*") if p.is_file()}
    assert {p: after[p] for p in before} == before  # nothing already there was touched
    assert "Fatigue (edited)" in edited.read_text()
    result = pipeline.build(into, tmp_path / "out", cache_root=None, jobs=1)
    assert not result.failed()
    assert (
        '"9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"'
        in (into / "2024-04-03-april-call-sleep" / "episode.md").read_text()
    )
    # Nothing new: nothing written.
    assert command.run(str(feed), into, update=True, download=False).imported == []


def test_import_refuses_a_folder_that_is_not_empty_and_update_needs_a_show(
    tmp_path: Path,
) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    with pytest.raises(ImportFailed, match=r"error\[folder-not-empty\]"):
        command.run(str(FEEDS / "libsyn.xml"), tmp_path / "full", download=False)
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]
    with pytest.raises(ImportFailed, match=r"error\[not-a-show\]"):
        command.run(str(FEEDS / "libsyn.xml"), tmp_path / "none", update=True, download=False)
    (tmp_path / "empty").mkdir()
    command.run(str(FEEDS / "libsyn.xml"), tmp_path / "empty", download=False)
    assert (tmp_path / "empty" / "show.toml").is_file()


# --- broken and hostile feeds -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "malformed.xml",
            r"malformed\.xml:10:5: error\[xml-syntax\]: malformed XML: mismatched tag",
        ),
        ("bomb.xml", r"bomb\.xml:3:1: error\[xml-entities\]: the feed declares the entity 'lol'"),
        (
            "external-entity.xml",
            r"external-entity\.xml:4:1: error\[xml-entities\]: the feed declares the entity"
            " 'secret'",
        ),
        ("atom.xml", r"atom\.xml:1:1: error\[not-a-podcast-feed\]"),
    ],
)
def test_broken_feeds_are_refused_with_a_located_error(
    name: str, expected: str, tmp_path: Path
) -> None:
    with pytest.raises(ImportFailed, match=expected):
        command.run(str(FEEDS / name), tmp_path / "show", download=False)
    assert not (tmp_path / "show").exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind either


def test_hostile_feed_is_imported_safely(tmp_path: Path) -> None:
    old = (FEEDS / "hostile.xml").read_bytes()
    report, into, new = import_and_build(FEEDS / "hostile.xml", tmp_path)
    assert_round_trip(old, new)
    # Every path written is a plain folder inside FOLDER, named from the date and an ASCII
    # slug, whatever the guid or title looked like.
    for path in into.rglob("*"):
        assert path.resolve().is_relative_to(into.resolve())
        assert re.fullmatch(
            r"show\.toml|[0-9a-z-]+(/episode\.md)?", path.relative_to(into).as_posix()
        )
    assert not (tmp_path / "tmp").exists() and not (tmp_path / "outside").exists()
    # Guids that YAML would read as other things, or that would end the front matter,
    # survive as the strings they were.
    guids = {
        str(metadata.read_episode(p, SourceLocation(Path("e.md"))).front_matter.values["guid"])  # type: ignore[arg-type]
        for p in into.glob("*/episode.md")
    }
    assert {
        "0001",
        "yes",
        "null",
        "../../../../tmp/escaped",
        "line one\n---\ntitle: injected",
    } <= guids
    assert "Nothing to know it by" in "\n".join(report.skipped)
    # Markup in titles is text: escaped in the feed and on the pages; scripts, event handlers
    # and javascript: URLs are gone from the notes.
    site = b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*.html")) + new
    assert b"<script>alert" not in site and b"<b onmouseover" not in site
    assert (
        b"&lt;script&gt;alert(&#34;title&#34;)" in site
        or b"&lt;script&gt;alert(&quot;title&quot;)" in site
    )
    for bad in (b"onclick", b"onerror", b'onmouseover="alert(5)', b"javascript:", b"<iframe"):
        assert bad not in site, bad
    first = (into / "2024-01-01-script-alert-title-script-friends" / "episode.md").read_text()
    assert "alert(2)" not in first and "javascript" not in first and "onclick" not in first
    assert 'href="https://ok.example/"' in first


# --- written values survive verbatim ------------------------------------------------------


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1))
def test_any_string_survives_the_front_matter(text: str) -> None:
    written = f"---\nguid: {metadata.yaml_string(text)}\n---\n"
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "episode.md"
        path.write_text(written, encoding="utf-8")
        read = metadata.read_episode(path, SourceLocation(Path("episode.md")))  # type: ignore[arg-type]
    assert read.front_matter.values["guid"] == text


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_any_string_survives_show_toml(text: str) -> None:
    assert tomllib.loads(f"title = {writer.toml_string(text)}")["title"] == text


# --- notes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<p>One &amp; <em>two</em></p><p>Three *stars*</p>", "One \\& *two*\n\nThree \\*stars\\*"),
        (
            '<ul><li>a <a href="https://x.example/">link</a></li><li>2. b</li></ul>',
            "- a [link](https://x.example/)\n- 2\\. b",
        ),
        ("Plain text.\n\nSecond paragraph.", "Plain text.\n\nSecond paragraph."),
        ("<p>1. not a list</p>", "1\\. not a list"),
    ],
)
def test_notes_become_markdown_where_that_is_lossless(html: str, markdown: str) -> None:
    body, is_markdown = htmlnotes.notes_body(html)
    assert (body, is_markdown) == (markdown, True)


@pytest.mark.parametrize(
    "html",
    [
        "<p>A <b>bold</b> word<br>and a break</p>",
        "<h3>Heading</h3><p>Text\n\n*not emphasis*</p><pre>  code\n\n  more</pre>",
        "<blockquote><p>Quoted</p></blockquote><ol><li><p>nested</p></li></ol>",
    ],
)
def test_other_notes_keep_their_sanitised_html(html: str) -> None:
    body, is_markdown = htmlnotes.notes_body(html)
    assert not is_markdown
    rendered = notes.render(body, SourceLocation(Path("episode.md")), Diagnostics())  # type: ignore[arg-type]
    # The build joins lines wrapped inside a run of text (render.feedtext), as HTML reads them.
    expected = feedtext.join_wrapped_lines(notes.clean(html).strip())
    assert re.sub(r">\s+<", "><", rendered) == re.sub(r">\s+<", "><", expected)


ODD_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Odd</title><description>Odd items.</description><language>en</language>
<itunes:category text="Health &amp; Fitness"/>
<item><title>Undated</title><guid>u</guid><description>No date.</description>
  <itunes:episode>1.5</itunes:episode><itunes:season>0</itunes:season>
  <itunes:episodeType>Teaser</itunes:episodeType><itunes:explicit>maybe</itunes:explicit>
  <enclosure url="https://old.example.org/u.mp3" length="10" type="audio/mpeg"/></item>
<item><title>First</title><guid>a</guid><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>
  <itunes:episode>1</itunes:episode>
  <enclosure url="https://old.example.org/a.mp3" length="10" type="audio/mp3"/></item>
<item><title>Same number</title><guid>b</guid><pubDate>Tue, 02 Jan 2024 00:00:00 GMT</pubDate>
  <itunes:episode>1</itunes:episode>
  <enclosure url="https://old.example.org/b.m4a" length="10" type="application/octet-stream"/>
</item>
<item><title>Same guid</title><guid>a</guid><pubDate>Wed, 03 Jan 2024 00:00:00 GMT</pubDate>
  <enclosure url="https://old.example.org/c.mp3" length="10" type="audio/mpeg"/></item>
</channel></rss>
"""


def test_odd_items_are_imported_as_far_as_they_can_be_and_said(tmp_path: Path) -> None:
    """No date: a draft; a repeated guid: not imported (apps know one episode by it); a
    repeated number: left out; a type alias or a useless type: corrected, and said; an
    itunes value nmo-feed cannot keep (a number that is not whole, an unknown type): left out,
    and said."""
    feed = tmp_path / "odd.xml"
    feed.write_text(ODD_FEED)
    report, into, new = import_and_build(feed, tmp_path, old_feed_url="https://old.example.org/")
    assert [folder for folder, _ in report.imported] == [
        "undated",
        "2024-01-01-first",
        "2024-01-02-same-number",
    ]
    text = report.text()
    assert "'Same guid': its guid 'a' is also an earlier item's" in text
    assert "pubDate '' is not a date: imported as a draft" in text
    assert "episode number 1 is used by another episode: left out" in text
    assert "enclosure type 'audio/mp3' is written 'audio/mpeg'" in text
    assert "audio/x-m4a from the URL" in text
    assert "no itunes:duration in the old feed" in text
    assert "undated: itunes:episode '1.5' is not a whole number from 1: left out" in text
    assert "undated: itunes:season '0' is not a whole number from 1: left out" in text
    assert "undated: itunes:episodeType 'Teaser' is not full, trailer or bonus: left out" in text
    assert "undated: itunes:explicit 'maybe' is not yes/true or no/false: left out" in text
    undated = (into / "undated" / "episode.md").read_text()
    assert "draft: true" in undated
    assert not re.search(r"^(number|season|type|explicit):", undated, re.MULTILINE)
    assert set(by_xml(new)) == {"a", "b"}
    assert by_xml(new)["a"] == (
        "First",
        "https://old.example.org/a.mp3",
        datetime(2024, 1, 1, tzinfo=UTC),
    )
