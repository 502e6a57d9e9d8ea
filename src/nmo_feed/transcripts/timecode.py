"""Parse and format the time stamps of every transcript format, as integer milliseconds.

Each format has a ``parse_*`` function that raises ``ValueError`` (with a message fit for a
diagnostic) on a malformed stamp, and a ``format_*`` function that writes the canonical form:

=============  =================================  ==========================================
format         canonical                          also accepted by ``parse_*``
=============  =================================  ==========================================
WebVTT         ``00:01:02.003``                   ``01:02.003`` (hours omitted)
SRT            ``00:01:02,003``                   nothing else
``.md``        ``[01:02]``, ``[01:02:03]``        ``[1:02]``, ``[1:02:03]``
page label     ``0:48``, ``12:05``, ``1:02:03``   ``00:48``
ISO 8601       ``PT48S``, ``PT1H2M3.5S``, ``PT0S``  nothing else
=============  =================================  ==========================================

The ``.md`` bracket and the page label have whole seconds: their formatters drop the
milliseconds (round down), so a label never claims a moment before the words start.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MS_PER_SECOND = 1000
_MS_PER_MINUTE = 60 * _MS_PER_SECOND
_MS_PER_HOUR = 60 * _MS_PER_MINUTE

# ASCII digits only: \d alone would also take other scripts' digits. Hours take two or more
# digits and may be left out in WebVTT; minutes and seconds take exactly two digits;
# milliseconds exactly three (the WebVTT spec's own grammar).
_VTT = re.compile(r"(?:(?P<h>\d{2,}):)?(?P<m>\d{2}):(?P<s>\d{2})\.(?P<ms>\d{3})", re.ASCII)
_SRT = re.compile(r"(?P<h>\d{2,}):(?P<m>\d{2}):(?P<s>\d{2}),(?P<ms>\d{3})", re.ASCII)
# Writers of .md type "[1:05]" as often as "[01:05]", so one-digit minutes and hours are fine.
_BRACKET = re.compile(r"\[(?:(?P<h>\d+):(?P<m2>\d{2})|(?P<m1>\d{1,2})):(?P<s>\d{2})\]", re.ASCII)
_LABEL = re.compile(r"(?:(?P<h>\d+):(?P<m2>\d{2})|(?P<m1>\d{1,2})):(?P<s>\d{2})", re.ASCII)
_ISO = re.compile(
    r"PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)(?:\.(?P<f>\d{1,3}))?S)?", re.ASCII
)


def parse_vtt(text: str) -> int:
    """Return the milliseconds of a WebVTT timestamp (``hh:mm:ss.mmm`` or ``mm:ss.mmm``)."""
    match = _VTT.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text}' is not a WebVTT timestamp (hh:mm:ss.mmm or mm:ss.mmm)")
    return _compose(match["h"], match["m"], match["s"], match["ms"])


def format_vtt(ms: int) -> str:
    """Return the canonical WebVTT timestamp ``hh:mm:ss.mmm`` of a time."""
    return f"{_clock(_seconds(ms))}.{ms % _MS_PER_SECOND:03d}"


def parse_srt(text: str) -> int:
    """Return the milliseconds of an SRT timestamp (``hh:mm:ss,mmm``)."""
    match = _SRT.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text}' is not an SRT timestamp (hh:mm:ss,mmm)")
    return _compose(match["h"], match["m"], match["s"], match["ms"])


def format_srt(ms: int) -> str:
    """Return the SRT timestamp ``hh:mm:ss,mmm`` of a time."""
    return f"{_clock(_seconds(ms))},{ms % _MS_PER_SECOND:03d}"


def parse_bracket(text: str) -> int:
    """Return the milliseconds of a ``.md`` paragraph time: ``[mm:ss]`` or ``[hh:mm:ss]``."""
    match = _BRACKET.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text}' is not a time: write [mm:ss] or [hh:mm:ss]")
    return _compose(match["h"], match["m2"] or match["m1"], match["s"], "0")


def format_bracket(ms: int) -> str:
    """Return the ``.md`` paragraph time of a time: ``[mm:ss]``, or ``[hh:mm:ss]`` from an hour."""
    h, m, s, _ = _split(ms)
    return f"[{h:02d}:{m:02d}:{s:02d}]" if h else f"[{m:02d}:{s:02d}]"


def parse_label(text: str) -> int:
    """Return the milliseconds of a page label such as ``0:48``, ``12:05`` or ``1:02:03``."""
    match = _LABEL.fullmatch(text)
    if match is None:
        raise ValueError(f"'{text}' is not a time label (m:ss or h:mm:ss)")
    return _compose(match["h"], match["m2"] or match["m1"], match["s"], "0")


def format_label(ms: int) -> str:
    """Return the short label readers see on a page: ``0:48``, ``12:05``, ``1:02:03``."""
    return _label(_seconds(ms))


def parse_iso_duration(text: str) -> int:
    """Return the milliseconds of an ISO 8601 duration such as ``PT1H2M3.5S``."""
    match = _ISO.fullmatch(text)
    if match is None or text == "PT":
        raise ValueError(f"'{text}' is not an ISO 8601 duration such as PT1H2M3S")
    frac = (match["f"] or "0").ljust(3, "0")
    hours, minutes, seconds = (int(match[k] or 0) for k in ("h", "m", "s"))
    return hours * _MS_PER_HOUR + minutes * _MS_PER_MINUTE + seconds * _MS_PER_SECOND + int(frac)


def format_iso_duration(ms: int) -> str:
    """Return the ISO 8601 duration of a time for ``<time datetime>``: ``PT48S``, ``PT1H2M3S``.

    Milliseconds are kept as a fraction of a second without trailing zeros (``PT1.5S``), as
    the HTML "valid duration string" allows up to three fractional digits.
    """
    h, m, s, frac = _split(ms)
    text = "PT"
    if h:
        text += f"{h}H"
    if m:
        text += f"{m}M"
    if s or frac or text == "PT":
        fraction = f".{frac:03d}".rstrip("0") if frac else ""
        text += f"{s}{fraction}S"
    return text


# Caption and page times are written by the hundred thousand in a build, and the episodes
# of a show span the same few hours: the whole-second part of a stamp is written once per
# second and looked up after that, which halved the time of writing stamps.
_SECONDS_KEPT = 8192
"""Whole seconds whose text is kept: over two hours of stamps."""


def _seconds(ms: int) -> int:
    if ms < 0:
        raise ValueError(f"a time cannot be negative ({ms} ms)")
    return ms // _MS_PER_SECOND


@lru_cache(maxsize=_SECONDS_KEPT)
def _clock(seconds: int) -> str:
    """``hh:mm:ss`` of whole seconds (WebVTT's and SRT's, before the milliseconds)."""
    h, m, s, _ = _split(seconds * _MS_PER_SECOND)
    return f"{h:02d}:{m:02d}:{s:02d}"


@lru_cache(maxsize=_SECONDS_KEPT)
def _label(seconds: int) -> str:
    """``m:ss`` or ``h:mm:ss`` of whole seconds (``format_label``)."""
    h, m, s, _ = _split(seconds * _MS_PER_SECOND)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _split(ms: int) -> tuple[int, int, int, int]:
    """Hours, minutes, seconds and milliseconds of a non-negative time."""
    if ms < 0:
        raise ValueError(f"a time cannot be negative ({ms} ms)")
    hours, rest = divmod(ms, _MS_PER_HOUR)
    minutes, rest = divmod(rest, _MS_PER_MINUTE)
    seconds, frac = divmod(rest, _MS_PER_SECOND)
    return hours, minutes, seconds, frac


def _compose(hours: str | None, minutes: str, seconds: str, millis: str) -> int:
    """Milliseconds from the parts of a stamp, rejecting minutes or seconds past 59."""
    if int(minutes) > 59:
        raise ValueError(f"minutes must be 00-59, not {minutes}")
    if int(seconds) > 59:
        raise ValueError(f"seconds must be 00-59, not {seconds}")
    return (
        int(hours or 0) * _MS_PER_HOUR
        + int(minutes) * _MS_PER_MINUTE
        + int(seconds) * _MS_PER_SECOND
        + int(millis)
    )
