"""The preview's HTTP server: the standard library's ``ThreadingHTTPServer``, serving the
preview's build folder and nothing else.

A request names a file by a path under the build folder; anything that could name another
file is refused with 404 before the file system is asked: ``..`` and ``.`` segments (also
percent-encoded), hidden names (the build's own ``.nmo-feed`` marker), backslashes, NUL
bytes, empty segments, undecodable bytes; and a path that resolves outside the folder (a
symbolic link) is 404 too. A folder is served by its ``index.html``, never listed. Content
types and headers are those the published site's host sends (``render/hosting.py``: the
``text/vtt`` captions, the CORS header on feeds and transcripts, ``frame-ancestors`` on pages),
but nothing is cached. While the show has errors every page is the list of
diagnostics, not the last good build.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import unquote

from .. import layout
from ..render import hosting
from . import page
from .preview import Preview

_ANY_PAGE = layout.SHOW_PAGE
_CHUNK = 1 << 16
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# Test hook (tests/browser/test_embed_in_chromium.py): NMO_FEED_SERVE_WITHOUT_CORS=1 leaves
# out Access-Control-Allow-Origin, as a host without the site's host files would, so the
# test can show that partners' players fail without it.
_DROPPED = {"Cache-Control"}
if os.environ.get("NMO_FEED_SERVE_WITHOUT_CORS"):
    _DROPPED.add(hosting.CORS[0])


def headers_for(path: PurePosixPath) -> list[tuple[str, str]]:
    """The published site's headers for a file (``render/hosting.py``, the table the host
    files are written from), except caching: a preview changes at every save."""
    found = [(n, v) for n, v in hosting.headers_for(path) if n not in _DROPPED]
    if not found or found[0][0] != "Content-Type":  # a static file of a kind not in the table
        found.insert(0, ("Content-Type", "application/octet-stream"))
    return [*found, ("Cache-Control", "no-store")]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(preview: Preview, host: str, port: int) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (not yet serving); raises ``OSError`` when the
    address cannot be used."""

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        daemon_threads = True  # an open event stream must not keep Ctrl-C waiting

    class Handler(_Handler):
        served = preview

    return Server((host, port), Handler)


def safe_path(raw: str) -> PurePosixPath | None:
    """The request path as a path under the build folder, or None when it could name
    anything else. A path ending in ``/`` keeps an empty last part, for ``index.html``."""
    path = raw.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return None
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\0" in decoded or "\\" in decoded:
        return None
    parts = decoded[1:].split("/")
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if (not part and not last) or part.startswith(".") or any(ord(c) < 32 for c in part):
            return None
    return PurePosixPath(*[p for p in parts if p])


class _Handler(BaseHTTPRequestHandler):
    served: Preview
    server_version = "nmo-feed"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a line per request would drown the build's own messages

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        if self.path.split("?", 1)[0] == page.EVENTS and body:
            self._events()
            return
        relative = safe_path(self.path)
        if relative is None:
            self._page(
                HTTPStatus.NOT_FOUND,
                page.not_found_page(self.path, self._generation(), self.served.language),
                body,
            )
            return
        preview = self.served
        with preview.lock:  # no file is opened half-way through a build
            generation = preview.generation
            problems = preview.problems
            if problems is not None:
                html = page.diagnostics_page(
                    preview.display,
                    problems.items,
                    problems.summary,
                    problems.errors,
                    generation,
                    preview.language,
                )
                self._page(HTTPStatus.INTERNAL_SERVER_ERROR, html, body)
                return
            found = self._find(relative)
            if isinstance(found, str):
                self._redirect(found)
                return
            if found is None:
                missing = page.not_found_page(self.path, generation, preview.language)
                self._page(HTTPStatus.NOT_FOUND, missing, body)
                return
            file, name = found
            handle = file.open("rb")  # open under the lock; read after, from the same file
        with handle:
            if name.suffix == ".html":
                html = page.inject(
                    handle.read(), name, generation, preview.draft_pages, preview.language
                )
                self._page(HTTPStatus.OK, html, body, name)
            else:
                self._file(handle, headers_for(name), body)

    def _find(self, relative: PurePosixPath) -> tuple[Path, PurePosixPath] | str | None:
        """The file to serve and its path in the site; a string is where to redirect (a
        folder asked without its ``/``); None is 404."""
        root = self.served.site.resolve()
        target = root.joinpath(*relative.parts)
        try:
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(root):
            return None
        if real.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return self.path.split("?", 1)[0] + "/"
            relative = relative / "index.html"
            real = real / "index.html"
            if not real.is_file() or not real.resolve().is_relative_to(root):
                return None
        if not real.is_file():
            return None
        return real, relative

    def _generation(self) -> int:
        return self.served.generation

    def _headers(self, status: HTTPStatus, headers: list[tuple[str, str]], length: int) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))

    def _page(
        self, status: HTTPStatus, html: bytes, body: bool, name: PurePosixPath | None = None
    ) -> None:
        """A page of the site (``name``), or one of the server's own (diagnostics, not
        found), which are sent as a page of the site not in the table would be."""
        headers = headers_for(name) if name is not None else []
        if not headers or headers[0] != ("Content-Type", hosting.HTML):
            headers = headers_for(_ANY_PAGE)
        self._headers(status, headers, len(html))
        self.end_headers()
        if body:
            self.wfile.write(html)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _file(self, handle: BinaryIO, headers: list[tuple[str, str]], body: bool) -> None:
        """The file, or the one byte range asked for (players seek in media this way)."""
        size = handle.seek(0, 2)
        start, end = 0, size - 1
        status = HTTPStatus.OK
        wanted = _RANGE.match(self.headers.get("Range", "").strip())
        if wanted and (wanted[1] or wanted[2]) and size:
            if wanted[1]:
                start, end = int(wanted[1]), min(int(wanted[2] or size - 1), size - 1)
            else:
                start = max(0, size - int(wanted[2]))
            if start > end or start >= size:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.PARTIAL_CONTENT
        self._headers(status, headers, end - start + 1 if size else 0)
        self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if not body:
            return
        handle.seek(start)
        left = end - start + 1 if size else 0
        while left > 0:
            block = handle.read(min(_CHUNK, left))
            if not block:
                break
            self.wfile.write(block)
            left -= len(block)

    def _events(self) -> None:
        """Server-sent events: the build number now, then after every build, with a
        comment every 15 seconds so a closed page is noticed and its thread ends."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent: int | None = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while True:
                now = self.served.wait(sent, timeout=15)
                if now is None:
                    return
                message = f"event: build\ndata: {now}\n\n" if now != sent else ": waiting\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                sent = now
        except OSError:
            return  # the page was closed
