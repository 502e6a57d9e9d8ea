"""`nmo-feed new` and `nmo-feed add`, each run as a subprocess on a fresh temporary folder,
then built and checked as a publisher would."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

import pytest
from media_files import mp3
from support import run_cli as run

from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.load import artwork
from nmo_feed.load import show as config
from nmo_feed.load.sources import read_episode

REPO = Path(__file__).resolve().parents[2]
PODCAST = "{https://podcastindex.org/namespace/1.0}"


def front_matter(path: Path) -> dict[str, object]:
    return read_episode(path, SourceLocation(PurePosixPath(path.name))).front_matter.values


def placeholders(stderr: str) -> list[str]:
    return re.findall(r"warning\[placeholder\]: '([^']+)' is still a placeholder", stderr)


# --- new ----------------------------------------------------------------------------------


def test_new_show_builds_and_passes_check_at_once(tmp_path: Path) -> None:
    """`new` then `check` and `build` succeed; --title and --site-url are used as given."""
    show, out = tmp_path / "show", tmp_path / "out"
    made = run("new", show, "--title", 'NMO: "Questions" & answers', "--site-url",
               "https://example.org/nmo/")  # fmt: skip
    assert made.returncode == 0, made.stderr
    listed = [line for line in made.stdout.splitlines() if line.startswith(str(show))]
    assert len(listed) == 5 and all(Path(line).is_file() for line in listed)

    checked = run("check", "--source", show)
    assert checked.returncode == 0, checked.stderr
    assert "OK: 1 episode checked" in checked.stdout
    # What only the publisher knows is still to do; --title and --site-url are not.
    assert placeholders(checked.stderr) == ["description", "author", "owner.email", "owner.name"]
    assert "error" not in checked.stderr.replace("0 errors", "")

    built = run("build", "--source", show, "--out", out)
    assert built.returncode == 0, built.stderr
    channel = ET.parse(out / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("title") == 'NMO: "Questions" & answers'
    assert channel.findtext("link") == "https://example.org/nmo/"
    assert channel.findtext(f"{PODCAST}guid") == config.podcast_guid(
        "https://example.org/nmo/feed.xml"
    )
    (item,) = channel.findall("item")
    assert item.findtext("title") == 'Welcome to NMO: "Questions" & answers'
    uuid.UUID(item.findtext("guid") or "")
    page = next((out / "episodes").glob("*/index.html")).read_text()
    assert "A line with a name and a colon starts a new speaker" in page  # the transcript
    assert (out / "glossary" / "index.html").is_file()
    # The example glossary's abbreviation, expanded first where the transcript first uses it.
    assert '<a href="#gl-rss" id="used-rss">Really Simple Syndication (RSS)</a>' in page
    artwork.check((out / "artwork" / "artwork.png").read_bytes(), ".png")


def test_new_without_options_marks_every_placeholder(tmp_path: Path) -> None:
    """Without --title and --site-url those are placeholders too, and `check --strict`
    refuses a show that still has any."""
    assert run("new", tmp_path / "show").returncode == 0
    checked = run("check", "--source", tmp_path / "show")
    assert checked.returncode == 0, checked.stderr
    assert placeholders(checked.stderr) == [
        "title",
        "description",
        "site_url",
        "author",
        "owner.email",
        "owner.name",
    ]
    assert "delete podcast_guid and run 'nmo-feed add-guids'" in checked.stderr
    assert run("check", "--source", tmp_path / "show", "--strict").returncode == 1


def test_new_show_toml_says_which_keys_are_required(tmp_path: Path) -> None:
    """Exactly the keys the show loader cannot do without are commented "Required.": each
    is taken out of the new show.toml in turn, and the show still loads only without the
    others."""
    run("new", tmp_path / "show")
    text = (tmp_path / "show" / "show.toml").read_text()
    lines = text.splitlines()
    written = [line.split(" = ")[0] for line in lines if re.match(r"^[a-z_]+ = ", line)]
    required, commented = [], []
    for key in written:
        without = [line for line in lines if not line.startswith(f"{key} = ")]
        (tmp_path / "show" / "show.toml").write_text("\n".join(without) + "\n")
        if config.load_show(tmp_path / "show", Diagnostics()) is None:
            required.append(key)
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
        while lines[at - 1].startswith("# "):  # the comment block just above the key
            at -= 1
        if lines[at].startswith("# Required."):
            commented.append(key)
    assert commented == required
    assert required == [
        "title", "description", "language", "site_url", "author", "owner", "explicit",
        "categories", "podcast_guid",
    ]  # fmt: skip


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    """Nothing is overwritten: a located error, exit 1, and the folder as it was."""
    show = tmp_path / "show"
    show.mkdir()
    (show / "notes.txt").write_text("mine")
    done = run("new", show)
    assert done.returncode == 1
    assert done.stderr == (
        f"nmo-feed: error: {show} is not empty (it holds notes.txt); nmo-feed new writes a"
        " show only into a new or empty folder, so that it overwrites nothing\n"
    )
    assert sorted(p.name for p in show.iterdir()) == ["notes.txt"]
    assert (show / "notes.txt").read_text() == "mine"
    (tmp_path / "file").write_text("x")
    assert run("new", tmp_path / "file").returncode == 1


def test_new_accepts_a_folder_holding_only_hidden_entries(tmp_path: Path) -> None:
    """A fresh `git init` folder: .git is left alone, the show is written beside it."""
    (tmp_path / "show" / ".git").mkdir(parents=True)
    assert run("new", tmp_path / "show").returncode == 0
    assert (tmp_path / "show" / "show.toml").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--site-url", "example.org/nmo"), "--site-url must be an absolute http(s) address"),
        (("--site-url", "javascript:alert(1)"), "--site-url must be an absolute http(s)"),
        (("--title", "   "), "the show title is empty"),
        (("--title", "a\x07b"), "control character U+0007"),
    ],
)
def test_new_refuses_what_the_show_loader_would(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = run("new", tmp_path / "show", *args)
    assert done.returncode == 1 and message in done.stderr
    assert not (tmp_path / "show").exists()


def test_default_artwork_is_what_the_script_makes(tmp_path: Path) -> None:
    """The committed PNG is exactly what scripts/make-artwork.py writes, and Apple's rules
    (as artwork.py checks them) accept it: 1400 px square, RGB, no transparency."""
    made = subprocess.run(
        [sys.executable, REPO / "scripts" / "make-artwork.py", tmp_path / "artwork.png"],
        capture_output=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    shipped = (REPO / "src" / "nmo_feed" / "authoring" / "data" / "artwork.png").read_bytes()
    assert (tmp_path / "artwork.png").read_bytes() == shipped
    info = artwork.check(shipped, ".png")
    assert (info.width, info.height, info.colour) == (1400, 1400, "RGB")


# --- add ----------------------------------------------------------------------------------


@pytest.fixture
def show(tmp_path: Path) -> Path:
    show = tmp_path / "show"
    assert run("new", show, "--site-url", "https://example.org/nmo/").returncode == 0
    return show


def test_add_makes_a_draft_that_builds_once_published(show: Path, tmp_path: Path) -> None:
    """A dated folder named after the title, the title read back exactly as typed, a fresh
    guid, draft: true, and the media copied in; with draft: false it is in the feed."""
    talk = tmp_path / "talk.mp3"
    talk.write_bytes(mp3(1000))  # 1000 frames of 1152 samples at 44.1 kHz: 26.1 s
    title = 'NMO: how is it "treated"? yes #1'
    done = run("add", title, "--source", show, "--date", "2024-03-05", "--media", talk)
    assert done.returncode == 0, done.stderr
    folder = show / "2024-03-05-nmo-how-is-it-treated-yes-1"
    assert done.stdout.splitlines()[0] == str(folder)
    assert "media: talk.mp3 (audio/mpeg, 0:26, 417,000 bytes)" in done.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["episode.md", "talk.mp3"]
    assert (folder / "talk.mp3").read_bytes() == talk.read_bytes()
    values = front_matter(folder / "episode.md")
    assert values["title"] == title
    assert str(values["date"]) == "2024-03-05"
    assert values["draft"] is True and values["media"] == "talk.mp3"
    assert uuid.UUID(str(values["guid"])).version == 4

    built = run("build", "--source", show, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "Built 1 episode (1 draft not published)" in built.stdout

    text = (folder / "episode.md").read_text()
    (folder / "episode.md").write_text(text.replace("draft: true", "draft: false"))
    built = run("build", "--source", show, "--out", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "Built 2 episodes into" in built.stdout
    items = ET.parse(tmp_path / "out" / "feed.xml").getroot().iter("item")
    mine = next(item for item in items if item.findtext("guid") == values["guid"])
    assert mine.findtext("title") == title
    enclosure = mine.find("enclosure")
    assert enclosure is not None
    assert (
        enclosure.get("url") == "https://example.org/nmo/media/nmo-how-is-it-treated-yes-1/talk.mp3"
    )
    # The published copy carries the episode in its tags: the enclosure is its size.
    copy = tmp_path / "out" / "media" / "nmo-how-is-it-treated-yes-1" / "talk.mp3"
    assert enclosure.get("length") == str(copy.stat().st_size)
    assert copy.stat().st_size > 417_000  # the source's size: tags were added


def test_add_twice_gives_two_folders_and_two_guids(show: Path) -> None:
    first = run("add", "Same title", "--source", show, "--date", "2024-01-01")
    second = run("add", "Same title", "--source", show, "--date", "2024-01-01")
    assert first.returncode == second.returncode == 0
    one, two = Path(first.stdout.splitlines()[0]), Path(second.stdout.splitlines()[0])
    assert (one.name, two.name) == ("2024-01-01-same-title", "2024-01-01-same-title-2")
    assert front_matter(one / "episode.md")["guid"] != front_matter(two / "episode.md")["guid"]


def test_add_names_a_title_without_latin_letters_episode(show: Path) -> None:
    """The folder name is ASCII (a URL); the title keeps every character."""
    done = run("add", "視神経脊髄炎とは", "--source", show, "--date", "2024-01-01")
    assert done.returncode == 0, done.stderr
    folder = show / "2024-01-01-episode"
    assert front_matter(folder / "episode.md")["title"] == "視神経脊髄炎とは"


def test_add_gives_media_an_ascii_name_and_says_so(show: Path, tmp_path: Path) -> None:
    talk = tmp_path / "Réunion été.mp3"
    talk.write_bytes(mp3(10))
    done = run("add", "Meeting", "--source", show, "--date", "2024-01-01", "--media", talk)
    assert done.returncode == 0, done.stderr
    assert "copied from Réunion été.mp3 under an ASCII name" in done.stdout
    assert (show / "2024-01-01-meeting" / "reunion-ete.mp3").is_file()


def test_add_refuses_media_podcast_apps_cannot_play(show: Path, tmp_path: Path) -> None:
    """Probed before anything is written: no folder is left behind."""
    fake = tmp_path / "talk.mp3"
    fake.write_text("not sound")
    before = sorted(p.name for p in show.iterdir())
    done = run("add", "Talk", "--source", show, "--media", fake)
    assert done.returncode == 1
    assert done.stderr.startswith(f"nmo-feed: error: the media file {fake}: ")
    assert sorted(p.name for p in show.iterdir()) == before


def test_add_outside_a_show_folder_says_where_to_point(tmp_path: Path) -> None:
    done = run("add", "Talk", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "nmo-feed: error: episodes is not a show folder (it has no show.toml); give the show"
        " folder with --source, or make a new show with: nmo-feed new episodes\n"
    )
    assert run("add", "Talk", "--source", tmp_path, "--date", "2024-13-01").returncode == 2
