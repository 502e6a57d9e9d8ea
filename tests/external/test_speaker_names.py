"""Speaker names keep every character in every published format (issue 15).

The names are built from every character that means something in HTML, XML, WebVTT, SRT,
YAML or Markdown, and written both as the episode's ``speakers`` (YAML front matter) and as the
speakers of a Podcast Index JSON transcript (the one input format that can hold any name).
The built site is then read back by the real parsers: webvtt-py and the strict npm
webvtt-parser for WebVTT, the PyPI ``srt`` package, ``json``, lxml for the page HTML and the
feed (and the HTML inside ``content:encoded``), and nmo-feed's own WebVTT and JSON readers.

WebVTT carries ``&``, ``<`` and ``>`` in a voice as character references, which the WebVTT
parsing rules decode; webvtt-py and webvtt-parser return the annotation before that step, so
their voices are decoded here with ``html.unescape``, as a browser's parser would.
"""

from __future__ import annotations

import html
import json
from pathlib import Path, PurePosixPath

import lxml.html
import pytest
import srt
import webvtt
import yaml
from lxml import etree
from support import ShowWriter, run_node

from nmo_feed import build, transcripts
from nmo_feed.errors import Diagnostics, SourceLocation

NAMES = [
    'Dr. "Bob" O\'Brien & Sons <MD>',  # HTML and XML: quotes, ampersand, angle brackets
    "Ann --> Bea",  # the WebVTT and SRT timing arrow
    "Cy ]]> Dee",  # ends an XML CDATA section (content:encoded is CDATA)
    "Eve &amp; &#60; &lt; &gt;",  # character references, to be kept as typed, not decoded
    "Fay <v Gus> </v> <b>bold</b> <i>it</i>",  # WebVTT voice and SRT formatting tags
    "Hal #1 *star* _under_ `code` ~strike~",  # Markdown emphasis, code, heading
    "Ida [link](https://x.example) ![img](y) \\ | pipe",  # Markdown links, escape, tables
    "Jo: Kay, Jr. – Lee",  # YAML key colon, the label's comma and spaced dash
    "Max - {\\an8} {a: b} %pct @at !tag ?q 'one' \"two\"",  # YAML flow and indicators, SRT codes
    "Ned &anchor *alias >folded |literal",  # YAML anchors, aliases, block scalars
    "NOTE WEBVTT",  # WebVTT block keywords
    "Ünï 李雷 مرحبا 🙂",  # outside ASCII, right to left, outside the BMP
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names") / "show"
    folder = root / "2024-05-01-names"
    folder.mkdir(parents=True)
    (root / "show.toml").write_text(
        "\n".join(
            [
                'title = "Names"',
                'description = "Every character in a name."',
                'language = "en"',
                'site_url = "https://example.org/show/"',
                'author = "Test"',
                "explicit = false",
                'categories = [["Health & Fitness", "Medicine"]]',
                'podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"',
                'owner = { name = "Test", email = "owner@example.org" }',
                "",
            ]
        ),
        encoding="utf-8",
    )
    front = {
        "title": "Names",
        "date": "2024-05-01",
        "guid": "names-1",
        "summary": "Every character in a name.",
        "speakers": [{"name": name} for name in NAMES],
        "media": {
            "url": "https://example.org/a.mp3",
            "type": "audio/mpeg",
            "length": 5,
            "duration": 3 * len(NAMES),
        },
    }
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\nNotes.\n"
    (folder / "episode.md").write_text(text, encoding="utf-8")
    segments = [
        {"speaker": name, "startTime": 3 * i, "endTime": 3 * i + 2, "body": f"Words {i} & more."}
        for i, name in enumerate(NAMES)
    ]
    (folder / "transcript.json").write_text(
        json.dumps({"version": "1.0.0", "segments": segments}), encoding="utf-8"
    )
    out = root.parent / "out"
    result = build.build(root, out)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return out / "episodes" / "names"


def test_webvtt_py_reads_every_voice_whole(site: Path) -> None:
    voices = [html.unescape(c.voice) for c in webvtt.read(str(site / "transcript.vtt")).captions]
    assert voices == NAMES


def test_the_strict_webvtt_parser_reads_every_voice_whole(site: Path) -> None:
    path = site / "transcript.vtt"
    (report,) = run_node("check-vtt.mjs", path, packages=("webvtt-parser",)).values()
    assert report["errors"] == []
    assert [html.unescape(cue["voice"]) for cue in report["cues"]] == NAMES
    assert {cue["text"] for cue in report["cues"]} == {f"Words {i} & more." for i in range(12)}


@pytest.mark.parametrize("suffix", ["vtt", "json"])
def test_nmo_feed_reads_its_own_files_back_with_every_name(site: Path, suffix: str) -> None:
    diagnostics = Diagnostics()
    path = site / f"transcript.{suffix}"
    loaded = transcripts.load(path, SourceLocation(PurePosixPath(path.name)), "en", diagnostics)
    assert loaded is not None, [d.message for d in diagnostics.items]
    assert [turn.speaker for turn in loaded.turns] == NAMES


def test_srt_cards_start_with_every_name_whole(site: Path) -> None:
    """SRT has no escapes: the ``Name: `` prefix holds the name as it is."""
    cards = list(srt.parse((site / "transcript.srt").read_text(encoding="utf-8")))
    assert len(cards) == len(NAMES)
    for card, name in zip(cards, NAMES, strict=True):
        assert card.content.replace("\n", " ").startswith(f"{name}: Words"), card.content


def test_json_and_text_carry_every_name(site: Path) -> None:
    segments = json.loads((site / "transcript.json").read_text(encoding="utf-8"))["segments"]
    assert [s["speaker"] for s in segments] == NAMES
    lines = (site / "transcript.txt").read_text(encoding="utf-8").split("\n")
    assert [line[:-1] for line in lines if line[:-1] in NAMES] == NAMES


def test_the_page_shows_every_name(site: Path) -> None:
    page = lxml.html.parse(str(site / "index.html"))
    spoken = [span.text_content() for span in page.xpath("//*[@class='speaker']")]
    assert spoken == [f"{name}:" for name in NAMES]
    (listed,) = page.xpath("//*[@class='episode-speakers']")
    for name in NAMES:
        assert name in listed.text_content()


def test_the_feed_names_every_speaker(site: Path) -> None:
    feed = etree.parse(str(site.parent.parent / "feed.xml"))
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    persons = feed.xpath("//item/podcast:person/text()", namespaces=ns)
    assert persons == NAMES
    (encoded,) = feed.xpath(
        "//item/content:encoded/text()",
        namespaces={"content": "http://purl.org/rss/1.0/modules/content/"},
    )
    strong = lxml.html.fromstring(f"<div>{encoded}</div>").xpath("//strong")
    assert [s.text_content() for s in strong] == [f"{name}:" for name in NAMES]


@pytest.mark.parametrize("name", ["Ann\tBea", "Ann\nBea"])
def test_a_speaker_name_with_a_tab_or_line_break_is_refused(
    make_show: ShowWriter, name: str
) -> None:
    """YAML can put a tab or line break in a name ("Ann\\tBea"); no caption format can keep it."""
    text = yaml.safe_dump({"title": "T", "guid": "g", "summary": "S", "speakers": [{"name": name}]})
    root = make_show({"2024-05-01-first/episode.md": f"---\n{text}date: 2024-05-01\n---\n"})
    result = build.load_project(root)
    assert [(d.code, d.location.line) for d in result.diagnostics.errors] == [("control-char", 4)]
