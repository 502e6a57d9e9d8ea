"""Grouping cues into turns and paragraphs, sharing spans, and closing the last cue."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from nmo_feed.errors import SourceLocation
from nmo_feed.model import Cue, Paragraph, Transcript, Turn
from nmo_feed.transcripts import with_duration
from nmo_feed.transcripts.grouping import Block, clean_text, group, split_span

HERE = SourceLocation(PurePosixPath("transcript.vtt"), 1)


def cue(
    start: int | None, end: int | None, text: str = "Words.", speaker: str | None = "Ann"
) -> Cue:
    return Cue(start, end, text, speaker, HERE)


def shape(turns: tuple[Turn, ...]) -> list[tuple[str | None, list[list[str]]]]:
    """Turns as (speaker, [[cue text per paragraph]])."""
    return [(t.speaker, [[c.text for c in p.cues] for p in t.paragraphs]) for t in turns]


def transcript_of(*cues: Cue) -> Transcript:
    return Transcript("en", group([Block(c, starts_paragraph=True) for c in cues]), HERE)


def test_consecutive_cues_of_one_speaker_are_one_turn() -> None:
    """Speaker changes start turns; an unknown speaker is a turn of its own."""
    blocks = [
        Block(cue(0, 1000, "a", None)),
        Block(cue(1000, 2000, "b", "Ann")),
        Block(cue(2000, 3000, "c", "Ann")),
        Block(cue(3000, 4000, "d", "Bob")),
        Block(cue(4000, 5000, "e", "Ann")),
    ]
    assert shape(group(blocks)) == [
        (None, [["a"]]),
        ("Ann", [["b", "c"]]),
        ("Bob", [["d"]]),
        ("Ann", [["e"]]),
    ]


def test_a_two_second_gap_starts_a_paragraph() -> None:
    """A silence of 2000 ms starts a new paragraph; 1999 ms does not."""
    blocks = [
        Block(cue(0, 1000, "a")),
        Block(cue(2999, 4000, "b")),
        Block(cue(6000, 7000, "c")),
    ]
    assert shape(group(blocks)) == [("Ann", [["a", "b"], ["c"]])]


def test_a_long_paragraph_ends_at_a_sentence_end() -> None:
    """Once a paragraph holds 400 characters, the next sentence end closes it."""
    long_clause = "x" * 398
    blocks = [
        Block(cue(0, 1000, long_clause)),
        Block(cue(1000, 2000, "and so")),  # paragraph is now 405 characters, no sentence end
        Block(cue(2000, 3000, "it ends.”")),
        Block(cue(3000, 4000, "Next.")),
    ]
    assert shape(group(blocks)) == [("Ann", [[long_clause, "and so", "it ends.”"], ["Next."]])]


def test_format_paragraphs_and_kinds_are_kept() -> None:
    """Blocks marked as paragraph starts, and a change of kind, start paragraphs."""
    blocks = [
        Block(cue(None, None, "a")),
        Block(cue(None, None, "b"), starts_paragraph=True),
        Block(cue(None, None, "c"), kind="on_screen"),
        Block(cue(None, None, "d")),
    ]
    turns = group(blocks)
    assert shape(turns) == [("Ann", [["a"], ["b"], ["c"], ["d"]])]
    assert [p.kind for p in turns[0].paragraphs] == ["speech", "speech", "on_screen", "speech"]


def test_no_blocks_give_no_turns() -> None:
    """An empty list of blocks groups into no turns."""
    assert group([]) == ()


def test_split_span_is_proportional_and_exact() -> None:
    """Boundaries follow the weights, rounded, with the exact start and end."""
    assert split_span(1000, 2000, [1, 1, 2]) == [1000, 1250, 1500, 2000]


def test_split_span_gives_every_piece_a_millisecond() -> None:
    """A tiny piece still lasts at least 1 ms when the span allows it."""
    assert split_span(0, 3, [1000, 1, 1]) == [0, 1, 2, 3]


def test_with_duration_uses_the_media_duration() -> None:
    """The last cue ends at the media duration when that is after its start."""
    result = with_duration(transcript_of(cue(0, 5000), cue(5000, None)), 61_000)
    assert [(c.start_ms, c.end_ms) for c in result.cues] == [(0, 5000), (5000, 61_000)]


def test_with_duration_estimates_from_words() -> None:
    """Without a usable duration, the end is 400 ms a word (150 words a minute)."""
    words = " ".join(["word"] * 10)
    result = with_duration(transcript_of(cue(0, 5000), cue(5000, None, words)), 4000)
    assert result.cues[-1].end_ms == 9000


def test_with_duration_estimate_lasts_at_least_a_second() -> None:
    """A one-word last paragraph still gets a whole second."""
    result = with_duration(transcript_of(cue(5000, None, "Yes.")), None)
    assert result.cues[-1].end_ms == 6000


def test_with_duration_shares_the_end_among_paragraphs_with_the_same_time() -> None:
    """Final paragraphs sharing one start share the span to the end by length."""
    transcript = transcript_of(
        cue(0, 10_000, "abc"), cue(10_000, 10_000, "abcd"), cue(10_000, None, "abcdefghijklmn")
    )
    result = with_duration(transcript, 30_000)
    assert [(c.start_ms, c.end_ms) for c in result.cues] == [
        (0, 10_000),
        (10_000, 15_000),
        (15_000, 30_000),
    ]
    assert [len(p.cues) for t in result.turns for p in t.paragraphs] == [1, 1, 1]


def test_with_duration_leaves_untimed_and_complete_transcripts_alone() -> None:
    """An untimed or already closed transcript is returned as it is."""
    untimed = transcript_of(cue(None, None))
    complete = transcript_of(cue(0, 1000))
    assert with_duration(untimed, 5000) is untimed
    assert with_duration(complete, 5000) is complete


def test_with_duration_keeps_speakers_and_kinds() -> None:
    """Filling the end rebuilds the same turns and paragraph kinds."""
    turns = (
        Turn("Ann", (Paragraph((cue(0, 1000),), "on_screen"),)),
        Turn("Bob", (Paragraph((cue(1000, None, speaker="Bob"),)),)),
    )
    result = with_duration(Transcript("en", turns, HERE), 2000)
    assert [(t.speaker, [p.kind for p in t.paragraphs]) for t in result.turns] == [
        ("Ann", ["on_screen"]),
        ("Bob", ["speech"]),
    ]


def _split_span_nudging_always(start_ms: int, end_ms: int, weights: list[int]) -> list[int]:
    """``split_span`` as it was, nudging every time: the reference for its shortcut."""
    span = end_ms - start_ms
    total = sum(weights) or 1
    bounds = [start_ms]
    running = 0
    for weight in weights:
        running += weight
        bounds.append(start_ms + (span * running + total // 2) // total)
    bounds[-1] = end_ms
    if span >= len(weights):
        for i in range(1, len(bounds) - 1):
            bounds[i] = max(bounds[i], bounds[i - 1] + 1)
        for i in range(len(bounds) - 2, 0, -1):
            bounds[i] = min(bounds[i], bounds[i + 1] - 1)
    return bounds


def test_split_span_skips_nudging_only_where_it_changes_nothing() -> None:
    """Generated spans and weights (tiny, zero, equal to the count, huge; zero weights):
    the same boundaries as when every split was nudged."""
    import random

    rng = random.Random(16)
    for _ in range(20_000):
        weights = [rng.choice([0, 1, 1, 2, 3, 30, 43, 85, 500]) for _ in range(rng.randint(0, 9))]
        start = rng.choice([0, 1, 999, 3_600_000])
        span = rng.choice([0, 1, 2, len(weights), len(weights) + 1, 7, 100, 4_000, 10**7])
        assert split_span(start, start + span, weights) == _split_span_nudging_always(
            start, start + span, weights
        ), (start, span, weights)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\r\n\u00a0ab:", max_size=40))
def test_clean_text_folds_every_run_of_spaces_as_the_plain_substitution_does(text: str) -> None:
    """``clean_text`` skips the substitution when there is nothing to fold: the result is
    still that of folding every run of spaces, tabs and line breaks (and keeps no-break
    spaces, which are meant)."""
    assert clean_text(text) == re.sub(r"[ \t\r\n]+", " ", text).strip(" ")
