"""The SRT reader: cards, speaker prefixes, formatting tags and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import cues, load_text

from nmo_feed.transcripts.srt import speaker_prefix

VALID = """\
1
00:00:00,500 --> 00:00:02,000
Ann Lee: Hello and
<i>welcome</i> to the show.

2
00:00:02,000 --> 00:00:04,250
the answer: yes, <b>a < b</b> & c.

3
00:00:04,250 --> 00:00:06,000 X1:10 X2:20
{\\an8}Bob: I agree.

4
00:00:06,000 --> 00:00:07,000
[laughs]
"""


def test_valid_file_gives_exact_cues(tmp_path: Path) -> None:
    """Name prefixes set the speaker, which carries over; formatting tags are dropped."""
    transcript, found = load_text(tmp_path, "transcript.srt", VALID)
    assert found == []
    assert cues(transcript) == [
        (500, 2_000, "Ann Lee", "Hello and welcome to the show.", 1),
        (2_000, 4_250, "Ann Lee", "the answer: yes, a < b & c.", 6),
        (4_250, 6_000, "Bob", "I agree.", 10),
        (6_000, 7_000, "Bob", "[laughs]", 14),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee: Hello.", ("Ann Lee", "Hello.")),
        ("李雷: 你好", ("李雷", "你好")),
        ("the answer: yes", (None, "the answer: yes")),
        ("One two three four five six: words", (None, "One two three four five six: words")),
        ("10:30 is the time", (None, "10:30 is the time")),
        ("Ann:no space", (None, "Ann:no space")),
    ],
)
def test_speaker_prefix(text: str, expected: tuple[str | None, str]) -> None:
    """Only a short capitalised 'Name: ' prefix is taken as the speaker."""
    assert speaker_prefix(text) == expected


def test_bad_number_is_reported(tmp_path: Path) -> None:
    """A card whose first line is not a number is srt-number at its column."""
    content = "1\n00:00:00,000 --> 00:00:01,000\nA\n\n two\n00:00:01,000 --> 00:00:02,000\nB\n"
    transcript, found = load_text(tmp_path, "transcript.srt", content)
    assert transcript is None
    assert found == [("srt-number", 5, 2)]


def test_bad_timestamps_are_reported_at_their_column(tmp_path: Path) -> None:
    """A WebVTT-style dot and a one-digit hour are both srt-timestamp at their columns."""
    content = "1\n00:00:00.000 --> 00:00:01,000\nA\n\n2\n00:00:01,000 --> 0:00:02,000\nB\n"
    transcript, found = load_text(tmp_path, "transcript.srt", content)
    assert transcript is None
    assert found == [("srt-timestamp", 2, 1), ("srt-timestamp", 6, 18)]


def test_card_ending_before_it_starts_is_reported(tmp_path: Path) -> None:
    """end <= start is srt-cue-time at the end timestamp."""
    transcript, found = load_text(
        tmp_path, "transcript.srt", "1\n00:00:05,000 --> 00:00:04,000\nA\n"
    )
    assert transcript is None
    assert found == [("srt-cue-time", 2, 18)]


def test_card_starting_before_the_previous_is_reported(tmp_path: Path) -> None:
    """A start before the previous card's start is srt-cue-order at the start timestamp."""
    content = "1\n00:00:05,000 --> 00:00:06,000\nA\n\n2\n00:00:04,000 --> 00:00:07,000\nB\n"
    transcript, found = load_text(tmp_path, "transcript.srt", content)
    assert transcript is None
    assert found == [("srt-cue-order", 6, 1)]


def test_every_error_in_a_file_is_reported(tmp_path: Path) -> None:
    """Number, timestamp, time and order errors in one file are all reported."""
    content = (
        "1\n00:00:00,000 --> 00:00:01,000\nA\n\n"
        "x\n00:00:01,000 --> 00:00:02,000\nB\n\n"
        "3\n00:00:03,000 --> 00:00:02,500\nC\n\n"
        "4\n00:00:04,000 --> 00:00:05,00\nD\n\n"
        "5\n00:00:00,500 --> 00:00:06,000\nE\n"
    )
    transcript, found = load_text(tmp_path, "transcript.srt", content)
    assert transcript is None
    assert found == [
        ("srt-number", 5, 1),
        ("srt-cue-time", 10, 18),
        ("srt-timestamp", 14, 18),
        ("srt-cue-order", 18, 1),
    ]


def test_card_without_number_is_reported(tmp_path: Path) -> None:
    """A card that starts with its timing line lacks its number."""
    transcript, found = load_text(tmp_path, "transcript.srt", "00:00:00,000 --> 00:00:01,000\nA\n")
    assert transcript is None
    assert found == [("srt-number", 1, 1)]


def test_card_without_timing_line_is_reported(tmp_path: Path) -> None:
    """A number followed by text (a blank line inside a card, say) is srt-timing."""
    content = "1\n00:00:00,000 --> 00:00:01,000\nA\n\n2\nstray text\n"
    transcript, found = load_text(tmp_path, "transcript.srt", content)
    assert transcript is None
    assert found == [("srt-timing", 6, 1)]
