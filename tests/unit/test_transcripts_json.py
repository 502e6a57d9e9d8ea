"""The Podcast Index JSON reader: segments, open ends, and errors located at each segment."""

from __future__ import annotations

from pathlib import Path

from support import cues, load_text, load_transcript

from nmo_feed.errors import Diagnostic
from nmo_feed.transcripts.podcast_json import segment_spans


def with_messages(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, int | None, str]]:
    return [(d.code, d.location.line, d.location.column, d.message) for d in diagnostics]


VALID = """\
{
  "version": "1.0.0",
  "segments": [
    {"speaker": "Darth Vader", "startTime": 0.5, "endTime": 0.75, "body": "I"},
    {"speaker": "Darth Vader", "startTime": 0.75, "endTime": 1, "body": "am  your\\nfather."},
    {"startTime": 3, "body": "No &amp; <b>never</b>"},
    {"speaker": "", "startTime": 4.2, "body": "That’s impossible!"}
  ]
}
"""


def test_valid_file_gives_exact_cues(tmp_path: Path) -> None:
    """Segments become cues; a missing endTime runs to the next start; bodies are plain text."""
    transcript, found = load_text(tmp_path, "transcript.json", VALID)
    assert found == []
    assert cues(transcript) == [
        (500, 750, "Darth Vader", "I", 4),
        (750, 1_000, "Darth Vader", "am your father.", 5),
        (3_000, 4_200, None, "No &amp; <b>never</b>", 6),
        (4_200, None, None, "That’s impossible!", 7),
    ]


def test_syntax_error_has_the_decoder_position(tmp_path: Path) -> None:
    """Invalid JSON is json-syntax at the line and column the decoder reports."""
    transcript, diagnostics = load_transcript(
        tmp_path, "transcript.json", '{"segments": [\n  {"startTime": 1,}\n]}\n'
    )
    assert transcript is None
    assert with_messages(diagnostics) == [
        ("json-syntax", 2, 19, "invalid JSON: Expecting property name enclosed in double quotes")
    ]


def test_wrong_shape_is_reported(tmp_path: Path) -> None:
    """A document without a segments list is json-transcript."""
    transcript, found = load_text(
        tmp_path, "transcript.json", '{"version": "1.0.0", "segments": {}}'
    )
    assert transcript is None
    assert found == [("json-transcript", 1, 1)]


def test_every_bad_segment_is_reported_at_its_brace(tmp_path: Path) -> None:
    """Each segment problem names its index and is located at the segment's '{'."""
    content = """\
{"segments": [
  {"startTime": 0, "endTime": 1, "body": "ok"},
  {"endTime": 2, "body": "no start"},
  {"startTime": -1, "endTime": 2, "body": "negative"},
    {"startTime": 1.5, "endTime": 1.2, "body": "backwards"},
  {"startTime": 2, "endTime": 3, "body": 7},
  "text",
  {"startTime": 0.5, "endTime": 3, "body": "out of order"},
  {"startTime": 4, "endTime": 5, "body": "ok", "speaker": ["A"]}
]}
"""
    transcript, diagnostics = load_transcript(tmp_path, "transcript.json", content)
    assert transcript is None
    assert with_messages(diagnostics) == [
        ("json-segment", 3, 3, "segments[1]: startTime is missing"),
        ("json-segment", 4, 3, "segments[2]: startTime -1 is not a number of seconds (0 or more)"),
        ("json-segment", 5, 5, "segments[3]: endTime 1.2 is not after startTime 1.5"),
        ("json-segment", 6, 3, "segments[4]: body 7 is not a string"),
        ("json-segment", 7, 3, 'segments[5]: a segment must be an object, not "text"'),
        (
            "json-segment",
            8,
            3,
            "segments[6]: startTime 0.5 is before the previous segment's startTime 2",
        ),
        ("json-segment", 9, 3, 'segments[7]: speaker ["A"] is not a string'),
    ]


def test_escaped_control_character_is_reported(tmp_path: Path) -> None:
    """A \\u0007 escape in a body is a control character in the text."""
    transcript, found = load_text(
        tmp_path, "transcript.json", '{"segments": [{"startTime": 0, "body": "a\\u0007"}]}'
    )
    assert transcript is None
    assert found == [("transcript-control-char", 1, 15)]


def test_segment_spans_skip_other_keys_and_nested_values() -> None:
    """The walk finds each element of the top-level segments array, and only those."""
    text = '{"a": {"segments": [1]}, "segments" : [ {"x": [1, {}]} ,\n{} ], "z": null}'
    spans = segment_spans(text)
    assert [text[start:end] for start, end in spans] == ['{"x": [1, {}]}', "{}"]
