"""The build cache: what the last build of a show into an output folder read and wrote.

A rebuild compares the show folder with it to render only what changed:

- every file of the show is looked at by size and modification time (``stat``), and only a
  file that moved is read again: text by its content hash, media and images by size and
  time (hashing gigabytes of media at every build would cost more than it saves);
- an episode is rendered again when its own files, the show's files (``show.toml``,
  ``glossary.toml``, artwork, templates), nmo-feed itself (its version, code and default
  templates, so a development install is covered too, and the installed libraries and
  Python) or the episodes its page lists as related changed, or when one of the files it
  wrote is no longer in ``out/`` as written;
- anything in ``out/`` that the last build did not write is found through the folders
  whose modification time moved, and removed, as a full build would;
- the show page, the glossary page and the feed are assembled again when what they list
  changed; the feed reuses each unchanged episode's ``<item>`` bytes from the item store.

The cache lives in ``$XDG_CACHE_HOME/nmo-feed`` (``~/.cache/nmo-feed``), one folder per
show and output folder, so nothing is added to the show or to the published site. Its item
store and light episodes are pruned to the last build's after every build; media probes
(``media.keep_probes``, a few bytes per version of a media file) and compiled templates are
kept. It is a
cache: deleting it only makes the next build a full one, and anything unreadable in it is
ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import shutil
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from ..errors import Diagnostic
from ..load import discover
from ..render.feedsize import ItemSize
from . import output

if TYPE_CHECKING:
    from ..model import Episode

FORMAT = 6
"""Bumped when the manifest's shape changes."""

MANIFEST = "manifest.pickle"
MARKER = ".nmo-feed"
"""``output.MARKER``: the one file in ``out/`` that no episode writes."""
CARDS = "cards"
ITEMS = "items"
LOCK = "lock"

Keys = tuple[dict[str, Any], str, dict[str, tuple[int, int]]]
"""A ``RawRecord`` of the keys ``validate.check_show`` compares (values, file, positions),
as plain values: reading the manifest then needs no YAML (``metadata`` imports PyYAML), and
no paths, which are slow to unpickle by the thousand."""

Signature = tuple[tuple[str, int, int], ...]
"""Each file of a folder as (path relative to the show, size, modification time in ns)."""

# Files read as text by the build: their content decides; anything else (media, images) is
# taken as changed when its size or time changes.
_TEXT_SUFFIXES = frozenset({".md", ".txt", ".vtt", ".srt", ".json", ".toml", ".html", ".css"})
_PACKAGE = Path(__file__).resolve().parent.parent
"""The nmo_feed package: its modules, every subpackage included, are part of the code signature."""


def default_root() -> Path:
    """``$XDG_CACHE_HOME/nmo-feed``, else ``~/.cache/nmo-feed``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nmo-feed"


def site_dir(cache_root: Path, source: Path, out: Path) -> Path:
    """The cache folder of one show built into one output folder."""
    name = f"{source.resolve()}\0{out.resolve()}"
    return cache_root / hashlib.blake2b(name.encode(), digest_size=12).hexdigest()


# --- What the show folder holds now -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scan:
    """The show folder as ``stat`` sees it: cheap enough to take at every build."""

    show: Signature
    """Every file outside the episode folders (show.toml, glossary, artwork, templates, and
    folders that are not episodes); hidden files and folders are not part of a show."""
    episodes: dict[str, Signature]
    """Each episode folder (a top-level folder with ``episode.md``) by name."""
    code: Signature
    """nmo-feed's own modules and default templates."""
    folders: dict[str, tuple[str, ...]]
    """Each top-level folder with the names of the files directly in it (for ``discover``)."""
    static: Signature = ()
    """The files of the show's ``static/`` folder, copied into ``out/`` as they are: not part
    of ``show``, since no page depends on them."""


def scan(root: Path) -> Scan:
    """Take the signatures of the show folder: every file, by size and time."""
    show: list[tuple[str, int, int]] = []
    episodes: dict[str, Signature] = {}
    folders: dict[str, tuple[str, ...]] = {}
    static: list[tuple[str, int, int]] = []
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if entry.is_dir():
                if name.startswith("."):
                    continue  # .git and the like: not part of a show (validate.py refuses them)
                files: list[tuple[str, int, int]] = []
                direct = _walk(entry.path, name, files)
                folders[name] = direct
                if name == discover.STATIC_DIR:
                    static.extend(files)
                elif discover.EPISODE_FILE in direct and discover.is_episode_folder(name):
                    episodes[name] = tuple(files)
                else:
                    show.extend(files)
            elif entry.is_file():
                stat = entry.stat()
                show.append((name, stat.st_size, stat.st_mtime_ns))
    return Scan(tuple(show), episodes, _code(), folders, tuple(static))


def _walk(
    path: str,
    prefix: str,
    found: list[tuple[str, int, int]],
    above: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[str, ...]:
    """Add every file below ``path`` to ``found`` (sorted); return the names directly in it.

    The build runs this over every episode folder at every build, so it stays lean. A
    symbolic link back to a folder above is not followed (it would never end), and a folder
    that cannot be read is left out (the loaders report what they cannot read)."""
    direct = []
    try:
        stat = os.stat(path)
        here = (stat.st_dev, stat.st_ino)
        if here in above:
            return ()
        entries = list(os.scandir(path))
    except OSError:
        return ()
    for entry in entries:
        name = entry.name
        if entry.is_file():
            stat = entry.stat()
            found.append((f"{prefix}/{name}", stat.st_size, stat.st_mtime_ns))
            direct.append(name)
        elif entry.is_dir():
            _walk(entry.path, f"{prefix}/{name}", found, above | {here})
    found.sort()
    direct.sort()
    return tuple(direct)


@functools.cache
def _code() -> Signature:
    """nmo-feed as it runs: its version, its modules and default templates (which are beside
    the package, not in it, in a development install), the Python version and every
    installed distribution's name and version (so an upgraded library renders anew). Worked
    out once per process: the code does not change while it runs."""
    found: list[tuple[str, int, int]] = []
    _walk(str(_PACKAGE), __version__, found)
    templates = discover.default_templates_dir()
    if not templates.is_relative_to(_PACKAGE):
        _walk(str(templates), "templates", found)
    found = [f for f in found if "__pycache__" not in f[0]]
    dists = [(name, 0, 0) for name in _distributions()]
    return ((f"python {sys.version}", 0, 0), *found, *dists)


def _distributions() -> list[str]:
    """The ``name-version.dist-info`` folders on the import path: one listing per folder,
    much cheaper than asking ``importlib.metadata`` for each library."""
    names: list[str] = []
    for folder in sys.path:
        try:
            with os.scandir(folder or ".") as entries:
                names.extend(e.name for e in entries if e.name.endswith(".dist-info"))
        except OSError:
            continue
    return sorted(names)


def content_digest(
    root: Path, signature: Signature, known: Mapping[str, str], found: dict[str, str]
) -> str:
    """A digest of the files in ``signature``: text by content, other files by size and
    time. ``known`` maps a file's signature entry (``repr``) to its digest from the last
    build, so an unmoved file is not read again; ``found`` receives each text file's."""
    hasher = hashlib.blake2b(digest_size=16)
    for entry in signature:
        name, size, mtime = entry
        hasher.update(f"{name}\0".encode("utf-8", "surrogatepass"))
        if PurePosixPath(name).suffix.lower() in _TEXT_SUFFIXES:
            key = repr(entry)
            digest = known.get(key) or file_digest(root / name)
            found[key] = digest
            hasher.update(digest.encode())
        else:
            hasher.update(f"{size}:{mtime}".encode())
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "blake2b").hexdigest()[:32]


# --- What the last build did ----------------------------------------------------------------


class EpisodeState(NamedTuple):
    """One episode folder as the last build found and rendered it.

    A named tuple, not a dataclass: thousands are pickled at every build, and tuples pickle
    several times faster."""

    signature: Signature
    digest: str
    """``content_digest`` of its files."""
    card_digest: str
    """Changes when anything a list of episodes shows of it changes."""
    keys: Keys | None
    render_key: str
    """Changes when anything its outputs depend on changes."""
    related: tuple[str, ...]
    """Folders of the episodes its page lists as related."""
    diagnostics: tuple[Diagnostic, ...]
    loaded: bool
    draft: bool
    item: ItemSize | None
    files: tuple[str, ...]
    """The files it wrote into ``out/``."""
    published: float | None = None
    """Its date (a POSIX timestamp), None when it did not load: whether it is scheduled
    changes with the time of the build, not with its files."""
    scheduled: bool = False
    """Dated after the build, so not published (unless ``--future``)."""


class FeedLayout(NamedTuple):
    """How ``feed.xml`` was put together: the channel around the items, by their names in
    the item store, so a rebuild can copy the runs of items that did not change."""

    head: bytes
    tail: bytes
    pieces: tuple[str, ...]


class TopicFeed(NamedTuple):
    """A topic's feed as the last build wrote it: its episodes' folders (newest first) and
    how the feed was put together."""

    folders: tuple[str, ...]
    layout: FeedLayout


class SearchShard(NamedTuple):
    """One bundle of the search index as the last build wrote it: what it was made from
    (``build/search.py``) and its files in ``out/``."""

    key: str
    files: tuple[str, ...]


@dataclass(slots=True)
class Manifest:
    """The last successful build of a show into an output folder."""

    format: int
    show_signature: Signature
    code: Signature
    show_digest: str
    episodes: dict[str, EpisodeState]
    """By folder name, in folder order."""
    pages_key: str
    """What the show page, glossary page, assets and the feed's channel were made from."""
    order: tuple[str, ...]
    """Published episodes' folders, newest first (the feed's and the show page's order)."""
    feed: FeedLayout
    outputs: dict[str, tuple[int, int]]
    """Every file written into ``out/`` by path, with its size and modification time."""
    folders: dict[str, int]
    """Every folder of ``out/`` (``""`` for ``out/`` itself) with its modification time: a
    folder whose time moved had entries added, removed or renamed since."""
    feed_bytes: int
    published: int
    drafts: int
    episode_count: int
    linked: frozenset[str]
    show_files: tuple[str, ...]
    """The show page, glossary page, assets and show artwork in ``out/``."""
    all_diagnostics: tuple[Diagnostic, ...]
    """Every problem the build reported (warnings: it succeeded), to report them again."""
    file_digests: dict[str, str] = field(default_factory=dict)
    """``repr`` of a text file's signature entry → its content digest."""
    static_signature: Signature = ()
    static_files: tuple[str, ...] = ()
    """The files of ``static/`` copied into ``out/``."""
    future: bool = False
    """Whether episodes dated after the build were published (``--future``)."""
    scheduled: tuple[tuple[str, float], ...] = ()
    """The episodes left out for being dated after the build: folder and date."""
    topics: dict[str, TopicFeed] = field(default_factory=dict)
    """Each topic's feed, by topic."""
    search: dict[str, SearchShard] = field(default_factory=dict)
    """Each bundle of the search index, by shard name (``build/search.py``)."""

    def glance(self) -> Glance:
        """The part of it that a rebuild with nothing changed reads."""
        return Glance(
            **{name: getattr(self, name) for name in _GLANCED},
            signatures={name: state.signature for name, state in self.episodes.items()},
            written=list(self.outputs),
            sizes=array("q", (size for size, _ in self.outputs.values())),
            times=array("q", (time for _, time in self.outputs.values())),
        )

    def unchanged(self, now: Scan, *, at: float, future: bool) -> bool:
        """``Glance.unchanged``."""
        return self.glance().unchanged(now, at=at, future=future)

    def moved(self, out: Path) -> set[str]:
        """``Glance.moved``."""
        return self.glance().moved(out)


_GLANCED = (
    "code",
    "show_signature",
    "static_signature",
    "future",
    "scheduled",
    "folders",
    "feed_bytes",
    "published",
    "drafts",
    "episode_count",
    "linked",
    "all_diagnostics",
)
"""The fields of the manifest that its glance holds as they are. It also holds each
episode's signature, and ``outputs`` in three flat parts, which load several times faster
than a dict of tuples (a no-op build never needs the dict)."""


@dataclass(frozen=True, slots=True)
class Glance:
    """What a rebuild with nothing changed needs of the manifest: whether the show folder,
    nmo-feed and ``out/`` are as the last build left them, and what that build reported.
    It is saved ahead of the rest of the manifest, which is read only when something
    changed (``load``): the rest (each episode's keys, digests and files, the feed's
    layout) is most of the manifest's loading time."""

    code: Signature
    show_signature: Signature
    static_signature: Signature
    future: bool
    scheduled: tuple[tuple[str, float], ...]
    folders: dict[str, int]
    feed_bytes: int
    published: int
    drafts: int
    episode_count: int
    linked: frozenset[str]
    all_diagnostics: tuple[Diagnostic, ...]
    signatures: dict[str, Signature]
    """Each episode folder's ``Scan.episodes`` signature, by name, in folder order."""
    written: list[str]
    """The files written into ``out/``, with their ``sizes`` and modification ``times`` (ns)
    in the same order: ``Manifest.outputs`` in three parts."""
    sizes: array[int]
    times: array[int]
    rest_at: int = -1
    """Where the rest of the manifest starts in its file (-1: not read from a file)."""

    def unchanged(self, now: Scan, *, at: float, future: bool) -> bool:
        """True when the show folder and nmo-feed are exactly as the last build saw them and
        no scheduled episode has come due by ``at`` (a POSIX timestamp)."""
        if now.code != self.code or now.show != self.show_signature:
            return False
        if now.static != self.static_signature or future != self.future:
            return False
        if any(date <= at for _, date in self.scheduled):
            return False
        return now.episodes == self.signatures

    def moved(self, out: Path) -> set[str]:
        """Paths in ``out/`` that are not as this build left them: its files changed or gone
        (by size and time), and anything else found in a folder whose time moved (a file
        or folder added by hand, or left by another build), which a full build would not
        have."""
        moved = set()
        prefix = f"{out}{os.sep}"
        for path, size, time in zip(self.written, self.sizes, self.times, strict=True):
            try:
                stat = os.stat(prefix + path)
            except OSError:
                moved.add(path)
                continue
            if stat.st_size != size or stat.st_mtime_ns != time:
                moved.add(path)
        written: set[str] | None = None
        for folder, expected_time in self.folders.items():
            try:
                if os.stat(prefix + folder).st_mtime_ns == expected_time:
                    continue
                with os.scandir(prefix + folder) as entries:
                    names = [e.name for e in entries]
            except OSError:
                continue  # a folder that is gone: its files are in ``moved`` already
            written = set(self.written) if written is None else written
            for name in names:
                path = f"{folder}/{name}" if folder else name
                if path not in written and path not in self.folders and path != MARKER:
                    moved.add(path)
        return moved


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder that holds one of ``paths``, up to ``""`` (the output folder itself)."""
    found = {""}
    for path in paths:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in found:
                break
            found.add(path)
    return found


def folder_times(out: Path, folders: Iterable[str]) -> dict[str, int]:
    """Each folder of ``out/`` with its modification time."""
    prefix = f"{out}{os.sep}"
    return {folder: os.stat(prefix + folder).st_mtime_ns for folder in folders}


def glance(folder: Path) -> Glance | None:
    """The last build's glance (``Glance``), or None when there is none or it cannot be used."""
    try:
        with (folder / MANIFEST).open("rb") as handle, _collector_off():
            fields = pickle.load(handle)
            if not isinstance(fields, dict) or fields.get("format") != FORMAT:
                return None
            del fields["format"]
            written, sizes, times = fields.pop("written"), array("q"), array("q")
            sizes.frombytes(fields.pop("sizes"))
            times.frombytes(fields.pop("times"))
            return Glance(
                **fields,
                written=written.split("\0") if written else [],
                sizes=sizes,
                times=times,
                rest_at=handle.tell(),
            )
    except Exception:  # a cache is never worth failing a build for; start again
        return None


def load(folder: Path, seen: Glance | None = None) -> Manifest | None:
    """The last build's manifest, or None when there is none or it cannot be used. ``seen``
    is its glance, when read already (``glance``): only the rest is read then."""
    try:
        seen = seen or glance(folder)
        if seen is None or seen.rest_at < 0:
            return None
        with (folder / MANIFEST).open("rb") as handle, _collector_off():
            handle.seek(seen.rest_at)
            fields = pickle.load(handle)
        if not isinstance(fields, dict) or fields.pop("format", None) != FORMAT:
            return None
        signatures = seen.signatures
        if fields["episodes"].keys() != signatures.keys():
            return None
        fields["episodes"] = {
            name: EpisodeState._make((signatures[name], *rest[:8], _item(rest[8]), *rest[9:]))
            for name, rest in fields["episodes"].items()
        }
        return Manifest(
            format=FORMAT,
            **{name: getattr(seen, name) for name in _GLANCED},
            outputs=dict(zip(seen.written, zip(seen.sizes, seen.times, strict=True), strict=True)),
            **fields,
        )
    except Exception:  # a cache is never worth failing a build for; start again
        return None


@contextmanager
def _collector_off() -> Iterator[None]:
    """No garbage collection while a manifest loads: it is tens of thousands of tuples, none
    of them garbage, and each thousand would start a collection that looks at them all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _item(value: tuple[str, int, int | None] | None) -> ItemSize | None:
    return ItemSize(*value) if value is not None else None


def forget(folder: Path) -> None:
    """Drop the manifest, so that the next build is a full one (before ``out/`` changes)."""
    (folder / MANIFEST).unlink(missing_ok=True)


def save(folder: Path, manifest: Manifest) -> None:
    """Write the manifest, and prune the item store and the cards of what it no longer has."""
    folder.mkdir(parents=True, exist_ok=True)
    glanced = manifest.glance()
    seen = {name: getattr(glanced, name) for name in (*_GLANCED, "signatures")}
    # Paths hold no NUL: one string splits into them faster than a list of them unpickles.
    seen["written"] = "\0".join(glanced.written)
    seen["sizes"], seen["times"] = glanced.sizes.tobytes(), glanced.times.tobytes()
    rest = {
        field.name: getattr(manifest, field.name)
        for field in dataclasses.fields(manifest)
        if field.name not in seen and field.name != "outputs"
    }
    # Named tuples pickle through a Python call each: thousands of episodes as plain
    # tuples save and load several times faster. Their signatures are in the glance.
    rest["episodes"] = {
        name: (*state[1:9], tuple(state.item) if state.item else None, *state[10:])
        for name, state in manifest.episodes.items()
    }
    _dump(folder / MANIFEST, {"format": FORMAT, **seen}, rest)
    _prune(folder / ITEMS, {state.render_key for state in manifest.episodes.values()})
    _prune(folder / CARDS, {state.card_digest for state in manifest.episodes.values()})


def save_card(folder: Path, digest: str, episode: Episode | None) -> None:
    """Keep an episode's light form, named by its digest (so it is written once)."""
    path = folder / CARDS / f"{digest}.pickle"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _dump(path, episode)


def load_card(folder: Path, digest: str) -> tuple[bool, Episode | None]:
    """``(True, episode)`` for a kept light form, ``(False, None)`` when it is not there."""
    try:
        with (folder / CARDS / f"{digest}.pickle").open("rb") as handle:
            return True, pickle.load(handle)
    except Exception:  # a cache is never worth failing a build for
        return False, None


def _prune(store: Path, keep: set[str]) -> None:
    if store.is_dir():
        with os.scandir(store) as entries:
            for entry in entries:
                if entry.name.split(".", 1)[0] not in keep:
                    os.unlink(entry.path)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the site's cache for one build: two builds of the same show into the same
    folder at once would overwrite each other's items."""
    with output.holding(folder / LOCK):
        yield


def clear(folder: Path) -> None:
    """Empty a site's cache folder, keeping its lock (which the running build holds)."""
    for entry in folder.iterdir():
        if entry.name == LOCK:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _dump(path: Path, *values: object) -> None:
    """Pickle each of ``values`` into ``path``, one after the other."""
    # Written beside and renamed, so a crash never leaves half a manifest.
    temporary = path.with_name(path.name + ".tmp")
    with output.naming(path, temporary):
        with temporary.open("wb") as handle:
            for value in values:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
