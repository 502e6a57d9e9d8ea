"""Third-party readers accept what we write: webvtt-py reads our VTT, ``srt`` our SRT."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
import srt
import webvtt
from support import load_text

from nmo_feed.model import Transcript
from nmo_feed.transcripts import render, with_duration
from nmo_feed.transcripts.captions import SRT_LINE, VTT_LINE, captions
from nmo_feed.transcripts.timecode import format_vtt

# A two-speaker interview in the seed's style: long timed paragraphs, escapes, a sound and
# a visual description (which captions leave out).
SOURCE = """\
Jane Roe, Host – Example Patient Organisation:

[00:00] Welcome. Today we ask how clinicians treat NMO & what <matters> --> most.

Dean Wingerchuk, MD – Mayo Clinic:

[00:06] I think it’s helpful to consider different types of therapy for NMO in different \
categories. For example, there’s treatment of individual attacks, treatment and prevention \
of relapses and then treatment of symptoms. When a person has an attack of NMO most of the \
time treatment is with steroids, IV infusions of steroids and sometimes with a treatment \
called plasma exchange which is meant to filter the plasma [laughs].

[00:48] On screen: A diagram of plasma exchange.

[00:52] None of these treatments have been approved by the FDA, but based on experience \
and collections of series from different hospitals throughout the world, we have a pretty \
good idea that these medications do make a difference.
"""


@pytest.fixture(name="transcript")
def _transcript(tmp_path: Path) -> Transcript:
    loaded, found = load_text(tmp_path, "transcript.md", SOURCE)
    assert loaded is not None
    assert found == []
    return with_duration(loaded, 75_000)


def test_webvtt_py_sees_every_cue_with_its_voice_and_time(transcript: Transcript) -> None:
    """webvtt-py parses our file into the same cues, voices, times and (unescaped) text."""
    ours = captions(transcript, VTT_LINE)
    theirs = webvtt.from_string(render(transcript)["vtt"]).captions
    assert [(c.voice, c.start, c.end, html.unescape(c.text).split("\n")) for c in theirs] == [
        (c.speaker, format_vtt(c.start_ms), format_vtt(c.end_ms), list(c.lines)) for c in ours
    ]
    assert {c.voice for c in theirs} == {"Jane Roe", "Dean Wingerchuk"}


def test_webvtt_py_cues_respect_caption_limits(transcript: Transcript) -> None:
    """As webvtt-py reads them: at most 2 lines of 42 characters, at most 7 s per cue."""
    theirs = webvtt.from_string(render(transcript)["vtt"]).captions
    lines = [html.unescape(c.text).split("\n") for c in theirs]
    assert len(theirs) > 10
    assert all(1 <= len(cue_lines) <= 2 for cue_lines in lines)
    assert all(len(line) <= 42 for cue_lines in lines for line in cue_lines)
    assert all(
        c.end_time.in_milliseconds() - c.start_time.in_milliseconds() <= 7000 for c in theirs
    )


def test_srt_library_reads_the_same_cards(transcript: Transcript) -> None:
    """``srt.parse`` finds as many cards as we wrote, with the same times and lines."""
    ours = captions(transcript, SRT_LINE, name_prefix=True)
    theirs = list(srt.parse(render(transcript)["srt"]))
    assert [(s.index, s.start, s.end, s.content.split("\n")) for s in theirs] == [
        (
            index,
            timedelta(milliseconds=c.start_ms),
            timedelta(milliseconds=c.end_ms),
            list(c.lines),
        )
        for index, c in enumerate(ours, start=1)
    ]


def test_srt_cards_respect_caption_limits(transcript: Transcript) -> None:
    """As ``srt`` reads them: at most 2 lines of 32 characters, at most 7 s per card."""
    theirs = list(srt.parse(render(transcript)["srt"]))
    assert len(theirs) > 10
    assert all(1 <= len(s.content.split("\n")) <= 2 for s in theirs)
    assert all(len(line) <= 32 for s in theirs for line in s.content.split("\n"))
    assert all(s.end - s.start <= timedelta(seconds=7) for s in theirs)


def test_srt_names_each_new_speaker_once(transcript: Transcript) -> None:
    """Only the first card of each speaker starts with 'Name: '."""
    theirs = list(srt.parse(render(transcript)["srt"]))
    named = [s.index for s in theirs if s.content.startswith(("Jane Roe: ", "Dean Wingerchuk: "))]
    first_dean = next(s.index for s in theirs if s.content.startswith("Dean Wingerchuk: "))
    assert named == [1, first_dean]
