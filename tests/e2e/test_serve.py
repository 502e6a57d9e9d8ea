"""`nmo-feed serve` as a subprocess on a free port of 127.0.0.1, on a show made by `new` in a
fresh temporary folder: it answers, rebuilds after an edit, lists the diagnostics of a
broken show, refuses every path outside its build folder, and stops on Ctrl-C with exit 0."""

from __future__ import annotations

import re
import socket
import time
from html import unescape
from pathlib import Path, PurePosixPath

import pytest
from media_files import mp3
from serving import Serving, free_port
from support import run_cli as run

from nmo_feed.render import hosting
from nmo_feed.serve.server import is_loopback, safe_path


@pytest.fixture
def show(tmp_path: Path) -> Path:
    show = tmp_path / "show"
    assert run("new", show, "--site-url", "https://example.org/nmo/").returncode == 0
    return show


def episode_md(show: Path) -> Path:
    (path,) = show.glob("*-welcome/episode.md")
    return path


def test_serve_rebuilds_lists_diagnostics_and_stops_on_ctrl_c(show: Path, tmp_path: Path) -> None:
    with Serving(show, cwd=tmp_path) as served:
        status, headers, body = served.get("/")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert b'new EventSource("/_nmo-feed/events")' in body
        # The reload script is added to the response only: the build folder has none of it,
        # and the build folder is the preview's own, not an out/ beside the show.
        assert (served.site / "index.html").is_file()
        assert not any(b"_nmo-feed" in p.read_bytes() for p in served.site.rglob("*.html"))
        assert not (tmp_path / "out").exists() and served.site != tmp_path / "out"

        events = EventStream(served.port)  # as a page's reload script opens it

        # An edit: the page shows it after the rebuild, and open pages are told to reload.
        path = episode_md(show)
        path.write_text(path.read_text().replace('title: "Welcome to', 'title: "Hello from'))
        page = "/episodes/welcome/"
        served.wait_for(page, lambda status, body: b"<h1>Hello from the show</h1>" in body)
        assert events.next_build() > events.first

        # A broken episode: every address is the list of diagnostics, as the terminal has it.
        good = path.read_text()
        path.write_text(good.replace("date: ", "date: 2024-13-45 #", 1))
        status, body = served.wait_for(page, lambda status, body: status == 500)
        terminal = run("check", "--source", show).stderr.splitlines()
        html = body.decode()
        assert re.search(r'<html lang="en">', html) and html.count("<h1>") == 1
        assert "<title>1 error in the show – nmo-feed preview</title>" in html
        assert "<h1>The show has 1 error</h1>" in html
        items = [unescape(i) for i in re.findall(r"<li><pre>(.*?)</pre></li>", html, re.DOTALL)]
        # Every diagnostic the terminal shows (the warnings too), in its order and words.
        located = [line for line in terminal if re.match(r"\S+:\d+:\d+: \w+\[", line)]
        assert [item.split("\n")[0] for item in items] == located
        assert any(line.startswith(f"{show}/") and "error[bad-date]" in line for line in located)
        assert "\n".join(terminal).startswith("\n".join(items))
        assert f"<p>{terminal[-1]}</p>" in html  # 1 error, 6 warnings in 1 episode
        assert served.get("/feed.xml")[0] == 500  # no stale file either
        assert b'new EventSource("/_nmo-feed/events")' in body  # it reloads when fixed
        assert any("error[bad-date]" in line for line in served.stderr)

        path.write_text(good)
        served.wait_for(page, lambda status, body: status == 200)
        events.close()
        assert served.interrupt() == 0
    assert served.stdout[-1] == "Stopped.\n"
    assert "Traceback" not in served.output()


class EventStream:
    """The server-sent events a page's reload script listens to, read from a raw socket."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.socket.sendall(b"GET /_nmo-feed/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.buffer = b""
        head = self._until(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.0 200") and b"Content-Type: text/event-stream" in head
        self.first = self.next_build()

    def _until(self, end: bytes) -> bytes:
        while end not in self.buffer:
            chunk = self.socket.recv(4096)
            assert chunk, "the event stream closed"
            self.buffer += chunk
        found, self.buffer = self.buffer.split(end, 1)
        return found

    def next_build(self, timeout: float = 60) -> int:
        """The number of the next build announced (the current one, on connecting)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            event = self._until(b"\n\n")
            if event.startswith(b"event: build\n"):
                return int(event.split(b"data: ", 1)[1])
        pytest.fail("no build was announced", pytrace=False)

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def timed_show(show: Path, tmp_path: Path) -> Path:
    """The new show with a published episode that has media and a timed transcript, so the
    build writes every kind of file the server must type."""
    talk = tmp_path / "talk.mp3"
    talk.write_bytes(mp3(1000))  # 26 s
    done = run("add", "Timed talk", "--source", show, "--date", "2024-01-02", "--media", talk)
    assert done.returncode == 0, done.stderr
    folder = show / "2024-01-02-timed-talk"
    text = (folder / "episode.md").read_text().replace("draft: true", "draft: false")
    (folder / "episode.md").write_text(text)
    (folder / "transcript.md").write_text("Host:\n\n[00:00] Hello there.\n\n[00:10] Goodbye.\n")
    return show


ESCAPES = [
    "/../show/show.toml",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/show/show.toml",
    "/episodes/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/%5c..%5csecret.txt",
    "/episodes\\..\\..\\secret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/index.html%00.txt",
    "/.nmo-feed",
    "/%2enmo-feed",
    "/episodes/./timed-talk/index.html",
    "/%ff%fe",
    "/leak.txt",  # a link in the build folder to a file outside it
    "/episodes/",  # a folder without index.html: never listed
]


def test_serve_serves_only_its_build_folder_with_the_right_types(
    timed_show: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.txt").write_text("the secret itself")
    with Serving(timed_show) as served:
        (served.site / "leak.txt").symlink_to(tmp_path / "secret.txt")
        for path in ESCAPES:
            status, _, body = served.get(path)
            assert status == 404, path
            assert b"the secret itself" not in body and b"root:" not in body, path
        listing = served.get("/episodes/")[2]
        assert b"timed-talk" not in listing

        types = {
            "/feed.xml": "application/rss+xml; charset=utf-8",
            "/episodes/timed-talk/transcript.vtt": "text/vtt; charset=utf-8",
            "/episodes/timed-talk/transcript.srt": "application/x-subrip; charset=utf-8",
            "/episodes/timed-talk/transcript.json": "application/json",
            "/episodes/timed-talk/transcript.txt": "text/plain; charset=utf-8",
            "/media/timed-talk/talk.mp3": "audio/mpeg",
            "/assets/site.css": "text/css; charset=utf-8",
            "/assets/player.js": "text/javascript; charset=utf-8",
            "/artwork/artwork.png": "image/png",
            "/episodes/timed-talk/": "text/html; charset=utf-8",
        }
        for path, kind in types.items():
            status, headers, body = served.get(path)
            assert (status, headers["Content-Type"]) == (200, kind), path
            # The published site's headers (the table _headers and .htaccess are written
            # from), but never cached.
            file = PurePosixPath(path[1:] + ("index.html" if path.endswith("/") else ""))
            published = dict(hosting.headers_for(file))
            assert published.pop("Cache-Control").startswith("public, max-age=")
            sent = {name: headers[name] for name in [*published, "Cache-Control"]}
            assert sent == {**published, "Cache-Control": "no-store"}, path
            if not path.endswith("/"):
                assert body == (served.site / path[1:]).read_bytes(), path

        status, headers, _ = served.get("/episodes/timed-talk")
        assert (status, headers["Location"]) == (301, "/episodes/timed-talk/")
        # Players seek in media by byte ranges.
        status, headers, body = served.get("/media/timed-talk/talk.mp3", {"Range": "bytes=10-19"})
        size = (served.site / "media/timed-talk/talk.mp3").stat().st_size  # the tagged copy
        assert (status, headers["Content-Range"], len(body)) == (206, f"bytes 10-19/{size}", 10)
        assert (
            served.get("/episodes/timed-talk/transcript.vtt")[1]["Access-Control-Allow-Origin"]
            == "*"
        )
        assert "Access-Control-Allow-Origin" not in served.get("/episodes/timed-talk/")[1]
        status, headers, body = served.get("/feed.xml", method="HEAD")
        assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
        assert served.interrupt() == 0


def test_serve_drafts_shows_and_labels_them_without_changing_the_show(
    show: Path, tmp_path: Path
) -> None:
    done = run("add", "Coming soon", "--source", show, "--date", "2024-02-03")
    draft = Path(done.stdout.splitlines()[0]) / "episode.md"
    before = draft.read_bytes()
    with Serving(show) as served:
        assert served.get("/episodes/coming-soon/")[0] == 404  # not without --drafts
        assert served.interrupt() == 0
    with Serving(show, "--drafts") as served:
        status, _, body = served.get("/episodes/coming-soon/")
        html = body.decode()
        assert status == 200
        assert "<title>Draft: Coming soon – " in html
        assert "<strong>Draft</strong>: this episode is not published." in html
        index = served.get("/")[2].decode()
        assert re.search(
            r'href="episodes/coming-soon/index.html">Coming soon <span[^>]*>Draft</span>', index
        )
        # Only what is served is labelled; the build and the show folder are unchanged.
        assert b"Draft</span>" not in (served.site / "index.html").read_bytes()
        assert "(drafts shown)" in served.stdout[-1] or any(
            "(drafts shown)" in line for line in served.stdout
        )
        assert served.interrupt() == 0
    assert draft.read_bytes() == before


def test_serve_says_when_the_port_is_taken(show: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("serve", "--source", show, "--port", str(port))
    assert done.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_without_a_show_folder_is_a_clear_error(tmp_path: Path) -> None:
    done = run("serve", "--port", str(free_port()), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("nmo-feed: error: the show folder episodes does not exist;")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("/", ""), ("/a/b/", "a/b"), ("/a%20b.html?x=1#y", "a b.html"), ("/a/../b", None),
     ("/a//b", None), ("a", None), ("/a\x01", None), ("/a/./b", None), ("/.git/config", None)],
)  # fmt: skip
def test_safe_path(raw: str, expected: str | None) -> None:
    assert safe_path(raw) == (None if expected is None else PurePosixPath(expected))


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "example.org"]))


def test_ctrl_c_with_pages_still_listening(show: Path) -> None:
    """Open event streams (pages waiting for a rebuild) do not hold up Ctrl-C."""
    with Serving(show) as served:
        streams = [EventStream(served.port) for _ in range(3)]
        assert served.interrupt() == 0
        for stream in streams:
            stream.close()
    assert served.stdout[-1] == "Stopped.\n"
    assert "Traceback" not in served.output()
