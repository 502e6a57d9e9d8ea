"""The command line end to end, in a real subprocess, as a publisher uses it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import read_tree as tree

REPO = Path(__file__).resolve().parents[2]
NMO = REPO / "episodes"
NMO_EPISODE = "2010-04-02-how-do-clinicians-treat-nmo"
NMO_GUID = "20a0a83e-ea77-484a-a3ba-f6c943577d6a"


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nmo_feed", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def item_guids(feed: Path) -> list[str]:
    return re.findall(r'<guid isPermaLink="false">([^<]+)</guid>', feed.read_text())


@pytest.fixture
def nmo_copy(tmp_path: Path) -> Path:
    """A private copy of the NMO show that a test may change."""
    return Path(shutil.copytree(NMO, tmp_path / "episodes"))


def test_build_publishes_the_episode_and_not_the_drafts(tmp_path: Path) -> None:
    """`python -m nmo_feed build` writes the feed, the page, transcript and chapters files, no
    drafts."""
    out = tmp_path / "out"
    done = run("build", "--source", NMO, "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built 1 episode (4 drafts not published) into ")
    # The search index's files are named by digests of their content (test_search_index.py).
    index = ("search/pagefind/", "search/shards/")
    files = sorted(p for p in tree(out) if not p.startswith(index))
    assert {p for p in tree(out) if p.startswith(index)} >= {
        "search/pagefind/pagefind.js",
        "search/pagefind/pagefind-entry.json",
        "search/shards/000/pagefind-entry.json",
    }
    assert files == [
        ".htaccess",
        ".nmo-feed",
        "_headers",
        "apple-touch-icon.png",
        "artwork/artwork.png",
        "assets/embed.css",
        "assets/player.js",
        "assets/search.js",
        "assets/share.js",
        "assets/site.css",
        "assets/theme.css",
        "embed/how-do-clinicians-treat-nmo/index.html",
        "episodes/how-do-clinicians-treat-nmo/chapters.json",
        "episodes/how-do-clinicians-treat-nmo/index.html",
        "episodes/how-do-clinicians-treat-nmo/oembed.json",
        "episodes/how-do-clinicians-treat-nmo/transcript.html",
        "episodes/how-do-clinicians-treat-nmo/transcript.json",
        "episodes/how-do-clinicians-treat-nmo/transcript.srt",
        "episodes/how-do-clinicians-treat-nmo/transcript.txt",
        "episodes/how-do-clinicians-treat-nmo/transcript.vtt",
        "favicon.png",
        "feed.json",
        "feed.xml",
        "feeds.opml",
        "glossary/index.html",
        "index.html",
        "media/how-do-clinicians-treat-nmo/narration.mp3",
        "robots.txt",
        "search/index.html",
        "sitemap.xml",
        "topics/index.html",
        "topics/relapses/feed.xml",
        "topics/relapses/index.html",
        "topics/symptoms/feed.xml",
        "topics/symptoms/index.html",
        "topics/treatment/feed.xml",
        "topics/treatment/index.html",
    ]
    assert item_guids(out / "feed.xml") == [NMO_GUID]
    for topic in ("relapses", "symptoms", "treatment"):
        assert item_guids(out / "topics" / topic / "feed.xml") == [NMO_GUID]


def test_feed_carries_the_seed_transcript_in_full(nmo_site: Path) -> None:
    """Every paragraph of transcript.md is in the feed's content:encoded, word for word."""
    feed = (nmo_site / "feed.xml").read_text()
    source = (NMO / NMO_EPISODE / "transcript.md").read_text()
    paragraphs = [re.sub(r"^\[\d\d:\d\d\] ", "", p) for p in source.split("\n\n")[1:] if p.strip()]
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert paragraph.strip() in feed


def test_a_rebuild_with_nothing_changed_says_so(tmp_path: Path) -> None:
    """The second build of an unchanged show writes nothing and does not claim it built."""
    out = tmp_path / "out"
    assert run("build", "--source", NMO, "--out", out).returncode == 0
    again = run("build", "--source", NMO, "--out", out)
    assert again.returncode == 0, again.stderr
    files = sum(1 for path in out.rglob("*") if path.is_file() and path.name != ".nmo-feed")
    assert again.stdout.startswith(
        f"Nothing changed since the last build: {out}/ is up to date with 1 episode"
        f" (4 drafts not published): {files} files,"
    )
    assert "(s)" not in again.stdout


def test_top_level_help_keeps_whole_sentences() -> None:
    """Each command's summary in --help is a whole sentence, wrapped, never cut with "..."."""
    shown = run("--help", env={**os.environ, "COLUMNS": "60"})
    assert shown.returncode == 0
    commands = shown.stdout[shown.stdout.index("Commands:") :]
    assert "..." not in commands
    assert "lacks one (and podcast_guid into" in " ".join(commands.split())


def test_output_beside_the_show_from_inside_it(nmo_copy: Path) -> None:
    """`--source . --out ../out` run in the show folder builds beside it."""
    done = run("build", "--source", ".", "--out", "../out", cwd=nmo_copy)
    assert done.returncode == 0, done.stderr
    assert (nmo_copy.parent / "out" / "feed.xml").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """The same input builds to the same bytes: no clock, no randomness, no dict order."""
    for name in ("one", "two"):
        assert run("build", "--source", NMO, "--out", tmp_path / name).returncode == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_broken_episode_is_located_and_leaves_out_untouched(nmo_copy: Path, tmp_path: Path) -> None:
    """A bad date gives path:line:col, exit 1, no traceback, and out/ stays byte-identical."""
    out = tmp_path / "out"
    assert run("build", "--source", "episodes", "--out", "out", cwd=tmp_path).returncode == 0
    before = tree(out)
    episode = nmo_copy / NMO_EPISODE / "episode.md"
    episode.write_text(episode.read_text().replace("date: 2010-04-02", "date: 2010-02-30"))
    done = run("build", "--source", "episodes", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        f"episodes/{NMO_EPISODE}/episode.md:3:1: error[bad-date]:"
        " 'date' is '2010-02-30', not an ISO date such as 2024-05-01"
    )
    assert "Nothing written: out/ is unchanged." in done.stderr
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["episodes", "out"]


def test_guids_survive_renames_and_edits(nmo_copy: Path, tmp_path: Path) -> None:
    """Renaming the folder and changing title, date and site_url keep every guid."""
    assert run("build", "--source", nmo_copy, "--out", tmp_path / "before").returncode == 0
    folder = nmo_copy / NMO_EPISODE
    renamed = folder.rename(nmo_copy / "2010-04-03-treating-nmo")
    episode = renamed / "episode.md"
    text = episode.read_text().replace("title: How do Clinicians treat NMO?", "title: Treating NMO")
    episode.write_text(text.replace("date: 2010-04-02", "date: 2010-04-03"))
    show = nmo_copy / "show.toml"
    show.write_text(
        show.read_text().replace("https://example.org/nmo/", "https://podcasts.example.net/nmo/")
    )
    assert run("build", "--source", nmo_copy, "--out", tmp_path / "after").returncode == 0
    before, after = (
        (tmp_path / "before" / "feed.xml").read_text(),
        (tmp_path / "after" / "feed.xml").read_text(),
    )
    assert (
        item_guids(tmp_path / "before" / "feed.xml")
        == item_guids(tmp_path / "after" / "feed.xml")
        == [NMO_GUID]
    )
    channel_guid = "<podcast:guid>e093ec53-d964-55db-b6a7-2492d3f50a0c</podcast:guid>"
    assert channel_guid in before and channel_guid in after
    assert "<title>Treating NMO</title>" in after


def test_add_guids_fills_only_missing_guids(nmo_copy: Path) -> None:
    """Without a guid the build refuses and says how to fix it; add-guids writes one, once."""
    episode = nmo_copy / NMO_EPISODE / "episode.md"
    episode.write_text(episode.read_text().replace(f"guid: {NMO_GUID}\n", ""))
    refused = run("check", "--source", nmo_copy)
    assert refused.returncode == 1
    assert "error[missing-guid]" in refused.stderr
    assert "run 'nmo-feed add-guids'" in refused.stderr
    added = run("add-guids", "--source", nmo_copy)
    assert added.returncode == 0, added.stderr
    new_guid = re.search(r"added guid: ([0-9a-f-]{36})$", added.stdout, re.MULTILINE)
    assert new_guid, added.stdout
    assert added.stdout.count("added guid") == 1  # the drafts already had theirs
    assert f"guid: {new_guid[1]}\n---" in episode.read_text()
    assert run("check", "--source", nmo_copy).returncode == 0
    again = run("add-guids", "--source", nmo_copy)
    assert again.stdout == "Every episode already has a guid.\n"
    assert f"guid: {new_guid[1]}\n" in episode.read_text()


def test_strict_turns_warnings_into_failure(tmp_path: Path, make_show) -> None:  # type: ignore[no-untyped-def]
    """The default test show has a warning (no artwork): fine normally, exit 1 with --strict."""
    root = make_show()
    assert run("check", "--source", root).returncode == 0
    strict = run("check", "--source", root, "--strict")
    assert strict.returncode == 1
    assert "warning[missing-artwork]" in strict.stderr


def test_progress_is_off_when_piped_unless_asked_for(tmp_path: Path, make_show) -> None:  # type: ignore[no-untyped-def]
    """Piped output has no progress line; --progress forces it."""
    root = make_show()
    quiet = run("build", "--source", root, "--out", tmp_path / "a")
    assert quiet.returncode == 0 and "episodes: 1/1" not in quiet.stderr
    shown = run("build", "--source", root, "--out", tmp_path / "b", "--progress")
    assert shown.returncode == 0
    # (text mode reads the carriage returns that redraw the line as newlines)
    assert "Reading episodes: 1/1 (" in shown.stderr
    assert "Rendering episodes: 1/1 (" in shown.stderr


def test_missing_show_folder_is_a_clear_error(tmp_path: Path) -> None:
    """A wrong --source is one line of error, exit 1, no traceback."""
    done = run("check", "--source", tmp_path / "nope")
    assert done.returncode == 1
    nope = tmp_path / "nope"
    assert done.stderr == (
        f"nmo-feed: error: the show folder {nope} does not exist; give the show folder with"
        f" --source FOLDER, or make a new show there with: nmo-feed new {nope}\n"
    )


def test_version_and_usage_errors() -> None:
    """--version prints the version; an unknown option is a usage error (exit 2)."""
    version = run("--version")
    assert version.returncode == 0 and re.fullmatch(
        r"nmo-feed, version \d+\.\d+\.\d+\n", version.stdout
    )
    assert run("build", "--colour").returncode == 2


def test_wheel_builds_a_show_outside_the_repository(tmp_path: Path) -> None:
    """The wheel ships the default templates: an installed nmo-feed builds a show anywhere."""
    # Build from a copy of the sources, so setuptools' build/ folder never lands in the repo.
    project = tmp_path / "project"
    for name in ("src", "templates"):
        shutil.copytree(
            REPO / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("nmo_feed-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {
            "nmo_feed/templates/episode.html",
            "nmo_feed/templates/assets/site.css",
            "nmo_feed/authoring/data/artwork.png",
            # the page wording's catalogues, compiled (issue 18)
            "nmo_feed/locale/messages.pot",
            "nmo_feed/locale/es/LC_MESSAGES/messages.mo",
        } <= names
        archive.extractall(tmp_path / "site")
    show = Path(shutil.copytree(NMO, tmp_path / "elsewhere" / "show"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    where = subprocess.run(
        [sys.executable, "-c", "import nmo_feed; print(nmo_feed.__file__)"],
        capture_output=True,
        text=True,
        cwd=show.parent,
        env=env,
    )
    assert where.stdout.startswith(str(tmp_path / "site"))
    done = run("build", "--source", "show", "--out", "out", cwd=show.parent, env=env)
    assert done.returncode == 0, done.stderr
    assert (
        show.parent / "out" / "episodes" / "how-do-clinicians-treat-nmo" / "index.html"
    ).is_file()
    # The default artwork of a new show is package data too.
    assert run("new", "fresh", cwd=show.parent, env=env).returncode == 0
    assert (show.parent / "fresh" / "artwork.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_low_contrast_accent_stops_check_and_build(
    command: str, nmo_copy: Path, tmp_path: Path
) -> None:
    """A brand colour under 7:1 on the light page is a located error with the measured ratio
    and the nearest passing colour: exit 1, no traceback, out/ byte for byte as it was. The
    same show with that nearest colour builds."""
    out = tmp_path / "out"
    assert run("build", "--source", "episodes", "--out", "out", cwd=tmp_path).returncode == 0
    before = tree(out)
    show = nmo_copy / "show.toml"
    good = show.read_text()
    assert 'accent = "#0b1f3a"' in good
    show.write_text(good.replace('accent = "#0b1f3a"', 'accent = "#6fa8dc"'))
    line = good.splitlines().index('accent = "#0b1f3a"') + 1
    args = ["--source", "episodes"] + (["--out", "out"] if command == "build" else [])
    done = run(command, *args, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        f"episodes/show.toml:{line}:1: error[low-contrast]: 'theme.accent' #6fa8dc has a"
        " contrast ratio of 2.52:1 against the light page background #ffffff; text needs at"
        " least 7:1 (WCAG 1.4.6)"
    ) in done.stderr.splitlines()
    assert "#235b8f" in done.stderr  # the nearest colour that passes
    assert tree(out) == before
    show.write_text(good.replace('accent = "#0b1f3a"', 'accent = "#235b8f"'))
    assert run(command, *args, cwd=tmp_path).returncode == 0
    if command == "build":
        assert b"--accent: #235b8f;" in (out / "assets" / "theme.css").read_bytes()
