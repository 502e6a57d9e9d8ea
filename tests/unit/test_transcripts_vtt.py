"""The WebVTT reader: voices, tags, entities, skipped blocks, and located errors."""

from __future__ import annotations

from pathlib import Path

from support import cues, load_text

VALID = """\
WEBVTT - a podcast

NOTE written by hand
over two lines

STYLE
::cue { color: yellow }

intro
00:00.500 --> 00:02.000 align:start position:10%
<v Ann Lee>Hello &amp; welcome
to the <i>show</i>.</v>

00:00:02.000 --> 00:00:04.250
Today: NMO &lt;treatment&gt;&nbsp;options.

00:04.250 --> 00:06.000
<v.loud Bob>I <c.yellow>agree</c> <00:05.000>entirely &#233;&#x41;.

00:06.000 --> 00:07.000
<lang fr>Oui</lang> <ruby>漢<rt>kan</rt></ruby> [laughs]
"""


def test_valid_file_gives_exact_cues(tmp_path: Path) -> None:
    """Voices name speakers (and carry over), tags are dropped, entities decoded."""
    transcript, found = load_text(tmp_path, "transcript.vtt", VALID)
    assert found == []
    assert cues(transcript) == [
        (500, 2_000, "Ann Lee", "Hello & welcome to the show.", 9),
        (2_000, 4_250, "Ann Lee", "Today: NMO <treatment>\u00a0options.", 14),
        (4_250, 6_000, "Bob", "I agree entirely éA.", 17),
        (6_000, 7_000, "Bob", "Oui 漢kan [laughs]", 20),
    ]


def test_cues_group_into_turns_by_speaker(tmp_path: Path) -> None:
    """Consecutive cues of one voice form one turn and, without gaps, one paragraph."""
    transcript, _ = load_text(tmp_path, "transcript.vtt", VALID)
    assert transcript is not None
    assert [
        (t.speaker, len(t.paragraphs), len(t.paragraphs[0].cues)) for t in transcript.turns
    ] == [
        ("Ann Lee", 1, 2),
        ("Bob", 1, 2),
    ]


def test_missing_header_is_reported_at_the_first_line(tmp_path: Path) -> None:
    """A file not starting with WEBVTT is an error at 1:1."""
    transcript, found = load_text(tmp_path, "transcript.vtt", "00:00.000 --> 00:01.000\nHi\n")
    assert transcript is None
    assert found == [("vtt-header", 1, 1)]


def test_bad_timestamps_are_reported_at_their_column(tmp_path: Path) -> None:
    """Each malformed start or end is reported at the column where it starts."""
    content = (
        "WEBVTT\n\n"
        "00:00.000 --> 00:01,000\nA\n\n"
        "00:02.000 -->  0:03.000\nB\n\n"
        "00:70.000 --> 00:09.000\nC\n"
    )
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [
        ("vtt-timestamp", 3, 15),
        ("vtt-timestamp", 6, 16),
        ("vtt-timestamp", 9, 1),
    ]


def test_cue_ending_before_it_starts_is_reported(tmp_path: Path) -> None:
    """end <= start is vtt-cue-time at the end timestamp."""
    transcript, found = load_text(
        tmp_path, "transcript.vtt", "WEBVTT\n\n00:02.000 --> 00:02.000\nA\n"
    )
    assert transcript is None
    assert found == [("vtt-cue-time", 3, 15)]


def test_cue_starting_before_the_previous_is_reported(tmp_path: Path) -> None:
    """A start before the previous cue's start is vtt-cue-order at the start timestamp."""
    content = "WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:04.000 --> 00:07.000\nB\n"
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [("vtt-cue-order", 6, 1)]


def test_block_without_timing_is_reported(tmp_path: Path) -> None:
    """A block that is neither a cue nor NOTE/STYLE/REGION is vtt-timing at its first line."""
    content = "WEBVTT\n\nJust some words\nwith no time\n\n00:01.000 --> 00:02.000\nok\n"
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [("vtt-timing", 3, 1)]


def test_stray_less_than_is_reported(tmp_path: Path) -> None:
    """An unescaped '<' that opens no tag is vtt-payload at its column."""
    content = "WEBVTT\n\n00:01.000 --> 00:02.000\nif a < b then\n"
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [("vtt-payload", 4, 6)]


def test_control_character_reference_is_reported(tmp_path: Path) -> None:
    """&#7; decodes to a control character, which is an error at the reference."""
    content = "WEBVTT\n\n00:01.000 --> 00:02.000\nbell &#7; here\n"
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [("transcript-control-char", 4, 6)]


def test_every_error_in_a_file_is_reported(tmp_path: Path) -> None:
    """Header, timestamp, time and order errors in one file are all reported."""
    content = (
        "WEBVT\n\n"
        "00:00.000 --> 00:01.000\nA\n\n"
        "00:03.000 --> 00:02.000\nB\n\n"
        "00:00:0x.000 --> 00:04.000\nC\n\n"
        "00:05.000 --> 00:06.000\nD\n\n"
        "00:01.000 --> 00:08.000\nE\n"
    )
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert transcript is None
    assert found == [
        ("vtt-header", 1, 1),
        ("vtt-cue-time", 6, 15),
        ("vtt-timestamp", 9, 1),
        ("vtt-cue-order", 15, 1),
    ]


def test_cue_without_blank_line_before_next_timing_line(tmp_path: Path) -> None:
    """A payload line containing --> starts the next cue, as the WebVTT parser does."""
    content = "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n"
    transcript, found = load_text(tmp_path, "transcript.vtt", content)
    assert found == []
    assert cues(transcript) == [(1_000, 2_000, None, "A", 3), (2_000, 3_000, None, "B", 5)]


def test_header_only_file_has_no_text(tmp_path: Path) -> None:
    """A WebVTT file without cues is transcript-empty."""
    transcript, found = load_text(tmp_path, "transcript.vtt", "WEBVTT\n\nNOTE nothing yet\n")
    assert transcript is None
    assert found == [("transcript-empty", None, None)]


def test_first_cue_right_after_the_header_is_read(tmp_path: Path) -> None:
    """A timing line straight after WEBVTT (no blank line) still starts a cue."""
    transcript, found = load_text(
        tmp_path, "transcript.vtt", "WEBVTT\n00:01.000 --> 00:02.000\nHi\n"
    )
    assert found == []
    assert cues(transcript) == [(1_000, 2_000, None, "Hi", 2)]
