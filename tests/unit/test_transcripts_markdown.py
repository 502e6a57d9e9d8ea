"""The .md/.txt transcript grammar: labels, times, sounds, on-screen text and its errors."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from support import load_text, load_transcript

from nmo_feed.errors import SourceLocation
from nmo_feed.model import Transcript
from nmo_feed.transcripts.paragraphs import speaker_of_label


def outline(transcript: Transcript | None) -> list[tuple[str | None, list[tuple[object, ...]]]]:
    """Turns as (speaker, [(kind, start, end, text, line)]) for exact comparison."""
    assert transcript is not None
    return [
        (
            turn.speaker,
            [
                (p.kind, p.start_ms, p.end_ms, p.text, p.cues[0].source.line)
                for p in turn.paragraphs
            ],
        )
        for turn in transcript.turns
    ]


SEED = """\
Dean Wingerchuk, MD – Mayo Clinic:

[00:00] I think it’s helpful to consider different types of therapy for NMO.
For example, there’s treatment of individual attacks.

[00:48] That secondary of treatment [laughs] is prevention.
"""


def test_seed_style_gives_one_turn_with_timed_paragraphs(tmp_path: Path) -> None:
    """The seed's label line starts one turn named before the comma; times chain the ends."""
    transcript, found = load_text(tmp_path, "transcript.md", SEED)
    assert found == []
    assert outline(transcript) == [
        (
            "Dean Wingerchuk",
            [
                (
                    "speech",
                    0,
                    48_000,
                    "I think it’s helpful to consider different types of therapy for NMO."
                    " For example, there’s treatment of individual attacks.",
                    3,
                ),
                ("speech", 48_000, None, "That secondary of treatment [laughs] is prevention.", 6),
            ],
        )
    ]


def test_cue_source_is_the_paragraph_line(tmp_path: Path) -> None:
    """Each cue points at the show-relative file and the line where its paragraph starts."""
    transcript, _ = load_text(tmp_path, "transcript.md", SEED, folder="ep")
    assert transcript is not None
    assert transcript.cues[1].source == SourceLocation(PurePosixPath("ep/transcript.md"), 6)
    assert transcript.source == SourceLocation(PurePosixPath("ep/transcript.md"))
    assert transcript.language == "en"


def test_untimed_paragraphs_have_no_times(tmp_path: Path) -> None:
    """Without brackets every cue has start and end None and the transcript is untimed."""
    transcript, found = load_text(
        tmp_path, "transcript.md", "Ann:\n\nHello there.\n\nSecond paragraph.\n"
    )
    assert found == []
    assert outline(transcript) == [
        (
            "Ann",
            [
                ("speech", None, None, "Hello there.", 3),
                ("speech", None, None, "Second paragraph.", 5),
            ],
        )
    ]
    assert transcript is not None
    assert not transcript.timed


def test_sound_brackets_stay_in_the_text(tmp_path: Path) -> None:
    """[laughs] at the start of a paragraph is a sound, not a time."""
    transcript, found = load_text(tmp_path, "transcript.md", "[laughs] Well, yes. [2] [sighs]\n")
    assert found == []
    assert outline(transcript) == [
        (None, [("speech", None, None, "[laughs] Well, yes. [2] [sighs]", 1)])
    ]


def test_on_screen_paragraph_belongs_to_the_current_turn(tmp_path: Path) -> None:
    """A paragraph starting 'On screen:' is kind on_screen, holding the text after the label."""
    content = (
        "Ann:\n\n[00:01] Look at this.\n\n[00:05] On screen: A chart of relapses.\n\n[00:09] See?\n"
    )
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert found == []
    assert outline(transcript) == [
        (
            "Ann",
            [
                ("speech", 1_000, 5_000, "Look at this.", 3),
                ("on_screen", 5_000, 9_000, "A chart of relapses.", 5),
                ("speech", 9_000, None, "See?", 7),
            ],
        )
    ]


def test_on_screen_label_alone_takes_the_next_paragraph(tmp_path: Path) -> None:
    """'On screen:' on its own makes the following paragraph the description."""
    transcript, found = load_text(
        tmp_path, "transcript.md", "On screen:\n\nA slide with three boxes.\n"
    )
    assert found == []
    assert outline(transcript) == [
        (None, [("on_screen", None, None, "A slide with three boxes.", 3)])
    ]


def test_note_with_text_after_the_colon_is_not_a_label(tmp_path: Path) -> None:
    """'Note: text' is a sentence of the current speaker, not a new speaker."""
    content = "Ann:\n\nNote: this is a long sentence that goes on.\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert found == []
    assert outline(transcript) == [
        ("Ann", [("speech", None, None, "Note: this is a long sentence that goes on.", 3)])
    ]


def test_text_before_any_label_has_no_speaker(tmp_path: Path) -> None:
    """Paragraphs before the first label form a turn with speaker None."""
    transcript, found = load_text(
        tmp_path, "transcript.md", "Welcome.\n\nBob Smith:\nHi, I am Bob.\n"
    )
    assert found == []
    assert outline(transcript) == [
        (None, [("speech", None, None, "Welcome.", 1)]),
        ("Bob Smith", [("speech", None, None, "Hi, I am Bob.", 4)]),
    ]


def test_time_on_label_line_times_the_first_paragraph(tmp_path: Path) -> None:
    """'[00:05] Ann:' then text lines: the text is Ann's first paragraph at 0:05."""
    content = "[00:05] Ann:\nHello\nthere.\n\nBob:\n\n[01:00:00] Late answer.\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert found == []
    assert outline(transcript) == [
        ("Ann", [("speech", 5_000, 3_600_000, "Hello there.", 2)]),
        ("Bob", [("speech", 3_600_000, None, "Late answer.", 7)]),
    ]


def test_same_speaker_labelled_twice_is_one_turn(tmp_path: Path) -> None:
    """Consecutive labels for one speaker continue the same turn."""
    transcript, found = load_text(tmp_path, "transcript.md", "Ann:\n\nOne.\n\nAnn:\n\nTwo.\n")
    assert found == []
    assert outline(transcript) == [
        ("Ann", [("speech", None, None, "One.", 3), ("speech", None, None, "Two.", 7)])
    ]


def test_paragraphs_sharing_a_time_share_the_span(tmp_path: Path) -> None:
    """Two paragraphs at [00:10] split the span to [00:20] by length (5 and 15 characters)."""
    content = "[00:10] abcd\n\n[00:10] abcdefghijklmn\n\n[00:20] end\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert found == []
    assert transcript is not None
    assert [(c.start_ms, c.end_ms) for c in transcript.cues] == [
        (10_000, 12_500),
        (12_500, 20_000),
        (20_000, None),
    ]


def test_txt_uses_the_same_grammar(tmp_path: Path) -> None:
    """A .txt file with CRLF line ends reads like .md."""
    transcript, found = load_text(tmp_path, "transcript.txt", "Ann:\r\n\r\n[00:02] Hi.\r\n")
    assert found == []
    assert outline(transcript) == [("Ann", [("speech", 2_000, None, "Hi.", 3)])]


def test_partial_times_name_the_first_untimed_paragraph(tmp_path: Path) -> None:
    """Some timed paragraphs and some not is an error at the first untimed one."""
    content = "Ann:\n\n[00:01] One.\n\nTwo.\n\nThree.\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-partial-times", 5, 1)]


def test_time_going_backwards_is_reported_at_its_bracket(tmp_path: Path) -> None:
    """A time earlier than the previous paragraph's is an error at the bracket."""
    content = "[00:10] One.\n\n  [00:05] Two.\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-time-order", 3, 3)]


def test_every_malformed_time_is_reported(tmp_path: Path) -> None:
    """[1:75] and [00:61] are both reported, each at its own line and column."""
    content = "[1:75] One.\n\nAnn:\n\n[00:61] Two.\n\n[00:30] Three.\n"
    transcript, found = load_text(tmp_path, "transcript.md", content)
    assert transcript is None
    assert found == [("transcript-time", 1, 1), ("transcript-time", 5, 1)]


def test_malformed_time_message_says_what_is_wrong(tmp_path: Path) -> None:
    """The message names the bad bracket and the part out of range."""
    _, diagnostics = load_transcript(tmp_path, "transcript.md", "[00:61] One.\n")
    assert [d.message for d in diagnostics] == ["bad time [00:61]: seconds must be 00-59, not 61"]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Dean Wingerchuk, MD – Mayo Clinic:", "Dean Wingerchuk"),
        ("Ann Lee:", "Ann Lee"),
        ("Dr. Ann Lee - Example Hospital:", "Dr. Ann Lee"),
        ("Ann Lee — host:", "Ann Lee"),
        ("李雷:", "李雷"),
        ("Jean-Paul Sartre:", "Jean-Paul Sartre"),
        ("Note: this is a sentence.", None),
        ("On screen:", None),
        ("[laughs]:", None),
        ("Time: 10:30:", None),
        ("one two three four five six seven eight nine ten eleven twelve thirteen:", None),
        (":", None),
    ],
)
def test_speaker_of_label(line: str, speaker: str | None) -> None:
    """Label lines give the name before the first comma or spaced dash; others give None."""
    assert speaker_of_label(line) == speaker
