"""``serve --drafts``: drafts previewed as if published, without touching the build.

The preview then builds a mirror of the show folder, kept in step with it before each build:
files are hard links to the show's own (copies where links cannot be made), so a mirror of
a show with large media costs no space and no time. Only a draft's ``episode.md`` differs: a
new file, never written through a link, in which ``draft: true`` reads ``draft: false`` and,
for a draft without one, today's date is added as the last line of the front matter. Every
other line keeps its number, so diagnostics point at the show's own lines. The build then
publishes the drafts into the preview like any episode; the server labels their pages.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path, PurePosixPath

from ..errors import SourceError, SourceLocation
from ..load.discover import EPISODE_FILE, is_episode_folder
from ..load.episode import slug_for
from ..load.sources import FENCE, read_episode, read_text

# PyYAML's spellings of true: only a plain `draft: true` line is turned into `draft: false`.
_DRAFT_LINE = re.compile(
    r"^draft[ \t]*:[ \t]*(?:true|True|TRUE|yes|Yes|YES|on|On|ON)(?P<rest>[ \t]*(?:#.*)?)$"
)


class Mirror:
    """A copy of the show folder ``source`` in ``folder``, drafts turned into episodes."""

    def __init__(self, source: Path, folder: Path, today: date) -> None:
        self.source = source
        self.folder = folder
        self.today = today
        self._seen: dict[PurePosixPath, tuple[int, int, str | None]] = {}
        """Each episode.md read so far: its size and time, and its published form."""

    def sync(self) -> frozenset[str]:
        """Bring the mirror up to date with the show; return the drafts' slugs."""
        self.folder.mkdir(parents=True, exist_ok=True)
        wanted: set[PurePosixPath] = set()
        drafts: set[str] = set()
        for relative in _files(self.source):
            wanted.add(relative)
            source = self.source.joinpath(*relative.parts)
            target = self.folder.joinpath(*relative.parts)
            text = self._published_once(relative, source)
            if text is not None:
                drafts.add(slug_for(relative.parent))
                _write(target, text.encode("utf-8"))
            else:
                _link(source, target)
        for relative in _files(self.folder, hidden=True):
            if relative not in wanted:
                self.folder.joinpath(*relative.parts).unlink()
        _remove_empty_folders(self.folder)
        return frozenset(drafts)

    def _published_once(self, relative: PurePosixPath, source: Path) -> str | None:
        """``_published``, worked out again only for a file that changed since."""
        if relative.name != EPISODE_FILE:
            return None
        stat = source.stat()
        seen = self._seen.get(relative)
        if seen is None or seen[:2] != (stat.st_size, stat.st_mtime_ns):
            seen = (stat.st_size, stat.st_mtime_ns, self._published(relative, source))
            self._seen[relative] = seen
        return seen[2]

    def _published(self, relative: PurePosixPath, source: Path) -> str | None:
        """A draft episode's ``episode.md`` made a published one; None for any other file,
        and for a draft whose ``draft:`` line is not a plain ``draft: true`` (it stays a
        draft: changing YAML written another way could change what it means)."""
        if (
            len(relative.parts) != 2
            or relative.name != EPISODE_FILE
            or not is_episode_folder(relative.parts[0])
        ):
            return None
        try:
            episode = read_episode(source, SourceLocation(relative))
            text = read_text(source, SourceLocation(relative))
        except (SourceError, OSError):
            return None  # the build reports it
        record = episode.front_matter
        if record.values.get("draft") is not True or "draft" not in record.positions:
            return None
        lines = text.split("\n")
        at = record.positions["draft"][0] - 1
        line = _DRAFT_LINE.match(lines[at])
        if line is None:
            return None
        lines[at] = f"draft: false{line['rest']}"
        if "date" not in record.values:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
            lines.insert(end, f"date: {self.today.isoformat()}")
        return "\n".join(lines)


def _files(root: Path, hidden: bool = False) -> list[PurePosixPath]:
    """Every file below ``root`` (following links to files), as the build sees the show:
    without the hidden entries at its top."""
    found = []
    for folder, folders, names in os.walk(root):
        base = PurePosixPath(Path(folder).relative_to(root).as_posix())
        if base == PurePosixPath(".") and not hidden:
            folders[:] = [f for f in folders if not f.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        for name in names:
            path = base / name
            if Path(folder, name).is_file():
                found.append(PurePosixPath(*path.parts))
    return sorted(found)


def _link(source: Path, target: Path) -> None:
    """Make ``target`` the same file as ``source``, unless it already is."""
    try:
        have, want = target.stat(), source.stat()
        if (have.st_ino, have.st_dev) == (want.st_ino, want.st_dev) or (
            have.st_size == want.st_size and have.st_mtime_ns == want.st_mtime_ns
        ):
            return
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target, follow_symlinks=True)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _write(target: Path, data: bytes) -> None:
    """Write a file of the mirror's own: a new file, so a hard link to the show's file (as
    the episode had before it was a draft) is never written through."""
    try:
        if target.read_bytes() == data and target.stat().st_nlink == 1:
            return
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    temporary = target.with_name(f".{target.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _remove_empty_folders(root: Path) -> None:
    for folder, _folders, _names in sorted(os.walk(root), key=lambda w: -len(w[0])):
        if Path(folder) != root:
            try:
                Path(folder).rmdir()
            except OSError:
                pass  # not empty
