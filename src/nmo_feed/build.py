"""The pipeline: discover → load → validate → enrich → render → verify → write.

``load_project`` runs the first four stages and collects every diagnostic; ``render`` turns a
valid project into ``{path under out/: bytes}`` without touching the disk (applying the
feed-size policy); ``verify`` checks that output as apps will read it; ``build`` writes it
atomically, and only when there is no error. ``check`` renders and verifies too, so template
and output errors surface, but writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import (
    __version__,
    chapters,
    config,
    discover,
    feed,
    feedsize,
    output,
    pages,
    transcripts,
    validate,
    verify,
)
from .errors import Diagnostics, NmoFeedError, SourceLocation
from .metadata import RawRecord
from .model import Episode, Project

GENERATOR = f"nmo-feed {__version__}"


@dataclass
class Result:
    """What a check or build found and did."""

    diagnostics: Diagnostics
    project: Project | None = None
    episode_count: int = 0
    """Every episode folder found, drafts included (for the summary line)."""
    files: dict[PurePosixPath, bytes] = field(default_factory=dict)
    linked: frozenset[str] = frozenset()
    """Guids of episodes whose feed item links the transcript instead of including it."""

    def failed(self, strict: bool = False) -> bool:
        return self.project is None or self.diagnostics.failed(strict=strict)

    @property
    def feed_bytes(self) -> int:
        return len(self.files.get(PurePosixPath("feed.xml"), b""))


def load_project(root: Path) -> Result:
    """Read and validate the whole show folder; ``project`` is None when there is an error."""
    diagnostics = Diagnostics()
    if not root.is_dir():
        raise NmoFeedError(f"the show folder {root} does not exist")
    show = config.load_show(root, diagnostics)
    glossary = config.load_glossary(root, diagnostics)
    sources = discover.find_episodes(root, diagnostics)
    episodes: list[Episode] = []
    records: dict[PurePosixPath, RawRecord] = {}
    for source in sources:
        episode, record = validate.load_episode(root, source, show, diagnostics)
        if record is not None:
            records[source.folder] = record
        if episode is not None:
            episodes.append(episode)
    validate.check_show(records, diagnostics)
    result = Result(diagnostics, episode_count=len(sources))
    if show is None or diagnostics.errors:
        return result
    published = sorted(
        (e for e in episodes if not e.draft), key=lambda e: (e.published, e.guid), reverse=True
    )
    if not published and sources:
        diagnostics.warning(
            "nothing-published",
            "every episode is a draft, so the feed has no items",
            SourceLocation(show.source.path),
            hint="set draft: false on an episode to publish it",
        )
    result.project = Project(
        show=show,
        episodes=tuple(published),
        drafts=tuple(e for e in episodes if e.draft),
        glossary=glossary,
    )
    return result


def render(
    project: Project, root: Path, diagnostics: Diagnostics | None = None
) -> dict[PurePosixPath, bytes]:
    """Every output file of the site, keyed by its path under ``out/``.

    ``diagnostics`` receives the feed-size policy's warnings (``feed-size``)."""
    files, _ = _render(project, root, diagnostics if diagnostics is not None else Diagnostics())
    return files


def _render(
    project: Project, root: Path, diagnostics: Diagnostics
) -> tuple[dict[PurePosixPath, bytes], frozenset[str]]:
    files: dict[PurePosixPath, bytes] = {}
    show = project.show
    if show.artwork_path is not None:
        files[feed.artwork_output(show.artwork_path)] = (root / show.artwork_path).read_bytes()
    for episode in project.episodes:
        for transcript in transcripts.of_episode(episode):
            for extension, text in transcripts.render(transcript).items():
                files[transcripts.output_path(episode, transcript, extension)] = text.encode()
        for media in episode.media:
            if media.local_path is not None and media.output_path is not None:
                files[media.output_path] = (root / media.local_path).read_bytes()
        if episode.chapters:
            files[chapters.output_path(episode)] = chapters.render(show, episode)
        art = episode.artwork
        if art is not None and art.local_path is not None and art.output_path is not None:
            files[art.output_path] = (root / art.local_path).read_bytes()
    files[PurePosixPath("feed.xml")], linked = feedsize.fit(
        project, lambda linked: feed.render_feed(project, files, GENERATOR, linked), diagnostics
    )
    templates = root / discover.TEMPLATES_DIR
    files.update(
        pages.render_pages(
            project,
            files,
            show_templates=templates if templates.is_dir() else None,
            generator=GENERATOR,
        )
    )
    return files, linked


def check(root: Path, strict: bool = False, *, read_back: bool = True) -> Result:
    """Validate, render in memory and verify the output (reading every linked transcript and
    chapters file back unless ``read_back`` is off); nothing is written."""
    result = load_project(root)
    if result.project is not None and not result.failed(strict):
        result.files, result.linked = _render(result.project, root, result.diagnostics)
        verify.check_output(result.project, result.files, result.diagnostics, read_back=read_back)
    return result


def build(root: Path, out: Path, strict: bool = False) -> Result:
    """Check, then replace ``out`` with the rendered site; ``out`` is untouched on failure.

    The feed rules are verified; reading every transcript back is left to ``check``."""
    result = check(root, strict, read_back=False)
    if not result.failed(strict):
        output.write_site(result.files, out, root)
    return result


def sizes(files: Mapping[PurePosixPath, bytes]) -> int:
    return sum(len(data) for data in files.values())
