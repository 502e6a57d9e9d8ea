"""Time stamps of every format: round trips (Hypothesis), canonical forms and rejections."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nmo_feed.transcripts import timecode

FAST = settings(max_examples=200, deadline=None)
TIMES = st.integers(min_value=0, max_value=200 * 3_600_000)
WHOLE_SECONDS = st.integers(min_value=0, max_value=200 * 3_600).map(lambda s: s * 1000)
HOURS = st.integers(min_value=0, max_value=199)
SIXTY = st.integers(min_value=0, max_value=59)
MILLIS = st.integers(min_value=0, max_value=999)


@FAST
@given(TIMES)
def test_vtt_round_trip_from_ms(ms: int) -> None:
    """Formatting then parsing a WebVTT timestamp gives the same milliseconds."""
    assert timecode.parse_vtt(timecode.format_vtt(ms)) == ms


@FAST
@given(HOURS, SIXTY, SIXTY, MILLIS)
def test_vtt_round_trip_from_canonical_text(h: int, m: int, s: int, ms: int) -> None:
    """Parsing then formatting a canonical WebVTT timestamp gives the same text."""
    text = f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"
    assert timecode.format_vtt(timecode.parse_vtt(text)) == text


@FAST
@given(TIMES)
def test_srt_round_trip_from_ms(ms: int) -> None:
    """Formatting then parsing an SRT timestamp gives the same milliseconds."""
    assert timecode.parse_srt(timecode.format_srt(ms)) == ms


@FAST
@given(HOURS, SIXTY, SIXTY, MILLIS)
def test_srt_round_trip_from_canonical_text(h: int, m: int, s: int, ms: int) -> None:
    """Parsing then formatting a canonical SRT timestamp gives the same text."""
    text = f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"
    assert timecode.format_srt(timecode.parse_srt(text)) == text


@FAST
@given(WHOLE_SECONDS)
def test_bracket_round_trip_from_ms(ms: int) -> None:
    """Formatting then parsing a .md bracket time gives the same whole seconds."""
    assert timecode.parse_bracket(timecode.format_bracket(ms)) == ms


@FAST
@given(HOURS, SIXTY, SIXTY)
def test_bracket_round_trip_from_canonical_text(h: int, m: int, s: int) -> None:
    """Parsing then formatting a canonical bracket time gives the same text."""
    text = f"[{h:02d}:{m:02d}:{s:02d}]" if h else f"[{m:02d}:{s:02d}]"
    assert timecode.format_bracket(timecode.parse_bracket(text)) == text


@FAST
@given(WHOLE_SECONDS)
def test_label_round_trip_from_ms(ms: int) -> None:
    """Formatting then parsing a page label gives the same whole seconds."""
    assert timecode.parse_label(timecode.format_label(ms)) == ms


@FAST
@given(HOURS, SIXTY, SIXTY)
def test_label_round_trip_from_canonical_text(h: int, m: int, s: int) -> None:
    """Parsing then formatting a canonical page label gives the same text."""
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    assert timecode.format_label(timecode.parse_label(text)) == text


@FAST
@given(TIMES)
def test_iso_duration_round_trip_from_ms(ms: int) -> None:
    """Formatting then parsing an ISO 8601 duration gives the same milliseconds."""
    assert timecode.parse_iso_duration(timecode.format_iso_duration(ms)) == ms


@FAST
@given(HOURS, SIXTY, SIXTY, MILLIS)
def test_iso_duration_round_trip_from_canonical_text(h: int, m: int, s: int, ms: int) -> None:
    """Parsing then formatting a canonical ISO 8601 duration gives the same text."""
    seconds = f"{s}.{ms:03d}".rstrip("0") if ms else str(s)
    text = "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")
    if s or ms or text == "PT":
        text += f"{seconds}S"
    assert timecode.format_iso_duration(timecode.parse_iso_duration(text)) == text


@pytest.mark.parametrize(
    ("ms", "vtt", "srt"),
    [
        (0, "00:00:00.000", "00:00:00,000"),
        (48_250, "00:00:48.250", "00:00:48,250"),
        (3_723_004, "01:02:03.004", "01:02:03,004"),
        (360_000_000, "100:00:00.000", "100:00:00,000"),
    ],
)
def test_vtt_and_srt_formats(ms: int, vtt: str, srt: str) -> None:
    """WebVTT and SRT stamps always carry hours and exactly three millisecond digits."""
    assert (timecode.format_vtt(ms), timecode.format_srt(ms)) == (vtt, srt)


def test_vtt_accepts_timestamp_without_hours() -> None:
    """A WebVTT timestamp may leave out the hours (mm:ss.mmm)."""
    assert timecode.parse_vtt("01:02.003") == 62_003


@pytest.mark.parametrize(
    ("ms", "bracket", "label", "iso"),
    [
        (0, "[00:00]", "0:00", "PT0S"),
        (48_000, "[00:48]", "0:48", "PT48S"),
        (48_999, "[00:48]", "0:48", "PT48.999S"),
        (725_000, "[12:05]", "12:05", "PT12M5S"),
        (3_723_000, "[01:02:03]", "1:02:03", "PT1H2M3S"),
        (3_600_500, "[01:00:00]", "1:00:00", "PT1H0.5S"),
    ],
)
def test_whole_second_formats_and_iso(ms: int, bracket: str, label: str, iso: str) -> None:
    """Bracket times and labels round down to whole seconds; ISO keeps milliseconds."""
    assert (
        timecode.format_bracket(ms),
        timecode.format_label(ms),
        timecode.format_iso_duration(ms),
    ) == (bracket, label, iso)


def test_bracket_accepts_one_digit_minutes() -> None:
    """Writers may type [1:05] for [01:05]."""
    assert timecode.parse_bracket("[1:05]") == 65_000


@pytest.mark.parametrize(
    "text",
    [
        "",
        "00:00:00,000",  # SRT comma
        "0:00:00.000",  # one-digit hours
        "00:00.00",  # two-digit milliseconds
        "00:00.0000",
        "00:60.000",  # seconds past 59
        "60:00.000",  # minutes past 59
        "1:00.000",
        " 00:00.000",
        "٠٠:٠٠.٠٠٠",  # Arabic-Indic digits
    ],
)
def test_vtt_rejects_malformed(text: str) -> None:
    """A malformed WebVTT timestamp raises ValueError."""
    with pytest.raises(ValueError, match=r"not a WebVTT timestamp|must be 00-59"):
        timecode.parse_vtt(text)


@pytest.mark.parametrize(
    "text", ["00:00:00.000", "00:00,000", "0:00:00,000", "00:00:00,00", "00:61:00,000"]
)
def test_srt_rejects_malformed(text: str) -> None:
    """A malformed SRT timestamp raises ValueError."""
    with pytest.raises(ValueError, match=r"not an SRT timestamp|must be 00-59"):
        timecode.parse_srt(text)


@pytest.mark.parametrize(
    "text", ["[1:75]", "[00:61]", "[75:00]", "[1:2:3:4]", "00:10", "[00:10.5]", "[laughs]"]
)
def test_bracket_rejects_malformed(text: str) -> None:
    """A malformed bracket time raises ValueError."""
    with pytest.raises(ValueError, match=r"is not a time|must be 00-59"):
        timecode.parse_bracket(text)


@pytest.mark.parametrize("text", ["1:2", "0:60", "1:60:00", "", "1:02:03:04"])
def test_label_rejects_malformed(text: str) -> None:
    """A malformed page label raises ValueError."""
    with pytest.raises(ValueError, match=r"not a time label|must be 00-59"):
        timecode.parse_label(text)


@pytest.mark.parametrize("text", ["PT", "P1D", "PT1.5555S", "PT-1S", "pt1s", "PT1S2M"])
def test_iso_duration_rejects_malformed(text: str) -> None:
    """A malformed or unsupported ISO 8601 duration raises ValueError."""
    with pytest.raises(ValueError, match="not an ISO 8601 duration"):
        timecode.parse_iso_duration(text)


def test_negative_time_cannot_be_formatted() -> None:
    """Formatting a negative time is a programming error."""
    with pytest.raises(ValueError, match="cannot be negative"):
        timecode.format_vtt(-1)


@FAST
@given(TIMES)
def test_stamps_from_kept_seconds_are_written_out_in_full(ms: int) -> None:
    """The whole seconds of a stamp come from a cache (``_clock``, ``_label``): each stamp,
    asked for twice, equals the stamp written out field by field."""
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    label = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    for _ in range(2):
        assert timecode.format_vtt(ms) == f"{h:02d}:{m:02d}:{s:02d}.{frac:03d}"
        assert timecode.format_srt(ms) == f"{h:02d}:{m:02d}:{s:02d},{frac:03d}"
        assert timecode.format_label(ms) == label


@pytest.mark.parametrize("stamp", [timecode.format_srt, timecode.format_label])
def test_no_negative_time_is_written(stamp: Callable[[int], str]) -> None:
    """The cached formatters refuse a negative time too (-1 ms is not second -1's stamp)."""
    with pytest.raises(ValueError, match="cannot be negative"):
        stamp(-1)
