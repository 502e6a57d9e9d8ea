"""Text fields keep what was written, whatever YAML 1.1 would make of it (issue 15).

PyYAML reads ``guid: 0001`` as the integer 1, ``title: no`` as False and ``guid: 2010-04-02``
as a date. A guid that changes is what the product promises never happens, so every text
field takes the scalar's characters as written; numeric fields stay numbers, but one written
in another base (``010`` is octal 8 in YAML 1.1) is refused; a bare ``null``/``~`` where text
belongs is refused with a hint to quote it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from support import ShowWriter

from nmo_feed import build
from nmo_feed.errors import Diagnostic, SourceLocation
from nmo_feed.load.sources import read_episode

# Every plain-scalar form YAML 1.1 (PyYAML) reads as something other than text.
NOT_TEXT_IN_YAML = [
    "0001",  # int 1: leading zeros
    "010",  # int 8: octal
    "0x1F",  # int 31: hexadecimal
    "0b101",  # int 5: binary
    "+12",  # int 12
    "-0",  # int 0
    "1_000",  # int 1000
    "1:30",  # int 90: sexagesimal
    "190:20:30",  # int 685230
    "1.50",  # float 1.5
    "1.0e+3",  # float 1000.0
    "0.",  # float 0.0
    ".inf",  # float inf
    "-.Inf",
    ".NaN",
    "2010-04-02",  # date
    "2001-12-14t21:59:43.10-05:00",  # datetime
    "2001-12-14 21:59:43",
    "yes",  # True
    "No",  # False
    "ON",
    "off",
    "true",
    "False",
]
NULL_WORDS = ["null", "Null", "NULL", "~"]


def episode(**fields: str) -> str:
    values = {
        "title": "T",
        "date": "2024-05-01",
        "guid": "g1",
        "summary": "S",
    } | fields
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in values.items()) + "---\nNotes.\n"


def load(root: Path) -> build.Result:
    return build.load_project(root)


def errors(result: build.Result) -> list[Diagnostic]:
    return [d for d in result.diagnostics.sorted() if d in result.diagnostics.errors]


def problems(result: build.Result) -> list[tuple[str, int | None, str]]:
    """The errors (the test show has no media or artwork, which only warns)."""
    return [(d.code, d.location.line, d.message) for d in errors(result)]


def test_the_corpus_is_not_text_to_pyyaml(tmp_path: Path) -> None:
    """Guard for the corpus itself: each form really is read as a non-string by PyYAML, so the
    tests below exercise the conversion they claim to (a PyYAML change would show here)."""
    path = tmp_path / "episode.md"
    for form in NOT_TEXT_IN_YAML + NULL_WORDS:
        path.write_text(f"---\nguid: {form}\n---\n", encoding="utf-8")
        record = read_episode(path, SourceLocation(path)).front_matter
        assert not isinstance(record.values["guid"], str), form
        assert record.written["guid"] == form


@pytest.mark.parametrize("form", NOT_TEXT_IN_YAML)
def test_guid_title_and_summary_are_read_as_written(make_show: ShowWriter, form: str) -> None:
    root = make_show({"2024-05-01-first/episode.md": episode(guid=form, title=form, summary=form)})
    result = load(root)
    assert result.project is not None, problems(result)
    (loaded,) = result.project.episodes
    assert (loaded.guid, loaded.title, loaded.summary) == (form, form, form)


@pytest.mark.parametrize("form", ["0001", "1.50", "2010-04-02", "yes", "0x1F", "no", "1:30"])
def test_people_topics_summaries_and_chapter_titles_are_read_as_written(
    make_show: ShowWriter, form: str
) -> None:
    text = episode(
        speakers=f"[{{name: {form}, credentials: {form}, affiliation: {form}}}]",
        topics=f"[{form}, other]",
        plain_summary=f"[{form}]",
        language="no",  # Norwegian, not False
        chapters=f"[{{start: 0, title: {form}}}]",
    )
    root = make_show(
        {"2024-05-01-first/episode.md": text, "2024-05-01-first/transcript.md": "Hei.\n"}
    )
    result = load(root)
    assert result.project is not None, problems(result)
    (loaded,) = result.project.episodes
    (speaker,) = loaded.speakers
    assert (speaker.name, speaker.credentials, speaker.affiliation) == (form, form, form)
    assert loaded.topics == (form.lower(), "other")
    assert loaded.plain_summary == (form,)
    assert loaded.transcript is not None and loaded.transcript.language == "no"
    assert loaded.chapters[0].title == form


def test_a_single_topic_written_as_a_number_is_one_topic(make_show: ShowWriter) -> None:
    result = load(make_show({"2024-05-01-first/episode.md": episode(topics="2010")}))
    assert result.project is not None, problems(result)
    assert result.project.episodes[0].topics == ("2010",)


def test_the_published_guid_is_the_one_written(make_show: ShowWriter, tmp_path: Path) -> None:
    """End to end: the feed's <guid> carries the leading zeros, the date and the word."""
    forms = ["0001", "2010-04-02", "yes", "1e3", "0x1F", "1.50"]
    files = {
        f"2024-05-0{i + 1}-e{i}/episode.md": episode(guid=form, date=f"2024-05-0{i + 1}")
        for i, form in enumerate(forms)
    }
    root = make_show({"2024-05-01-first/episode.md": None, **files})
    result = build.build(root, tmp_path / "out")
    assert not result.failed(), problems(result)
    tree = etree.parse(str(tmp_path / "out" / "feed.xml"))
    assert sorted(tree.xpath("//item/guid/text()")) == sorted(forms)


def test_guids_that_yaml_would_make_equal_are_not_duplicates(make_show: ShowWriter) -> None:
    """0001, 01 and 1 are one integer to YAML and three guids to an app; "0001" quoted and
    0001 plain are the same guid and so a duplicate."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": episode(guid="0001"),
            "2024-05-02-b/episode.md": episode(guid="01", date="2024-05-02"),
            "2024-05-03-c/episode.md": episode(guid="1", date="2024-05-03"),
        }
    )
    assert load(root).project is not None
    root = make_show(
        {
            "2024-05-01-first/episode.md": episode(guid="0001"),
            "2024-05-02-b/episode.md": episode(guid='"0001"', date="2024-05-02"),
        },
        name="dup",
    )
    assert [p[0] for p in problems(load(root))] == ["duplicate-guid", "duplicate-guid"]


@pytest.mark.parametrize("word", NULL_WORDS)
def test_a_null_word_where_text_belongs_is_refused_with_a_hint_to_quote_it(
    make_show: ShowWriter, word: str
) -> None:
    root = make_show({"2024-05-01-first/episode.md": episode(guid=word, title=word)})
    result = load(root)
    assert result.project is None
    found = [(d.code, d.location.line, d.hint) for d in errors(result)]
    assert found == [
        ("unquoted-null", 2, f'quote it if it is the text (title: "{word}"), or leave the key out'),
        ("unquoted-null", 4, f'quote it if it is the text (guid: "{word}"), or leave the key out'),
    ]


def test_an_empty_guid_is_still_a_missing_guid(make_show: ShowWriter) -> None:
    """add-guids leaves an existing guid line alone, so the hint says to remove it first."""
    result = load(make_show({"2024-05-01-first/episode.md": episode(guid="")}))
    assert [(d.code, d.hint) for d in errors(result)] == [
        (
            "missing-guid",
            "remove the empty 'guid:' line, then run 'nmo-feed add-guids' to write a new guid"
            " into every episode that lacks one",
        )
    ]


@pytest.mark.parametrize(
    ("field", "form", "read_as"),
    [
        ("number", "010", "8"),
        ("number", "0x1F", "31"),
        ("number", "0b11", "3"),
        ("season", "1:30", "90"),
        ("season", "0012", "10"),
    ],
)
def test_a_number_yaml_reads_in_another_base_is_refused(
    make_show: ShowWriter, field: str, form: str, read_as: str
) -> None:
    result = load(make_show({"2024-05-01-first/episode.md": episode(**{field: form})}))
    assert problems(result) == [
        ("bad-value", 6, f"'{field}' is written {form}, which YAML reads as {read_as}")
    ]


def test_plain_numbers_stay_numbers(make_show: ShowWriter) -> None:
    text = episode(number="0007", season="+2", chapters="[{start: 1:30}, {start: 95.5}]")
    result = load(make_show({"2024-05-01-first/episode.md": text}))
    assert result.project is not None, problems(result)
    (loaded,) = result.project.episodes
    assert (loaded.number, loaded.season) == (7, 2)
    assert [c.start_ms for c in loaded.chapters] == [90_000, 95_500]


@pytest.mark.parametrize("form", ["010", "0x10"])
def test_times_written_in_another_base_are_refused(make_show: ShowWriter, form: str) -> None:
    text = episode(
        chapters=f"[{{start: {form}}}]",
        media="{url: 'https://example.org/a.mp3', type: audio/mpeg, length: 5, duration: "
        + form
        + "}",
    )
    result = load(make_show({"2024-05-01-first/episode.md": text}))
    assert [(code, line) for code, line, _ in problems(result)] == [
        ("bad-value", 6),
        ("bad-value", 7),
    ]


@pytest.mark.parametrize("value", ["1.50", "0x1F", "1_000", "2010"])
def test_a_toml_number_where_text_belongs_is_refused(
    make_show: ShowWriter, show_toml: str, value: str
) -> None:
    """TOML keeps no text of a number (1.50 is 1.5), so a bare number is refused, not kept."""
    toml = show_toml.replace('author = "Test Organisation"', f"author = {value}")
    result = load(make_show({"show.toml": toml}))
    (found,) = errors(result)
    assert (found.code, found.location.line, found.hint) == (
        "wrong-type",
        5,
        'put it in quotes, as text: author = "..."',
    )


def test_empty_and_null_guids_are_not_duplicates_of_each_other(make_show: ShowWriter) -> None:
    root = make_show(
        {
            "2024-05-01-first/episode.md": episode(guid=""),
            "2024-05-02-b/episode.md": episode(guid="", date="2024-05-02"),
            "2024-05-03-c/episode.md": episode(guid="~", date="2024-05-03"),
            "2024-05-04-d/episode.md": episode(guid="~", date="2024-05-04"),
        }
    )
    codes = [p[0] for p in problems(load(root))]
    assert codes == ["missing-guid", "missing-guid", "unquoted-null", "unquoted-null"]


def test_a_quoted_bare_date_is_midnight_utc_like_an_unquoted_one(make_show: ShowWriter) -> None:
    """Quoting a date must not change it: "2024-05-01" was refused as a time without offset."""
    result = load(make_show({"2024-05-01-first/episode.md": episode(date='"2024-05-01"')}))
    assert result.project is not None, problems(result)
    assert result.project.episodes[0].published.isoformat() == "2024-05-01T00:00:00+00:00"
