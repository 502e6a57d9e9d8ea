"""The HTML pages: structure, links, downloads, escaping and determinism.

Pages are parsed with the standard library's ``html.parser`` into a small tree, and the tests
assert on elements and attributes rather than on exact bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from support import episode_model, show_model

from nmo_feed import layout
from nmo_feed.errors import Diagnostics, SourceError, SourceLocation
from nmo_feed.model import (
    AppLink,
    Cue,
    Episode,
    Glossary,
    GlossaryTerm,
    Media,
    Paragraph,
    Project,
    Show,
    Speaker,
    Theme,
    Transcript,
    Turn,
)
from nmo_feed.related import RelatedIndex
from nmo_feed.render import locale, notes, wording
from nmo_feed.render.episode_page import time_link_html
from nmo_feed.render.pages import Renderer
from nmo_feed.render.safe import Markup

GENERATOR = "nmo-feed test"
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(2)> ]]>'


# --- Model builders ----------------------------------------------------------------------


def loc(path: str = "episodes/show.toml") -> SourceLocation:
    return SourceLocation(PurePosixPath(path), 1)


def make_show(**changes: object) -> Show:
    return show_model(**changes)


def cue(
    text: str, start: int | None = None, end: int | None = None, speaker: str | None = None
) -> Cue:
    return Cue(start, end, text, speaker, loc("episodes/x/transcript.md"))


def turn(speaker: str | None, *paragraphs: Paragraph) -> Turn:
    return Turn(speaker, paragraphs)


def para(*cues: Cue, kind: str = "speech") -> Paragraph:
    return Paragraph(cues, kind)  # type: ignore[arg-type]


def timed_transcript() -> Transcript:
    """Two turns: Dean at 0:00 (with an on-screen note) and Ann at 0:48."""
    return Transcript(
        "en",
        (
            turn(
                "Dean Wingerchuk",
                para(cue("Treatment of NMO has three parts.", 0, 20_000, "Dean Wingerchuk")),
                para(cue("On screen: a diagram of the eye.", 20_000, 48_000), kind="on_screen"),
            ),
            turn("Ann", para(cue("Steroids help [laughs] a lot.", 48_000, 62_500, "Ann"))),
        ),
        loc("episodes/x/transcript.md"),
    )


def untimed_transcript() -> Transcript:
    return Transcript(
        "en",
        (turn("Dean Wingerchuk", para(cue("Treatment of NMO has three parts."))),),
        loc("episodes/x/transcript.md"),
    )


def local_media(slug: str, *, video: bool = False) -> Media:
    name = "video.mp4" if video else "narration.mp3"
    return Media(
        url=None,
        mime_type="video/mp4" if video else "audio/mpeg",
        length=1_234_567,
        duration_ms=252_000,
        local_path=PurePosixPath(f"{slug}/{name}"),
        source=loc(),
    )


def make_episode(slug: str = "how-do-clinicians-treat-nmo", **changes: object) -> Episode:
    """The NMO episode: Dean Wingerchuk speaking, local audio and a timed transcript."""
    defaults: dict[str, object] = {
        "speakers": (Speaker("Dean Wingerchuk", "MD", "Mayo Clinic"),),
        "media": (local_media(slug),),
        "transcript": timed_transcript(),
    }
    return episode_model(slug, **(defaults | changes))


GLOSSARY = Glossary(
    (
        GlossaryTerm("iv", "IV", "intravenous", "Into a vein.", (), loc("episodes/glossary.toml")),
        GlossaryTerm(
            "nmo",
            "NMO",
            "neuromyelitis optica",
            "A rare disease.",
            (),
            loc("episodes/glossary.toml"),
        ),
        GlossaryTerm("steroid", "steroid", None, "A medicine.", (), loc("episodes/glossary.toml")),
    ),
    review_note="Definitions await clinical review.",
)


def make_project(
    *episodes: Episode, drafts: tuple[Episode, ...] = (), show: Show | None = None
) -> Project:
    return Project(show or make_show(), episodes or (make_episode(),), drafts, GLOSSARY)


def built_files(episode: Episode, *, vtt: bool = True) -> dict[PurePosixPath, bytes]:
    """The outputs other modules would have rendered for ``episode``."""
    folder = PurePosixPath("episodes", episode.slug)
    files = {
        folder / "transcript.txt": b"x" * 9_000,
        folder / "transcript.srt": b"x" * 500,
        PurePosixPath("media", episode.slug, "narration.mp3"): b"x" * 1_234_567,
        PurePosixPath("feed.xml"): b"<rss/>",
    }
    if vtt:
        files[folder / "transcript.vtt"] = b"x" * 12_345
    return files


def render(
    project: Project | None = None,
    files: dict[PurePosixPath, bytes] | None = None,
    show_templates: Path | None = None,
) -> dict[PurePosixPath, bytes]:
    """Render ``project`` (default: one timed episode) with the files of its first episode."""
    project = project or make_project()
    if files is None:
        files = built_files(project.episodes[0])
    renderer = Renderer(project, show_templates=show_templates, generator=GENERATOR)
    pages = renderer.show_pages()
    related = RelatedIndex(project.episodes)
    for episode in project.episodes:
        html = notes.of(episode, Diagnostics())
        page = renderer.episode_page(episode, html, files, related.of(episode))
        pages[layout.episode_page(episode)] = page
        pages[layout.embed_page(episode)] = renderer.embed_page(episode, files)
    return pages


def episode_page(
    project: Project | None = None, files: dict[PurePosixPath, bytes] | None = None
) -> Element:
    """The parsed page of the project's first episode."""
    project = project or make_project()
    pages = render(project, files)
    return parse(pages[PurePosixPath("episodes", project.episodes[0].slug, "index.html")])


# --- A tiny DOM on html.parser ------------------------------------------------------------

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and its descendants, in document order."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter(tag)
            if all(_attr_matches(e, name.rstrip("_"), value) for name, value in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


def section_of(page: Element, heading_id: str) -> Element:
    """The section whose h2 has this id (sections are not named regions, so they have no
    aria-labelledby to find them by)."""
    for section in page.find_all("section"):
        if any(h.attrs.get("id") == heading_id for h in section.find_all("h2")):
            return section
    raise AssertionError(f"no section with an h2#{heading_id}")


def _attr_matches(element: Element, name: str, value: str) -> bool:
    if name == "class":
        return value in element.classes
    return element.attrs.get(name.replace("_", "-")) == value


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: bytes) -> Element:
    builder = _TreeBuilder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    assert len(builder.stack) == 1, "unclosed elements"
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


# --- Structure ----------------------------------------------------------------------------


def test_every_page_and_asset_is_returned() -> None:
    """Index, one page per published episode, the glossary, the topics index, a page per
    topic, the search page and the default assets."""
    assert sorted(map(str, render())) == [
        "assets/embed.css",
        "assets/player.js",
        "assets/search.js",
        "assets/share.js",
        "assets/site.css",
        "assets/theme.css",
        "embed/how-do-clinicians-treat-nmo/index.html",
        "episodes/how-do-clinicians-treat-nmo/index.html",
        "feeds.opml",
        "glossary/index.html",
        "index.html",
        "robots.txt",
        "search/index.html",
        "sitemap.xml",
        "topics/index.html",
        "topics/treatment/index.html",
    ]


def test_a_show_without_a_glossary_has_no_glossary_page_or_link() -> None:
    """No terms: no empty glossary page, and no navigation link to one."""
    project = replace(make_project(), glossary=Glossary((), None))
    pages = render(project)
    assert PurePosixPath("glossary/index.html") not in pages
    for path, html in pages.items():
        assert b"glossary/index.html" not in html, path
    assert b"glossary/index.html" in render()[PurePosixPath("index.html")]


def test_drafts_are_not_rendered() -> None:
    """A draft has no page and is not listed on the index."""
    draft = make_episode("secret-draft", title="Secret draft", draft=True)
    pages = render(make_project(make_episode(), drafts=(draft,)))
    assert PurePosixPath("episodes/secret-draft/index.html") not in pages
    assert b"secret-draft" not in pages[PurePosixPath("index.html")]
    assert b"Secret draft" not in pages[PurePosixPath("index.html")]


@pytest.mark.parametrize(
    "path", ["index.html", "episodes/how-do-clinicians-treat-nmo/index.html", "glossary/index.html"]
)
def test_each_page_has_exactly_one_h1(path: str) -> None:
    """One h1 per page."""
    assert len(parse(render()[PurePosixPath(path)]).find_all("h1")) == 1


@pytest.mark.parametrize(
    "path", ["index.html", "episodes/how-do-clinicians-treat-nmo/index.html", "glossary/index.html"]
)
def test_skip_link_is_the_first_link_and_targets_main(path: str) -> None:
    """The first link in the body skips to #main, which exists and takes focus."""
    page = parse(render()[PurePosixPath(path)])
    first = page.find("body").find("a")
    assert (first.attrs["href"], first.text) == ("#main", "Skip to main content")
    assert page.find("main").attrs == {"id": "main", "tabindex": "-1"}


def test_landmarks_and_language() -> None:
    """html lang, one header, site nav, main and footer."""
    page = episode_page()
    assert page.find("html").attrs["lang"] == "en"
    assert len(page.find_all("header")) == 1
    assert page.find("nav", aria_label="Site").find_all("a")[0].attrs["href"] == "../../index.html"
    assert len(page.find_all("main")) == 1
    assert len(page.find_all("footer")) == 1


def test_head_has_viewport_feed_and_generator() -> None:
    """Zoomable viewport, absolute feed link, relative stylesheet, deferred script, generator."""
    head = episode_page().find("head")
    assert (
        head.find("meta", name="viewport").attrs["content"] == "width=device-width, initial-scale=1"
    )
    assert head.find("link", rel="alternate", type="application/rss+xml").attrs["href"] == (
        "https://example.org/nmo/feed.xml"
    )
    assert head.find("link", rel="stylesheet").attrs["href"] == "../../assets/site.css"
    scripts = [script.attrs for script in head.find_all("script")]
    assert scripts == [
        {"src": "../../assets/share.js", "defer": None},
        {"type": "application/ld+json"},
        {"src": "../../assets/player.js", "defer": None},
    ]
    assert head.find("meta", name="generator").attrs["content"] == GENERATOR


def test_episode_title_and_meta_line() -> None:
    """The title is the h1; the meta line has machine-readable date and ISO duration."""
    page = episode_page()
    assert page.find("h1").text == "How do Clinicians treat NMO?"
    assert squash(page.find("title").text) == ("How do Clinicians treat NMO? – NMO Video Library")
    times = page.find("p", class_="episode-meta").find_all("time")
    assert [(t.attrs["datetime"], t.text) for t in times] == [
        ("2010-04-02", "2 April 2010"),
        ("PT4M12S", "4 minutes 12 seconds"),
    ]


def test_on_this_page_links_to_each_h2_section_after_the_transcript() -> None:
    """The one-line contents nav after the transcript, named once by aria-label (no heading
    saying it again), links to each h2 that follows it."""
    page = episode_page()
    nav = page.find("nav", class_="page-contents")
    links = [a.attrs["href"] for a in nav.find_all("a")]
    h2_ids = [f"#{h.attrs['id']}" for h in page.find_all("h2")]
    assert nav.attrs["aria-label"] == "On this page" and nav.find_all("h2") == []
    assert links == ["#notes", "#glossary", "#downloads", "#share", "#feedback"]
    assert links == h2_ids[h2_ids.index("#transcript") + 1 :]


def test_reading_order_title_speaker_player_summary_transcript() -> None:
    """What a reader came for comes first: the title, who speaks, the player, the summary,
    the transcript; the topics it is posted in, the contents line and show notes after it."""
    main = episode_page().find("main")
    order = [
        el.tag
        + (f"#{el.attrs['id']}" if "id" in el.attrs else "")
        + (f".{el.attrs['class']}" if "class" in el.attrs else "")
        for el in main.children
        if hasattr(el, "tag")
    ]
    assert order == [
        "h1",
        "p.episode-speakers",
        "p.episode-meta",
        "div.player player--sticky",  # an audio player: it stays in view
        "div.sync-controls",
        "details#summary.plain-summary",
        "section.transcript",
        "p.episode-topics",  # where it is filed: after the transcript, not before it
        "nav.page-contents",
        "section.show-notes",
        "section.page-glossary",
        "section.downloads-section",
        "section.share-section",
        "section",
    ]


def test_sections_are_not_named_regions() -> None:
    """No section is a named region: its heading already names it, once."""
    page = episode_page()
    named = [
        s for s in page.find_all("section") if {"aria-label", "aria-labelledby"} & set(s.attrs)
    ]
    assert named == []


def test_plain_summary_sentences_are_a_list() -> None:
    """Each plain-language sentence is a list item, in a disclosure closed by default."""
    summary = episode_page().find("details", class_="plain-summary")
    assert "open" not in summary.attrs
    assert squash(summary.find("summary").text) == "Plain-language summary"
    items = summary.find("ul").find_all("li")
    assert [squash(li.text) for li in items] == [
        "There are three kinds of treatment.",
        "Steroids calm an attack.",
    ]


def test_summary_falls_back_to_the_summary_paragraph() -> None:
    """Without plain_summary, the one-paragraph summary is shown."""
    page = episode_page(make_project(make_episode(plain_summary=())))
    section = page.find("details", class_="plain-summary")
    assert squash(section.find("p").text) == (
        "A neurologist explains the three kinds of neuromyelitis optica (NMO) treatment."
    )


def test_show_notes_are_inserted_as_html() -> None:
    """The notes are rendered from Markdown to sanitised HTML, not escaped again."""
    notes = episode_page().find("section", class_="show-notes")
    assert notes.find("strong").text == "markup"


# --- Player -------------------------------------------------------------------------------


def test_audio_player_is_native_with_captions_track() -> None:
    """audio controls preload=metadata, no autoplay, local source, default captions track."""
    page = episode_page()
    audio = page.find("audio")
    assert audio.attrs == {
        "id": "player",
        "controls": None,
        "preload": "metadata",
        "aria-label": "Listen to the episode",
    }
    assert audio.find("source").attrs == {
        "src": "../../media/how-do-clinicians-treat-nmo/narration.mp3",
        "type": "audio/mpeg",
    }
    assert audio.find("track").attrs == {
        "kind": "captions",
        "src": "transcript.vtt",
        "srclang": "en",
        "label": "English captions",
        "default": None,
    }
    # No fallback text inside the element: browsers that play media never show it, and the
    # media is in the downloads list for any that cannot.
    assert [child.tag for child in audio.children if hasattr(child, "tag")] == ["source", "track"]
    assert page.find_all("p", id="player-help") == []


def test_no_captions_track_without_the_vtt_file() -> None:
    """The track is only added when transcript.vtt was built."""
    project = make_project()
    page = episode_page(project, files=built_files(project.episodes[0], vtt=False))
    assert page.find_all("track") == []


def test_video_player_for_video_media() -> None:
    """Video media gets a video element, never autoplaying."""
    episode = make_episode(media=(local_media("how-do-clinicians-treat-nmo", video=True),))
    files = built_files(episode) | {
        PurePosixPath("media/how-do-clinicians-treat-nmo/video.mp4"): b"v" * 48_000_000
    }
    page = episode_page(make_project(episode), files=files)
    video = page.find("video")
    assert "autoplay" not in video.attrs and "controls" in video.attrs
    assert page.find_all("audio") == []


def test_remote_media_plays_from_its_url() -> None:
    """Remote media has no output path: the player and time links use its URL."""
    remote = replace(local_media("x"), url="https://cdn.example.org/ep1.mp3", local_path=None)
    page = episode_page(make_project(make_episode(media=(remote,))))
    assert page.find("source").attrs["src"] == "https://cdn.example.org/ep1.mp3"
    assert page.find("a", class_="timecode").attrs["href"] == "https://cdn.example.org/ep1.mp3#t=0"


def test_no_player_when_local_media_was_not_built() -> None:
    """Local media missing from the build is neither played nor linked."""
    project = make_project()
    files = {k: v for k, v in built_files(project.episodes[0]).items() if k.suffix != ".mp3"}
    page = episode_page(project, files=files)
    assert page.find_all("audio") == [] and page.find_all("a", class_="timecode") == []
    assert "#watch" not in [
        a.attrs["href"] for a in page.find("nav", class_="page-contents").find_all("a")
    ]


# --- Transcript ---------------------------------------------------------------------------


def test_one_time_link_per_turn_with_media_fragment() -> None:
    """Each turn head has one time link "M:SS" named "Play from M:SS" (aria-label, so Orca
    reads it whole) to MEDIA#t=SECONDS with data-seek."""
    page = episode_page()
    turns = page.find_all("div", class_="turn")
    heads = [turn.find("p", class_="turn-head").find_all("a", class_="timecode") for turn in turns]
    assert [len(found) for found in heads] == [1, 1]
    media = "../../media/how-do-clinicians-treat-nmo/narration.mp3"
    assert [
        (a.attrs["href"], a.attrs["data-seek"], a.text, a.attrs["aria-label"]) for (a,) in heads
    ] == [
        (f"{media}#t=0", "0", "0:00", "Play from 0:00"),
        (f"{media}#t=48", "48", "0:48", "Play from 0:48"),
    ]
    assert [a.children for (a,) in heads] == [["0:00"], ["0:48"]]  # no hidden text inside
    assert [(t.attrs["data-start"], t.attrs["data-end"]) for t in turns] == [
        ("0", "48"),
        ("48", "62.5"),
    ]


def test_later_paragraph_with_its_own_time_gets_its_own_link() -> None:
    """A long turn can be played from any timed paragraph, not only from its start."""
    page = episode_page()
    first_turn = page.find_all("div", class_="turn")[0]
    links = [a.attrs["aria-label"] for a in first_turn.find_all("a", class_="timecode")]
    assert links == ["Play from 0:00", "Play from 0:20"]


def test_time_label_has_hours_when_needed() -> None:
    """A turn after an hour is labelled H:MM:SS and links to whole seconds."""
    transcript = Transcript("en", (turn("Ann", para(cue("Late.", 3_723_900, 3_730_000))),), loc())
    link = episode_page(make_project(make_episode(transcript=transcript))).find(
        "a", class_="timecode"
    )
    assert (link.attrs["aria-label"], link.attrs["href"]) == (
        "Play from 1:02:03",
        "../../media/how-do-clinicians-treat-nmo/narration.mp3#t=3723",
    )


def test_speaker_name_is_visible_text_with_colon() -> None:
    """The turn head names the speaker after the time link."""
    head = episode_page().find("p", class_="turn-head")
    assert squash(head.find("span", class_="speaker").text) == "Dean Wingerchuk:"


def test_byline_names_each_speaker_in_full_once() -> None:
    """Name, credentials and affiliation once, under the title; the transcript's intro does
    not repeat them, and says only how on-screen notes are marked."""
    page = episode_page()
    assert squash(page.find("p", class_="episode-speakers").text) == (
        "With Dean Wingerchuk, MD (Mayo Clinic)"
    )
    intro = page.find("p", class_="transcript-intro")
    assert squash(intro.text) == "Descriptions of what is shown on screen start with “On screen”."


def test_intro_names_the_transcripts_speakers_when_the_episode_names_none() -> None:
    """Without speakers in the front matter, the intro names the transcript's speakers."""
    page = episode_page(make_project(make_episode(speakers=())))
    assert page.find_all("p", class_="episode-speakers") == []
    assert squash(page.find("p", class_="transcript-intro").text).startswith(
        "Speakers: Dean Wingerchuk; Ann."
    )


def test_on_screen_paragraph_has_a_visible_label_once() -> None:
    """On-screen descriptions carry one "On screen:" label, not two."""
    paragraph = episode_page().find("p", class_="on-screen")
    assert squash(paragraph.text) == "0:20 On screen: a diagram of the eye."
    assert len(paragraph.find_all("span", class_="label")) == 1


def test_transcript_section_language_sync_controls_and_end() -> None:
    """The section is in the transcript's language; the hidden sync controls follow the
    player, outside the bar that stays in view (player.js shows them once the media plays)."""
    page = episode_page()
    section = section_of(page, "transcript")
    assert section.attrs["lang"] == "en" and "dir" not in section.attrs
    assert page.find_all("div", class_="player")[0].find_all("div", class_="sync-controls") == []
    controls = page.find("div", class_="sync-controls")
    assert "hidden" in controls.attrs
    assert controls.find("input").attrs == {"type": "checkbox", "id": "sync-highlight"}
    assert section.find("p", class_="transcript-end").text == "End of transcript."


def test_right_to_left_transcript_gets_dir_rtl() -> None:
    """An Arabic transcript is marked dir=rtl."""
    transcript = replace(untimed_transcript(), language="ar")
    section = section_of(
        episode_page(make_project(make_episode(transcript=transcript))), "transcript"
    )
    assert (section.attrs["lang"], section.attrs["dir"]) == ("ar", "rtl")


def test_untimed_transcript_has_no_time_links_track_or_times() -> None:
    """No time links, no captions track, no data-start and no sync controls."""
    page = episode_page(make_project(make_episode(transcript=untimed_transcript())))
    assert page.find_all("a", class_="timecode") == []
    assert page.find_all("track") == []
    assert page.find_all("div", class_="sync-controls") == []
    assert "data-start" not in page.find("div", class_="turn").attrs


def test_sounds_are_marked_in_the_transcript() -> None:
    """[laughs] is a sound span."""
    assert episode_page().find("span", class_="sound").text == "[laughs]"


# --- Glossary -----------------------------------------------------------------------------


def test_first_use_on_the_page_is_linked_and_expanded() -> None:
    """NMO is first used in the transcript: linked, its expansion said first, and the link is
    the anchor (#used-nmo) the glossary entry leads back to."""
    first = episode_page().find("div", class_="turn").find_all("p")[1]
    assert squash(first.text) == "Treatment of neuromyelitis optica (NMO) has three parts."
    assert first.find("a").attrs == {"href": "#gl-nmo", "id": "used-nmo"}


def test_summary_and_transcript_each_expand_their_first_use() -> None:
    """The summary is closed by default, so the transcript expands NMO again; only the
    transcript's first use is an anchor, so each id is on the page once."""
    page = episode_page(make_project(make_episode(plain_summary=("NMO is rare.",))))
    summary = page.find("details", class_="plain-summary")
    assert squash(summary.text).endswith("neuromyelitis optica (NMO) is rare.")
    assert summary.find("a").attrs == {"href": "#gl-nmo"}
    assert len(page.find_all("a", id="used-nmo")) == 1


def test_page_glossary_lists_exactly_the_terms_used() -> None:
    """NMO and steroid are used on the page; IV is not, so it is left out."""
    section = section_of(episode_page(), "glossary")
    assert [dt.attrs["id"] for dt in section.find_all("dt")] == ["gl-nmo", "gl-steroid"]
    # The expansion first, as plain text: Orca dropped an abbr's text from a dt.
    assert section.find("dt").children == ["neuromyelitis optica (NMO)"]
    # One dd per term, ending with the way back to the term's first use in the transcript.
    assert [len(dt_dd) for dt_dd in [section.find_all("dd")]] == [2]
    back = [a.attrs["href"] for a in section.find_all("a") if a.attrs["href"].startswith("#")]
    assert back == ["#used-nmo", "#used-steroid"]
    assert squash(section.find("p", class_="back-to-text").text) == (
        "Back to “NMO” in the transcript"
    )


def test_glossary_page_lists_every_term_alphabetically() -> None:
    """The site glossary has every term, its expansion, definition and the review note."""
    page = parse(render()[PurePosixPath("glossary/index.html")])
    assert [dt.attrs["id"] for dt in page.find_all("dt")] == ["gl-iv", "gl-nmo", "gl-steroid"]
    assert [squash(dd.text) for dd in page.find_all("dd")] == [
        "Into a vein.",
        "A rare disease.",
        "A medicine.",
    ]
    assert squash(page.find("p", class_="review-note").text) == "Definitions await clinical review."


def test_glossary_page_has_a_heading_per_letter_and_an_a_to_z_line() -> None:
    """A screen reader jumps between the letters by heading, anyone else by the A to Z
    links; each letter's terms follow its heading."""
    page = parse(render()[PurePosixPath("glossary/index.html")])
    letters = page.find("nav", aria_label="Glossary, A to Z").find_all("a")
    assert [(a.attrs["href"], a.text) for a in letters] == [
        ("#letter-i", "I"),
        ("#letter-n", "N"),
        ("#letter-s", "S"),
    ]
    headings = page.find_all("h2", class_="glossary-letter")
    assert [(h.attrs["id"], h.text) for h in headings] == [
        ("letter-i", "I"),
        ("letter-n", "N"),
        ("letter-s", "S"),
    ]
    assert [len(dl.find_all("dt")) for dl in page.find_all("dl")] == [1, 1, 1]


def test_glossary_letters_set_accents_aside_and_put_n_tilde_after_n() -> None:
    """Spanish terms: "Órgano" is listed under O (it was a letter of its own after Z), and
    Ñ is a letter of its own after N, as Spanish dictionaries have it; the search page's
    A to Z groups the same way."""
    where = loc("episodes/glossary.toml")
    words = ["zona", "Órgano", "ñu", "nuca", "ojo", "Úlcera", "antes", "Ácido"]
    terms = tuple(
        GlossaryTerm(f"t{i}", word, None, "Una definición.", (), where)
        for i, word in enumerate(words)
    )
    project = replace(make_project(), glossary=Glossary(terms, review_note=None))
    pages = render(project)
    page = parse(pages[PurePosixPath("glossary/index.html")])
    headings = page.find_all("h2", class_="glossary-letter")
    assert [(h.attrs["id"], h.text) for h in headings] == [
        ("letter-a", "A"),
        ("letter-n", "N"),
        ("letter-ud1", "Ñ"),
        ("letter-o", "O"),
        ("letter-u", "U"),
        ("letter-z", "Z"),
    ]
    assert [squash(dt.text) for dt in page.find_all("dt")] == [
        "Ácido", "antes", "nuca", "ñu", "ojo", "Órgano", "Úlcera", "zona",
    ]  # fmt: skip
    search = parse(pages[PurePosixPath("search/index.html")])
    letters = search.find("nav", aria_label="A to Z").find_all("a")
    assert [a.text for a in letters] == ["A", "H", "N", "Ñ", "O", "U", "Z"]


def test_other_spellings_are_inside_the_terms_one_definition() -> None:
    """ "Also written as" is a paragraph of the term's one dd (a second dd was announced as
    "2 values")."""
    terms = (replace(GLOSSARY.terms[0], aliases=("I.V.", "i.v.")), *GLOSSARY.terms[1:])
    project = replace(make_project(), glossary=Glossary(terms, review_note=None))
    page = parse(render(project)[PurePosixPath("glossary/index.html")])
    first = page.find("dl")
    assert len(first.find_all("dd")) == 1
    assert squash(first.find("p", class_="aliases").text) == "Also written as I.V., i.v.."


# --- Downloads, related, feedback ---------------------------------------------------------


def test_downloads_list_only_built_files_with_sizes() -> None:
    """Transcript files that exist in `files`, with format and size, then the audio."""
    links = episode_page().find("ul", class_="downloads").find_all("a")
    assert [(a.attrs["href"], a.text) for a in links] == [
        ("transcript.txt", "Transcript as plain text (TXT, 9 KB)"),
        ("transcript.vtt", "Captions (WebVTT, 12 KB)"),
        ("transcript.srt", "Subtitles (SRT, 500 bytes)"),
        ("../../media/how-do-clinicians-treat-nmo/narration.mp3", "Audio (MP3, 1.2 MB)"),
    ]


def test_related_episodes_share_a_topic_most_shared_then_newest() -> None:
    """Related: shared-topic count, then newest; unrelated episodes are left out."""

    def ep(slug: str, day: int, topics: tuple[str, ...]) -> Episode:
        return make_episode(
            slug, title=slug, published=datetime(2011, 1, day, tzinfo=UTC), topics=topics
        )

    main = ep("main", 1, ("treatment", "sight"))
    project = make_project(
        ep("newer-one-topic", 9, ("sight",)),
        ep("older-two-topics", 2, ("treatment", "sight")),
        ep("unrelated", 8, ("diet",)),
        ep("older-one-topic", 3, ("treatment",)),
        main,
    )
    pages = render(project, files={})
    section = section_of(parse(pages[PurePosixPath("episodes/main/index.html")]), "related")
    assert [a.text for a in section.find_all("a")] == [
        "older-two-topics",
        "newer-one-topic",
        "older-one-topic",
    ]
    assert section.find("a").attrs["href"] == "../older-two-topics/index.html"


def test_episodes_with_the_same_topics_list_each_other_but_never_themselves() -> None:
    """Seven episodes on one topic: each page lists the five newest of the other six."""
    episodes = [
        make_episode(
            f"ep{day}",
            title=f"ep{day}",
            published=datetime(2011, 1, day, tzinfo=UTC),
            topics=("sight",),
        )
        for day in range(1, 8)
    ]
    pages = render(make_project(*episodes), files={})

    def related(slug: str) -> list[str]:
        page = parse(pages[PurePosixPath(f"episodes/{slug}/index.html")])
        return [a.text for a in section_of(page, "related").find_all("a")]

    assert related("ep7") == ["ep6", "ep5", "ep4", "ep3", "ep2"]
    assert related("ep5") == ["ep7", "ep6", "ep4", "ep3", "ep2"]
    assert related("ep1") == ["ep7", "ep6", "ep5", "ep4", "ep3"]


def test_feedback_falls_back_to_mailto_owner() -> None:
    """Without a contact URL, feedback goes by e-mail with the episode in the subject."""
    link = section_of(episode_page(), "feedback").find("a")
    assert link.attrs["href"] == (
        "mailto:podcast@example.org?subject=Feedback%3A%20How%20do%20Clinicians%20treat%20NMO%3F"
    )


def test_feedback_uses_contact_url_when_given() -> None:
    """A show's contact page is the feedback link."""
    project = make_project(show=make_show(contact_url="https://example.org/contact"))
    assert (
        episode_page(project).find("footer").find_all("a")[1].attrs["href"]
        == "https://example.org/contact"
    )


def test_javascript_url_is_refused() -> None:
    """A javascript: link in show data stops the build instead of reaching a page."""
    project = make_project(show=make_show(contact_url="javascript:alert(1)"))
    with pytest.raises(SourceError, match="javascript:alert"):
        render(project)


# --- Index --------------------------------------------------------------------------------


def test_index_lists_episodes_subscribe_and_topics() -> None:
    """Episodes newest first with links, the feed URL as visible text, and topics."""
    older = make_episode("older", title="Older", published=datetime(2009, 1, 1, tzinfo=UTC))
    page = parse(render(make_project(make_episode(), older))[PurePosixPath("index.html")])
    assert page.find("h1").text == "NMO Video Library"
    cards = page.find("ul", class_="episode-list").find_all("h3")
    assert [(h.find("a").attrs["href"], h.text) for h in cards] == [
        ("episodes/how-do-clinicians-treat-nmo/index.html", "How do Clinicians treat NMO?"),
        ("episodes/older/index.html", "Older"),
    ]
    subscribe = section_of(page, "subscribe")
    assert (
        subscribe.find("p", class_="feed-url").find("a").text == "https://example.org/nmo/feed.xml"
    )
    assert subscribe.find("input").attrs["value"] == "https://example.org/nmo/feed.xml"
    topic = page.find("h3", id="topic-treatment")
    assert topic.text == "Treatment"
    assert subscribe.find_all("ul", class_="app-links") == []


def test_index_lists_the_shows_app_links() -> None:
    """[[subscribe]] links appear in the subscribe section, escaped, in their order."""
    show = make_show(
        subscribe=(AppLink("Apple <Podcasts>", "https://podcasts.apple.com/x?a=1&b=2"),)
    )
    page = parse(render(make_project(make_episode(), show=show))[PurePosixPath("index.html")])
    apps = section_of(page, "subscribe").find("ul", class_="app-links")
    assert [(a.attrs["href"], a.text) for a in apps.find_all("a")] == [
        ("https://podcasts.apple.com/x?a=1&b=2", "Apple <Podcasts>")
    ]


# --- Escaping, determinism, templates -----------------------------------------------------


def test_hostile_text_is_escaped_everywhere() -> None:
    """Markup in titles, speaker names and transcript text never becomes markup."""
    transcript = Transcript("en", (turn(HOSTILE, para(cue(HOSTILE, 0, 1000))),), loc())
    episode = make_episode(
        title=HOSTILE,
        summary=HOSTILE,
        plain_summary=(HOSTILE,),
        transcript=transcript,
        speakers=(Speaker(HOSTILE, HOSTILE, HOSTILE),),
    )
    pages = render(make_project(episode, show=make_show(title=HOSTILE)))
    for path in (
        "index.html",
        f"episodes/{episode.slug}/index.html",
        f"embed/{episode.slug}/index.html",
        "glossary/index.html",
    ):
        html = pages[PurePosixPath(path)].decode()
        assert "<script>" not in html and "<img" not in html, path
        parsed = parse(pages[PurePosixPath(path)])
        scripts = parsed.find_all("script")
        code = [s for s in scripts if s.attrs.get("type") != "application/ld+json"]
        # Only our own scripts, by address: none written from the show's text.
        assert code and all(set(s.attrs) == {"src", "defer"} and not s.text for s in code), path
        assert parsed.find_all("img") == [], path
        for data in (s for s in scripts if s not in code):  # JSON-LD: the text, as JSON
            assert "<" not in data.text and HOSTILE in _strings(json.loads(data.text)), path
    page = parse(pages[PurePosixPath(f"episodes/{episode.slug}/index.html")])
    assert page.find("h1").text == HOSTILE
    assert squash(page.find("span", class_="speaker").text) == squash(HOSTILE) + ":"


def _strings(value: object) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_two_renders_are_identical() -> None:
    """The same project gives the same bytes."""
    assert render() == render()


def test_show_templates_override_defaults(tmp_path: Path) -> None:
    """A show's own template and asset replace the defaults of the same name."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("body { color: black; }\n")
    (tmp_path / "glossary.html").write_text(
        "{% extends 'base.html' %}{% block content %}<h1>Words</h1>{% endblock %}\n"
    )
    pages = render(show_templates=tmp_path)
    assert pages[PurePosixPath("assets/site.css")] == b"body { color: black; }\n"
    assert parse(pages[PurePosixPath("glossary/index.html")]).find("h1").text == "Words"
    assert b"player.js" in pages[PurePosixPath("glossary/index.html")]


def template_error(templates: Path) -> tuple[str, int | None, str, str]:
    """Where rendering with ``templates`` failed: file, line, code and message."""
    with pytest.raises(SourceError) as raised:
        render(show_templates=templates)
    diagnostic = raised.value.diagnostic
    where = diagnostic.location
    return str(where.path), where.line, diagnostic.code, diagnostic.message


def test_template_error_names_template_and_line(tmp_path: Path) -> None:
    """An undefined variable is a located diagnostic at templates/NAME:LINE."""
    (tmp_path / "glossary.html").write_text("<p>fine</p>\n<p>{{ nonsense }}</p>\n")
    assert template_error(tmp_path) == (
        "templates/glossary.html",
        2,
        "template-error",
        "'nonsense' is undefined",
    )


def test_template_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    """A syntax error is reported with the template's name and line."""
    (tmp_path / "index.html").write_text("ok\n\n{% if %}\n")
    assert template_error(tmp_path)[:3] == ("templates/index.html", 3, "template-error")


def test_missing_partial_is_reported_by_name(tmp_path: Path) -> None:
    """Including a template that does not exist names the missing template."""
    (tmp_path / "index.html").write_text("{% include '_nowhere.html' %}\n")
    assert template_error(tmp_path) == (
        "templates/index.html",
        1,
        "template-error",
        "template '_nowhere.html' not found",
    )


# --- Theme and cards ----------------------------------------------------------------------


def test_episode_cards_are_articles_whose_title_is_the_one_link() -> None:
    """The show page lists cards: a <ul> of <li><article>, each with one link (the title),
    its date, length, speakers, summary and topics, and the artwork as a decorative image."""
    show = make_show(artwork_url="https://example.org/nmo/artwork.png")
    project = make_project(make_episode(topics=("treatment", "relapses")), show=show)
    page = parse(render(project)[PurePosixPath("index.html")])
    items = page.find("ul", class_="episode-list").find_all("li")
    assert len(items) == 1
    card = items[0].find("article", class_="episode-card")
    assert [(a.attrs["href"], a.text) for a in card.find_all("a")] == [
        ("episodes/how-do-clinicians-treat-nmo/index.html", "How do Clinicians treat NMO?")
    ]
    assert card.find("h3").find("a").text == "How do Clinicians treat NMO?"
    assert card.find("time").attrs["datetime"] == "2010-04-02"
    assert card.find("p", class_="card-speakers").text == "With Dean Wingerchuk, MD (Mayo Clinic)"
    assert card.find("p", class_="card-topics").text == "Topics: treatment, relapses"
    image = card.find("div", class_="card-art").find("img")
    assert (image.attrs["src"], image.attrs["alt"], image.attrs["width"]) == (
        "https://example.org/nmo/artwork.png",
        "",
        "96",
    )


def test_theme_css_carries_the_shows_accents() -> None:
    """assets/theme.css sets --accent for the light scheme and for the dark one, from
    show.toml's [theme]; every page links it after site.css."""
    show = make_show(theme=Theme("#0b1f3a", "#7fd1ff"))
    pages = render(make_project(make_episode(), show=show))
    css = pages[PurePosixPath("assets/theme.css")].decode()
    light, dark = css.split("@media (prefers-color-scheme: dark)")
    assert ":root { --accent: #0b1f3a; }" in light and "--accent: #7fd1ff;" in dark
    head = parse(pages[PurePosixPath("index.html")]).find("head")
    assert [link.attrs["href"] for link in head.find_all("link", rel="stylesheet")] == [
        "assets/site.css",
        "assets/theme.css",
    ]


def test_theme_css_refuses_a_colour_that_was_not_checked() -> None:
    """Only #rgb/#rrggbb reaches the style sheet, even from a model made without the loader."""
    show = make_show(theme=Theme("#fff;} body { display: none", "#7fd1ff"))
    with pytest.raises(ValueError, match="not a checked colour"):
        render(make_project(make_episode(), show=show))


@pytest.mark.parametrize(
    ("medium", "prompt"),
    [(None, "Listen in your podcast app:"), ("video", "Watch in your podcast app:")],
)
def test_app_prompt_says_watch_or_listen_as_the_media_is(medium: str | None, prompt: str) -> None:
    show = make_show(medium=medium, subscribe=(AppLink("Apple Podcasts", "https://apple.com/p"),))
    page = parse(render(make_project(make_episode(), show=show))[PurePosixPath("index.html")])
    assert prompt in [p.text for p in section_of(page, "subscribe").find_all("p")]


# ---------- time links, made in Python ----------


@pytest.mark.parametrize(
    ("language", "name"), [("en", "Play from 1:05"), ("es", "Reproducir desde 1:05")]
)
def test_time_link_html_escapes_its_href_and_speaks_the_page_language(
    language: str, name: str
) -> None:
    """A time link is written by ``episode_page.time_link_html``, not by the template: its
    media URL is escaped as Jinja would escape it (a query string's ``&`` and a quote
    cannot end the attribute), and its name is the page's language."""
    with locale.speaking(language):
        play = Markup(wording.play_from())
    href = 'https://media.example.org/a.mp3?x=1&y="2"#t=65'
    html = time_link_html(href, 65, "1:05", play)
    assert str(html) == (
        '<a class="timecode" href="https://media.example.org/a.mp3?x=1&amp;y=&#34;2&#34;#t=65"'
        f' data-seek="65" aria-label="{name}">1:05</a>'
    )
