"""Front matter and TOML are read with the position of every key."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from nmo_feed.errors import SourceError, SourceLocation
from nmo_feed.load.sources import add_front_matter_key, read_episode, read_toml

LOC = SourceLocation(PurePosixPath("ep/episode.md"))


def write(tmp_path: Path, text: str | bytes, name: str = "episode.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_values_and_key_positions(tmp_path: Path) -> None:
    """Keys, nested keys and list items carry their 1-based file line and column."""
    path = write(
        tmp_path, "---\ntitle: Hello\nspeakers:\n  - name: Ann\n    role: host\n---\nNotes\n"
    )
    text = read_episode(path, LOC)
    assert text.front_matter.values == {
        "title": "Hello",
        "speakers": [{"name": "Ann", "role": "host"}],
    }
    assert text.front_matter.positions["title"] == (2, 1)
    assert text.front_matter.positions["speakers[0].role"] == (5, 5)
    assert text.body == "Notes\n"
    assert text.body_line == 7


def test_location_falls_back_to_the_parent_key(tmp_path: Path) -> None:
    """A key that is absent is located at its parent, so 'missing name' points at the item."""
    path = write(tmp_path, "---\nspeakers:\n  - role: host\n---\n")
    record = read_episode(path, LOC).front_matter
    assert record.loc("speakers[0].name") == LOC.at(3, 5)
    assert record.loc("nothing") == LOC.at(1, 1)


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("title: x\n", "front-matter-missing", 1, 1),
        ("---\ntitle: x\n", "front-matter-unclosed", 1, 1),
        ("---\ntitle: x\n  bad: [\n---\n", "yaml-syntax", 3, 6),
        ("---\ntitle: a\ntitle: b\n---\n", "duplicate-key", 3, 1),
        ("---\n- a list\n---\n", "yaml-syntax", 2, 1),
    ],
    ids=["no-fence", "unclosed", "syntax", "duplicate", "not-a-mapping"],
)
def test_front_matter_errors_are_located(
    tmp_path: Path, text: str, code: str, line: int, column: int
) -> None:
    """Each kind of broken front matter names its code and the file position."""
    with pytest.raises(SourceError) as caught:
        read_episode(write(tmp_path, text), LOC)
    assert (caught.value.diagnostic.code, caught.value.diagnostic.location) == (
        code,
        LOC.at(line, column),
    )


def test_a_value_holding_colon_space_gets_a_hint_to_quote_it(tmp_path: Path) -> None:
    """`title: NMO: how ...` is a YAML error; the hint shows the line quoted."""
    text = '---\ntitle: NMO: how is "it" treated?\n---\n'
    with pytest.raises(SourceError) as caught:
        read_episode(write(tmp_path, text), LOC)
    diagnostic = caught.value.diagnostic
    assert (diagnostic.code, diagnostic.location) == ("yaml-syntax", LOC.at(2, 11))
    assert diagnostic.hint == (
        'a value that holds ": " must be quoted: title: "NMO: how is \\"it\\" treated?"'
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path, quote: str) -> None:
    """PyYAML finds the missing quote at the end of the text; the error names the line
    where the quote opened, which is the one to fix."""
    text = f"---\ntitle: {quote}How is NMO treated?\ndate: 2024-01-01\nguid: x\n---\n"
    with pytest.raises(SourceError) as caught:
        read_episode(write(tmp_path, text), LOC)
    diagnostic = caught.value.diagnostic
    assert (diagnostic.code, diagnostic.location) == ("yaml-syntax", LOC.at(2, 8))
    assert "quoted value is not closed" in diagnostic.message


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    """A stray Latin-1 byte is reported at its line and column, not as a traceback."""
    with pytest.raises(SourceError) as caught:
        read_episode(write(tmp_path, b"---\ntitle: caf\xe9\n---\n"), LOC)
    assert caught.value.diagnostic.code == "file-encoding"
    assert caught.value.diagnostic.location == LOC.at(2, 11)


def test_toml_key_positions_include_array_tables(tmp_path: Path) -> None:
    """Top-level keys, inline tables and [[array]] entries are located by line."""
    path = write(
        tmp_path, 'title = "x"\n\n[[term]]\nterm = "NMO"\n\n[[term]]\nterm = "IV"\n', "g.toml"
    )
    record = read_toml(path, LOC)
    assert record.positions["title"] == (1, 1)
    assert record.positions["term[1]"] == (6, 3)
    assert record.positions["term[1].term"] == (7, 1)


def test_toml_syntax_error_position_comes_from_tomllib(tmp_path: Path) -> None:
    """tomllib's '(at line, column)' becomes the diagnostic's location."""
    with pytest.raises(SourceError) as caught:
        read_toml(write(tmp_path, 'title = "x"\nexplicit = maybe\n', "s.toml"), LOC)
    assert caught.value.diagnostic.code == "toml-syntax"
    assert caught.value.diagnostic.location == LOC.at(2, 12)
    assert "(at line" not in caught.value.diagnostic.message


def test_add_front_matter_key_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    """add-guids inserts one line at the end of the front matter and changes nothing else."""
    original = "---\ntitle: x  # a comment\n---\n\nNotes with --- inside.\n"
    path = write(tmp_path, original)
    add_front_matter_key(path, "guid", "abc")
    assert (
        path.read_text() == "---\ntitle: x  # a comment\nguid: abc\n---\n\nNotes with --- inside.\n"
    )
