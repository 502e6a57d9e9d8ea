"""Read the built transcript files back with third-party parsers: WebVTT, SRT and PI JSON.

Every published caption file of the built sites (the NMO show, the ``full`` and ``video``
fixture shows) is read by webvtt-py and by the strict npm ``webvtt-parser`` (through
``tests/js/check-vtt.mjs``, one Node process per site), SRT by the PyPI ``srt`` package, and
the Podcast Index JSON transcripts are checked for the 1.0 shape. The JSON file, which keeps
every speaker name as written, is the reference the other formats are compared with, cue by
cue.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import srt
import webvtt
from support import run_node

# Every timed transcript each site publishes, by file stem (.vtt, .srt and .json share it).
CAPTION_STEMS = {
    "nmo": ["episodes/how-do-clinicians-treat-nmo/transcript"],
    "full": [
        "episodes/first-questions/transcript",
        "episodes/talking-about-sight/transcript",
        "episodes/talking-about-sight/transcript.es",
    ],
    "video": ["episodes/part-one/transcript", "episodes/part-two/transcript"],
    "es": [
        "episodes/que-es-la-nmo/transcript",
        "episodes/vivir-con-nmo/transcript",
        "episodes/vivir-con-nmo/transcript.en",
    ],
}
CAPTIONS = [(site, stem) for site, stems in CAPTION_STEMS.items() for stem in stems]

# The speakers of each file, as the source transcripts name them. In the full show's VTT the
# guest's voice tag is the hostile `<v Sam <b>Bold</b>>`, which WebVTT parsers read as the voice
# "Sam <b" (a voice annotation ends at the first ">"); nmo-feed writes it back as `<v Sam &lt;b>`,
# which webvtt-py returns undecoded.
SPEAKERS = {
    "episodes/how-do-clinicians-treat-nmo/transcript": {"Dean Wingerchuk"},
    "episodes/first-questions/transcript": {"Ann Example"},
    "episodes/talking-about-sight/transcript": {"Ann Example", "Sam <b"},
    "episodes/talking-about-sight/transcript.es": {"Ann Example", "Sam"},
    "episodes/part-one/transcript": {"Ann Host", "Cy Guest"},
    "episodes/part-two/transcript": {"Ann Host", "Narrator"},
    "episodes/que-es-la-nmo/transcript": {"Ana Pérez", "Lucía Gómez"},
    "episodes/vivir-con-nmo/transcript": {"Carlos Díaz"},
    "episodes/vivir-con-nmo/transcript.en": {"Carlos Díaz"},
}

VTT_VOICE_TAG = re.compile(r"^<v(?:\.[^ \t>]+)*[ \t]+[^>]+>")
SRT_LINE = 32  # Podcast Index SRT guidance: at most 32 characters per line, 2 lines per card
MAX_LINES = 2


@pytest.fixture
def out(request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Return the built out/ folder of a site by name ('nmo', 'full' or 'video')."""
    return lambda site: request.getfixturevalue(f"{site}_site")


@pytest.fixture(scope="module")
def strict_vtt() -> Callable[[Path], dict[Path, Any]]:
    """Return the strict webvtt-parser report of a site's VTT files, one Node process per site."""
    reports: dict[Path, dict[Path, Any]] = {}

    def report(site_out: Path) -> dict[Path, Any]:
        if site_out not in reports:
            files = sorted(site_out.glob("episodes/*/transcript*.vtt"))
            raw = run_node("check-vtt.mjs", *files, packages=("webvtt-parser",))
            reports[site_out] = {Path(path): value for path, value in raw.items()}
        return reports[site_out]

    return report


def seconds(timestamp: Any) -> float:
    """Return a webvtt-py timestamp in seconds, to the millisecond."""
    return (
        timestamp.hours * 3600
        + timestamp.minutes * 60
        + timestamp.seconds
        + timestamp.milliseconds / 1000
    )


def vtt_cues(path: Path) -> list[Any]:
    """Return webvtt-py's captions of a VTT file."""
    return list(webvtt.read(str(path)).captions)


def json_segments(path: Path) -> list[dict[str, Any]]:
    """Return the segments of a Podcast Index JSON transcript."""
    return json.loads(path.read_text(encoding="utf-8"))["segments"]


def srt_cards(path: Path) -> list[srt.Subtitle]:
    """Return the cards of an SRT file as the ``srt`` package reads them."""
    return list(srt.parse(path.read_text(encoding="utf-8")))


# --- inventory ----------------------------------------------------------------------------


@pytest.mark.parametrize("site", sorted(CAPTION_STEMS))
def test_sites_publish_exactly_these_timed_transcripts(
    site: str, out: Callable[[str], Path]
) -> None:
    """Each site publishes VTT, SRT and JSON for exactly the timed transcripts listed here."""
    root = out(site)
    published = sorted(
        str(p.relative_to(root))
        for p in root.glob("episodes/*/transcript*")
        if p.suffix in {".vtt", ".srt", ".json"}
    )
    assert published == sorted(
        f"{stem}{ext}" for stem in CAPTION_STEMS[site] for ext in (".vtt", ".srt", ".json")
    )


# --- WebVTT -------------------------------------------------------------------------------


@pytest.mark.external
@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_has_no_strict_parser_errors(
    site: str, stem: str, out: Callable[[str], Path], strict_vtt: Any
) -> None:
    """The strict npm webvtt-parser reports no error in the VTT file."""
    path = out(site) / f"{stem}.vtt"
    assert strict_vtt(out(site))[path]["errors"] == []


@pytest.mark.external
@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_parsers_agree_on_cues(
    site: str, stem: str, out: Callable[[str], Path], strict_vtt: Any
) -> None:
    """webvtt-parser and webvtt-py read the same cues: count, times, voice and text."""
    path = out(site) / f"{stem}.vtt"
    strict = [
        (c["start"], c["end"], c["voice"], c["text"]) for c in strict_vtt(out(site))[path]["cues"]
    ]
    # webvtt-py leaves character references encoded in cue text (feed-standards.md 3.1).
    py = [
        (seconds(c.start_time), seconds(c.end_time), c.voice, html.unescape(c.text))
        for c in vtt_cues(path)
    ]
    assert strict == py


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_voices_are_the_speakers(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """webvtt-py finds a voice on every cue, and the voices are the transcript's speakers."""
    voices = {html.unescape(cue.voice) for cue in vtt_cues(out(site) / f"{stem}.vtt")}
    assert voices == SPEAKERS[stem]


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_cues_have_at_most_two_lines(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """Every VTT cue has one or two lines of text."""
    assert [
        len(c.lines)
        for c in vtt_cues(out(site) / f"{stem}.vtt")
        if not 1 <= len(c.lines) <= MAX_LINES
    ] == []


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_cue_text_has_no_raw_tags_but_voice(
    site: str, stem: str, out: Callable[[str], Path]
) -> None:
    """The only '<' in VTT cue text opens the leading <v Speaker> tag; text is escaped."""
    payloads = ["\n".join(c.lines) for c in vtt_cues(out(site) / f"{stem}.vtt")]
    assert [p for p in payloads if "<" in VTT_VOICE_TAG.sub("", p)] == []


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_cue_times_increase(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """VTT cues start strictly after one another and each ends after it starts."""
    times = [
        (seconds(c.start_time), seconds(c.end_time)) for c in vtt_cues(out(site) / f"{stem}.vtt")
    ]
    starts = [start for start, _ in times]
    assert (starts == sorted(set(starts)), [t for t in times if t[1] <= t[0]]) == (True, [])


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_vtt_cues_match_json_segments(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """VTT cues and JSON segments of one transcript have the same times and text, cue by cue."""
    root = out(site)
    vtt = [
        (seconds(c.start_time), seconds(c.end_time), " ".join(html.unescape(c.text).split()))
        for c in vtt_cues(root / f"{stem}.vtt")
    ]
    segments = [
        (s["startTime"], s["endTime"], s["body"]) for s in json_segments(root / f"{stem}.json")
    ]
    assert vtt == segments


# --- SRT ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_srt_parses_with_numbered_cards(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """The srt package parses the SRT file; cards are numbered 1, 2, 3 ... in time order."""
    cards = srt_cards(out(site) / f"{stem}.srt")
    assert [c.index for c in cards] == list(range(1, len(cards) + 1))
    assert [c.start for c in cards] == sorted(c.start for c in cards)


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_srt_cards_fit_two_lines_of_32(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """Every SRT card has at most 2 lines of at most 32 characters (Podcast Index guidance)."""
    cards = srt_cards(out(site) / f"{stem}.srt")
    too_big = [
        c.content
        for c in cards
        if len(c.content.splitlines()) > MAX_LINES
        or max(map(len, c.content.splitlines())) > SRT_LINE
    ]
    assert too_big == []


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_srt_says_what_json_says(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """SRT has the JSON transcript's words, 'Name: ' at each new speaker, over the same span.

    SRT cards are cut to 32-character lines and VTT cues to 42, so their counts differ; the
    text and the time span they cover must not.
    """
    root = out(site)
    cards = srt_cards(root / f"{stem}.srt")
    segments = json_segments(root / f"{stem}.json")
    words: list[str] = []
    speaker = None
    for segment in segments:
        if segment.get("speaker") not in (None, speaker):
            words += f"{segment['speaker']}:".split()
        speaker = segment.get("speaker")
        words += segment["body"].split()
    span = (cards[0].start.total_seconds(), cards[-1].end.total_seconds())
    assert (" ".join(c.content for c in cards).split(), span) == (
        words,
        (segments[0]["startTime"], segments[-1]["endTime"]),
    )


# --- Podcast Index JSON -------------------------------------------------------------------


def _is_number(value: object) -> bool:
    """True for an int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_json_has_podcast_index_shape(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """The JSON is PI 1.0: version '1.0.0'; segments with numeric times, str body and speaker."""
    document = json.loads((out(site) / f"{stem}.json").read_text(encoding="utf-8"))
    assert (sorted(document), document["version"]) == (["segments", "version"], "1.0.0")
    bad = [
        s
        for s in document["segments"]
        if not isinstance(s, dict)
        or not {"startTime", "endTime", "body"}
        <= s.keys()
        <= {"startTime", "endTime", "body", "speaker"}
        or not (
            _is_number(s["startTime"]) and _is_number(s["endTime"]) and isinstance(s["body"], str)
        )
        or not isinstance(s.get("speaker", ""), str)
    ]
    assert (len(document["segments"]) > 0, bad) == (True, [])


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_json_segment_times_ascend(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """JSON segments start in ascending order and each ends after it starts."""
    times = [(s["startTime"], s["endTime"]) for s in json_segments(out(site) / f"{stem}.json")]
    starts = [start for start, _ in times]
    assert (starts == sorted(starts), [t for t in times if t[1] <= t[0]]) == (True, [])


@pytest.mark.parametrize(("site", "stem"), CAPTIONS)
def test_json_speakers_are_the_speakers(site: str, stem: str, out: Callable[[str], Path]) -> None:
    """Every JSON segment names its speaker, one of the transcript's speakers."""
    assert {s.get("speaker") for s in json_segments(out(site) / f"{stem}.json")} == SPEAKERS[stem]
