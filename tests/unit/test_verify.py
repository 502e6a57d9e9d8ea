"""`nmo-feed check` checks the rendered output: feed rules, links into the build, read-back."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build
from nmo_feed.build import verify
from nmo_feed.errors import Diagnostics

FEED = PurePosixPath("feed.xml")
VTT = PurePosixPath("episodes/first/transcript.vtt")
CHAPTERS = PurePosixPath("episodes/first/chapters.json")
MEDIA = PurePosixPath("media/first/tone.wav")
EPISODE = "2024-05-01-first/episode.md"


@pytest.fixture
def built(make_show, wav) -> build.Result:  # type: ignore[no-untyped-def]
    """A checked show: one episode with local media, a timed transcript and chapters."""
    root = make_show(
        {
            EPISODE: (
                "---\ntitle: First\ndate: 2024-05-01\nguid: g-1\nsummary: S.\nmedia: tone.wav\n"
                "chapters: [{start: 0, title: Start}]\n---\nNotes.\n"
            ),
            "2024-05-01-first/transcript.md": "Ann:\n\n[00:00] Hello there.\n\n[00:01] Bye.\n",
        }
    )
    wav(root / "2024-05-01-first" / "tone.wav", 2.0)
    result = build.check(root)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return result


Change = Callable[[dict[PurePosixPath, bytes]], None]


def problems(result: build.Result, change: Change) -> list[tuple[str, str, str]]:
    """The verify errors after ``change`` is made to a copy of the built files."""
    assert result.project is not None
    files = dict(result.files)
    change(files)
    diagnostics = Diagnostics()
    verify.check_output(result.project, files, diagnostics)
    return [(d.code, str(d.location.path), d.message) for d in diagnostics.sorted()]


def edit_feed(old: str, new: str, count: int = 1) -> Change:
    def change(files: dict[PurePosixPath, bytes]) -> None:
        text = files[FEED].decode()
        assert old in text
        files[FEED] = text.replace(old, new, count).encode()

    return change


def without_cdata(files: dict[PurePosixPath, bytes]) -> None:
    """The item description as escaped text instead of CDATA (the same XML content)."""
    text = files[FEED].decode()
    start = text.index("<description><![CDATA[") + len("<description>")
    end = text.index("]]></description>", start) + len("]]>")
    escaped = html.escape(text[start + len("<![CDATA[") : end - len("]]>")], quote=False)
    files[FEED] = (text[:start] + escaped + text[end:]).encode()


def test_built_output_passes(built: build.Result) -> None:
    """A fresh build breaks no output rule."""
    assert problems(built, lambda files: None) == []


def test_missing_transcript_file_is_a_feed_link_error(built: build.Result) -> None:
    """A podcast:transcript whose file is not in the build is reported at the episode."""
    assert problems(built, lambda files: files.pop(VTT) and None) == [
        (
            "feed-link",
            EPISODE,
            "feed.xml links the transcript"
            " https://example.org/show/episodes/first/transcript.vtt,"
            " which the build does not contain",
        )
    ]


def test_transcript_that_does_not_read_back_is_an_error(built: build.Result) -> None:
    """A linked VTT is read back with nmo-feed's own loader; a broken one is feed-transcript."""

    def damage(files: dict[PurePosixPath, bytes]) -> None:
        files[VTT] = b"not a vtt file\n"

    assert problems(built, damage) == [
        (
            "feed-transcript",
            EPISODE,
            "feed.xml links episodes/first/transcript.vtt, which does not read back:"
            " vtt-header at line 1: a WebVTT file must start with the line WEBVTT",
        )
    ]


def test_chapters_that_do_not_read_back_are_an_error(built: build.Result) -> None:
    """The linked chapters file is parsed back; one out of order is feed-chapters."""

    def damage(files: dict[PurePosixPath, bytes]) -> None:
        files[CHAPTERS] = b'{"version": "1.2.0", "chapters": [{"startTime": 1}, {"startTime": 0}]}'

    assert problems(built, damage) == [
        (
            "feed-chapters",
            EPISODE,
            "feed.xml links episodes/first/chapters.json, which does not read back:"
            " chapters-order at line 1: a chapter starting at 0:00 follows one starting at"
            " 0:01; chapters must be in increasing order of start",
        )
    ]


def test_local_enclosure_must_be_in_the_build(built: build.Result) -> None:
    """An enclosure of local media that the build lacks is feed-link."""
    assert problems(built, lambda files: files.pop(MEDIA) and None) == [
        (
            "feed-link",
            EPISODE,
            "feed.xml links the media https://example.org/show/media/first/tone.wav,"
            " which the build does not contain",
        )
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            edit_feed(' length="32044"', ' length="1"'),
            (
                "feed-enclosure",
                EPISODE,
                "the item's enclosure is [('https://example.org/show/media/first/tone.wav',"
                " '1', 'audio/wav')], not [('https://example.org/show/media/first/tone.wav',"
                " '32044', 'audio/wav')] (url, length, type)",
            ),
        ),
        (
            edit_feed(
                "<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>no</itunes:explicit>"
            ),
            ("feed-tag", "show.toml", "itunes:explicit is 'no'; Apple requires true or false"),
        ),
        (
            edit_feed("</item>", "<itunes:summary>S</itunes:summary></item>"),
            (
                "feed-tag",
                "show.toml",
                "feed.xml has itunes:summary, which Apple shows instead of the description",
            ),
        ),
        (
            edit_feed('<guid isPermaLink="false">', "<guid>"),
            ("feed-guid", EPISODE, "the guid 'g-1' must have isPermaLink=\"false\""),
        ),
        (
            edit_feed(
                "</pubDate>\n      <itunes:author>Test Organisation</itunes:author>", "</pubDate>"
            ),
            ("feed-tag", EPISODE, "the item 'g-1' has no itunes:author"),
        ),
        (
            without_cdata,
            ("feed-cdata", EPISODE, "description of the item 'g-1' is not in CDATA"),
        ),
        (
            edit_feed("<description><![CDATA[<p>S.</p>", "<description><![CDATA[<h2>S.</h2>"),
            (
                "feed-description",
                EPISODE,
                "the item description uses h2; Apple allows only p, ol, ul, li and a",
            ),
        ),
        (
            edit_feed(
                "<pubDate>Wed, 01 May 2024 00:00:00 +0000</pubDate>",
                "<pubDate>2024-05-01</pubDate>",
            ),
            ("feed-tag", EPISODE, "pubDate '2024-05-01' is not an RFC 2822 date with a zone"),
        ),
        (
            edit_feed(
                'xmlns:podcast="https://podcastindex.org/namespace/1.0"',
                'xmlns:podcast="https://podcastindex.org/namespace/1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"',
            ),
            (
                "feed-namespace",
                "show.toml",
                "feed.xml must declare exactly the prefixes itunes, podcast, content and atom"
                " with their namespace URIs, not [('atom', 'http://www.w3.org/2005/Atom'),"
                " ('content', 'http://purl.org/rss/1.0/modules/content/'),"
                " ('dc', 'http://purl.org/dc/elements/1.1/'),"
                " ('itunes', 'http://www.itunes.com/dtds/podcast-1.0.dtd'),"
                " ('podcast', 'https://podcastindex.org/namespace/1.0')]",
            ),
        ),
        (
            edit_feed("<channel>", "<channel><bad>"),
            (
                "feed-xml",
                "show.toml",
                "feed.xml is not well-formed XML: mismatched tag: line 51, column 4",
            ),
        ),
    ],
    ids=[
        "enclosure-length",
        "explicit-no",
        "itunes-summary",
        "permalink-guid",
        "item-author",
        "no-cdata",
        "description-tags",
        "iso-pubdate",
        "extra-namespace",
        "not-well-formed",
    ],
)
def test_feed_rule_broken_in_the_output_is_reported(
    built: build.Result, change: Change, expected: tuple[str, str, str]
) -> None:
    """Each feed rule broken in feed.xml is one located error with its code."""
    assert problems(built, change) == [expected]


def test_duplicate_items_are_a_guid_error(built: build.Result) -> None:
    """Two items with one guid are reported (and the item list no longer matches the show)."""

    def duplicate(files: dict[PurePosixPath, bytes]) -> None:
        text = files[FEED].decode()
        item = text[text.index("<item>") : text.index("</item>") + len("</item>")]
        files[FEED] = text.replace(item, item + item).encode()

    assert [p[:2] for p in problems(built, duplicate)] == [
        ("feed-guid", EPISODE),
        ("feed-guid", "show.toml"),
    ]


def test_check_command_fails_on_output_errors(
    make_show, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Output errors fail check and build like input errors: nothing is written."""
    from nmo_feed.render import feed

    monkeypatch.setattr(feed, "ITUNES_NS", "http://example.org/not-itunes")
    root = make_show()
    result = build.build(root, tmp_path / "out")
    assert result.failed()
    assert "feed-namespace" in {d.code for d in result.diagnostics.errors}
    assert not (tmp_path / "out").exists()


def test_remote_media_on_the_site_host_is_not_required_in_the_build(make_show) -> None:  # type: ignore[no-untyped-def]
    """Remote media whose URL happens to be under site_url is the publisher's to upload."""
    root = make_show(
        {
            EPISODE: (
                "---\ntitle: First\ndate: 2024-05-01\nguid: g-1\nsummary: S.\nmedia:\n"
                "  - {url: 'https://example.org/show/media/a.mp4', type: video/mp4,"
                " length: 10, duration: 5}\n"
                "  - {url: 'https://example.org/show/media/a.mp3', type: audio/mpeg,"
                " length: 5, duration: 5}\n"
                "---\n"
            )
        }
    )
    result = build.check(root)
    assert result.diagnostics.errors == []


def test_local_rendition_must_be_in_the_build(make_show, wav) -> None:  # type: ignore[no-untyped-def]
    """A local file offered as an alternate enclosure is checked like the enclosure."""
    root = make_show(
        {
            EPISODE: (
                "---\ntitle: First\ndate: 2024-05-01\nguid: g-1\nsummary: S.\n"
                "media: [tone.wav, {file: alt.wav, title: Slow}]\n---\n"
            )
        }
    )
    wav(root / "2024-05-01-first" / "tone.wav", 1.0)
    wav(root / "2024-05-01-first" / "alt.wav", 1.0)
    result = build.check(root)
    assert not result.failed()
    assert problems(
        result, lambda files: files.pop(PurePosixPath("media/first/alt.wav")) and None
    ) == [
        (
            "feed-link",
            EPISODE,
            "feed.xml links the media https://example.org/show/media/first/alt.wav,"
            " which the build does not contain",
        )
    ]
