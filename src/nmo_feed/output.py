"""Stage 6: write the rendered site into ``out/`` atomically.

The whole site is written into a new folder beside ``out/`` and then swapped in with two
renames, so a failed or interrupted build leaves the previous site whole. The writer refuses
paths that would leave the output folder, and refuses to replace a folder that it did not
create (so ``--out ~/Documents`` cannot wipe a user's files).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import NmoFeedError

MARKER = ".nmo-feed"
"""A file in every output folder this tool writes; only such a folder is ever replaced."""


def write_site(files: Mapping[PurePosixPath, bytes], out: Path, source: Path) -> None:
    """Replace ``out`` with exactly ``files``; raise ``NmoFeedError`` before touching it if
    the output folder is unsafe to replace."""
    out = out.absolute()
    _check_target(out, source.absolute())
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for path, data in sorted(files.items()):
            target = _safe_join(staging, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text("Written by nmo-feed; replaced whole by every build.\n")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site must be readable
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _check_target(out: Path, source: Path) -> None:
    if out == source or source.is_relative_to(out) or out.is_relative_to(source):
        raise NmoFeedError(
            f"the output folder {out} overlaps the show folder {source}; choose another --out"
        )
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise NmoFeedError(
            f"{out} exists and was not written by nmo-feed, so it is not replaced;"
            " remove it or choose another --out"
        )


def _safe_join(root: Path, path: PurePosixPath) -> Path:
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise NmoFeedError(f"refusing to write {path!s}: it is outside the output folder")
    return root.joinpath(*path.parts)


def _old(out: Path) -> Path:
    return out.with_name(f".{out.name}.old")


def _swap(staging: Path, out: Path) -> None:
    old = _old(out)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _recover(out: Path) -> None:
    """Finish a swap that a crash interrupted: the previous site comes back if out/ is gone."""
    old = _old(out)
    if old.exists():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, out)
