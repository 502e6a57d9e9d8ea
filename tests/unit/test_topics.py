"""Topics: their URL names, their pages and their own podcast feeds, checked like feed.xml."""

from __future__ import annotations

import re
import uuid
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build, layout
from nmo_feed.build import verify
from nmo_feed.errors import Diagnostics

NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def episode(guid: str, date: str, topics: str) -> str:
    return (
        f"---\ntitle: T {guid}\ndate: {date}\nguid: {guid}\nsummary: S {guid}.\n"
        f"topics: {topics}\n---\n"
    )


@pytest.mark.parametrize(
    ("topic", "slug"),
    [
        ("treatment", "treatment"),
        ("plasma exchange", "plasma-exchange"),
        ("névrite optique", "nevrite-optique"),
        ("aqp4-igg / mog", "aqp4-igg-mog"),
        ("  side effects!  ", "side-effects"),
    ],
)
def test_topic_slugs_are_ascii_and_made_from_the_topic_alone(topic: str, slug: str) -> None:
    assert layout.topic_slug(topic) == slug


def test_a_topic_without_ascii_letters_gets_a_stable_digest_slug() -> None:
    slug = layout.topic_slug("視神経炎")
    assert re.fullmatch(r"topic-[0-9a-f]{8}", slug)
    assert slug == layout.topic_slug("視神経炎") != layout.topic_slug("脊髄炎")


def test_topics_folding_to_one_slug_are_an_error(make_show) -> None:  # type: ignore[no-untyped-def]
    root = make_show(
        {
            "2024-05-01-first/episode.md": None,
            "2024-05-01-a/episode.md": episode("g-a", "2024-05-01", "[plasma exchange]"),
            "2024-05-02-b/episode.md": episode("g-b", "2024-05-02", "[plasma-exchange]"),
        }
    )
    result = build.check(root)
    found = [(d.code, str(d.location.path), d.location.line) for d in result.diagnostics.errors]
    assert found == [
        ("topic-slug", "2024-05-01-a/episode.md", 6),
        ("topic-slug", "2024-05-02-b/episode.md", 6),
    ]


@pytest.fixture
def built(make_show, tmp_path: Path) -> tuple[build.Result, Path]:  # type: ignore[no-untyped-def]
    root = make_show(
        {
            "2024-05-01-first/episode.md": None,
            "2024-05-01-a/episode.md": episode("g-a", "2024-05-01", "[Treatment, sight]"),
            "2024-05-02-b/episode.md": episode("g-b", "2024-05-02", "[treatment]"),
            "2024-05-03-c/episode.md": episode("g-c", "2024-05-03", "[]"),
        }
    )
    out = tmp_path / "out"
    result = build.build(root, out, cache_root=None)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    checked = build.check(root)
    assert not checked.failed(), [d.message for d in checked.diagnostics.errors]
    return checked, out


def test_each_topic_feed_has_its_episodes_newest_first_and_its_own_guid(
    built: tuple[build.Result, Path],
) -> None:
    result, out = built
    assert result.project is not None
    site = result.project.show.site_url
    for topic, guids in (("treatment", ["g-b", "g-a"]), ("sight", ["g-a"])):
        data = (out / "topics" / topic / "feed.xml").read_text()
        assert re.findall(r'<guid isPermaLink="false">([^<]+)</guid>', data) == guids
        url = f"{site}topics/{topic}/feed.xml"
        seed = url.split("://", 1)[1]
        assert f"<podcast:guid>{uuid.uuid5(NAMESPACE, seed)}</podcast:guid>" in data
        assert f'<atom:link href="{url}" rel="self"' in data
    # The items are the show feed's bytes.
    main = (out / "feed.xml").read_text()
    topic = (out / "topics" / "sight" / "feed.xml").read_text()
    item = topic[topic.index("<item>") : topic.index("</item>")]
    assert item in main
    assert not (out / "topics" / "c").exists()


def test_topic_pages_list_their_episodes_and_episode_pages_link_them(
    built: tuple[build.Result, Path],
) -> None:
    _, out = built
    page = (out / "topics" / "treatment" / "index.html").read_text()
    assert page.index("T g-b") < page.index("T g-a")
    assert "T g-c" not in page
    index = (out / "topics" / "index.html").read_text()
    assert 'href="sight/index.html">Sight</a> (1 episode)' in index
    assert 'href="treatment/index.html">Treatment</a> (2 episodes)' in index
    episode_page = (out / "episodes" / "a" / "index.html").read_text()
    assert (
        'Posted in <a href="../../topics/treatment/index.html">Treatment</a>, '
        '<a href="../../topics/sight/index.html">Sight</a>' in episode_page
    )
    assert "Posted in" not in (out / "episodes" / "c" / "index.html").read_text()


def check_with(result: build.Result, path: PurePosixPath, old: str, new: str) -> list[str]:
    assert result.project is not None
    files = dict(result.files)
    text = files[path].decode()
    assert old in text
    files[path] = text.replace(old, new, 1).encode()
    diagnostics = Diagnostics()
    verify.check_output(result.project, files, diagnostics)
    return [f"{d.code}: {d.message}" for d in diagnostics.errors]


def test_the_feed_checks_run_on_topic_feeds(built: tuple[build.Result, Path]) -> None:
    result, _ = built
    path = PurePosixPath("topics/treatment/feed.xml")
    assert check_with(result, path, "<podcast:guid>", "<podcast:guid>x") == [
        "feed-tag: podcast:guid of https://example.org/show/topics/treatment/feed.xml is not "
        + str(uuid.uuid5(NAMESPACE, "example.org/show/topics/treatment/feed.xml"))
    ]
    errors = check_with(result, path, '"false">g-a<', '"false">g-b<')
    assert any(e.startswith("feed-guid") for e in errors)
    errors = check_with(result, path, "<itunes:explicit>false", "<itunes:explicit>no")
    assert errors and all(e.startswith("feed-tag") for e in errors)
    missing = dict(result.files)
    missing.pop(path)
    diagnostics = Diagnostics()
    assert result.project is not None
    verify.check_output(result.project, missing, diagnostics)
    assert [d.code for d in diagnostics.errors] == ["feed-xml"]
