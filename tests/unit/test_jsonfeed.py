"""``feed.json``: a JSON Feed 1.1 valid against the schema in tests/data (written from the
specification, which names its source), with the same items as ``feed.xml`` read back by
feedparser, the transcript in ``content_html`` under the same size policy, the media as
attachments, and a discovery link on the pages."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import feedparser
import jsonschema
import pytest
from support import episode_model, show_model
from test_feedsize import make

from nmo_feed import build
from nmo_feed.errors import SourceLocation
from nmo_feed.model import Media
from nmo_feed.render import feed, jsonfeed

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "jsonfeed-1.1.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jsonfeed") / "out"
    assert not build.build(FULL, root, cache_root=None).failed()
    return root


def errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in VALIDATOR.iter_errors(document)
    ]


def test_the_schema_is_a_schema_and_is_strict() -> None:
    """The schema itself is valid, and refuses what the specification refuses."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    good = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "items": [{"id": "1", "content_text": "x", "_ext": {"any": 1}}],
    }
    assert errors(good) == []
    bad_item = {"id": "1", "title": "no content"}
    assert errors({**good, "items": [bad_item]})
    assert errors({**good, "items": [{"id": 1, "content_text": "x"}]})  # id is a string
    assert errors({**good, "unknown": 1})  # only "_" extensions may be added
    assert errors({**good, "authors": [{}]})  # an author names something
    date = {"id": "1", "content_text": "x", "date_published": "2024-01-02"}
    assert errors({**good, "items": [date]})  # a date-time, not a date
    attachment = {"id": "1", "content_text": "x", "attachments": [{"url": "https://a/b"}]}
    assert errors({**good, "items": [attachment]})  # mime_type is required
    assert errors({key: value for key, value in good.items() if key != "title"})


def test_feed_json_is_valid_and_has_the_rss_items(out: Path) -> None:
    document = json.loads((out / "feed.json").read_bytes())
    assert errors(document) == []
    rss = feedparser.parse((out / "feed.xml").read_bytes())
    assert not rss.bozo
    assert document["title"] == rss.feed.title
    assert document["home_page_url"] == "https://example.org/full/"
    assert document["feed_url"] == "https://example.org/full/feed.json"
    assert document["language"] == rss.feed.language
    items = document["items"]
    assert [i["id"] for i in items] == [e.id for e in rss.entries]
    assert len(items) == 3
    for item, entry in zip(items, rss.entries, strict=True):
        assert item["title"] == entry.title
        assert item["url"] == entry.link
        published = datetime.fromisoformat(item["date_published"])
        assert published.timetuple()[:6] == entry.published_parsed[:6]
        assert item["content_html"] == entry.content[0].value
        assert item["authors"] == [{"name": entry.author}]
        [enclosure] = entry.enclosures
        first = item["attachments"][0]
        assert (first["url"], first["mime_type"], first["size_in_bytes"]) == (
            enclosure.href,
            enclosure.type,
            int(enclosure.length),
        )
        assert first["duration_in_seconds"] == int(entry.itunes_duration)


def test_every_rendition_is_an_attachment_titled_as_an_alternate() -> None:
    here = SourceLocation(PurePosixPath("e/episode.md"))
    video = Media("https://cdn.example.org/v.mp4", "video/mp4", 9_000, 61_400, None, here)
    audio = Media("https://cdn.example.org/a.mp3", "audio/mpeg", 1_000, 61_600, None, here)
    item = json.loads(
        jsonfeed.item(show_model(), episode_model(media=(video, audio)), "", link_only=False)
    )
    assert item["attachments"] == [
        {
            "url": "https://cdn.example.org/v.mp4",
            "mime_type": "video/mp4",
            "title": feed.rendition_title(video, True),
            "size_in_bytes": 9_000,
            "duration_in_seconds": 61,
        },
        {
            "url": "https://cdn.example.org/a.mp3",
            "mime_type": "audio/mpeg",
            "title": feed.rendition_title(audio, True),
            "size_in_bytes": 1_000,
            "duration_in_seconds": 62,
        },
    ]
    assert item["attachments"][0]["title"] != item["attachments"][1]["title"]


def test_linked_transcripts_follow_the_feed_size_policy(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    full = build.check(make(make_show, show_toml, None)).feed_bytes
    result = build.check(make(make_show, show_toml, full - 12_000))
    assert result.linked == frozenset({"guid-1", "guid-2"})
    document = json.loads(result.files[PurePosixPath("feed.json")])
    assert errors(document) == []
    assert [
        (
            "Read the full transcript" in i["content_html"],
            "spinal cord can both" in i["content_html"],
        )
        for i in document["items"]
    ] == [(False, True), (False, True), (True, False), (True, False)]
    rss = result.files[PurePosixPath("feed.xml")].decode()
    contents = re.findall(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", rss, re.S)
    assert [i["content_html"] for i in document["items"]] == contents


def test_a_rebuild_writes_feed_json_only_when_the_items_change(tmp_path: Path) -> None:
    source, out, cache = tmp_path / "show", tmp_path / "out", tmp_path / "cache"
    shutil.copytree(FULL, source)
    assert not build.build(source, out, cache_root=cache).failed()
    written = (out / "feed.json").stat().st_mtime_ns
    assert not build.build(source, out, cache_root=cache).failed()
    assert (out / "feed.json").stat().st_mtime_ns == written
    (out / "feed.json").unlink()  # deleted by hand: put back
    assert not build.build(source, out, cache_root=cache).failed()
    assert json.loads((out / "feed.json").read_bytes())["items"]


def test_pages_link_the_json_feed(out: Path) -> None:
    link = re.compile(
        r'<link rel="alternate" type="application/feed\+json" title="Full &lt;Show&gt; &amp;'
        r' &#34;Friends&#34; \(JSON Feed\)" href="https://example.org/full/feed.json">'
    )
    for page in ("index.html", "glossary/index.html", "episodes/first-questions/index.html"):
        assert link.search((out / page).read_text()), page


@pytest.mark.parametrize("show", ["full", "minimal", "video"])
def test_the_golden_json_feeds_are_valid(show: str) -> None:
    """The reviewed outputs (the video show's episodes have two renditions each)."""
    golden = FULL.parent.parent / "expected" / show / "feed.json"
    assert errors(json.loads(golden.read_bytes())) == []


def test_a_spanish_episode_titles_its_renditions_in_spanish_in_both_feeds() -> None:
    """The renditions' default titles speak the episode's language, as the rest of its item
    does (they spoke the show's: "Audio only" in a Spanish item)."""
    here = SourceLocation(PurePosixPath("e/episode.md"))
    video = Media("https://cdn.example.org/v.mp4", "video/mp4", 9_000, 61_400, None, here)
    audio = Media("https://cdn.example.org/a.mp3", "audio/mpeg", 1_000, 61_600, None, here)
    show = show_model(language="en")
    episode = episode_model(media=(video, audio), language="es")
    item = json.loads(jsonfeed.item(show, episode, "", link_only=False))
    assert [a["title"] for a in item["attachments"]] == ["Video", "Solo audio"]
    rss = feed.ItemWriter(show, "test").item(episode, "", (), link_only=False).decode()
    assert 'title="Solo audio"' in rss and 'title="Audio only"' not in rss
