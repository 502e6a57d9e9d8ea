"""A show's ``static/`` folder is copied into ``out/`` as it is, and an episode dated after
the build waits for its date (``--future`` publishes it): both through the incremental build,
which must still equal a cold one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from support import read_tree as tree

from nmo_feed import build

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
SIGHT = "2024-03-01-talking-about-sight"  # the newest episode, dated 2024-03-01T10:00Z
BEFORE = datetime(2024, 2, 15, tzinfo=UTC)  # after the two others, before SIGHT
AFTER = datetime(2024, 3, 2, tzinfo=UTC)


class Show:
    """A copy of the full fixture show, its out/ and its own cache."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.source = tmp_path / "show"
        shutil.copytree(FULL, self.source)
        self.out = tmp_path / "out"
        self.cache = tmp_path / "cache"

    def build(self, **options: object) -> build.Result:
        return build.build(self.source, self.out, cache_root=self.cache, **options)  # type: ignore[arg-type]

    def cold(self, **options: object) -> dict[str, bytes]:
        fresh = self.tmp / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        result = build.build(self.source, fresh, cache_root=None, **options)  # type: ignore[arg-type]
        assert not result.failed(), [d.message for d in result.diagnostics.errors]
        return tree(fresh)

    def static(self, relative: str, data: bytes) -> None:
        path = self.source / "static" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def published(out: Path) -> bool:
    """Whether SIGHT is in the built site: its page, and its item in the feed."""
    page = (out / "episodes" / "talking-about-sight" / "index.html").exists()
    in_feed = b"0f7d6f6a-3b0e-4b8e-9e64-0d6c0a9a7c31" in (out / "feed.xml").read_bytes()
    assert page == in_feed, "the page and the feed disagree"
    return page


# --- static/ ----------------------------------------------------------------------------------


def test_static_files_are_copied_as_they_are(tmp_path: Path) -> None:
    """static/CNAME is out/CNAME, static/.well-known/x is out/.well-known/x, byte for byte,
    and no episode is rendered again when only a static file changes."""
    show = Show(tmp_path)
    show.static("CNAME", b"podcast.example.org\n")
    show.static(".well-known/security.txt", b"Contact: mailto:a@example.org\r\n")
    assert not show.build().failed()
    assert (show.out / "CNAME").read_bytes() == b"podcast.example.org\n"
    assert (show.out / ".well-known" / "security.txt").read_bytes().endswith(b"\r\n")
    show.static("CNAME", b"listen.example.org\n")
    again = show.build()
    assert (again.rendered, (show.out / "CNAME").read_bytes()) == (0, b"listen.example.org\n")
    assert tree(show.out) == {**show.cold(), ".nmo-feed": tree(show.out)[".nmo-feed"]}
    (show.source / "static" / "CNAME").unlink()
    assert not show.build().failed()
    assert not (show.out / "CNAME").exists()


def test_a_static_file_in_place_of_a_generated_one_is_refused(tmp_path: Path) -> None:
    """static/feed.xml and static/episodes (a file where nmo-feed writes a folder) are errors
    naming both, and out/ is left as it was."""
    show = Show(tmp_path)
    assert not show.build().failed()
    before = tree(show.out)
    show.static("feed.xml", b"<rss/>")
    show.static("episodes", b"not a folder")
    result = show.build()
    assert result.failed()
    found = sorted((str(d.location.path), d.code, d.message) for d in result.diagnostics.errors)
    assert found == [
        (
            "static/episodes",
            "static-collision",
            "static/episodes would take the place of the folder episodes/ that nmo-feed"
            " writes into in the output",
        ),
        (
            "static/feed.xml",
            "static-collision",
            "static/feed.xml would take the place of feed.xml in the output",
        ),
    ]
    assert tree(show.out) == before


# --- scheduled episodes -----------------------------------------------------------------------


def test_an_episode_dated_after_the_build_waits_for_its_date(tmp_path: Path) -> None:
    """Before its date the episode is checked but not published, and the result says when it
    will be; a later build on or after the date publishes it and equals a cold build."""
    show = Show(tmp_path)
    early = show.build(now=BEFORE)
    assert not early.failed()
    assert not published(show.out)
    assert [(name, when.date().isoformat()) for name, when in early.scheduled] == [
        (SIGHT, "2024-03-01")
    ]
    assert early.published == 2
    # Nothing changed and still before the date: nothing is done.
    assert show.build(now=BEFORE).rendered == 0
    late = show.build(now=AFTER)
    assert (late.failed(), late.scheduled, late.published) == (False, (), 3)
    assert published(show.out)
    assert tree(show.out) == {**show.cold(now=AFTER), ".nmo-feed": tree(show.out)[".nmo-feed"]}


def test_future_publishes_scheduled_episodes(tmp_path: Path) -> None:
    """--future publishes what the date would hold back; dropping it holds it back again."""
    show = Show(tmp_path)
    assert not show.build(now=BEFORE, future=True).failed()
    assert published(show.out)
    assert not show.build(now=BEFORE).failed()
    assert not published(show.out)
    assert tree(show.out) == {**show.cold(now=BEFORE), ".nmo-feed": tree(show.out)[".nmo-feed"]}


def test_nothing_published_names_scheduled_episodes_as_scheduled(tmp_path: Path) -> None:
    """Built before every episode's date, the warning says they are dated after the build and
    how --future publishes them, not that they are drafts (they are not)."""
    show = Show(tmp_path)
    result = show.build(now=datetime(2000, 1, 1, tzinfo=UTC))
    assert not result.failed()
    [warning] = [d for d in result.diagnostics.warnings if d.code == "nothing-published"]
    drafts = result.drafts
    assert warning.message.startswith(
        f"no episode is published yet: {result.episode_count - drafts} episodes are dated"
        " after this build"
    )
    assert ("the others are drafts" in warning.message) == bool(drafts)
    assert warning.hint is not None and "--future" in warning.hint
    for episode in show.source.glob("*/episode.md"):
        text = episode.read_text()
        if "\ndraft:" not in text:
            episode.write_text(text.replace("---\n", "---\ndraft: true\n", 1))
    result = show.build(now=datetime(2000, 1, 1, tzinfo=UTC))
    [warning] = [d for d in result.diagnostics.warnings if d.code == "nothing-published"]
    assert warning.message == "every episode is a draft, so the feed has no items"


def test_a_scheduled_episode_is_still_checked(tmp_path: Path) -> None:
    """An error in an episode that is not published yet fails the build all the same."""
    show = Show(tmp_path)
    episode = show.source / SIGHT / "episode.md"
    episode.write_text(episode.read_text().replace("guid:", "season: -3\nguid:"))
    result = show.build(now=BEFORE)
    assert result.failed()
    assert "wrong-type" in {d.code for d in result.diagnostics.errors}


def test_a_static_link_out_of_the_show_is_refused(tmp_path: Path) -> None:
    """A symbolic link in static/ to a file of this machine is an error, not published."""
    show = Show(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web\n")
    (show.source / "static").mkdir()
    (show.source / "static" / "host").symlink_to(secret)
    result = show.build()
    assert result.failed()
    assert [(str(d.location.path), d.code) for d in result.diagnostics.errors] == [
        ("static/host", "static-outside")
    ]
    assert not (show.out / "host").exists()


def test_a_transcript_or_chapters_link_out_of_the_show_is_refused(tmp_path: Path) -> None:
    """A transcript or chapters.json that is a symbolic link to a file of this machine is an
    error at the link's own path, and nothing of the file is published."""
    show = Show(tmp_path)
    secret = tmp_path / "secret.vtt"
    secret.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nnot for the web\n")
    folder = show.source / SIGHT
    for old in folder.glob("transcript.*"):
        old.unlink()
    (folder / "transcript.vtt").symlink_to(secret)
    (folder / "chapters.json").symlink_to(secret)
    result = show.build()
    assert result.failed()
    assert sorted((str(d.location.path), d.code) for d in result.diagnostics.errors) == [
        (f"{SIGHT}/chapters.json", "chapters-outside"),
        (f"{SIGHT}/transcript.vtt", "transcript-outside"),
    ]
    assert not show.out.exists()


def test_the_shows_own_robots_txt_replaces_the_generated_one(tmp_path: Path) -> None:
    """static/robots.txt is published as robots.txt, in place of the one nmo-feed writes,
    also when it is added to a show built before, and the build equals a cold one."""
    show = Show(tmp_path)
    assert not show.build().failed()
    assert b"Sitemap:" in (show.out / "robots.txt").read_bytes()
    show.static("robots.txt", b"User-agent: *\nDisallow: /drafts/\n")
    assert not show.build().failed()
    assert (show.out / "robots.txt").read_bytes() == b"User-agent: *\nDisallow: /drafts/\n"
    assert tree(show.out) == {**show.cold(), ".nmo-feed": tree(show.out)[".nmo-feed"]}


def test_a_scheduled_episode_is_rendered_and_checked_before_its_day(tmp_path: Path) -> None:
    """What rendering finds (here: a WAV file that cannot carry tags, a warning) is reported
    while the episode waits, not first on the day it is due."""
    show = Show(tmp_path)
    early = show.build(now=datetime(2024, 1, 15, tzinfo=UTC))  # before first-questions
    assert "2024-02-01-first-questions" in [name for name, _ in early.scheduled]
    assert "media-untagged" in {d.code for d in early.diagnostics.warnings}
