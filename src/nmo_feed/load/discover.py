"""Find what a show folder holds, without reading any content.

A show folder has ``show.toml``, an optional ``glossary.toml``, an optional ``templates/``
folder that overrides the default templates, and one folder per episode holding
``episode.md``. Everything is listed in sorted order so that every later stage, and so the
output, is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files as resource_files
from pathlib import Path, PurePosixPath

from ..errors import Diagnostics, SourceLocation
from ..rules import LANGUAGE_TAG, TRANSCRIPT_INPUTS

EPISODE_FILE = "episode.md"
SHOW_FILE = "show.toml"
GLOSSARY_FILE = "glossary.toml"
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
"""Files copied into ``out/`` as they are (``CNAME``, ``robots.txt``, verification files)."""

# transcript.vtt, transcript.es.vtt, transcript.pt-BR.srt ...
_TRANSCRIPT_NAME = re.compile(
    rf"^transcript(?:\.(?P<lang>{LANGUAGE_TAG}))?\.(?P<ext>{'|'.join(TRANSCRIPT_INPUTS)})$"
)


@dataclass(frozen=True, slots=True)
class TranscriptSource:
    path: PurePosixPath
    """Relative to the show folder."""
    language: str | None
    """From the file name (``transcript.es.vtt``); None for the episode's own language."""


@dataclass(frozen=True, slots=True)
class EpisodeSource:
    folder: PurePosixPath
    """Relative to the show folder."""
    transcripts: tuple[TranscriptSource, ...]

    @property
    def metadata(self) -> PurePosixPath:
        return self.folder / EPISODE_FILE


def find_episodes(
    root: Path, diagnostics: Diagnostics, folders: Mapping[str, Sequence[str]] | None = None
) -> list[EpisodeSource]:
    """Every episode folder below ``root``, sorted by folder name.

    ``folders`` is a listing already taken (``list_folders``, or the build cache's
    ``cache.Scan.folders``); without it the folder is listed here.
    """
    if folders is None:
        folders = list_folders(root)
    return [
        episode_source(name, folders[name], diagnostics)
        for name in episode_folders(folders, diagnostics)
    ]


def episode_folders(folders: Mapping[str, Sequence[str]], diagnostics: Diagnostics) -> list[str]:
    """The names of the episode folders in a listing, sorted.

    A folder without ``episode.md`` is reported (a typo in the file name would otherwise
    silently drop an episode); hidden folders and ``templates/`` are not episodes.
    """
    names = []
    for name in sorted(folders):
        if not is_episode_folder(name):
            continue
        if EPISODE_FILE not in folders[name]:
            rel = PurePosixPath(name)
            diagnostics.warning(
                "no-episode-file",
                f"folder '{name}' has no {EPISODE_FILE}, so it is not an episode",
                SourceLocation(rel),
                hint=f"add {rel / EPISODE_FILE}, or move the folder out of the show",
            )
            continue
        names.append(name)
    return names


def is_episode_folder(name: str) -> bool:
    """Whether a folder of the show may be an episode: hidden folders, ``_drafts``-style
    folders, ``templates/`` and ``static/`` never are."""
    return not name.startswith((".", "_")) and name not in (TEMPLATES_DIR, STATIC_DIR)


def episode_source(name: str, files: Sequence[str], diagnostics: Diagnostics) -> EpisodeSource:
    """An episode folder's name and the names of its files as an ``EpisodeSource``."""
    folder = PurePosixPath(name)
    return EpisodeSource(folder, _transcripts(folder, files, diagnostics))


def list_folders(root: Path) -> dict[str, tuple[str, ...]]:
    """Each folder at the top of ``root`` (not hidden) with the names of the files in it."""
    folders = {}
    for folder in root.iterdir():
        if folder.is_dir() and not folder.name.startswith("."):
            folders[folder.name] = tuple(sorted(p.name for p in folder.iterdir() if p.is_file()))
    return folders


def _transcripts(
    folder: PurePosixPath, names: Sequence[str], diagnostics: Diagnostics
) -> tuple[TranscriptSource, ...]:
    found: dict[str | None, TranscriptSource] = {}
    for name in sorted(names):
        match = _TRANSCRIPT_NAME.match(name)
        rel = folder / name
        if not match:
            if name.lower().startswith("transcript."):
                _unreadable(rel, diagnostics)
            continue
        language = match["lang"]
        if language in found:
            diagnostics.error(
                "transcript-duplicate",
                f"two transcripts in the same language: '{found[language].path.name}' and '{name}'",
                SourceLocation(rel),
                hint="keep one transcript file per language",
            )
            continue
        found[language] = TranscriptSource(rel, language)
    # The episode's own transcript first, then translations by language tag.
    return tuple(sorted(found.values(), key=lambda t: (t.language is not None, t.language or "")))


def _unreadable(rel: PurePosixPath, diagnostics: Diagnostics) -> None:
    """A ``transcript.*`` file nmo-feed cannot read: published without it, the episode would
    silently have no transcript, so it is an error."""
    parts = rel.name.split(".")
    if parts[0] == "transcript" and len(parts) == 3 and parts[2] in TRANSCRIPT_INPUTS:
        message = f"'{rel.name}': '{parts[1]}' is not a language tag such as es or pt-BR"
        hint = "name a translation transcript.<language>.<format>, such as transcript.es.vtt"
    else:
        message = (
            f"'{rel.name}' is not a transcript format nmo-feed can read,"
            " so the episode would be published without it"
        )
        formats = ", .".join(TRANSCRIPT_INPUTS[:-1])
        hint = (
            f"save it as transcript.{formats} or .{TRANSCRIPT_INPUTS[-1]} (lower case),"
            " or move it out of the episode folder"
        )
    diagnostics.error("transcript-format", message, SourceLocation(rel), hint=hint)


def inside(root: Path, candidate: Path) -> bool:
    """True when ``candidate`` (after resolving links) is inside ``root``: no path escapes."""
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def linked_outside(root: Path, rel: PurePosixPath, code: str, diagnostics: Diagnostics) -> bool:
    """True, after an error ``code``, when the show's file ``rel`` is a link to a file outside
    the show folder: reading it would publish a file of this machine (as ``static-outside``)."""
    if inside(root, root / rel):
        return False
    diagnostics.error(
        code,
        f"{rel.name} is a link to a file outside the show folder",
        SourceLocation(rel),
        hint="copy the file into the episode folder instead of linking to it",
    )
    return True


def default_templates_dir() -> Path:
    """The folder of the default templates shipped with nmo-feed (a show's own
    ``templates/`` folder overrides them by name)."""
    # str() of a MultiplexedPath child is a real path, installed or editable alike.
    return Path(str(resource_files("nmo_feed.templates") / "base.html")).parent
