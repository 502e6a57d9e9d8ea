"""The build's entry points: ``build``, ``check`` and ``load_project``.

``build`` looks at the show folder and the cache of the last build (``cache``): with nothing
changed it returns at once, without importing any renderer; otherwise the passes (``passes``)
read and render only what changed, in worker processes (``tasks``, ``workers``), and commit
``out/`` (``output``). Its output is byte for byte a full build's (tested).

``check`` runs the same build into a temporary folder, then verifies the whole site as apps
will read it, reading every transcript and chapters file back; it writes nothing.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

from ..errors import Diagnostics, NmoFeedError
from . import cache, output
from .progress import Progress
from .result import GENERATOR, MIN_PARALLEL, Options, Result
from .workers import default_jobs

__all__ = ["GENERATOR", "Options", "Result", "build", "check", "load_project"]

_DEFAULT_CACHE = Path("<default>")
"""Stands for ``cache.default_root()``, which is read when ``build`` runs, not on import."""


def load_project(root: Path) -> Result:
    """Read and validate the whole show, every episode in full, in this process; ``project``
    is None when there is an error. For tools and tests that want the model itself."""
    _require_folder(root)
    # The loaders need PyYAML and more: a rebuild with nothing changed never imports them.
    from ..load import project as show_project  # noqa: PLC0415

    diagnostics = Diagnostics()
    project, count = show_project.load(root, diagnostics)
    return Result(diagnostics, project, episode_count=count, completed=project is not None)


def check(
    root: Path,
    strict: bool = False,
    *,
    read_back: bool = True,
    generator: str = GENERATOR,
    future: bool = False,
    now: datetime | None = None,
    today: date | None = None,
) -> Result:
    """Build into a temporary folder and verify the whole site, reading every linked
    transcript and chapters file back unless ``read_back`` is off; nothing is kept.
    ``future`` and ``now`` as for ``build``.

    ``today`` (default: today in UTC) is the day medical reviews are overdue after: a
    warning of ``check`` only, which never reaches the output."""
    options = Options(
        strict=strict,
        jobs=default_jobs(),
        generator=generator,
        future=future,
        now=now or datetime.now(UTC),
    )
    with tempfile.TemporaryDirectory(prefix="nmo-feed-check-") as temporary:
        out = Path(temporary) / "out"
        result = _run(root, out, options)
        if result.project is not None:
            day = today or datetime.now(UTC).date()
            from ..load import review  # noqa: PLC0415 (PyYAML and the loaders: check only)

            review.overdue(result.project.episodes, day, result.diagnostics)
            from ..render import locale  # noqa: PLC0415 (check only)

            locale.report_missing(result.project, result.diagnostics)
        if result.failed(strict) or result.project is None:
            return result
        result.files = _read_tree(out)
    # The output checker reads feeds and transcripts back: imported only when checking.
    from . import verify  # noqa: PLC0415

    verify.check_output(result.project, result.files, result.diagnostics, read_back=read_back)
    return result


def build(
    root: Path,
    out: Path,
    strict: bool = False,
    *,
    cache_root: Path | None = _DEFAULT_CACHE,
    jobs: int | None = None,
    progress: Progress | None = None,
    generator: str = GENERATOR,
    min_parallel: int = MIN_PARALLEL,
    future: bool = False,
    now: datetime | None = None,
) -> Result:
    """Check, then bring ``out`` up to date with the show; ``out`` is untouched on failure.

    ``cache_root`` is where build caches are kept (None: no cache, every build is a full
    one); ``jobs`` the number of worker processes (default: one per CPU); ``min_parallel``
    the fewest episodes worth forking workers for. An episode dated after ``now`` (default:
    the clock) is scheduled, not published, unless ``future``."""
    if cache_root == _DEFAULT_CACHE:
        cache_root = cache.default_root()
    options = Options(
        strict=strict,
        cache=cache.site_dir(cache_root, root, out) if cache_root is not None else None,
        jobs=jobs or default_jobs(),
        progress=progress if progress is not None else Progress(enabled=False),
        generator=generator,
        min_parallel=min_parallel,
        future=future,
        now=now or datetime.now(UTC),
    )
    return _run(root, out, options)


# --- The build ------------------------------------------------------------------------------


def _run(root: Path, out: Path, options: Options) -> Result:
    _require_folder(root)
    output.check_target(out.absolute(), root.absolute())
    try:
        # A second build into the same folder waits for the first, cache or not.
        with output.locked(out):
            if options.cache is None:
                return _build(root, out, options)
            options.cache.mkdir(parents=True, exist_ok=True)
            with cache.locked(options.cache):
                return _build(root, out, options)
    except OSError as exc:
        raise NmoFeedError(_cannot_write(exc, out, options.cache)) from exc


def _cannot_write(exc: OSError, out: Path, cache_folder: Path | None) -> str:
    """What a failed file operation means to the publisher: which folder, what went wrong
    (a full disk, a read-only folder), and the file."""
    problem = exc.strerror or str(exc)
    name = exc.filename if exc.filename is not None else exc.filename2
    if name is None:
        return f"could not build into {out}: {problem}"
    path, beside = Path(os.fsdecode(name)).absolute(), out.absolute().parent
    # out/ itself, or what the build keeps beside it (its staging folder, its lock).
    first = path.relative_to(beside).parts[:1] if path.is_relative_to(beside) else ()
    if cache_folder is not None and path.is_relative_to(cache_folder.absolute()):
        where = f"the cache folder {cache_folder}"
    elif first and (first[0] == out.name or first[0].startswith(f".{out.name}.")):
        where = f"the output folder {out}"
    else:
        return f"{path}: {problem}"
    return f"could not write to {where}: {problem} ({path}); {out} was left whole"


def _build(root: Path, out: Path, options: Options) -> Result:
    folder = options.cache
    now = cache.scan(root)
    seen = cache.glance(folder) if folder is not None else None
    if seen is not None and not (out / output.MARKER).is_file():
        seen = None  # out/ is gone or not ours: build it whole
    moved = seen.moved(out) if seen is not None else set()
    at, future = options.now.timestamp(), options.future
    if seen is not None and seen.unchanged(now, at=at, future=future) and not moved:
        return _unchanged(seen)
    # The rest of the manifest: needed only now that something changed.
    previous = cache.load(folder, seen) if folder is not None and seen is not None else None
    if previous is None:
        moved = set()  # a full build: it does not ask what moved
    # Rendering needs Jinja, feedgen, lxml, PyYAML, markdown-it and mutagen: a build that
    # finds nothing changed returns above without importing any of them.
    from . import passes  # noqa: PLC0415

    progress = options.progress
    with tempfile.TemporaryDirectory(prefix="nmo-feed-items-") as scratch:
        items = folder / cache.ITEMS if folder is not None else Path(scratch)
        items.mkdir(parents=True, exist_ok=True)
        try:
            return passes.Build(root, out, options, items, now, previous, moved).run()
        except passes.Stale:
            # Something the manifest names is missing from the cache: build it whole.
            assert folder is not None
            cache.clear(folder)
            items.mkdir(parents=True, exist_ok=True)
            return passes.Build(root, out, options, items, now, None, set()).run()
        finally:
            progress.finish()  # an error is then printed on a line of its own


def _unchanged(manifest: cache.Glance) -> Result:
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
        file_count=len(manifest.written),
        total_bytes=sum(manifest.sizes),
        feed_bytes=manifest.feed_bytes,
        linked=manifest.linked,
        scheduled=tuple((name, datetime.fromtimestamp(at, UTC)) for name, at in manifest.scheduled),
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
