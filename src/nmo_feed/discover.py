"""Stage 1: find what a show folder holds, without reading any content.

A show folder has ``show.toml``, an optional ``glossary.toml``, an optional ``templates/``
folder that overrides the default templates, and one folder per episode holding
``episode.md``. Everything is listed in sorted order so that every later stage, and so the
output, is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Diagnostics, SourceLocation

EPISODE_FILE = "episode.md"
SHOW_FILE = "show.toml"
GLOSSARY_FILE = "glossary.toml"
TEMPLATES_DIR = "templates"

# transcript.vtt, transcript.es.vtt, transcript.pt-BR.srt ...
_TRANSCRIPT_NAME = re.compile(
    r"^transcript(?:\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))?\.(?P<ext>md|txt|vtt|srt|json)$"
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


def find_episodes(root: Path, diagnostics: Diagnostics) -> list[EpisodeSource]:
    """Every episode folder below ``root``, sorted by folder name.

    A folder without ``episode.md`` is reported (a typo in the file name would otherwise
    silently drop an episode); hidden folders and ``templates/`` are not episodes.
    """
    episodes = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or folder.name == TEMPLATES_DIR:
            continue
        rel = PurePosixPath(folder.name)
        if not (folder / EPISODE_FILE).is_file():
            diagnostics.warning(
                "no-episode-file",
                f"folder '{folder.name}' has no {EPISODE_FILE}, so it is not an episode",
                SourceLocation(rel),
                hint=f"add {rel / EPISODE_FILE}, or move the folder out of the show",
            )
            continue
        episodes.append(EpisodeSource(rel, _transcripts(root, rel, diagnostics)))
    return episodes


def _transcripts(
    root: Path, folder: PurePosixPath, diagnostics: Diagnostics
) -> tuple[TranscriptSource, ...]:
    found: dict[str | None, TranscriptSource] = {}
    for path in sorted((root / folder).iterdir()):
        match = _TRANSCRIPT_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        rel = folder / path.name
        language = match["lang"]
        if language in found:
            diagnostics.error(
                "transcript-duplicate",
                f"two transcripts in the same language: '{found[language].path.name}'"
                f" and '{path.name}'",
                SourceLocation(rel),
                hint="keep one transcript file per language",
            )
            continue
        found[language] = TranscriptSource(rel, language)
    # The episode's own transcript first, then translations by language tag.
    return tuple(sorted(found.values(), key=lambda t: (t.language is not None, t.language or "")))


def inside(root: Path, candidate: Path) -> bool:
    """True when ``candidate`` (after resolving links) is inside ``root``: no path escapes."""
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
