"""What a build is asked to do (``Options``) and what it found and did (``Result``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import Diagnostics
from .progress import Progress

if TYPE_CHECKING:
    from ..model import Project

GENERATOR = f"nmo-feed {__version__}"
"""The feed's ``<generator>`` and the pages' generator line."""

MIN_PARALLEL = 24
"""Fewer episodes than this are read or rendered in the parent process: forking worker
processes would cost more than it saves."""


@dataclass(frozen=True, slots=True)
class Options:
    """How to build: everything a build varies by, passed down instead of module settings."""

    strict: bool = False
    """Warnings fail the build too (``--strict``)."""
    cache: Path | None = None
    """The site's build cache folder (``cache.site_dir``); None builds everything, keeps
    nothing and takes no cache lock (the output folder's lock is taken all the same)."""
    jobs: int = 1
    """Worker processes for reading and rendering episodes."""
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    generator: str = GENERATOR
    min_parallel: int = MIN_PARALLEL
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The time of the build: an episode dated after it is scheduled, not published. This
    decides which episodes are published, never what any file says."""
    future: bool = False
    """Publish episodes dated after ``now`` too (``--future``)."""


@dataclass
class Result:
    """What a check or build found and did."""

    diagnostics: Diagnostics
    project: Project | None = None
    """The show and its published episodes and drafts, in their light form (no notes,
    transcripts or chapters); None when the build stopped early or changed nothing."""
    episode_count: int = 0
    """Every episode folder found, drafts included (for the summary line)."""
    completed: bool = False
    """False when the show could not be read far enough to render it."""
    published: int = 0
    drafts: int = 0
    rendered: int = 0
    """Episodes rendered by this build; the others were unchanged since the last one."""
    file_count: int = 0
    total_bytes: int = 0
    feed_bytes: int = 0
    files: dict[PurePosixPath, bytes] = field(default_factory=dict)
    """Every output file's bytes: filled by ``check`` only."""
    linked: frozenset[str] = frozenset()
    """Guids of episodes whose feed item links the transcript instead of including it."""
    scheduled: tuple[tuple[str, datetime], ...] = ()
    """Episodes dated after the build and so not published yet: folder and date."""
    unchanged: bool = False
    """True when the build found nothing changed since the last one and wrote nothing."""

    def failed(self, strict: bool = False) -> bool:
        return not self.completed or self.diagnostics.failed(strict=strict)
