"""The output tree (``layout``): where each file goes under out/, its public URL, the URL's
way back to the file (``Site.path``), relative links, and the one form of a ``site_url``;
and the shared rules (``rules``) that more than one stage must agree on."""

from __future__ import annotations

import posixpath
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from support import episode_model, show_model

from nmo_feed import layout, rules
from nmo_feed.errors import SourceLocation
from nmo_feed.model import Artwork, Cue, Episode, Media, Paragraph, Transcript, Turn
from nmo_feed.transcripts import SUFFIXES, render

SLUG = "how-do-clinicians-treat-nmo"
SITE = layout.Site("https://example.org/nmo/")
HERE = SourceLocation(PurePosixPath(f"2010-04-02-{SLUG}/transcript.md"))


def transcript(language: str) -> Transcript:
    cue = Cue(0, 1_000, "Hello.", None, HERE)
    return Transcript(language, (Turn(None, (Paragraph((cue,), "speech"),)),), HERE)


def media(name: str | None, url: str | None = None) -> Media:
    local = PurePosixPath(f"2010-04-02-{SLUG}/{name}") if name else None
    return Media(url, "audio/mpeg", 1_000, 1_000, local, HERE)


OWN, SPANISH = transcript("en"), transcript("es")
LOCAL_MP3 = media("narration.mp3")
REMOTE_MP4 = media(None, "https://cdn.example.org/a b/talk.mp4?x=1")
EPISODE = episode_model(
    SLUG,
    transcript=OWN,
    translations=(SPANISH,),
    media=(LOCAL_MP3, REMOTE_MP4),
    artwork=Artwork(None, PurePosixPath(f"2010-04-02-{SLUG}/art/cover art.png")),
)


def every_path(episode: Episode = EPISODE) -> list[PurePosixPath]:
    """Every output path layout gives for the show and one episode."""
    paths = [layout.FEED, layout.FEED_JSON, layout.SHOW_PAGE, layout.GLOSSARY_PAGE]
    paths += [layout.asset("site.css"), layout.NETLIFY_HEADERS, layout.HTACCESS]
    paths += [layout.episode_page(episode), layout.chapters(episode)]
    for text in (OWN, SPANISH):
        paths += [layout.transcript(episode, text, ext) for ext, _, _ in rules.TRANSCRIPT_OUTPUTS]
    paths += [p for m in episode.media if (p := layout.media(episode, m)) is not None]
    art = layout.episode_artwork(episode)
    show_art = layout.show_artwork(show_model(artwork_path=PurePosixPath("año/portada ñ.png")))
    return [*paths, *(p for p in (art, show_art) if p is not None)]


def test_each_output_has_its_path() -> None:
    """The paths the site promises: one folder per episode under episodes/, the episode's
    own transcript without a language in its name, copied media under media/<slug>/."""
    folder = f"episodes/{SLUG}"
    assert [str(p) for p in every_path()] == [
        "feed.xml",
        "feed.json",
        "index.html",
        "glossary/index.html",
        "assets/site.css",
        "_headers",
        ".htaccess",
        f"{folder}/index.html",
        f"{folder}/chapters.json",
        f"{folder}/transcript.vtt",
        f"{folder}/transcript.srt",
        f"{folder}/transcript.json",
        f"{folder}/transcript.txt",
        f"{folder}/transcript.es.vtt",
        f"{folder}/transcript.es.srt",
        f"{folder}/transcript.es.json",
        f"{folder}/transcript.es.txt",
        f"media/{SLUG}/narration.mp3",
        f"{folder}/cover art.png",
        "artwork/portada ñ.png",
    ]


def test_remote_files_have_no_output_path() -> None:
    """Remote media and artwork stay where they are: nothing is written for them."""
    remote = episode_model(SLUG, media=(REMOTE_MP4,), artwork=Artwork("https://x.org/a.png"))
    assert layout.media(remote, REMOTE_MP4) is None
    assert layout.episode_artwork(remote) is None
    assert layout.episode_artwork(episode_model(SLUG)) is None
    assert layout.show_artwork(show_model(artwork_url="https://x.org/a.png")) is None


def test_urls_of_pages_are_their_folders() -> None:
    assert SITE.url(layout.SHOW_PAGE) == "https://example.org/nmo/"
    assert SITE.url(layout.GLOSSARY_PAGE) == "https://example.org/nmo/glossary/"
    assert SITE.episode(EPISODE) == f"https://example.org/nmo/episodes/{SLUG}/"
    assert SITE.feed == "https://example.org/nmo/feed.xml"
    assert layout.Site.of(show_model()).feed == SITE.feed


def test_urls_are_percent_encoded() -> None:
    """A local artwork file may have a space or a non-ASCII letter in its name; its URL in
    the feed must still be a URL (RFC 3986), encoded as the pages' relative links are."""
    assert SITE.episode_artwork(EPISODE) == (
        f"https://example.org/nmo/episodes/{SLUG}/cover%20art.png"
    )
    show = show_model(artwork_path=PurePosixPath("año/portada ñ.png"))
    assert layout.Site.of(show).show_artwork(show) == (
        "https://example.org/nmo/artwork/portada%20%C3%B1.png"
    )
    for path in every_path():
        url = SITE.url(path)
        assert url.isascii() and " " not in url, url


def test_remote_urls_are_given_as_written() -> None:
    assert SITE.media(EPISODE, REMOTE_MP4) == "https://cdn.example.org/a b/talk.mp4?x=1"
    assert SITE.media(EPISODE, LOCAL_MP3) == f"https://example.org/nmo/media/{SLUG}/narration.mp3"
    art = episode_model(SLUG, artwork=Artwork("https://x.org/a.png"))
    assert SITE.episode_artwork(art) == "https://x.org/a.png"
    assert SITE.episode_artwork(episode_model(SLUG)) is None
    assert SITE.show_artwork(show_model(artwork_url="https://x.org/s.png")) == "https://x.org/s.png"


@pytest.mark.parametrize("root", ["https://example.org/nmo/", "http://localhost:8000/"])
def test_site_path_is_the_inverse_of_site_url(root: str) -> None:
    """Every path layout gives comes back from its URL (with or without a fragment), so
    verify can check each link of the feed against the files built."""
    site = layout.Site(root)
    for path in every_path():
        assert site.path(site.url(path)) == path, path
        assert site.path(site.url(path) + "#t=12") == path, path


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/other/feed.xml",
        "https://example.org/nmo",  # the site without its slash is not under it
        "https://example.org/nmo-old/feed.xml",
        "http://example.org/nmo/feed.xml",
        "https://cdn.example.org/talk.mp4",
    ],
)
def test_site_path_of_another_sites_url_is_none(url: str) -> None:
    assert SITE.path(url) is None


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("https://example.org/nmo", "https://example.org/nmo/"),
        ("https://example.org/nmo/", "https://example.org/nmo/"),
        ("  https://example.org/nmo///\n", "https://example.org/nmo/"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_site_url_has_one_normal_form(given: str, normal: str) -> None:
    assert layout.site_url(given) == normal
    assert layout.site_url(normal) == normal


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("assets/site.css", f"episodes/{SLUG}/index.html", "../../assets/site.css"),
        (f"episodes/{SLUG}/index.html", "index.html", f"episodes/{SLUG}/index.html"),
        ("index.html", "glossary/index.html", "../index.html"),
        (f"episodes/{SLUG}/transcript.vtt", f"episodes/{SLUG}/index.html", "transcript.vtt"),
        (f"media/{SLUG}/a.mp3", f"episodes/{SLUG}/index.html", f"../../media/{SLUG}/a.mp3"),
        ("artwork/portada ñ.png", "index.html", "artwork/portada%20%C3%B1.png"),
    ],
)  # fmt: skip
def test_href_is_relative_and_encoded(target: str, page: str, link: str) -> None:
    """Relative links work from any host and from file://; followed from the page they lead
    to the target."""
    assert layout.href(PurePosixPath(target), PurePosixPath(page)) == link
    followed = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(link)))
    assert followed == target
    assert urlsplit(link).scheme == ""


# --- rules ---------------------------------------------------------------------------------


def test_the_transcript_files_discover_finds_are_the_ones_load_reads() -> None:
    """discover names transcript files by rules.TRANSCRIPT_INPUTS; the readers must read
    exactly those, or a found file would fail to load (or a readable one be missed)."""
    assert tuple(f".{ext}" for ext in rules.TRANSCRIPT_INPUTS) == SUFFIXES


def test_the_transcript_outputs_are_what_render_writes() -> None:
    """The feed lists rules.TRANSCRIPT_OUTPUTS; render writes all of those files for a timed
    transcript, and only the plain text otherwise."""
    assert set(render(OWN)) == {ext for ext, _, _ in rules.TRANSCRIPT_OUTPUTS}
    untimed = Transcript(
        "en", (Turn(None, (Paragraph((Cue(None, None, "Hi.", None, HERE),), "speech"),)),), HERE
    )
    assert set(render(untimed)) == {"txt"}


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("tab\tline\nfeed\r\nok", False),
        ("bell\a", True),
        ("nul\x00", True),
        ("del\x7f", True),
        ("next line\x85", True),
        ("form feed\x0c", True),
        ("non-breaking\u00a0space é ñ", False),
    ],
)
def test_control_characters(text: str, bad: bool) -> None:
    assert bool(rules.CONTROL.search(text)) is bad


@pytest.mark.parametrize(
    ("tag", "ok"),
    [("en", True), ("pt-BR", True), ("zh-Hant", True), ("ast", True), ("e", False),
     ("english", False), ("en_US", False), ("en-", False)],
)  # fmt: skip
def test_language_tags(tag: str, ok: bool) -> None:
    assert bool(rules.LANGUAGE.match(tag)) is ok
