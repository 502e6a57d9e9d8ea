"""The preview's builds: the same incremental ``build`` as ``nmo-feed build``, into a folder
of the preview's own, and what the server needs to know of the last one.

While a build runs it holds ``lock``; the server takes the same lock to open a file, so a
page is never read half-replaced, and each page is served with the number of the build it
came from (``generation``), by which open pages know when to reload.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from .. import build as pipeline
from .. import layout
from ..build import cache
from ..errors import NmoFeedError, format_diagnostic, format_report
from .drafts import Mirror


@dataclass(frozen=True, slots=True)
class Problems:
    """Why the last build failed, as the terminal prints it."""

    items: tuple[str, ...]
    """Each diagnostic: ``path:line:col: severity[code]: message``, source line, help."""
    summary: str
    errors: int


def preview_folder(source: Path, drafts: bool) -> Path:
    """The preview's own folder in the build cache: one per show (and per ``--drafts``), so
    a restarted preview is incremental too. Never ``out/``."""
    name = f"{source.resolve()}\0{'drafts' if drafts else 'published'}"
    digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return cache.default_root() / "preview" / digest


class Preview:
    def __init__(
        self, source: Path, display: str, *, drafts: bool, today: Callable[[], date]
    ) -> None:
        self.source = source
        self.display = display
        """The show folder as the user named it, for diagnostics."""
        folder = preview_folder(source, drafts)
        self.site = folder / "site"
        """The folder served: only ever written by the build."""
        self.mirror = Mirror(source, folder / "source", today()) if drafts else None
        self.today = today
        self.lock = threading.Lock()
        self.changed = threading.Condition()
        """Notified after each build, with ``generation`` one higher."""
        self.generation = 0
        self.problems: Problems | None = None
        """Set while the show does not build."""
        self.draft_pages: frozenset[PurePosixPath] = frozenset()
        self.language = "en"
        """The show's language, for the server's own pages: the last build's that read it."""
        self.stopped = False

    def rebuild(self) -> tuple[pipeline.Result | None, float]:
        """Build the preview; return the result (None when the build raised) and its time."""
        with self.lock:
            started = time.monotonic()
            result = None
            try:
                source = self.source
                draft_slugs: frozenset[str] = frozenset()
                if self.mirror is not None:
                    self.mirror.today = self.today()
                    draft_slugs = self.mirror.sync()
                    source = self.mirror.folder
                result = pipeline.build(source, self.site)
                self.language = site_language(self.site) or self.language
                if result.failed():
                    self.problems = self._problems(result)
                else:
                    self.problems = None
                    self.draft_pages = frozenset(draft_page(slug) for slug in draft_slugs)
            except NmoFeedError as exc:
                self.problems = Problems((f"nmo-feed: error: {exc}",), "", 1)
            except Exception as exc:  # a bug: shown, and the preview goes on
                details = traceback.format_exc()
                self.problems = Problems(
                    (f"nmo-feed: internal error: {exc!r}. Please report it.\n{details}",), "", 1
                )
            seconds = time.monotonic() - started
            with self.changed:
                self.generation += 1
                self.changed.notify_all()
        return result, seconds

    def _problems(self, result: pipeline.Result) -> Problems:
        sources: dict[PurePosixPath, list[str] | None] = {}
        items = tuple(
            format_diagnostic(d, self.source, self.display, sources) for d in result.diagnostics
        )
        report = format_report(result.diagnostics, self.source, self.display, result.episode_count)
        errors = len(result.diagnostics.errors)
        if not items:  # the build stopped without saying why: say that much
            items, errors = ("nmo-feed: error: the show could not be built",), 1
        return Problems(items, report.rsplit("\n", 1)[-1], errors)

    def wait(self, generation: int | None, timeout: float) -> int | None:
        """The build number once it differs from ``generation`` (or after ``timeout``
        seconds, the same); None once the preview stops."""
        with self.changed:
            if not self.stopped and generation == self.generation:
                self.changed.wait(timeout)
            return None if self.stopped else self.generation

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()


_HTML_LANG = re.compile(rb"<html\b[^>]*\blang=\"([A-Za-z0-9-]{1,35})\"")


def site_language(site: Path) -> str | None:
    """The language the built show page declares: a build with nothing changed reads no
    show.toml, and the server's own pages should speak as the site does."""
    try:
        with (site / layout.SHOW_PAGE).open("rb") as handle:
            found = _HTML_LANG.search(handle.read(512))
    except OSError:
        return None
    return found.group(1).decode() if found else None


def draft_page(slug: str) -> PurePosixPath:
    """Where a draft's page is in the preview: where ``layout`` puts an episode's page."""
    return layout.slug_folder(slug) / layout.PAGE
