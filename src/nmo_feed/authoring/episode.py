"""``nmo-feed add TITLE``: a new episode folder, dated, with a fresh guid, as a draft.

The folder is named after the date and the title (``2026-05-01-how-is-nmo-diagnosed``); the
title is written quoted, so that YAML reads back exactly what was typed (``NMO: how?``
unquoted would be a syntax error, ``yes`` a boolean), and this is checked after writing.
A media file given is probed first (a file podcast apps cannot play is refused before
anything is written), then copied in.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from ..errors import NmoFeedError, SourceError, SourceLocation
from ..load import media
from ..load import show as config
from ..load.discover import EPISODE_FILE, SHOW_FILE
from ..load.sources import read_episode, yaml_string
from ..rules import SAFE_FILE_NAME
from .text import check_title, slug


@dataclass(frozen=True, slots=True)
class Added:
    folder: Path
    """The new episode folder."""
    media_name: str | None = None
    """The media file's name in the folder."""
    renamed_from: str | None = None
    """The media file's own name, when it had to be given an ASCII one."""
    probe: media.Probe | None = None


def add_episode(root: Path, title: str, *, day: date, media_file: Path | None = None) -> Added:
    """Make the episode folder in the show ``root``; raises ``NmoFeedError`` with nothing
    written when the show folder, title or media file is not usable."""
    if not (root / SHOW_FILE).is_file():
        raise NmoFeedError(
            f"{root} is not a show folder (it has no {SHOW_FILE}); give the show folder with"
            f" --source, or make a new show with: nmo-feed new {root}"
        )
    check_title(title, "episode")
    found = None
    media_name = renamed = None
    if media_file is not None:
        if not media_file.is_file():
            raise NmoFeedError(f"the media file {media_file} does not exist")
        try:
            found = media.probe(media_file)
        except media.MediaError as exc:
            raise NmoFeedError(f"the media file {media_file}: {exc}") from None
        media_name = media_file.name
        if not SAFE_FILE_NAME.match(media_name):
            renamed = media_name
            media_name = (slug(media_file.stem) or "media") + media_file.suffix.lower()
    folder = _new_folder(root, f"{day.isoformat()}-{slug(title) or 'episode'}")
    try:
        if media_file is not None and media_name is not None:
            shutil.copyfile(media_file, folder / media_name)
        path = folder / EPISODE_FILE
        path.write_text(_episode_md(title, day, media_name), encoding="utf-8")
        _check_written(root, path, title)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # no half-made episode is left behind
        raise
    return Added(folder, media_name, renamed, found)


def _new_folder(root: Path, name: str) -> Path:
    """``root/name``, or ``name-2``, ``name-3`` ... when taken: made here, so two ``add``
    commands at once never share a folder."""
    for number in range(1, 1000):
        folder = root / (name if number == 1 else f"{name}-{number}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise NmoFeedError(f"too many episode folders named {name} in {root}")


def _episode_md(title: str, day: date, media_name: str | None) -> str:
    p = config.PLACEHOLDER_PREFIX
    media_line = (
        f"media: {yaml_string(media_name)}\n"
        if media_name is not None
        else "# media: narration.mp3   # a sound or video file in this folder, or remote media\n"
    )
    return f"""\
---
title: {yaml_string(title)}
date: {day.isoformat()}
# The episode's permanent identifier in podcast apps: never change it once published.
guid: {uuid.uuid4()}
summary: "{p} one plain paragraph that says what the episode is about."
{media_line}draft: true   # checked, not published: set it to false to publish the episode
---
"""


def _check_written(root: Path, path: Path, title: str) -> None:
    """Read the new file back as the build will: the title must be exactly as typed."""
    relative = PurePosixPath(path.relative_to(root).as_posix())
    try:
        text = read_episode(path, SourceLocation(relative))
    except SourceError as exc:  # a bug in the quoting: never leave a file that does not load
        raise RuntimeError(f"{relative} does not read back: {exc}") from None
    if text.front_matter.values.get("title") != title:
        raise RuntimeError(f"{relative}: the title does not read back as typed")
