"""Write the rendered site into ``out/`` atomically.

Files are first written into a staging folder beside ``out/``. A full build stages the
whole site and swaps it in with two renames. An incremental build stages only the files that
changed and moves each into place, keeping the file it replaces until every move has
succeeded, so a failure puts the previous files back; a file whose bytes did not change is
not touched at all. Either way a failed or interrupted build leaves the previous site whole
(the build forgets its cache before moving files, so a crash mid-way makes the next build a
full one). The writer refuses paths that would leave the output folder, and refuses to
replace a folder that it did not create (so ``--out ~/Documents`` cannot wipe a user's files).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Container, Iterable
from pathlib import Path, PurePosixPath

from ..errors import NmoFeedError

MARKER = ".nmo-feed"
"""A file in every output folder this tool writes; only such a folder is ever replaced."""


def write_file(root: Path, path: PurePosixPath, data: bytes, made: set[Path] | None = None) -> None:
    """Write ``data`` at ``path`` under ``root``, refusing paths that leave it. ``made``
    remembers the folders already made, so that writing thousands of files does not ask
    the file system for each one's folder again."""
    target = _safe_join(root, path)
    if made is None or target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(target.parent)
    target.write_bytes(data)


class Staging:
    """A folder beside ``out/`` that a build writes into, then commits in one of two ways."""

    def __init__(self, out: Path, source: Path) -> None:
        self.out = out.absolute()
        check_target(self.out, source.absolute())
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _recover(self.out)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))

    def replace_whole(self) -> None:
        """Make the staged files the whole of ``out/``."""
        (self.root / MARKER).write_text(MARKER_TEXT)
        os.chmod(self.root, 0o755)  # mkdtemp makes it private; a published site must be readable
        _swap(self.root, self.out)

    def apply(
        self,
        staged: Iterable[PurePosixPath],
        removed: Iterable[PurePosixPath],
        changed_for_sure: Container[PurePosixPath] = (),
    ) -> list[PurePosixPath]:
        """Move the staged files into ``out/`` and delete ``removed`` (files or folders) from
        it, leaving alone each staged file whose bytes ``out/`` already has (unless it is in
        ``changed_for_sure``, which is not compared), and any folder left empty; return the
        paths that changed.

        On any failure every file moved so far is put back before the error is raised."""
        backup = self.root.with_name(self.root.name + ".old")
        # Each move is recorded before it is made, so an interruption between the two
        # renames of a file still puts the file back.
        moved: list[tuple[Path, Path | None]] = []  # (target, where its old file was put)
        changed = []
        emptied: set[Path] = set()
        try:
            for path in sorted(removed):
                target = _safe_join(self.out, path)
                if target.is_file() or target.is_dir():
                    moved.append((target, _safe_join(backup, path)))
                    _move_aside(target, backup, path)
                    changed.append(path)
                    emptied.add(target.parent)
            for path in sorted(staged):
                new, target = _safe_join(self.root, path), _safe_join(self.out, path)
                if path not in changed_for_sure and target.is_file() and _same_bytes(new, target):
                    continue
                had = target.exists()
                moved.append((target, _safe_join(backup, path) if had else None))
                if had:
                    _move_aside(target, backup, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(new, target)
                changed.append(path)
        except BaseException:
            restored = _put_back(moved)
            if restored:
                shutil.rmtree(backup, ignore_errors=True)
            raise
        shutil.rmtree(backup, ignore_errors=True)
        _remove_empty(emptied, self.out)
        return changed

    def discard(self) -> None:
        """Delete whatever is left of the staging folder (nothing after ``replace_whole``)."""
        shutil.rmtree(self.root, ignore_errors=True)


MARKER_TEXT = "Written by nmo-feed; its files are replaced by every build.\n"


def _put_back(moved: list[tuple[Path, Path | None]]) -> bool:
    """Undo ``moved`` in reverse; False when something could not be put back (the backup
    folder is then kept, so nothing is lost)."""
    ok = True
    for target, saved in reversed(moved):
        try:
            if saved is not None and saved.exists():
                if target.is_dir() and not target.is_symlink():
                    shutil.rmtree(target)
                os.replace(saved, target)
            elif saved is None:
                target.unlink(missing_ok=True)
        except OSError:
            ok = False
    return ok


def _remove_empty(folders: Iterable[Path], out: Path) -> None:
    """Remove each folder left empty, and its parents up to ``out`` (a full build has none)."""
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != out and folder.is_relative_to(out):
            try:
                folder.rmdir()
            except OSError:  # not empty, or already gone
                break
            folder = folder.parent


def _move_aside(target: Path, backup: Path, path: PurePosixPath) -> Path:
    saved = _safe_join(backup, path)
    saved.parent.mkdir(parents=True, exist_ok=True)
    os.replace(target, saved)
    return saved


def _same_bytes(a: Path, b: Path) -> bool:
    """True when the two files hold the same bytes, read a block at a time (a feed is a
    hundred megabytes; holding two of them in memory to compare would double the build's)."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as first, b.open("rb") as second:
        while True:
            block = first.read(_BLOCK)
            if block != second.read(_BLOCK):
                return False
            if not block:
                return True


_BLOCK = 1 << 20


def check_target(out: Path, source: Path) -> None:
    """Raise ``NmoFeedError`` when ``out`` overlaps the show folder or is not nmo-feed's."""
    # Compared resolved: "../out" from inside the show is beside it, not in it, and a link
    # to the show folder is the show folder.
    real_out, real_source = out.resolve(), source.resolve()
    if (
        real_out == real_source
        or real_source.is_relative_to(real_out)
        or real_out.is_relative_to(real_source)
    ):
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
