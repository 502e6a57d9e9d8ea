"""Typed field access (``load.fields.Fields``): every bad value is a diagnostic with a code and
the line and column of its key, and ``ok`` says whether this reader's part failed.

Records are read from real front matter (``read_episode``), so the positions are the ones the
YAML reader gives; line 1 is the opening ``---``.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from nmo_feed.errors import Diagnostics, Severity, SourceLocation
from nmo_feed.load.fields import Fields
from nmo_feed.load.sources import RawRecord, read_episode

LOC = SourceLocation(PurePosixPath("ep/episode.md"))

Found = tuple[str, str, int | None, int | None]


def record(tmp_path: Path, front_matter: str) -> RawRecord:
    path = tmp_path / "episode.md"
    path.write_text(f"---\n{front_matter}---\nNotes.\n", encoding="utf-8")
    return read_episode(path, LOC).front_matter


def reader(tmp_path: Path, front_matter: str) -> tuple[Fields, Diagnostics]:
    diagnostics = Diagnostics()
    return Fields(record(tmp_path, front_matter), diagnostics), diagnostics


def found(diagnostics: Diagnostics) -> list[Found]:
    """(severity, code, line, column) of each diagnostic, in report order."""
    return [
        (d.severity.value, d.code, d.location.line, d.location.column) for d in diagnostics.sorted()
    ]


def only_message(diagnostics: Diagnostics) -> str:
    (diagnostic,) = diagnostics.items
    return diagnostic.message


# --- text ------------------------------------------------------------------------------------


def test_text_is_stripped_and_absent_is_none(tmp_path: Path) -> None:
    """An empty value counts as absent; a YAML null word written out (``~``) is refused
    instead, since the writer may have meant the text (test_verbatim.py has every form)."""
    f, diagnostics = reader(tmp_path, "title: '  Hello  '\nempty:\n")
    assert f.text("title") == "Hello"
    assert f.text("missing") is None
    assert f.text("empty") is None
    assert diagnostics.items == [] and f.ok


@pytest.mark.parametrize(("value", "expected"), [("2010", "2010"), ("1.5", "1.5"), ("0", "0")])
def test_a_number_where_text_was_meant_is_that_text(
    tmp_path: Path, value: str, expected: str
) -> None:
    """``title: 2010`` is a title, not a wrong type."""
    f, diagnostics = reader(tmp_path, f"title: {value}\n")
    assert f.text("title") == expected
    assert diagnostics.items == []


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ("[a, b]", "wrong-type", "'title' must be text, not a list"),
        ("{a: 1}", "wrong-type", "'title' must be text, not a table"),
        # C0 controls, DEL and C1 controls, named by code point
        ('"a\\ab"', "control-char", "'title' contains the control character U+0007"),
        ('"a\\x7fb"', "control-char", "'title' contains the control character U+007F"),
        ('"a\\x85b"', "control-char", "'title' contains the control character U+0085"),
    ],
)
def test_text_refuses_a_bad_value_at_its_key(
    tmp_path: Path, value: str, code: str, message: str
) -> None:
    f, diagnostics = reader(tmp_path, f"summary: x\n  \ntitle: {value}\n")
    assert f.text("title") is None
    assert found(diagnostics) == [("error", code, 4, 1)]
    assert only_message(diagnostics) == message
    assert not f.ok


def test_required_text_missing_or_blank(tmp_path: Path) -> None:
    """A missing required key has no position of its own (the file's first line); a blank
    one is located at its key."""
    f, diagnostics = reader(tmp_path, "summary: x\ntitle: '   '\n")
    assert f.text("title", required=True) is None
    assert f.text("guid", required=True) is None
    assert found(diagnostics) == [
        ("error", "missing-field", 1, 1),
        ("error", "missing-field", 3, 1),
    ]
    assert sorted(d.message for d in diagnostics.items) == [
        "'guid' is required",
        "'title' must not be empty",
    ]


def test_text_keeps_tabs_and_line_breaks(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, 'summary: "one\\ttwo\\nthree\\r\\nfour"\n')
    assert f.text("summary") == "one\ttwo\nthree\r\nfour"
    assert diagnostics.items == []


def test_max_bytes_counts_utf8_bytes_not_characters(tmp_path: Path) -> None:
    """Three 'é' are six bytes: within a limit of 6, over a limit of 5."""
    f, diagnostics = reader(tmp_path, "title: ééé\n")
    assert f.text("title", max_bytes=6) == "ééé"
    assert diagnostics.items == []
    assert f.text("title", max_bytes=5) is None
    assert found(diagnostics) == [("error", "too-long", 2, 1)]
    assert only_message(diagnostics) == "'title' is 6 bytes; the limit is 5"


# --- boolean, integer, choice --------------------------------------------------------------


def test_boolean(tmp_path: Path) -> None:
    """A real YAML boolean is taken; text that looks like one is an error and gives the
    default."""
    f, diagnostics = reader(tmp_path, "explicit: false\ndraft: 'true'\n")
    assert f.boolean("explicit", default=True) is False
    assert f.boolean("missing") is None
    assert f.boolean("missing", default=True) is True
    assert f.boolean("draft", default=False) is False
    assert found(diagnostics) == [("error", "wrong-type", 3, 1)]
    assert only_message(diagnostics) == "'draft' must be true or false, not 'true'"


@pytest.mark.parametrize("value", ["0", "-2", "true", "'3'", "2.0"])
def test_integer_refuses_below_minimum_booleans_text_and_floats(tmp_path: Path, value: str) -> None:
    f, diagnostics = reader(tmp_path, f"number: {value}\n")
    assert f.integer("number") is None
    assert found(diagnostics) == [("error", "wrong-type", 2, 1)]
    assert "at least 1" in only_message(diagnostics)


def test_integer_minimum(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "season: 0\nnumber: 1\n")
    assert f.integer("number") == 1
    assert f.integer("season", minimum=0) == 0
    assert f.integer("absent") is None
    assert diagnostics.items == []
    assert f.integer("number", minimum=2) is None
    assert only_message(diagnostics) == "'number' must be a whole number of at least 2, not 1"


def test_choice(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "type: bonus\nmedium: radio\n")
    options = ("full", "trailer", "bonus")
    assert f.choice("type", options, "full") == "bonus"
    assert f.choice("absent", options, "full") == "full"
    assert f.choice("medium", ["podcast", "video"], "podcast") == "podcast"
    assert found(diagnostics) == [("error", "bad-value", 3, 1)]
    assert only_message(diagnostics) == "'medium' is 'radio'; expected one of podcast, video"


# --- url ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/X"],
)
def test_url_takes_absolute_http_urls(tmp_path: Path, value: str) -> None:
    f, diagnostics = reader(tmp_path, f"href: '{value}'\n")
    assert f.url("href") == value
    assert diagnostics.items == []


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript://example.org/%0aalert(1)",
        "data:text/html,<b>x</b>",
        "/relative/page",
        "example.org/page",
        "//example.org/page",
        "https:///no-host",
        "ftp://example.org/file",
        "mailto:ann@example.org",
        "https://exa mple.org/",
    ],
)
def test_url_refuses_other_schemes_relative_and_mailto(tmp_path: Path, value: str) -> None:
    f, diagnostics = reader(tmp_path, f"summary: x\nhref: '{value}'\n")
    assert f.url("href") is None
    assert found(diagnostics) == [("error", "bad-url", 3, 1)]
    assert only_message(diagnostics) == f"'href' must be an absolute http(s) URL, not {value!r}"


def test_mailto_only_where_allowed_and_only_an_address(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "a: 'mailto:ann@example.org'\nb: 'mailto:nobody'\n")
    assert f.url("a", mailto=True) == "mailto:ann@example.org"
    assert f.url("b", mailto=True) is None
    assert found(diagnostics) == [("error", "bad-url", 3, 1)]
    assert "http(s) or mailto:" in only_message(diagnostics)


def test_required_url(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "title: x\n")
    assert f.url("site_url", required=True) is None
    assert [d.code for d in diagnostics.items] == ["missing-field"]


# --- strings, items ------------------------------------------------------------------------


def test_strings_takes_a_list_or_one_string(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "topics: [' eyes ', treatment]\nalias: AQP4\n")
    assert f.strings("topics") == ("eyes", "treatment")
    assert f.strings("alias") == ("AQP4",)
    assert f.strings("absent") == ()
    assert diagnostics.items == []


def test_strings_reports_each_bad_item_at_its_own_position(tmp_path: Path) -> None:
    """Good items are kept; each bad one is reported where it stands in the list."""
    f, diagnostics = reader(
        tmp_path, 'topics:\n  - eyes\n  - 3\n  - "  "\n  - "a\\u0001"\n  - pain\n'
    )
    # "3" is the text as written (issue 15: a value is never converted on the way in).
    assert f.strings("topics") == ("eyes", "3", "pain")
    assert found(diagnostics) == [
        ("error", "wrong-type", 5, 5),
        ("error", "control-char", 6, 5),
    ]
    assert sorted(d.message for d in diagnostics.items) == [
        "'topics[2]' must be non-empty text",
        "'topics[3]' contains the control character U+0001",
    ]


def test_strings_of_a_table_is_wrong_type(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "topics: {a: b}\n")
    assert f.strings("topics") == ()
    assert found(diagnostics) == [("error", "wrong-type", 2, 1)]


def test_items_enumerates_a_list_or_one_value(tmp_path: Path) -> None:
    f, _ = reader(tmp_path, "media: [a, b]\nspeakers: {name: Ann}\n")
    assert f.items("media") == [(0, "a"), (1, "b")]
    assert f.items("speakers") == [(0, {"name": "Ann"})]
    assert f.items("absent") == []


# --- nested readers --------------------------------------------------------------------------


def test_mapping_reads_nested_keys_located_at_themselves(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "owner:\n  name: Ann\n  email: 'javascript:x'\n")
    owner = f.mapping("owner")
    assert owner is not None
    assert owner.text("name") == "Ann"
    assert owner.url("email", mailto=True) is None
    assert found(diagnostics) == [("error", "bad-url", 4, 3)]
    assert only_message(diagnostics).startswith("'owner.email' must be")


def test_mapping_that_is_not_a_table(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "owner: Ann\n")
    assert f.mapping("owner") is None
    assert f.mapping("absent") is None
    assert found(diagnostics) == [("error", "wrong-type", 2, 1)]
    assert only_message(diagnostics) == "'owner' must be a table of keys"


def test_a_required_key_missing_in_a_mapping_is_located_at_the_mapping(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "title: x\nowner:\n  name: Ann\n")
    owner = f.mapping("owner")
    assert owner is not None
    assert owner.text("email", required=True) is None
    assert found(diagnostics) == [("error", "missing-field", 3, 1)]
    assert only_message(diagnostics) == "'owner.email' is required"


def test_item_mapping_reads_each_entry_at_its_position(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "speakers:\n  - name: Ann\n    href: '/ann'\n  - Bo\n")
    entries = f.items("speakers")
    first = f.item_mapping("speakers", *entries[0])
    assert first is not None
    assert (first.text("name"), first.url("href")) == ("Ann", None)
    assert f.item_mapping("speakers", *entries[1]) is None
    assert found(diagnostics) == [("error", "bad-url", 4, 5), ("error", "wrong-type", 5, 5)]
    assert sorted(d.message for d in diagnostics.items) == [
        "'speakers[0].href' must be an absolute http(s) URL, not '/ann'",
        "'speakers[1]' must be a table of keys",
    ]


def test_an_error_in_a_nested_reader_makes_the_outer_reader_not_ok(tmp_path: Path) -> None:
    """The Diagnostics.child() convention: a nested reader's error reaches the outer reader
    (and the collector it was given), without any copying of ``ok`` by hand."""
    f, diagnostics = reader(tmp_path, "owner:\n  email: 3\nspeakers:\n  - {name: Ann}\n")
    owner = f.mapping("owner")
    speaker = f.item_mapping("speakers", *f.items("speakers")[0])
    assert owner is not None and speaker is not None
    assert speaker.text("name") == "Ann"
    assert f.ok and speaker.ok and owner.ok
    assert owner.text("email") == "3"  # a number as text: no error
    assert owner.integer("email", minimum=5) is None
    assert not owner.ok
    assert speaker.ok  # a sibling's error is not this reader's
    assert not f.ok
    assert not diagnostics.ok
    assert len(diagnostics.items) == 1


def test_an_error_in_an_item_makes_the_outer_reader_not_ok(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "speakers:\n  - {name: Ann, href: 'ftp://x'}\n")
    speaker = f.item_mapping("speakers", *f.items("speakers")[0])
    assert speaker is not None
    assert speaker.url("href") is None
    assert not speaker.ok and not f.ok and not diagnostics.ok


def test_readers_on_one_collector_each_have_their_own_ok(tmp_path: Path) -> None:
    """Two records read into one collector (two episodes of a show): one's error does not
    make the other fail, while the collector sees it."""
    diagnostics = Diagnostics()
    good = Fields(record(tmp_path, "title: Good\n"), diagnostics)
    bad = Fields(record(tmp_path, "title: [x]\n"), diagnostics)
    assert bad.text("title") is None
    assert good.text("title") == "Good"
    assert not bad.ok
    assert good.ok
    assert not diagnostics.ok


def test_warnings_do_not_make_a_reader_fail(tmp_path: Path) -> None:
    f, diagnostics = reader(tmp_path, "titel: x\nowner: {nmae: Ann}\n")
    f.unknown(["title", "owner"])
    owner = f.mapping("owner")
    assert owner is not None
    owner.unknown(["name", "email"])
    assert f.ok and owner.ok and diagnostics.ok
    assert len(diagnostics.warnings) == 2


# --- unknown keys ----------------------------------------------------------------------------


def test_unknown_keys_are_warnings_with_did_you_mean(tmp_path: Path) -> None:
    f, diagnostics = reader(
        tmp_path, "title: x\ntitel: y\nzzz: 1\nowner:\n  emial: a@example.org\n"
    )
    f.unknown(["title", "owner", "summary"])
    owner = f.mapping("owner")
    assert owner is not None
    owner.unknown(["name", "email"])
    assert found(diagnostics) == [
        ("warning", "unknown-key", 3, 1),
        ("warning", "unknown-key", 4, 1),
        ("warning", "unknown-key", 6, 3),
    ]
    assert [(d.message, d.hint) for d in diagnostics.sorted()] == [
        ("unknown key 'titel'", "did you mean 'title'?"),
        ("unknown key 'zzz'", "known keys: owner, summary, title"),
        ("unknown key 'owner.emial'", "did you mean 'email'?"),
    ]
    assert all(d.severity is Severity.WARNING for d in diagnostics.items)


def test_positions_come_from_the_record(tmp_path: Path) -> None:
    """A record made by hand (as the TOML reader makes them) is located the same way; a key
    without a position falls back to its parent, then to the file's first line."""
    values: dict[str, Any] = {"owner": {"email": "x", "name": 5.5}, "title": True}
    positions = {"owner": (7, 1), "owner.email": (8, 3), "title": (2, 1)}
    diagnostics = Diagnostics()
    f = Fields(
        RawRecord(values, SourceLocation(PurePosixPath("show.toml")), positions), diagnostics
    )
    owner = f.mapping("owner")
    assert owner is not None
    assert owner.url("email", mailto=True) is None
    assert owner.boolean("name") is None
    assert f.text("title") is None
    f.text("other", required=True)
    assert [(str(d.location.path), d.location.line, d.location.column) for d in diagnostics] == [
        ("show.toml", 1, 1),
        ("show.toml", 2, 1),
        ("show.toml", 7, 1),
        ("show.toml", 8, 3),
    ]
