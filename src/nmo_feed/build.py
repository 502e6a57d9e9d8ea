"""The pipeline: discover → load → validate → enrich → render → verify → write.

``build`` reads the show's configuration, then each episode in two passes (``episodes.py``):
its light form for everything that lists episodes, then the whole episode, rendered into a
staging folder by worker processes. The show page, glossary page and feed are assembled in
this process from the light episodes and the stored ``<item>`` bytes. Nothing reaches
``out/`` unless every check passed (``output.py``).

A rebuild uses the cache of the last build (``cache.py``): with nothing changed it only looks
at the files and returns; otherwise it renders only the episodes whose inputs changed and
writes only files whose bytes changed. Its output is byte for byte a full build's (tested).

``check`` runs the same build into a temporary folder, then verifies the whole site as apps
will read it, reading every transcript and chapters file back; it writes nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from . import __version__, cache, output
from .errors import Diagnostics, NmoFeedError
from .progress import QUIET, Progress
from .workers import default_jobs

if TYPE_CHECKING:
    from .model import Project

GENERATOR = f"nmo-feed {__version__}"

_DEFAULT_CACHE = Path("<default>")
"""Stands for ``cache.default_root()``, which is read when ``build`` runs, not on import."""


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
    unchanged: bool = False
    """True when the build found nothing changed since the last one and wrote nothing."""

    def failed(self, strict: bool = False) -> bool:
        return not self.completed or self.diagnostics.failed(strict=strict)


def load_project(root: Path) -> Result:
    """Read and validate the whole show, every episode in full, in this process; ``project``
    is None when there is an error. For tools and tests that want the model itself."""
    _require_folder(root)
    from . import site  # noqa: PLC0415 (see _run)

    return site.load_project(root)


def check(root: Path, strict: bool = False, *, read_back: bool = True) -> Result:
    """Build into a temporary folder and verify the whole site, reading every linked
    transcript and chapters file back unless ``read_back`` is off; nothing is kept."""
    with tempfile.TemporaryDirectory(prefix="nmo-feed-check-") as temporary:
        out = Path(temporary) / "out"
        result = _run(root, out, strict, None, default_jobs(), QUIET)
        if result.failed(strict) or result.project is None:
            return result
        result.files = _read_tree(out)
    from . import verify  # noqa: PLC0415 (see _run)

    verify.check_output(result.project, result.files, result.diagnostics, read_back=read_back)
    return result


def build(
    root: Path,
    out: Path,
    strict: bool = False,
    *,
    cache_root: Path | None = _DEFAULT_CACHE,
    jobs: int | None = None,
    progress: Progress = QUIET,
) -> Result:
    """Check, then bring ``out`` up to date with the show; ``out`` is untouched on failure.

    ``cache_root`` is where build caches are kept (None: no cache, every build is a full
    one); ``jobs`` the number of worker processes (default: one per CPU)."""
    if cache_root == _DEFAULT_CACHE:
        cache_root = cache.default_root()
    folder = cache.site_dir(cache_root, root, out) if cache_root is not None else None
    return _run(root, out, strict, folder, jobs or default_jobs(), progress)


# --- The build ------------------------------------------------------------------------------


def _run(
    root: Path, out: Path, strict: bool, folder: Path | None, jobs: int, progress: Progress
) -> Result:
    _require_folder(root)
    output.check_target(out.absolute(), root.absolute())
    if folder is None:
        return _build(root, out, strict, None, jobs, progress)
    folder.mkdir(parents=True, exist_ok=True)
    with cache.locked(folder):  # a second build of the same site waits for the first
        return _build(root, out, strict, folder, jobs, progress)


def _build(
    root: Path, out: Path, strict: bool, folder: Path | None, jobs: int, progress: Progress
) -> Result:
    now = cache.scan(root)
    previous = cache.load(folder) if folder is not None else None
    if previous is not None and not (out / output.MARKER).is_file():
        previous = None  # out/ is gone or not ours: build it whole
    moved = previous.moved(out) if previous is not None else set()
    if previous is not None and previous.unchanged(now) and not moved:
        return _unchanged(previous)
    # Rendering needs Jinja, feedgen, lxml, PyYAML, markdown-it and mutagen: a build that
    # finds nothing changed returns above without importing any of them.
    from . import site  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="nmo-feed-items-") as scratch:
        items = folder / cache.ITEMS if folder is not None else Path(scratch)
        items.mkdir(parents=True, exist_ok=True)
        try:
            return site.Build(root, out, strict, folder, items, now, previous, moved, progress).run(
                jobs
            )
        except site.Stale:
            # Something the manifest names is missing from the cache: build it whole.
            assert folder is not None
            cache.clear(folder)
            items.mkdir(parents=True, exist_ok=True)
            return site.Build(root, out, strict, folder, items, now, None, set(), progress).run(
                jobs
            )
        finally:
            progress.finish()  # an error is then printed on a line of its own


def _unchanged(manifest: cache.Manifest) -> Result:
    """The result of a build that found nothing to do."""
    diagnostics = Diagnostics()
    for diagnostic in manifest.all_diagnostics:
        diagnostics.add(diagnostic)
    return Result(
        diagnostics,
        episode_count=manifest.episode_count,
        completed=True,
        published=manifest.published,
        drafts=manifest.drafts,
        file_count=len(manifest.outputs),
        total_bytes=sum(size for size, _ in manifest.outputs.values()),
        feed_bytes=manifest.feed_bytes,
        linked=manifest.linked,
        unchanged=True,
    )


def _read_tree(out: Path) -> dict[PurePosixPath, bytes]:
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != output.MARKER:
            files[PurePosixPath(path.relative_to(out).as_posix())] = path.read_bytes()
    return files


def _require_folder(root: Path) -> None:
    if not root.is_dir():
        raise NmoFeedError(
            f"the show folder {root} does not exist; give the show folder with --source FOLDER,"
            f" or make a new show there with: nmo-feed new {root}"
        )
