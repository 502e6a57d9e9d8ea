"""One episode's share of the build: the units of work that worker processes run.

The build reads each episode twice, in two passes over the show:

1. ``Worker.card``: the front matter and media only (a *light* episode), for what depends on
   other episodes: the show page, related episodes, the feed's channel and the show-wide
   checks;
2. ``Worker.render``: the whole episode, from which every file of its own is rendered
   (transcript files, chapters, copies of local media and artwork, its page, its embed
   page and ``oembed.json``) and written
   under the staging folder, and its feed ``<item>``, with the transcript in full and linked,
   written to the item store. Only sizes and diagnostics go back to the caller, so memory
   stays flat however long the show is.

A ``Worker`` holds everything a task reads besides its episode (the show, the glossary, the
page renderer, the feed-item writer). The parent makes it before any worker process is
forked, so each task carries only its episode.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .. import layout, transcripts
from ..errors import Diagnostic, Diagnostics, SourceError
from ..load import episode as episode_loader
from ..load.discover import EpisodeSource
from ..load.sources import EpisodeText, RawRecord
from ..mediafile import MediaError, Picture, tag
from ..model import Episode, Glossary, Project, Show
from ..render import (
    chapters,
    feed,
    fragment,
    jsonfeed,
    mediatags,
    notes,
    oembed,
    pages,
    search_index,
)
from ..render.feedsize import ItemSize
from . import output, verify

PROBES = "probes"
COMPILED = "templates"


@dataclass(frozen=True, slots=True)
class Site:
    """What every episode's render reads besides the episode itself."""

    root: Path
    show: Show
    glossary: Glossary
    templates: Path | None
    """The show's own templates folder, when it has one."""
    generator: str
    staging: Path
    """Where episode files are written (``output.Staging``)."""
    items: Path
    """Where each episode's feed items are written (``item_path``)."""
    cache: Path | None = None
    """The site's build cache folder, where media probes and compiled templates are kept;
    None keeps neither."""


@dataclass(frozen=True, slots=True)
class Card:
    """An episode as lists show it (pass 1)."""

    folder: PurePosixPath
    episode: Episode | None
    """The light episode (no notes, transcripts or chapters); None when it does not load,
    in which case ``render`` reports why."""
    keys: RawRecord | None
    """The front-matter values the show-wide checks compare (``episode.show_keys``)."""
    digest: str
    """Changes whenever anything a list shows of the episode changes."""
    text: EpisodeText | None = None
    """``episode.md`` as read, handed on to ``render`` so it is not parsed twice."""


@dataclass(frozen=True, slots=True)
class Task:
    source: EpisodeSource
    related: tuple[Episode, ...]
    """The light episodes its page lists as related."""
    key: str
    """The render key; names the episode's items in the item store."""
    text: EpisodeText | None = None
    """``episode.md`` as the first pass read it, when it did in this build."""
    scheduled: bool = False
    """Dated after the build: checked like the others, but not published yet."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering an episode produced (pass 2)."""

    folder: PurePosixPath
    diagnostics: tuple[Diagnostic, ...]
    loaded: bool
    draft: bool
    files: tuple[tuple[PurePosixPath, int], ...]
    """Each file written under the staging folder, with its size."""
    item: ItemSize | None
    """None for drafts, scheduled episodes and episodes that did not load."""
    published: float | None = None
    """The episode's date as a timestamp; None when it did not load."""
    scheduled: bool = False


class Worker:
    """Reads and renders single episodes of one site (the context of every task)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.probes = site.cache / PROBES if site.cache else None
        self.renderer = pages.Renderer(
            Project(site.show, (), (), site.glossary),
            show_templates=site.templates,
            generator=site.generator,
            compiled=compiled_templates(site.cache),
        )
        self.items = feed.ItemWriter(site.show, site.generator)
        self.made: set[Path] = set()
        """Folders this process has made under the staging folder (each is made once)."""

    def card(self, source: EpisodeSource) -> Card:
        """The episode's light form and show-wide keys; its problems are left to ``render``."""
        site = self.site
        text = episode_loader.read(site.root, source, Diagnostics())
        if text is None:
            return Card(source.folder, None, None, digest_of(repr(None)))
        found = episode_loader.card(
            site.root, source, site.show, text, Diagnostics(), probes=self.probes
        )
        keys = episode_loader.show_keys(text.front_matter)
        return Card(source.folder, found, keys, digest_of(repr(found)), text)

    def render(self, task: Task) -> Rendered:
        """Load the whole episode, write its files and items, and return what was written."""
        site = self.site
        diagnostics = Diagnostics()
        text = task.text or episode_loader.read(site.root, task.source, diagnostics)
        episode = None
        if text is not None:
            episode = episode_loader.whole(
                site.root, task.source, site.show, text, diagnostics, probes=self.probes
            )
        if episode is not None:
            # Drafts are checked like the others, notes included, but nothing is written.
            notes_html = notes.of(episode, diagnostics)
        folder = task.source.folder
        if episode is None or episode.draft:
            return Rendered(folder, tuple(diagnostics.items), episode is not None, True, (), None)
        published = episode.published.timestamp()
        try:
            files = own_files(site, episode, diagnostics)
            episode = with_copy_sizes(episode, files)
            page = self.renderer.episode_page(episode, notes_html, files, task.related)
            embed_page = self.renderer.embed_page(episode, files)
        except SourceError as error:  # a template or link the page cannot have
            diagnostics.add(error.diagnostic)
            return Rendered(folder, tuple(diagnostics.items), False, False, (), None)
        files[layout.episode_page(episode)] = page
        files[layout.embed_page(episode)] = embed_page
        files[layout.oembed(episode)] = oembed.document(site.show, episode)
        full = self.items.item(episode, notes_html, files, link_only=False)
        linked = self.items.linked(episode, notes_html, full) if episode.transcript else None
        verify.check_item(site.show, episode, full, files, diagnostics)
        if task.scheduled:
            # Rendered and checked like any episode, so a problem shows now, not on the day
            # it is due; nothing is written until then.
            found = tuple(diagnostics.items)
            return Rendered(folder, found, True, False, (), None, published, scheduled=True)
        for path, data in files.items():
            output.write_file(site.staging, path, data, self.made)
        _keep(item_path(site.items, task.key, linked=False), full)
        if linked is not None:
            _keep(item_path(site.items, task.key, linked=True), linked)
        for link_only in (False, True) if linked is not None else (False,):
            json_item = jsonfeed.item(site.show, episode, notes_html, link_only=link_only)
            _keep(item_path(site.items, task.key, linked=link_only, kind="json"), json_item)
        # The search index is made from these after the episodes (build/search.py).
        _keep(
            search_path(site.items, task.key),
            search_index.episode_document(site.show, episode, notes_html),
        )
        return Rendered(
            task.source.folder,
            tuple(diagnostics.items),
            True,
            False,
            tuple((path, len(data)) for path, data in sorted(files.items())),
            ItemSize(episode.guid, len(full), None if linked is None else len(linked)),
            published,
        )


def own_files(site: Site, episode: Episode, diagnostics: Diagnostics) -> dict[PurePosixPath, bytes]:
    """The episode's files other than its page: transcripts in every format, tagged copies
    of its local media, a copy of its artwork, and its chapters."""
    files: dict[PurePosixPath, bytes] = {}
    for transcript in transcripts.of_episode(episode):
        for extension, text in transcripts.render(transcript).items():
            files[layout.transcript(episode, transcript, extension)] = text.encode()
    tags = None
    for rendition in episode.media:
        copy = layout.media(episode, rendition)
        if copy is None or rendition.local_path is None:
            continue
        data = (site.root / rendition.local_path).read_bytes()
        if not site.show.tag_media:
            files[copy] = data
            continue
        if tags is None:
            tags = mediatags.of(site.show, episode, _picture(site, episode))
        try:
            tagged = tag(data, tags)
        except MediaError as exc:
            raise SourceError(
                f"media file {rendition.local_path.name!r}: {exc}", rendition.source, code=exc.code
            ) from None
        if tagged is None:
            diagnostics.warning(
                "media-untagged",
                f"media file {rendition.local_path.name!r} is copied without tags:"
                " nmo-feed does not tag its format",
                rendition.source,
                hint="MP3, M4A/MP4, Ogg Vorbis, Opus and FLAC copies carry the episode in"
                " their tags",
            )
        files[copy] = data if tagged is None else tagged
    if episode.transcript is not None:
        files[layout.transcript_fragment(episode)] = fragment.transcript_fragment(
            site.show, episode
        )
    if episode.chapters:
        files[layout.chapters(episode)] = chapters.render(site.show, episode)
    art = layout.episode_artwork(episode)
    if art is not None and episode.artwork is not None and episode.artwork.local_path is not None:
        files[art] = (site.root / episode.artwork.local_path).read_bytes()
    return files


def _picture(site: Site, episode: Episode) -> Picture | None:
    path = mediatags.artwork_file(site.show, episode)
    if path is None:
        return None
    return mediatags.picture(path, (site.root / path).read_bytes())


def with_copy_sizes(episode: Episode, files: dict[PurePosixPath, bytes]) -> Episode:
    """The episode with each local rendition's length the size of the copy written (tags
    change it), so the enclosure and the page give what listeners download."""
    media = []
    for rendition in episode.media:
        copy = layout.media(episode, rendition)
        if copy is not None and copy in files:
            rendition = replace(rendition, length=len(files[copy]))
        media.append(rendition)
    return replace(episode, media=tuple(media))


def compiled_templates(cache: Path | None) -> Path | None:
    """Where Jinja keeps compiled templates in the site's cache."""
    return cache / COMPILED if cache is not None else None


def item_path(store: Path, key: str, *, linked: bool, kind: str = "xml") -> str:
    """Where an episode's item is kept: with its transcript in full, or linked (a string:
    the feed is assembled from thousands of these, and pathlib would be most of its cost);
    ``kind`` ``json`` for its JSON Feed item."""
    return f"{store}{os.sep}{key}.{'linked' if linked else 'full'}.{kind}"


def search_path(store: Path, key: str) -> str:
    """Where an episode's record for the search index is kept (``search_index``)."""
    return f"{store}{os.sep}{key}.search.html"


def _keep(path: str, data: bytes) -> None:
    # Written beside and renamed: a killed worker or a full disk never leaves half an item
    # in the store for a later feed to copy.
    temporary = f"{path}.{os.getpid()}.tmp"
    with output.naming(path, temporary):
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)


def digest_of(*parts: str) -> str:
    """A short, stable digest of text (for cache keys)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()
