"""``nmo-feed add-guids`` (``authoring.guids.add_missing``): a guid is written where one is
missing and nowhere else, the show's podcast_guid is computed from its feed URL, broken files
are reported, and a second run changes nothing."""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath

import pytest
from support import read_tree

from nmo_feed.authoring.guids import Added, add_missing
from nmo_feed.errors import Diagnostics
from nmo_feed.load.show import podcast_guid

# The Podcasting 2.0 namespace for podcast:guid (podcast-namespace docs/tags/guid.md), written
# out here rather than imported, so a wrong constant in the code cannot agree with itself.
NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

SHOW = """\
title = "Test Show"
site_url = "https://example.org/show"
owner = { name = "Ann", email = "ann@example.org" }

[[persons]]
name = "Ann"
"""

EPISODE = "---\ntitle: {title}\ndate: 2024-05-01\n{extra}---\nNotes with --- inside.\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return root


@pytest.mark.parametrize(
    "feed_url",
    [
        "https://mp3s.nashownotes.com/pc20rss.xml",
        "http://mp3s.nashownotes.com/pc20rss.xml",
        "https://mp3s.nashownotes.com/pc20rss.xml/",
        "mp3s.nashownotes.com/pc20rss.xml",
    ],
)
def test_podcast_guid_is_the_spec_vector(feed_url: str) -> None:
    """The namespace's own example: scheme and trailing slashes are not part of the seed."""
    assert podcast_guid(feed_url) == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_missing_guids_are_added_and_existing_ones_kept(tmp_path: Path) -> None:
    """Only the episode without a guid gets one (a new random UUID); '0001', a number and a
    proper UUID stay exactly as written, and the show gets the podcast_guid of its feed."""
    root = write(
        tmp_path,
        {
            "show.toml": SHOW,
            "2024-01-01-a/episode.md": EPISODE.format(title="A", extra=""),
            "2024-02-01-b/episode.md": EPISODE.format(title="B", extra='guid: "0001"\n'),
            "2024-03-01-c/episode.md": EPISODE.format(title="C", extra="guid: 7\n"),
            "2024-04-01-d/episode.md": EPISODE.format(
                title="D", extra="guid: 11111111-1111-4111-8111-111111111111\n"
            ),
            "_drafts/x/episode.md": EPISODE.format(title="X", extra=""),
        },
    )
    before = read_tree(root)
    diagnostics = Diagnostics()
    added = add_missing(root, diagnostics)
    assert diagnostics.items == []
    expected_show_guid = str(uuid.uuid5(NAMESPACE, "example.org/show/feed.xml"))
    assert [(str(a.path), a.key) for a in added] == [
        ("show.toml", "podcast_guid"),
        ("2024-01-01-a/episode.md", "guid"),
    ]
    assert added[0] == Added(PurePosixPath("show.toml"), "podcast_guid", expected_show_guid)
    new_guid = uuid.UUID(added[1].value)
    assert new_guid.version == 4 and str(new_guid) == added[1].value

    after = read_tree(root)
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["2024-01-01-a/episode.md", "show.toml"]
    assert after["2024-01-01-a/episode.md"].decode() == EPISODE.format(
        title="A", extra=f"guid: {added[1].value}\n"
    )
    # The key goes with the top-level keys, before the first table; nothing else moves.
    assert after["show.toml"].decode() == SHOW.replace(
        "\n\n[[persons]]", f'\npodcast_guid = "{expected_show_guid}"\n\n[[persons]]'
    )


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "show.toml": SHOW,
            "a/episode.md": EPISODE.format(title="A", extra=""),
            "b/episode.md": EPISODE.format(title="B", extra="guid: b\n"),
        },
    )
    assert len(add_missing(root, Diagnostics())) == 2
    once = read_tree(root)
    diagnostics = Diagnostics()
    assert add_missing(root, diagnostics) == []
    assert diagnostics.items == []
    assert read_tree(root) == once


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_are_kept(tmp_path: Path, newline: str) -> None:
    """A file saved with Windows (or old Mac) line ends gets the new line with the same
    ending, and every other byte as it was (a BOM too)."""
    episode = "\ufeff" + EPISODE.format(title="A", extra="").replace("\n", newline)
    root = write(tmp_path, {"a/episode.md": episode})
    if newline == "\r\n":
        write(root, {"show.toml": SHOW.replace("\n", newline)})
    added = {a.key: a.value for a in add_missing(root, Diagnostics())}
    expected = "\ufeff" + EPISODE.format(title="A", extra=f"guid: {added['guid']}\n")
    assert (root / "a/episode.md").read_bytes() == expected.replace("\n", newline).encode()
    if newline == "\r\n":
        show = SHOW.replace(
            "\n\n[[persons]]", f'\npodcast_guid = "{added["podcast_guid"]}"\n\n[[persons]]'
        )
        assert (root / "show.toml").read_bytes() == show.replace("\n", newline).encode()


def test_an_existing_podcast_guid_is_never_recomputed(tmp_path: Path) -> None:
    """Not even when it is not the one site_url gives: moving the show keeps its guid."""
    show = SHOW.replace("owner", 'podcast_guid = "not-what-site-url-gives"\nowner')
    root = write(tmp_path, {"show.toml": show})
    assert add_missing(root, Diagnostics()) == []
    assert (root / "show.toml").read_text() == show


@pytest.mark.parametrize("site", ["", "site_url = 42\n", 'site_url = "  "\n'])
def test_no_podcast_guid_without_a_site_url(tmp_path: Path, site: str) -> None:
    """Without a usable site_url there is no feed URL to compute it from; the build reports
    the site_url itself."""
    show = 'title = "T"\n' + site
    root = write(tmp_path, {"show.toml": show})
    diagnostics = Diagnostics()
    assert add_missing(root, diagnostics) == []
    assert diagnostics.items == []
    assert (root / "show.toml").read_text() == show


def test_broken_files_are_reported_and_the_rest_still_done(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "show.toml": 'title = "T"\nsite_url = \n',
            "a/episode.md": "No front matter here.\n",
            "b/episode.md": "---\ntitle: [unclosed\n---\n",
            "c/episode.md": b"---\ntitle: caf\xe9\n---\n",
            "d/episode.md": EPISODE.format(title="D", extra=""),
            "e/notes.md": "an episode folder without episode.md",
        },
    )
    before = read_tree(root)
    diagnostics = Diagnostics()
    added = add_missing(root, diagnostics)
    assert [str(a.path) for a in added] == ["d/episode.md"]
    assert [(d.code, str(d.location.path), d.location.line) for d in diagnostics] == [
        ("front-matter-missing", "a/episode.md", 1),
        ("yaml-syntax", "b/episode.md", 2),
        ("file-encoding", "c/episode.md", 2),
        ("no-episode-file", "e", None),
        ("toml-syntax", "show.toml", 2),
    ]
    after = read_tree(root)
    assert sorted(name for name in after if after[name] != before[name]) == ["d/episode.md"]


@pytest.mark.parametrize("empty", ["guid:", "guid: ~", 'guid: ""', "guid: '  '"])
def test_an_empty_guid_is_reported_not_left_silently(tmp_path: Path, empty: str) -> None:
    """The build calls an empty guid missing and sends the user here: add-guids must not then
    say every episode has one. It says where the empty guid is and leaves the file alone (a
    second guid line would make the front matter invalid)."""
    text = EPISODE.format(title="A", extra=f"{empty}\n")
    root = write(tmp_path, {"a/episode.md": text})
    diagnostics = Diagnostics()
    assert add_missing(root, diagnostics) == []
    assert [(d.code, d.location.line, d.location.column) for d in diagnostics] == [
        ("missing-guid", 4, 1)
    ]
    assert (root / "a/episode.md").read_text() == text


@pytest.mark.parametrize(
    ("site", "said"),
    [
        ("https://podcast.example/", "is still the placeholder 'https://podcast.example/'"),
        ("podcast.org/show/", "is not an absolute http(s) URL ('podcast.org/show/')"),
    ],
)
def test_no_podcast_guid_from_a_placeholder_or_non_address(
    tmp_path: Path, site: str, said: str
) -> None:
    """A podcast_guid is forever: computed from new's placeholder address (the same for every
    show made without --site-url) or from text that is no address, it would be wrong, so it is
    refused at the site_url line and the episode guids are still added."""
    show = f'title = "T"\nsite_url = "{site}"\n'
    root = write(
        tmp_path, {"show.toml": show, "one/episode.md": EPISODE.format(title="One", extra="")}
    )
    diagnostics = Diagnostics()
    added = add_missing(root, diagnostics)
    assert [(str(a.path), a.key) for a in added] == [("one/episode.md", "guid")]
    [error] = diagnostics.errors
    assert (error.code, str(error.location.path), error.location.line) == (
        "podcast-guid-url",
        "show.toml",
        2,
    )
    assert said in error.message
    assert (root / "show.toml").read_text() == show
