"""Writing transcripts: exact VTT, SRT, JSON and text output, and caption-sized cues."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from nmo_feed.errors import SourceLocation
from nmo_feed.model import Cue, Paragraph, ParagraphKind, Transcript, Turn
from nmo_feed.transcripts import render
from nmo_feed.transcripts.captions import SRT_LINE, VTT_LINE, captions, split_cue

HERE = SourceLocation(PurePosixPath("transcript.md"), 1)


def paragraph(
    start: int | None,
    end: int | None,
    text: str,
    speaker: str | None,
    kind: ParagraphKind = "speech",
) -> Paragraph:
    return Paragraph((Cue(start, end, text, speaker, HERE),), kind)


SMALL = Transcript(
    "en",
    (
        Turn(None, (paragraph(0, 1500, "Welcome.", None),)),
        Turn(
            "Ann Lee",
            (
                paragraph(1500, 4000, "Is A&B <better> --> yes?", "Ann Lee"),
                paragraph(4000, 5000, "A slide.", "Ann Lee", "on_screen"),
            ),
        ),
        Turn("Bob <&>", (paragraph(5000, 6000, "[laughs] Yes.", "Bob <&>"),)),
    ),
    HERE,
)


def test_small_transcript_vtt() -> None:
    """WebVTT: header, voices on every named cue, escaped text, no on-screen cue; a voice
    name keeps every character, with ``&``, ``<`` and ``>`` as character references."""
    assert render(SMALL)["vtt"] == (
        "WEBVTT\n"
        "\n"
        "00:00:00.000 --> 00:00:01.500\n"
        "Welcome.\n"
        "\n"
        "00:00:01.500 --> 00:00:04.000\n"
        "<v Ann Lee>Is A&amp;B &lt;better&gt; --&gt; yes?\n"
        "\n"
        "00:00:05.000 --> 00:00:06.000\n"
        "<v Bob &lt;&amp;&gt;>[laughs] Yes.\n"
    )


def test_small_transcript_srt() -> None:
    """SRT: numbered cards, 'Name: ' on a new speaker's first card, 32-character lines."""
    assert render(SMALL)["srt"] == (
        "1\n"
        "00:00:00,000 --> 00:00:01,500\n"
        "Welcome.\n"
        "\n"
        "2\n"
        "00:00:01,500 --> 00:00:04,000\n"
        "Ann Lee: Is A&B <better> -->\n"
        "yes?\n"
        "\n"
        "3\n"
        "00:00:05,000 --> 00:00:06,000\n"
        "Bob <&>: [laughs] Yes.\n"
    )


def test_small_transcript_json() -> None:
    """JSON: one segment per caption, speaker first and left out when unknown; compact (one
    line and a final newline), so json's C encoder writes it."""
    assert render(SMALL)["json"] == (
        '{"version":"1.0.0","segments":['
        '{"startTime":0.0,"endTime":1.5,"body":"Welcome."},'
        '{"speaker":"Ann Lee","startTime":1.5,"endTime":4.0,"body":"Is A&B <better> --> yes?"},'
        '{"speaker":"Bob <&>","startTime":5.0,"endTime":6.0,"body":"[laughs] Yes."}'
        "]}\n"
    )


def test_small_transcript_txt() -> None:
    """Text: label paragraphs, [mm:ss] times, 'On screen:' descriptions."""
    assert render(SMALL)["txt"] == (
        "[00:00] Welcome.\n"
        "\n"
        "Ann Lee:\n"
        "\n"
        "[00:01] Is A&B <better> --> yes?\n"
        "\n"
        "[00:04] On screen: A slide.\n"
        "\n"
        "Bob <&>:\n"
        "\n"
        "[00:05] [laughs] Yes.\n"
    )


def test_untimed_transcript_renders_text_only() -> None:
    """Without times there are no caption files, and the text has no brackets."""
    untimed = Transcript("en", (Turn("Ann", (paragraph(None, None, "Hi.", "Ann"),)),), HERE)
    assert render(untimed) == {"txt": "Ann:\n\nHi.\n"}


def test_hour_long_times_use_hours_in_text() -> None:
    """Past an hour the text time is [hh:mm:ss]."""
    late = Transcript("en", (Turn(None, (paragraph(3_723_000, 3_724_000, "Late.", None),)),), HERE)
    assert render(late)["txt"] == "[01:02:03] Late.\n"


def test_open_end_is_a_programming_error() -> None:
    """A timed transcript whose last cue has no end cannot be rendered."""
    open_end = Transcript("en", (Turn(None, (paragraph(0, None, "Hi.", None),)),), HERE)
    with pytest.raises(ValueError, match="with_duration"):
        render(open_end)


def test_render_is_deterministic() -> None:
    """Rendering twice gives the same text."""
    assert render(SMALL) == render(SMALL)


LONG_TEXT = (
    "I think it’s helpful to consider different types of therapy for NMO in different "
    "categories. For example, there’s treatment of individual attacks, treatment and "
    "prevention of relapses and then treatment of symptoms. When a person has an attack of "
    "NMO most of the time treatment is with steroids, IV infusions of steroids and sometimes "
    "with a treatment called plasma exchange which is meant to filter the plasma."
)


@pytest.mark.parametrize("span_ms", [5_000, 48_000, 120_000])
@pytest.mark.parametrize("max_line", [VTT_LINE, SRT_LINE])
def test_long_paragraph_captions_respect_the_limits(span_ms: int, max_line: int) -> None:
    """≤ 2 lines, ≤ max_line characters, ≤ 7 s, contiguous, strictly increasing, words kept."""
    pieces = split_cue(LONG_TEXT, 10_000, 10_000 + span_ms, "Ann", max_line)
    assert all(1 <= len(p.lines) <= 2 for p in pieces)
    assert all(len(line) <= max_line for p in pieces for line in p.lines)
    assert all(p.end_ms - p.start_ms <= 7000 for p in pieces)
    assert all(p.end_ms > p.start_ms for p in pieces)
    assert [p.start_ms for p in pieces[1:]] == [p.end_ms for p in pieces[:-1]]
    assert (pieces[0].start_ms, pieces[-1].end_ms) == (10_000, 10_000 + span_ms)
    assert " ".join(p.text for p in pieces) == LONG_TEXT


def test_span_is_shared_in_proportion_to_characters() -> None:
    """Captions of 41 and 20 characters (plus a space each) share 6.3 s as 4.2 s and 2.1 s."""
    first = "a" * 41
    second = "b" * 20
    pieces = split_cue(f"{first} {second}", 0, 6_300, None, VTT_LINE, max_lines=1)
    assert [(p.start_ms, p.end_ms, p.lines) for p in pieces] == [
        (0, 4_200, (first,)),
        (4_200, 6_300, (second,)),
    ]


def test_word_longer_than_a_line_stays_whole() -> None:
    """A single word longer than the line gets a line of its own, unbroken."""
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    pieces = split_cue(f"A {word} case", 0, 3000, None, SRT_LINE)
    assert [p.lines for p in pieces] == [("A", word), ("case",)]


def test_a_name_prefix_is_never_cut_from_the_first_word() -> None:
    """An SRT ``Name: `` goes with the first word even when its own spaces could end a line."""
    pieces = split_cue("Recibo mi tratamiento", 0, 6000, None, 12, prefix="Carlos Díaz: ")
    assert [p.lines for p in pieces] == [("Carlos Díaz: Recibo", "mi"), ("tratamiento",)]


def test_slow_speech_gets_shorter_captions() -> None:
    """Ten words over 60 s: captions shrink so none lasts more than 7 s."""
    pieces = split_cue(" ".join(["word"] * 10), 0, 60_000, None, VTT_LINE)
    assert max(p.end_ms - p.start_ms for p in pieces) <= 7000


def test_on_screen_paragraphs_are_not_captioned() -> None:
    """Visual descriptions are left out of captions."""
    assert [c.text for c in captions(SMALL, VTT_LINE)] == [
        "Welcome.",
        "Is A&B <better> --> yes?",
        "[laughs] Yes.",
    ]


def _pack_by_words(
    words: list[str], max_line: int, max_lines: int, max_chars: int
) -> list[tuple[list[str], int]]:
    """The caption packer as it was, word by word (a list of words, bisected offsets): the
    reference for the position-based ``captions._pack``."""
    from bisect import bisect_right
    from itertools import accumulate
    from operator import add

    count = len(words)
    offsets = list(map(add, accumulate(map(len, words), initial=0), range(count + 1)))
    joined = " ".join(words)
    pieces: list[tuple[list[str], int]] = []
    start = 0
    while start < count:
        limit = bisect_right(offsets, offsets[start] + max_chars + 1, start) - 1
        if limit <= start:
            limit = start + 1
        lines: list[str] = []
        first = start
        while first < limit and len(lines) < max_lines:
            end = bisect_right(offsets, offsets[first] + max_line + 1, first, limit + 1) - 1
            if end <= first:
                end = first + 1
            lines.append(joined[offsets[first] : offsets[end] - 1])
            first = end
        pieces.append((lines, len(" ".join(lines)) + 1))
        start = first
    return pieces


def test_the_caption_packer_cuts_as_the_word_by_word_one_did() -> None:
    """Generated texts (empty words from doubled spaces, words longer than a line or a
    caption, a leading or trailing space) cut with every kind of limit, even none."""
    import random

    from nmo_feed.transcripts.captions import _pack

    rng = random.Random(16)
    for _ in range(20_000):
        words = [
            "x" * rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 31, 32, 33, 41, 42, 43, 60, 90])
            for _ in range(rng.randint(1, 40))
        ]
        text = " ".join(words)
        max_line = rng.choice([1, 5, SRT_LINE, VTT_LINE])
        max_lines = rng.choice([1, 2, 3])
        max_chars = rng.choice([-5, -1, 0, 1, 10, 41, 42, 43, 84, 85, 200, 10_000])
        assert _pack(text, max_line, max_lines, max_chars) == _pack_by_words(
            words, max_line, max_lines, max_chars
        ), (text, max_line, max_lines, max_chars)
