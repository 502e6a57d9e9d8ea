"""``nmo-feed serve`` run for real in a subprocess on 127.0.0.1, for the tests that talk to it
(``from serving import Serving``)."""

from __future__ import annotations

import http.client
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pytest

STARTED = "Serving the preview of "


def free_port() -> int:
    """A port nothing listens on now: bound to port 0, the system's choice, then freed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Serving:
    """``python -m nmo_feed serve --source SOURCE --port PORT [args]``, read line by line."""

    def __init__(
        self,
        source: Path,
        *args: str,
        cwd: Path | None = None,
        port: int | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """``port`` when the show must know its address first (its ``site_url``); ``env``
        added to the environment (a test hook of the server)."""
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nmo_feed", "serve", "--source", str(source),
             "--port", str(self.port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env={**os.environ, **env} if env else None,
        )  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        self._readers = [
            threading.Thread(target=self._read, args=(stream, kept, tell), daemon=True)
            for stream, kept, tell in (
                (self.process.stdout, self.stdout, True),
                (self.process.stderr, self.stderr, False),
            )
        ]
        for reader in self._readers:
            reader.start()
        line = self.next_line(STARTED, timeout=120)
        self.site = Path(line.split("; built in ", 1)[1].split(". Ctrl-C", 1)[0])
        """The preview's build folder, as the server says."""

    def _read(self, stream: object, kept: list[str], tell: bool) -> None:
        for line in stream:  # type: ignore[attr-defined]
            kept.append(line)
            if tell:
                self._lines.put(line)

    def next_line(self, starting: str, timeout: float) -> str:
        """The next line of standard output that starts with ``starting``."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self._lines.empty():
                    break
                continue
            if line.startswith(starting):
                return line
        pytest.fail(f"no line {starting!r} from nmo-feed serve:\n{self.output()}", pytrace=False)

    def output(self) -> str:
        return "".join(self.stdout) + "--- stderr ---\n" + "".join(self.stderr)

    def get(
        self, path: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        """The response to ``path`` sent exactly as given (no client-side normalising)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def wait_for(
        self, path: str, ready: Callable[[int, bytes], bool], timeout: float = 60
    ) -> tuple[int, bytes]:
        """Ask for ``path`` until ``ready(status, body)``; the rebuild runs in the background."""
        end = time.monotonic() + timeout
        while True:
            status, _, body = self.get(path)
            if ready(status, body):
                return status, body
            if time.monotonic() > end:
                pytest.fail(
                    f"{path} never became ready; last {status}:\n{body[:2000]!r}\n{self.output()}",
                    pytrace=False,
                )
            time.sleep(0.2)

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it; the exit status."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=60)
        for reader in self._readers:
            reader.join(timeout=10)  # all it printed is read
        return status

    def __enter__(self) -> Serving:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()  # only when a test failed before its own Ctrl-C
            self.process.wait(timeout=30)
        for reader in self._readers:
            reader.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
