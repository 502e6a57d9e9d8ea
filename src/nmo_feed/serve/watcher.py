"""Rebuild the preview when a file of the show or a default template changes. The only
module that imports watchfiles (file-system notifications, with polling where there are
none), which also waits for a burst of saves to settle before reporting them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import watchfiles


class Watcher:
    """A thread that calls ``changed`` after each settled burst of changes under ``paths``."""

    def __init__(self, paths: Sequence[Path], changed: Callable[[], None]) -> None:
        self.paths = [p for p in paths if p.is_dir()]
        self.changed = changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="nmo-feed watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float) -> None:
        """Stop watching; wait up to ``timeout`` seconds for a rebuild under way to end."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        # The default filter leaves out .git, editors' swap and backup files and the like.
        for _changes in watchfiles.watch(
            *self.paths,
            stop_event=self._stop,
            debounce=400,
            raise_interrupt=False,
            watch_filter=watchfiles.DefaultFilter(),
        ):
            if self._stop.is_set():
                return
            self.changed()
