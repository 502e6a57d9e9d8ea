"""Write the rendered site into ``out/`` atomically.

Files are first written into a staging folder beside ``out/``. A full build stages the
whole site and swaps it in with two renames. An incremental build stages only the files that
changed; the rest of the next site is hard links to the files of ``out/`` (a file whose
bytes did not change keeps its inode and time), and the whole is swapped in the same way.
Where Linux can exchange two folders in one rename (``renameat2``), ``out/`` is at every
moment either the previous site or the new one, even if the build is killed; elsewhere a
killed build may leave only ``.out.old``, which the next build puts back. The previous site,
once swapped out, is renamed ``.out.gone-*`` and removed by a detached process, so a rebuild
does not wait for thousands of files and folders to be unlinked; staging folders that a killed
build left, and previous sites whose removal did not finish, are handed to the same removal by
the next build into the same folder, which holds the output folder's lock (``locked``) while
it runs. The writer refuses paths that would leave
the output folder, and refuses to replace a folder that it did not create (so ``--out
~/Documents`` cannot wipe a user's files).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import NmoFeedError

if TYPE_CHECKING:
    import subprocess

MARKER = ".nmo-feed"
"""A file in every output folder this tool writes; only such a folder is ever replaced."""

# Test hook (tests/e2e/test_torture.py): NMO_FEED_KILL_AFTER_WRITES=N makes the process kill
# itself with NMO_FEED_KILL_SIGNAL (KILL, the default, or INT) right after its Nth file
# written or renamed here (counted per process; a forked worker counts its own), to test
# that a build killed at any point leaves out/ whole. Unset, it costs one comparison a file.
_KILL_AFTER = int(os.environ.get("NMO_FEED_KILL_AFTER_WRITES") or 0)
_done = 0
_counting = threading.Lock()


def _step() -> None:
    """Count one write or rename for the test hook above (under a lock: the search index's
    Pagefind threads write too, and a lost count would skip a kill point)."""
    global _done  # noqa: PLW0603 (the hook's one counter)
    with _counting:
        _done += 1
        now = _done
    if now == _KILL_AFTER:
        name = os.environ.get("NMO_FEED_KILL_SIGNAL", "KILL")
        if name == "INT":  # Ctrl-C as Python takes it, even where it was started ignoring it
            signal.signal(signal.SIGINT, signal.default_int_handler)
        os.kill(os.getpid(), signal.Signals[f"SIG{name}"])


def write_pieces(
    root: Path, path: PurePosixPath, pieces: Iterable[bytes], made: set[Path] | None = None
) -> None:
    """Write ``pieces`` one after another at ``path`` under ``root``, refusing paths that
    leave it, without holding them all (``feed.json`` is a hundred megabytes). ``made``
    remembers the folders already made, so that writing thousands of files does not ask
    the file system for each one's folder again."""
    target = _safe_join(root, path)
    if made is None or target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(target.parent)
    with naming(target), target.open("wb") as handle:
        for piece in pieces:
            handle.write(piece)
    if _KILL_AFTER:
        _step()


def counted() -> None:
    """Count a file written elsewhere (``feed.json``, by ``feedfile``) for the test hook."""
    if _KILL_AFTER:
        _step()


def write_file(root: Path, path: PurePosixPath, data: bytes, made: set[Path] | None = None) -> None:
    """Write ``data`` at ``path`` under ``root`` (``write_pieces`` with one piece)."""
    write_pieces(root, path, (data,), made)


@contextmanager
def naming(path: str | Path, temporary: str | Path | None = None) -> Iterator[None]:
    """Name ``path`` in an OSError raised inside (a failed ``write`` names no file), so the
    error the publisher sees says where; a ``temporary`` file is removed on failure."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = os.fspath(path)
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)
        raise


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder for one build (a lock file beside it, ``.out.lock``, removed
    when the build ends): two builds into one folder at once, even with no cache, would
    remove each other's staging folder or swap in each other's half-made site. The second
    waits for the first."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    with holding(out.with_name(f".{out.name}.lock"), remove=True):
        yield


@contextmanager
def holding(lock: Path, *, remove: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (made if missing), waiting for it;
    ``remove`` deletes the file on leaving."""
    try:
        import fcntl  # noqa: PLC0415 (POSIX only; elsewhere builds are not serialised)
    except ImportError:
        yield
        return
    while True:
        handle = lock.open("a")
        fcntl.flock(handle, fcntl.LOCK_EX)
        # The holder before us may have removed the file while we waited for it: then
        # lock the file that is there now.
        try:
            if os.fstat(handle.fileno()).st_ino == os.stat(lock).st_ino:
                break
        except FileNotFoundError:
            pass
        handle.close()
    try:
        yield
    finally:
        if remove:
            lock.unlink(missing_ok=True)
        handle.close()  # which unlocks it


class Staging:
    """A folder beside ``out/`` that a build writes into, then commits in one of two ways."""

    def __init__(self, out: Path, source: Path) -> None:
        self.out = out.absolute()
        check_target(self.out, source.absolute())
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _recover(self.out)
        # What a killed build left, and previous sites not yet removed (the caller holds
        # ``locked``, so no build is using them): removed in the background by ``discard``.
        self.leftovers = [
            *self.out.parent.glob(f".{self.out.name}.new-*"),
            *self.out.parent.glob(f".{self.out.name}.{GONE}-*"),
        ]
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._ahead: _Ahead | None = None

    def link_ahead(self, present: Collection[str]) -> None:
        """Start making the next site's tree (``present``, the files ``out/`` holds, linked
        into a second staging folder) in a thread, while the build stages the files that
        changed: its tens of thousands of ``link`` and ``mkdir`` calls release the GIL, and
        were most of a one-change rebuild. ``apply`` with the same ``present`` then moves
        the staged files into that tree instead of linking the rest around them."""
        if self._ahead is None:
            folder = tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent)
            self._ahead = _Ahead(str(self.out), folder, present)

    def replace_whole(self) -> None:
        """Make the staged files the whole of ``out/``."""
        (self.root / MARKER).write_text(MARKER_TEXT)
        os.chmod(self.root, 0o755)  # mkdtemp makes it private; a published site must be readable
        self._swap()

    def _swap(self) -> None:
        """Swap the staged site in; the previous one is removed later, by ``discard``."""
        previous = _swap(self.root, self.out)
        if previous is not None:
            self.leftovers.append(previous)

    def apply(
        self,
        present: Collection[str],
        staged: Iterable[PurePosixPath],
        removed: Iterable[PurePosixPath],
        changed_for_sure: Iterable[PurePosixPath] = (),
    ) -> list[PurePosixPath]:
        """Make ``out/`` the staged files over the files it holds (``present``: the last
        build's, as its manifest lists them), less ``removed`` (files or folders) and any
        folder they leave empty, in one swap; return the paths that changed. A staged file
        whose bytes ``out/`` already has (unless it is in ``changed_for_sure``, which is not
        compared) is left as it was, time included."""
        ahead = self._ahead
        if ahead is not None:
            ahead.finish()  # on an error, its tree is left to ``discard``
            self._ahead = None
            if ahead.present is present:
                return self._apply_ahead(ahead.root, staged, removed, changed_for_sure)
            self._remove_later(Path(ahead.root))
        # Plain strings and the manifest's list, not a walk: out/ has tens of thousands of
        # files, and pathlib or os.walk would be most of the cost of linking them.
        staged_set = {str(p) for p in staged}
        gone = {str(p) for p in removed}
        sure = {str(p) for p in changed_for_sure}
        changed = sorted(
            p for p in map(PurePosixPath, gone) if os.path.lexists(_safe_join(self.out, p))
        )
        kept: set[str] = set()  # staged files whose bytes out/ already has
        out, root = str(self.out), str(self.root)
        made = {""}  # folders the new tree has: those of the staged files, and each one made
        for path in staged_set:
            _note_folders(path, made)
        # Removed folders (not files the last build wrote): only they need each path's
        # folders looked up.
        gone_folders = {p for p in gone if p not in present}
        for path in (*present, MARKER):
            if gone and (
                path in gone or (gone_folders and any(f in gone for f in _folders_of(path)))
            ):
                continue
            old, new = f"{out}/{path}", f"{root}/{path}"
            if path in staged_set:
                if path in sure or not _same_bytes(Path(new), Path(old)):
                    continue
                os.unlink(new)  # keep the published file, and its time
                kept.add(path)
            folder = path.rpartition("/")[0]
            if folder not in made:
                _make_folders(root, folder, made)
            _link(old, new)
        changed += sorted(PurePosixPath(p) for p in staged_set - kept)
        os.chmod(self.root, 0o755)  # mkdtemp makes it private; a published site must be readable
        self._swap()
        return changed

    def _apply_ahead(
        self,
        tree: str,
        staged: Iterable[PurePosixPath],
        removed: Iterable[PurePosixPath],
        changed_for_sure: Iterable[PurePosixPath],
    ) -> list[PurePosixPath]:
        """``apply`` over the tree ``link_ahead`` made: the removed paths taken out of it
        (and the folders they leave empty), the staged files moved into it, and it swapped
        in."""
        sure = {str(p) for p in changed_for_sure}
        changed = []
        for path in sorted(set(removed)):
            if os.path.lexists(_safe_join(self.out, path)):
                changed.append(path)
            _remove(tree, str(path))
        kept: set[PurePosixPath] = set()  # staged files whose bytes out/ already has
        for path in staged:
            name = str(path)
            new, ahead = f"{self.root}/{name}", f"{tree}/{name}"
            if (
                name not in sure
                and os.path.lexists(ahead)
                and _same_bytes(Path(new), Path(f"{self.out}/{name}"))
            ):
                kept.add(path)  # the published file stays, and its time
                continue
            folder = os.path.dirname(ahead)
            if not os.path.isdir(folder):
                os.makedirs(folder)
            # Unlinked first: renamed over a file, ext4 writes the new one out to disk at
            # once (auto_da_alloc), 0.17 s for the feeds' 250 MB at N = 4,000.
            with suppress(FileNotFoundError):
                os.unlink(ahead)
            os.rename(new, ahead)
        changed += sorted(set(map(PurePosixPath, map(str, staged))) - kept)
        # What is left of the staging folder (its folders, the files kept) is removed in the
        # background, under the name of a previous site (not a staging folder's).
        self._remove_later(self.root)
        self.root = Path(tree)
        os.chmod(self.root, 0o755)  # mkdtemp makes it private; a published site must be readable
        self._swap()
        return changed

    def _remove_later(self, folder: Path) -> None:
        """Leave ``folder`` (a tree of this build's) to ``discard``'s removal in the
        background, under the name of a previous site, not a staging folder's."""
        aside = self.out.with_name(f".{self.out.name}.{GONE}-{os.urandom(6).hex()}")
        with suppress(FileNotFoundError):
            os.rename(folder, aside)
            self.leftovers.append(aside)

    def discard(self) -> None:
        """Delete whatever is left of the staging folder (nothing after a swap), and start
        removing the previous site and what killed builds left, without waiting for it."""
        if self._ahead is not None:  # the build stopped before applying
            self._ahead.finish(stop=True)
            self._remove_later(Path(self._ahead.root))
            self._ahead = None
        shutil.rmtree(self.root, ignore_errors=True)
        remove_later(self.leftovers)
        self.leftovers = []


MARKER_TEXT = "Written by nmo-feed; its files are replaced by every build.\n"


class _Ahead:
    """A thread linking ``present`` (and the marker) from ``out`` into ``root``."""

    def __init__(self, out: str, root: str, present: Collection[str]) -> None:
        self.out, self.root, self.present = out, root, present
        self._paths = [*present, MARKER]  # a copy: the caller's set may not change under us
        self._stop = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="nmo-feed link-ahead")
        self._thread.start()

    def _run(self) -> None:
        made = {""}
        out, root = self.out, self.root
        try:
            for path in self._paths:
                if self._stop:
                    return
                folder = path.rpartition("/")[0]
                if folder not in made:
                    _make_folders(root, folder, made)
                _link(f"{out}/{path}", f"{root}/{path}")
        except BaseException as error:  # noqa: BLE001 (raised again by finish)
            self._error = error

    def finish(self, *, stop: bool = False) -> None:
        """Wait for the thread (told to stop first with ``stop``); raise its error here, as
        it was raised, unless stopping."""
        self._stop = stop
        self._thread.join()
        if self._error is not None and not stop:
            raise self._error


def _remove(root: str, path: str) -> None:
    """Remove ``path`` (a file or a folder) from the tree at ``root``, and the folders it
    leaves empty."""
    target = f"{root}/{path}"
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    elif os.path.lexists(target):
        os.unlink(target)
    else:
        return
    folder = path.rpartition("/")[0]
    while folder:
        try:
            os.rmdir(f"{root}/{folder}")
        except OSError:  # not empty
            return
        folder = folder.rpartition("/")[0]


def _link(old: str, new: str) -> None:
    """Put ``old``'s file at ``new`` as a hard link (a copy, time kept, where links fail);
    nothing when ``old`` is gone (removed by hand, and not written again)."""
    try:
        os.link(old, new)
    except OSError:
        if not os.path.lexists(old):
            return
        shutil.copy2(old, new)


def _folders_of(path: str) -> Iterator[str]:
    """The folders ``path`` is in, nearest first, without the output folder itself."""
    while "/" in path:
        path = path.rpartition("/")[0]
        yield path


def _note_folders(path: str, made: set[str]) -> None:
    """Add the folders ``path`` is in to ``made``."""
    for folder in _folders_of(path):
        if folder in made:
            return
        made.add(folder)


def _make_folders(root: str, folder: str, made: set[str]) -> None:
    """Make ``folder`` under ``root``, and the folders it is in that ``made`` lacks."""
    parent = folder.rpartition("/")[0]
    if parent not in made:
        _make_folders(root, parent, made)
    with suppress(FileExistsError):
        os.mkdir(f"{root}/{folder}")
    made.add(folder)


def _same_bytes(a: Path, b: Path) -> bool:
    """True when the two files hold the same bytes, read a block at a time (a feed is a
    hundred megabytes; holding two of them in memory to compare would double the build's).
    False when the published file ``b`` is not there (removed by hand) or not a file."""
    try:
        if a.stat().st_size != b.stat().st_size or not b.is_file():
            return False
    except FileNotFoundError:
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


def _swap(staging: Path, out: Path) -> Path | None:
    """Make ``staging`` ``out``; what was ``out`` is set aside as ``.out.gone-*``, whose
    path is returned (None when there was no ``out``)."""
    if out.exists() and _exchange(staging, out):
        if _KILL_AFTER:
            _step()
        return _set_aside(staging, out)
    old = _old(out)
    if out.exists():
        os.replace(out, old)
        if _KILL_AFTER:
            _step()
    os.replace(staging, out)
    if _KILL_AFTER:
        _step()
    return _set_aside(old, out) if old.exists() else None


GONE = "gone"
"""``.out.gone-*``: a previous site, swapped out and waiting to be removed."""


def _set_aside(previous: Path, out: Path) -> Path:
    """Rename the swapped-out site to a name no build uses (``.out.new-*`` is a staging
    folder, ``.out.old`` the one a crash may leave mid-swap); the next build removes it
    if its removal did not finish."""
    aside = out.with_name(f".{out.name}.{GONE}-{os.urandom(6).hex()}")
    os.rename(previous, aside)
    if _KILL_AFTER:
        _step()
    return aside


_REMOVER = """
import os, shutil, sys
try:
    os.nice(10)
except OSError:
    pass
for path in sys.argv[1:]:
    shutil.rmtree(path, ignore_errors=True)
"""


def remove_later(folders: Iterable[Path]) -> None:
    """Remove ``folders`` in a detached process, so that the build ends without waiting:
    unlinking a site of 20,000 files and 4,000 folders took most of a rebuild's time (on
    ext4, each emptied folder frees a block). Where no process can be started, they are
    removed here."""
    paths = [os.fspath(f) for f in folders if os.path.lexists(f)]
    if not paths:
        return
    import subprocess  # noqa: PLC0415 (a build with nothing to remove never needs it)

    # Kept, and reaped at the next call: a long-running ``serve`` starts one per rebuild.
    _removers[:] = [p for p in _removers if p.poll() is None]
    try:
        # -I -S: the standard library only, without site-packages or the environment's
        # PYTHON* settings; its own session, so a Ctrl-C to the build does not stop it.
        # Only 0-2 are inherited (close_fds), so the lock files stay the build's own.
        _removers.append(
            subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _REMOVER, *paths],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    except (OSError, ValueError):
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)


_removers: list[subprocess.Popen[bytes]] = []


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux's ``renameat2``); False where that is not
    possible here (another system, an old C library, a file system without it)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _recover(out: Path) -> None:
    """Finish a swap that a crash interrupted: the previous site comes back if out/ is gone."""
    old = _old(out)
    if old.exists():
        if out.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, out)
