"""Transcripts: every input format loads into one model, and the model renders every output.

``load`` reads ``.md``/``.txt`` (speaker labels, ``[mm:ss]`` times), WebVTT, SRT and Podcast
Index JSON into a ``Transcript`` of turns, paragraphs and cues, reporting every problem with
its line and column. ``with_duration`` closes the last cue of a timed ``.md``. ``render``
writes the plain text, and for timed transcripts WebVTT, SRT and JSON captions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import Diagnostics, SourceLocation
from ..model import Episode, Transcript, Turn
from ..rules import TRANSCRIPT_INPUTS
from . import captions, srt, text, vtt
from . import paragraphs as markdown
from . import podcast_json as pijson
from .grouping import Block, control_characters, group
from .grouping import with_duration as _with_duration

__all__ = ["SUFFIXES", "load", "load_bytes", "render", "with_duration"]

SUFFIXES: tuple[str, ...] = tuple(f".{extension}" for extension in TRANSCRIPT_INPUTS)

_Parser = Callable[[str, SourceLocation, Diagnostics], list[Block]]
_PARSERS: dict[str, _Parser] = {
    ".md": markdown.parse,
    ".txt": markdown.parse,
    ".vtt": vtt.parse,
    ".srt": srt.parse,
    ".json": pijson.parse,
}
_BOM = b"\xef\xbb\xbf"


def load(
    path: Path, location: SourceLocation, language: str, diagnostics: Diagnostics
) -> Transcript | None:
    """Read one transcript file into the model; None after recording its errors.

    ``path`` is the real file and ``location`` its place in the show (line None), used for
    every diagnostic. As many problems as one pass finds are recorded, each with its line and
    column: undecodable UTF-8 (``transcript-encoding``), control characters other than tab
    and newline (``transcript-control-char``), an empty file (``transcript-empty``) and each
    format's own errors. A UTF-8 BOM and CRLF or CR line ends are accepted.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        diagnostics.error("transcript-read", f"cannot read the file: {error.strerror}", location)
        return None
    return load_bytes(data, path.suffix, location, language, diagnostics)


def load_bytes(
    data: bytes, suffix: str, location: SourceLocation, language: str, diagnostics: Diagnostics
) -> Transcript | None:
    """Read transcript file content of the format ``suffix`` (``.vtt`` ...) into the model.

    The same as ``load`` for content already in memory, such as a rendered output file that
    ``nmo-feed check`` reads back."""
    parser = _PARSERS.get(suffix.lower())
    if parser is None:
        raise ValueError(f"not a transcript file suffix: {suffix} (expected one of {SUFFIXES})")
    diagnostics = diagnostics.child()  # this file's own problems decide what it returns
    content = _decode(data, location, diagnostics)
    if not content.strip():
        diagnostics.error("transcript-empty", "the transcript file is empty", location)
        return None
    _check_control_characters(content, location, diagnostics)
    blocks = parser(content, location, diagnostics)
    if not diagnostics.ok:
        return None
    if not blocks:
        diagnostics.error("transcript-empty", "the transcript has no text", location)
        return None
    return Transcript(language, group(blocks), location)


def with_duration(transcript: Transcript, duration_ms: int | None) -> Transcript:
    """Return the transcript with the end time of its last cue filled in when it is None.

    A timed ``.md`` gives each paragraph a start only; each ends where the next starts, and
    the last ends at the media duration when known (and later than its start), otherwise
    after an estimate of about 150 words a minute. Untimed or complete transcripts are
    returned unchanged.
    """
    return _with_duration(transcript, duration_ms)


def of_episode(episode: Episode) -> tuple[Transcript, ...]:
    """The episode's own transcript (when it has one), then its translations."""
    own = (episode.transcript,) if episode.transcript is not None else ()
    return (*own, *episode.translations)


def paragraph_times(turn: Turn) -> list[int | None]:
    """For each paragraph of ``turn``, its start when it is shown with a time, else None.

    A paragraph is shown with a time when it starts in a second no earlier paragraph of the
    turn started in, so a long monologue can be played from any paragraph while paragraphs
    that share a second get one time. The page's time links and the feed's times both follow
    this rule."""
    seen: set[int] = set()
    times: list[int | None] = []
    for paragraph in turn.paragraphs:
        start = paragraph.start_ms
        if start is None or start // 1000 in seen:
            times.append(None)
        else:
            seen.add(start // 1000)
            times.append(start)
    return times


def render(transcript: Transcript) -> dict[str, str]:
    """Return the output files as text, keyed by extension (``txt``; ``vtt``, ``srt``, ``json``).

    ``txt`` is always there; the caption formats only when the transcript is timed.
    Raises ``ValueError`` when a timed transcript has a cue without an end time: call
    ``with_duration`` first.
    """
    files = {"txt": text.render(transcript)}
    if transcript.timed:
        open_cues = [cue for cue in transcript.cues if cue.end_ms is None]
        if open_cues:
            raise ValueError(
                f"cue at {open_cues[0].source} has no end time; call with_duration() first"
            )
        # WebVTT and JSON share one line length, so one cut serves both.
        cut = captions.captions(transcript, captions.VTT_LINE)
        files["vtt"] = vtt.render(cut)
        files["srt"] = srt.render(
            captions.captions(transcript, captions.SRT_LINE, name_prefix=True)
        )
        files["json"] = pijson.render(cut)
    return files


def _decode(data: bytes, location: SourceLocation, diagnostics: Diagnostics) -> str:
    """The file's text with line ends made LF (replacement characters where not UTF-8)."""
    data = data.removeprefix(_BOM)
    # CR never occurs inside a multi-byte UTF-8 sequence, so line ends can be fixed as bytes.
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        _report_encoding(data, location, diagnostics)
    # Go on with replacement characters so the rest of the file is still checked.
    return data.decode("utf-8", errors="replace")


def _report_encoding(data: bytes, location: SourceLocation, diagnostics: Diagnostics) -> None:
    """Report the first undecodable byte of each line that has one."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(line[: error.start].decode("utf-8", errors="replace")) + 1
            diagnostics.error(
                "transcript-encoding",
                f"byte 0x{line[error.start]:02x} is not valid UTF-8",
                location.at(number, column),
                hint="save the file as UTF-8",
            )


def _check_control_characters(
    content: str, location: SourceLocation, diagnostics: Diagnostics
) -> None:
    """Report the first control character (other than tab and newline) of each line."""
    for number, line in enumerate(content.split("\n"), start=1):
        offsets = control_characters(line)
        if offsets:
            diagnostics.error(
                "transcript-control-char",
                f"control character U+{ord(line[offsets[0]]):04X} in the text",
                location.at(number, offsets[0] + 1),
                hint="remove it; only tab and newline are allowed",
            )
