"""A burst of requests at `nmo-feed serve` (issue 15, item 6): 500 requests from 20 threads,
on loopback, that stop by themselves, while a title is edited. The server answers every one
as it should, stays up, and serves the new title within a bounded time (the rebuild is not
blocked by the burst); Ctrl-C still stops it with exit 0."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

from serving import Serving
from support import run_cli as run

THREADS, EACH = 20, 25
PAGE = "/episodes/welcome/"
PATHS = {  # what each asks, and the status it must get
    "/": 200,
    PAGE: 200,
    "/feed.xml": 200,
    "/no-such-page/": 404,
    "/../../etc/passwd": 404,
    "/%2e%2e/%2e%2e/etc/passwd": 404,
}
REBUILT_WITHIN = 60.0
"""Seconds from the edit to the new title served, burst or not (a rebuild takes about one)."""


def test_a_burst_of_requests_neither_crashes_the_server_nor_blocks_a_rebuild(
    tmp_path: Path,
) -> None:
    show = tmp_path / "show"
    assert run("new", show, "--site-url", "https://example.org/nmo/").returncode == 0
    (notes,) = show.glob("*-welcome/episode.md")
    with Serving(show, cwd=tmp_path) as served:
        wrong: list[tuple[str, object]] = []
        answered: Counter[int] = Counter()
        lock = threading.Lock()

        def burst(offset: int) -> None:
            paths = list(PATHS)
            for n in range(EACH):
                path = paths[(offset + n) % len(paths)]
                try:
                    status, _, _ = served.get(path)
                except OSError as exc:  # refused, reset or timed out: the server failed
                    status = None
                    with lock:
                        wrong.append((path, exc))
                with lock:
                    if status is not None:
                        answered[status] += 1
                        if status != PATHS[path]:
                            wrong.append((path, status))

        threads = [threading.Thread(target=burst, args=(i,)) for i in range(THREADS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        notes.write_text(notes.read_text().replace('title: "Welcome to', 'title: "Hello from'))
        edited = time.monotonic()
        served.wait_for(
            PAGE,
            lambda status, body: b"<h1>Hello from the show</h1>" in body,
            timeout=REBUILT_WITHIN,
        )
        rebuilt = time.monotonic() - edited
        bursting = any(thread.is_alive() for thread in threads)
        for thread in threads:
            thread.join(timeout=300)
        took = time.monotonic() - started
        print(  # noqa: T201 (the figures, with -s)
            f"\n{sum(answered.values())} requests answered in {took:.1f} s ({dict(answered)});"
            f" the new title served {rebuilt:.1f} s after the edit"
            f" ({'during' if bursting else 'after'} the burst)"
        )
        assert wrong == []
        assert sum(answered.values()) == THREADS * EACH
        assert served.process.poll() is None
        assert served.get(PAGE)[0] == 200
        assert served.interrupt() == 0
    assert "Traceback" not in served.output()
