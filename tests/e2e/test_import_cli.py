"""``nmo-feed import`` in a real subprocess, as someone moving from another host runs it:
import, check, build; and a broken feed refused with a located error and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser

FEEDS = Path(__file__).resolve().parents[1] / "import_feeds"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nmo_feed", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_then_check_then_build(tmp_path: Path) -> None:
    show, out = tmp_path / "show", tmp_path / "out"
    done = run(
        "import",
        FEEDS / "buzzsprout.xml",
        "--into",
        show,
        "--site-url",
        "https://new.example.org/eye",
        "--no-download",
    )
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert report.startswith("Imported 2 episodes from ")
    for section in ("Dropped (tags nmo-feed does not carry over):", "Needs attention:"):
        assert section in report
    assert "itunes:keywords" not in report  # Buzzsprout's feed here has none
    assert "generator (channel): the build names nmo-feed" in report
    assert "2 episodes without a transcript" in report
    assert (
        "add <itunes:new-feed-url>https://new.example.org/eye/feed.xml</itunes:new-feed-url>"
        in report
    )
    assert "answer with a 301 (permanent) redirect" in report
    assert "https://feeds.buzzsprout.com/2201234.rss" in report

    checked = run("check", "--source", show)
    assert checked.returncode == 0, checked.stderr
    built = run("build", "--source", show, "--out", out)
    assert built.returncode == 0, built.stderr
    old = feedparser.parse((FEEDS / "buzzsprout.xml").read_bytes())
    new = feedparser.parse((out / "feed.xml").read_bytes())
    assert [(e.id, e.title, e.enclosures[0].href, e.published_parsed) for e in new.entries] == [
        (e.id, e.title, e.enclosures[0].href, e.published_parsed) for e in old.entries
    ]
    assert new.feed.podcast_guid == old.feed.podcast_guid

    again = run("import", FEEDS / "buzzsprout.xml", "--into", show, "--no-download")
    assert again.returncode == 1
    assert "error[folder-not-empty]" in again.stderr and "--update" in again.stderr
    updated = run("import", FEEDS / "buzzsprout.xml", "--into", show, "--update", "--no-download")
    assert updated.returncode == 0, updated.stderr
    assert updated.stdout.startswith("Imported 0 episodes from ")
    assert "(2 episodes already there, left as they are)" in updated.stdout


def test_a_malformed_feed_is_a_located_error_and_writes_nothing(tmp_path: Path) -> None:
    done = run("import", FEEDS / "malformed.xml", "--into", tmp_path / "show")
    assert done.returncode == 1
    first = done.stderr.splitlines()[0]
    assert first == (
        f"{FEEDS / 'malformed.xml'}:10:5: error[xml-syntax]: malformed XML: mismatched tag"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "show").exists()
    bomb = run("import", FEEDS / "bomb.xml", "--into", tmp_path / "show")
    assert bomb.returncode == 1 and "error[xml-entities]" in bomb.stderr
    assert not (tmp_path / "show").exists()
