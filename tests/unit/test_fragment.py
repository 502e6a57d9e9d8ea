"""``transcript.html``: the transcript as a clean HTML fragment for partners' sites (read
back with the standard library's HTML parser): headings, speakers and paragraphs only, no
classes, scripts or styles, every word of the transcript, escaped; linked from the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nmo_feed import build

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
ALLOWED = {"h2", "h3", "p", "strong", "em", "a"}


class Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fragment") / "out"
    assert not build.build(FULL, root, cache_root=None).failed()
    return root


def read(path: Path) -> Reader:
    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def test_every_episode_with_a_transcript_has_a_clean_fragment(out: Path) -> None:
    fragments = sorted(out.glob("episodes/*/transcript.html"))
    assert [p.parent.name for p in fragments] == [
        "first-questions",
        "talking-about-sight",
        "untimed-trailer",
    ]
    for path in fragments:
        reader = read(path)
        assert {tag for tag, _ in reader.tags} <= ALLOWED, path
        for tag, attrs in reader.tags:
            assert attrs == ([] if tag != "a" else [("href", attrs[0][1])]), (path, tag)
        assert reader.tags[0] == ("h2", [])


def test_the_fragment_holds_the_transcript_and_its_source(out: Path) -> None:
    text = (out / "episodes/talking-about-sight/transcript.html").read_text()
    reader = read(out / "episodes/talking-about-sight/transcript.html")
    words = " ".join(reader.text)
    # The transcript's own words, speakers in bold, hostile text escaped (not markup).
    assert "<strong>Ann Example:</strong> Welcome. Today we talk about NMO and sight." in text
    assert "Sam &lt;b:" in text and "<b>" not in text
    assert "[0:" not in words  # no times: a partner's page has no player to match them
    assert text.splitlines()[-1] == (
        '<p>From <a href="https://example.org/full/episodes/talking-about-sight/">Sight &amp;'
        " &quot;light&quot; &lt;loss&gt; ]]&gt; end</a>, Full &lt;Show&gt; &amp;"
        " &quot;Friends&quot;.</p>"
    )
    # Chapter headings, where the episode has chapters (the reviewed golden output).
    golden = FULL.parent.parent / "expected" / "video" / "episodes" / "part-two"
    video = read(golden / "transcript.html")
    assert [tag for tag, _ in video.tags if tag in ("h2", "h3")] == ["h2", "h3", "h3", "h3"]


def test_the_page_links_the_fragment_in_its_downloads(out: Path) -> None:
    page = (out / "episodes/first-questions/index.html").read_text()
    size = (out / "episodes/first-questions/transcript.html").stat().st_size
    assert re.search(
        r'<li><a href="transcript.html" download>Transcript for your own website'
        rf" \(HTML fragment, {size} bytes\)</a></li>",
        page,
    )
