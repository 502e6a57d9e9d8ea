"""Round trips over generated transcripts: render, load back, and find the same content.

VTT, SRT and JSON are compared caption by caption (what was written is what is read); the
plain text paragraph by paragraph. Generated texts hold the characters that need escaping
(``&``, ``<``, ``>``, ``-->``), non-ASCII text, sound brackets and over-long words.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import load_transcript

from nmo_feed.errors import SourceLocation
from nmo_feed.model import Cue, ParagraphKind, Transcript
from nmo_feed.transcripts import render
from nmo_feed.transcripts.captions import SRT_LINE, VTT_LINE, Caption, captions
from nmo_feed.transcripts.grouping import Block, group

HERE = SourceLocation(PurePosixPath("transcript.md"), 1)
ROUND_TRIP = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NAMES = ["Ann Lee", "Dean Wingerchuk", "María José", "李雷", "Dr. O'Brien"]
WORDS = [
    "the", "NMO", "treatment", "&", "<", ">", "a<b", "x>y", "-->", "AT&T", "&amp;", "&lt;",
    "[laughs]", "[inaudible]", "naïve", "日本語", "😀", "don't", "well,", "10\u00a0mg",
    "“quoted”", "—", "e.g.", "#1", "50%", "Pneumonoultramicroscopicsilicovolcanoconiosis",
]  # fmt: skip
# Texts end with a full stop, so none of them reads back as a "Name:" label.
TEXTS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(lambda w: " ".join(w) + ".")


@st.composite
def transcripts(draw: st.DrawFn, *, timed: bool = True) -> Transcript:
    """A transcript of 1-4 turns (only the first may be unnamed) of 1-3 paragraphs of cues.

    Cues last at least a second, so paragraph starts fall in distinct seconds.
    """
    speakers: list[str | None] = [draw(st.sampled_from([None, *NAMES]))]
    for _ in range(draw(st.integers(0, 3))):
        speakers.append(draw(st.sampled_from([n for n in NAMES if n != speakers[-1]])))
    blocks: list[Block] = []
    clock = draw(st.integers(0, 4_000_000))
    for speaker in speakers:
        for _ in range(draw(st.integers(1, 3))):
            kind: ParagraphKind = (
                "speech" if not blocks else draw(st.sampled_from(["speech", "on_screen"]))
            )
            for index in range(draw(st.integers(1, 3))):
                start = clock + draw(st.integers(0, 3000))
                clock = start + draw(st.integers(1000, 20_000))
                cue = Cue(start, clock, draw(TEXTS), speaker, HERE)
                if not timed:
                    cue = Cue(None, None, cue.text, speaker, HERE)
                blocks.append(Block(cue, kind, starts_paragraph=index == 0))
    return Transcript("en", group(blocks), HERE)


def load_clean(directory: Path, name: str, content: str) -> Transcript:
    """Load ``content`` from a file, asserting it has no errors."""
    transcript, diagnostics = load_transcript(directory, name, content)
    assert [d.message for d in diagnostics] == []
    assert transcript is not None
    return transcript


def cue_rows(transcript: Transcript) -> list[tuple[int | None, int | None, str | None, str]]:
    return [(c.start_ms, c.end_ms, c.speaker, c.text) for c in transcript.cues]


def caption_rows(items: list[Caption]) -> list[tuple[int | None, int | None, str | None, str]]:
    return [(c.start_ms, c.end_ms, c.speaker, c.text) for c in items]


def speech(transcript: Transcript) -> str:
    """All speech text, in order."""
    return " ".join(p.text for t in transcript.turns for p in t.paragraphs if p.kind == "speech")


@pytest.fixture(name="directory")
def _directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("round-trip")


@ROUND_TRIP
@given(transcripts())
def test_vtt_round_trip(directory: Path, transcript: Transcript) -> None:
    """Every caption written to WebVTT reads back with its times, speaker and text."""
    loaded = load_clean(directory, "transcript.vtt", render(transcript)["vtt"])
    assert cue_rows(loaded) == caption_rows(captions(transcript, VTT_LINE))
    assert speech(loaded) == speech(transcript)


@ROUND_TRIP
@given(transcripts())
def test_srt_round_trip(directory: Path, transcript: Transcript) -> None:
    """Every SRT card reads back with its times and text; 'Name: ' prefixes give the speaker."""
    loaded = load_clean(directory, "transcript.srt", render(transcript)["srt"])
    expected = []
    previous: str | None = None
    for caption in captions(transcript, SRT_LINE, name_prefix=True):
        text = caption.text
        if caption.speaker is not None and caption.speaker != previous:
            text = text.removeprefix(f"{caption.speaker}: ")
        previous = caption.speaker
        expected.append((caption.start_ms, caption.end_ms, caption.speaker, text))
    assert cue_rows(loaded) == expected
    assert speech(loaded) == speech(transcript)


@ROUND_TRIP
@given(transcripts())
def test_json_round_trip(directory: Path, transcript: Transcript) -> None:
    """Every JSON segment reads back with its times, speaker and text."""
    loaded = load_clean(directory, "transcript.json", render(transcript)["json"])
    assert cue_rows(loaded) == caption_rows(captions(transcript, VTT_LINE))


@ROUND_TRIP
@given(st.booleans().flatmap(lambda timed: transcripts(timed=timed)))
def test_text_round_trip(directory: Path, transcript: Transcript) -> None:
    """The plain text reads back as the same turns and paragraphs, times to the second."""
    loaded = load_clean(directory, "transcript.txt", render(transcript)["txt"])

    def paragraphs(t: Transcript) -> list[tuple[str | None, ParagraphKind, str, int | None]]:
        return [
            (turn.speaker, p.kind, p.text, None if p.start_ms is None else p.start_ms // 1000)
            for turn in t.turns
            for p in turn.paragraphs
        ]

    assert paragraphs(loaded) == paragraphs(transcript)
    assert [t.speaker for t in loaded.turns] == [t.speaker for t in transcript.turns]


@ROUND_TRIP
@given(transcripts())
def test_rendering_loaded_vtt_gives_the_same_file(directory: Path, transcript: Transcript) -> None:
    """Captions are a fixed point: VTT written, read and written again is byte-identical."""
    first = render(transcript)["vtt"]
    again = render(load_clean(directory, "transcript.vtt", first))["vtt"]
    assert again == first
