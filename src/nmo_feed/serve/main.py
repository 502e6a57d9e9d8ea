"""``nmo-feed serve``: build, serve, watch, rebuild, until Ctrl-C."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from .. import build as pipeline
from ..errors import NmoFeedError, format_report
from ..load.discover import default_templates_dir
from .preview import Preview
from .server import is_loopback, make_server
from .watcher import Watcher


def _say(text: str, *, err: bool = False) -> None:
    """One line on the terminal, flushed at once: the preview runs until Ctrl-C, and a
    buffered line would appear late (click stays in cli.py, the one module that imports it)."""
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def run(
    source: Path,
    display: str,
    *,
    host: str,
    port: int,
    drafts: bool,
    today: Callable[[], date],
) -> int:
    """Serve the preview of the show ``source`` (named ``display`` in messages) at
    ``host:port`` until interrupted; return the exit status (0 after Ctrl-C)."""
    if not source.is_dir():
        pipeline.load_project(source)  # raises the same error, with the same hint, as build
    preview = Preview(source, display, drafts=drafts, today=today)
    try:
        server = make_server(preview, host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise NmoFeedError(
                f"port {port} on {host} is in use (another preview?); choose another with --port"
            ) from None
        raise NmoFeedError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    bound = server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    watcher = Watcher([source, default_templates_dir()], lambda: _rebuild(preview, url))
    try:
        if not is_loopback(host):
            _say(
                f"nmo-feed: warning: serving on {host}, not only on this machine: anyone who can"
                " reach it can see the preview" + (", drafts included" if drafts else ""),
                err=True,
            )
        _say(f"Building the preview of {display} ...")
        _rebuild(preview, url, first=True)
        watcher.start()
        _say(
            f"Serving the preview of {display} at {url}"
            + (" (drafts shown)" if drafts else "")
            + f"; built in {preview.site}. Ctrl-C stops it."
        )
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        watcher.stop(timeout=10)
        server.server_close()
    _say("Stopped.")
    return 0


def _rebuild(preview: Preview, url: str, first: bool = False) -> None:
    result, seconds = preview.rebuild()
    problems = preview.problems
    if problems is not None:
        _say("\n".join([*problems.items, problems.summary]).rstrip(), err=True)
        _say(f"The preview at {url} lists these problems until the show builds.", err=True)
        return
    assert result is not None
    if result.diagnostics.items:  # warnings: the site is built all the same
        _say(
            format_report(
                result.diagnostics, preview.source, preview.display, result.episode_count
            ),
            err=True,
        )
    if result.unchanged:
        what = "nothing changed"
    else:
        count = result.rendered
        what = f"{count} episode{'s' if count != 1 else ''} rendered"
    _say(f"{'Built' if first else 'Rebuilt'} in {seconds:.1f} s: {what}.")
