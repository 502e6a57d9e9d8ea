"""A progress line for long builds: on a terminal only, silent in CI, pipes and files."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_LEAST = 24
"""Steps below which a progress line is shown only when asked for (``--progress``)."""
_REDRAW_SECONDS = 1.0
"""A screen reader speaks each redraw of a terminal line: once a second at most."""


class Progress:
    """``Rendering episodes: 1,234/4,000 (310/s)``, redrawn in place on standard error.

    Shown only when standard error is a terminal, ``CI`` is not set and ``TERM`` is not
    ``dumb`` (the terminal of many screen-reader set-ups), so logs, piped output and speech
    never fill with carriage returns; ``nmo-feed build --no-progress`` turns it off."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        # Unasked for, a line for a few episodes would only flash by (and be spoken).
        self.least = 0 if enabled else _LEAST
        if enabled is None:
            enabled = (
                self.stream.isatty()
                and not os.environ.get("CI")
                and os.environ.get("TERM") != "dumb"
            )
        self.enabled = enabled
        self._label, self._total, self._done = "", 0, 0
        self._started = self._drawn = 0.0

    def start(self, label: str, total: int) -> None:
        """Begin counting ``total`` steps of ``label``."""
        self._label, self._total, self._done = label, total, 0
        self._started = self._drawn = time.monotonic()

    def advance(self, steps: int = 1) -> None:
        self._done += steps
        if not self.enabled or self._total < self.least:
            return
        now = time.monotonic()
        if now - self._drawn >= _REDRAW_SECONDS or self._done == self._total:
            self._drawn = now
            rate = self._done / max(now - self._started, 1e-9)
            self.stream.write(
                f"\r{self._label}: {self._done:,}/{self._total:,} ({rate:,.0f}/s)\x1b[K"
            )
            self.stream.flush()

    def finish(self) -> None:
        """Clear the line, so the build's own summary is printed on a clean one."""
        if self.enabled and self._total >= max(self.least, 1):
            self.stream.write("\r\x1b[K")
            self.stream.flush()
        self._total = 0


QUIET = Progress(enabled=False)
