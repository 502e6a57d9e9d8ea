"""The search index: Pagefind's index of every published episode's transcript, show notes and
summaries and of the glossary, split into shards that the search page merges in the browser.
The only module that speaks to Pagefind.

**Shards.** Indexing is the slow part of Pagefind (a few milliseconds per 4,500-word
transcript), so the index is not one bundle but many: each episode belongs to the shard named
by a stable hash of its folder name, and a rebuild re-indexes only the shards whose episodes
changed. The search page loads the *primary* bundle (``layout.SEARCH_RUNTIME``: Pagefind's
script and WebAssembly, and the show's own records: the show page and the glossary) and
merges each episode shard with Pagefind's ``mergeIndex``. The number of shards is a power of
two chosen from the number of episodes (``shard_count``), so a shard holds at most
``SHARD_SIZE`` episodes on average; when the count moves to the next power of two, every
shard is made again once.

**Records.** Each episode is given to Pagefind as a small HTML document of its own
(``episode_document``): its title, each transcript paragraph with the id it has on the
episode page (``episode_page.paragraph_anchors``), its summaries and its show notes. Pagefind
keeps the position of every element with an id, so the search page links a result to the
paragraph where its words first occur.

**The service.** Pagefind's Python package talks to its binary (``pagefind --service``) but
waits 0.1 s before reading each reply, which is 0.1 s per episode added; ``Indexer`` speaks
the same protocol itself (base64 JSON messages ending in a comma), one request at a time, and
asks for the files in memory (``GetFiles``) instead of having Pagefind write them, so the
build stages them like any other output. The binary comes from the ``pagefind[bin]`` wheel:
nothing is downloaded.

**Deterministic.** Pagefind names its files by digests of their content and writes the same
bytes for the same documents added in the same order; documents are added sorted by URL.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any

from .. import layout
from ..model import Episode, Glossary, Show
from . import episode_page, locale, wording

SHARD_SIZE = 32
"""The most episodes a shard holds on average: re-indexing one shard after a change costs
about this many episodes' indexing, and the browser merges ``episodes / SHARD_SIZE``
bundles."""

_RUNTIME = frozenset({"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"})
"""Pagefind's files that the primary bundle keeps besides its index: its script, the worker
it starts and its entry (the WebAssembly files are kept by their suffix). Pagefind's own
search interfaces and highlighter are left out: the search page is ours."""
_INDEX_FOLDERS = ("index/", "fragment/", "filter/")


class SearchIndexError(Exception):
    """Pagefind could not be started or refused a document; ``hint`` says what to do, where
    the publisher can do something (a missing binary: not a refused document)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


_REINSTALL = "reinstall nmo-feed with its dependencies (pip install nmo-feed)"


def shard_count(episodes: int) -> int:
    """How many shards ``episodes`` episodes are split into: the least power of two that
    keeps the average shard within ``SHARD_SIZE``."""
    count = 1
    while count * SHARD_SIZE < episodes:
        count *= 2
    return count


def shard_of(folder: str, count: int) -> str:
    """The shard of the episode in ``folder``: its name (three hex digits) depends only on
    the folder name and the number of shards, so an episode stays in its shard."""
    value = int.from_bytes(hashlib.blake2b(folder.encode(), digest_size=4).digest(), "big")
    return f"{value % count:03x}"


def shards(folders: Iterable[str]) -> dict[str, list[str]]:
    """The published episodes' folders by shard name (shards with no episode are left
    out), in name order."""
    listed = sorted(folders)
    count = shard_count(len(listed))
    found: dict[str, list[str]] = {}
    for folder in listed:
        found.setdefault(shard_of(folder, count), []).append(folder)
    return dict(sorted(found.items()))


def language(show: Show) -> str:
    """The one language every shard is indexed in (merged indexes must share one): the
    show's primary subtag, as Pagefind wants ISO 639-1."""
    return wording.primary_subtag(show.language)


def episode_document(show: Show, episode: Episode, notes_html: str) -> bytes:
    """The episode as Pagefind indexes it: its page's URL (relative to the site's root) on
    the first line, then an HTML document whose ids are the page's."""
    parts = [f"<h1>{escape(episode.title)}</h1>"]
    # The transcript first: a result lands on the first place its words occur, and that
    # should be where they were said rather than the summary.
    if episode.transcript is not None:
        anchors = episode_page.paragraph_anchors(episode.transcript)
        paragraphs = (p for turn in episode.transcript.turns for p in turn.paragraphs)
        for anchor, paragraph in zip(anchors, paragraphs, strict=True):
            parts.append(f'<p id="{anchor}">{escape(paragraph.text)}</p>')
    summaries = [episode.summary, *episode.plain_summary]
    if any(summaries):
        items = "".join(f"<p>{escape(s)}</p>" for s in summaries if s)
        parts.append(f'<div id="summary">{items}</div>')
    if notes_html:
        # Already sanitised (render/notes.py); its own ids are the page's too.
        parts.append(f'<section id="notes">{notes_html}</section>')
    url = str(layout.episode_page(episode))
    return _document(show, url, parts)


def show_documents(show: Show, glossary: Glossary) -> list[bytes]:
    """The primary bundle's records: the show page (its title and description, so the
    bundle is never empty) and, when the show has one, the glossary with each entry under
    the id it has on the glossary page."""
    records = [
        _document(
            show,
            str(layout.SHOW_PAGE),
            [f"<h1>{escape(show.title)}</h1>", f"<p>{escape(show.description)}</p>"],
        )
    ]
    if glossary.terms:
        # Its title is a result's heading on the search page: the glossary page's own, in
        # the show's language.
        with locale.speaking(show.language):
            title = wording.gettext(wording.SECTIONS["glossary"])
        parts = [f"<h1>{escape(title)}</h1>"]
        for term in glossary.terms:
            name = f"{term.expansion} ({term.term})" if term.expansion else term.term
            words = " ".join((f"{name}:", term.definition, *term.aliases))
            parts.append(f'<p id="gl-{escape(term.id)}">{escape(words)}</p>')
        records.append(_document(show, str(layout.GLOSSARY_PAGE), parts))
    return records


def _document(show: Show, url: str, parts: Sequence[str]) -> bytes:
    body = "".join(parts)
    html = f'<!doctype html><html lang="{escape(show.language)}"><body>{body}</body></html>'
    return f"{url}\n{html}".encode()


class Indexer:
    """One Pagefind process, for every shard a build makes again (a context manager)."""

    def __init__(self, show: Show) -> None:
        self.language = language(show)
        self.process: subprocess.Popen[bytes] | None = None
        self.message = 0
        self.pending = b""

    def __enter__(self) -> Indexer:
        # Imported here: only a build whose search index changed starts Pagefind.
        from pagefind.service import get_executable  # noqa: PLC0415

        executable = get_executable()
        if executable is None:
            raise SearchIndexError(
                "the Pagefind binary is missing (pip install pagefind[bin])", hint=_REINSTALL
            )
        try:
            self.process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise SearchIndexError(
                f"Pagefind could not be started: {exc}", hint=_REINSTALL
            ) from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        process.stdin.close()  # Pagefind's service ends at the end of its input
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()

    def bundle(self, documents: Iterable[bytes], *, primary: bool) -> dict[PurePosixPath, bytes]:
        """Index ``documents`` (from ``episode_document`` or ``show_documents``) as one bundle:
        its files by their path inside the bundle's folder. Only the primary bundle keeps
        Pagefind's script and WebAssembly; an episode shard is only its index."""
        config = {"force_language": self.language}
        index = self._send({"type": "NewIndex", "config": config}, "NewIndex")["index_id"]
        found = []
        for document in documents:
            url, _, html = document.decode().partition("\n")
            found.append((url, html))
        for url, html in sorted(found):
            self._send(
                {
                    "type": "AddFile",
                    "index_id": index,
                    "url": url,
                    "file_contents": html,
                    "file_path": None,
                },
                "IndexedFile",
            )
        reply = self._send({"type": "GetFiles", "index_id": index}, "GetFiles")
        self._send({"type": "DeleteIndex", "index_id": index}, "DeleteIndex")
        files = {}
        for entry in reply["files"]:
            name = str(entry["path"])
            if _kept(name, primary=primary):
                files[PurePosixPath(name)] = base64.b64decode(entry["content"])
        return dict(sorted(files.items()))

    def _send(self, payload: dict[str, Any], expected: str) -> dict[str, Any]:
        process = self.process
        assert process is not None and process.stdin is not None and process.stdout is not None
        self.message += 1
        request = {"message_id": self.message, "payload": payload}
        try:
            process.stdin.write(base64.b64encode(json.dumps(request).encode()) + b",")
            process.stdin.flush()
            while b"," not in self.pending:
                chunk = os.read(process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise SearchIndexError("Pagefind stopped while indexing")
                self.pending += chunk
        except OSError as exc:
            raise SearchIndexError(f"Pagefind stopped while indexing: {exc}") from None
        message, _, self.pending = self.pending.partition(b",")
        reply: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if reply.get("type") != expected:
            raise SearchIndexError(f"Pagefind refused {payload['type']}: {reply.get('message')}")
        return reply


def _kept(name: str, *, primary: bool) -> bool:
    if name.startswith(_INDEX_FOLDERS) or name.endswith(".pf_meta"):
        return True
    if name == "pagefind-entry.json":
        return True
    return primary and (name in _RUNTIME or (name.startswith("wasm.") and "/" not in name))
