"""The command line: thin commands over the library (``build``, ``authoring``, ``serve``).

Exit status: 0 success, 1 problems in the show (printed as ``path:line:col`` diagnostics)
or with the folders given (no show folder, an output folder that is not nmo-feed's),
2 wrong usage (click), 3 an internal error (a bug: please report it).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from . import build as pipeline
from .build import cache
from .build.progress import Progress
from .errors import Diagnostics, NmoFeedError, format_report

source_option = click.option(
    "--source",
    "source",
    default="episodes",
    show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="The show folder: show.toml, glossary.toml and one folder per episode.",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings as errors (exit status 1)."
)
future_option = click.option(
    "--future",
    is_flag=True,
    help="Publish episodes dated in the future too (they are held back until their date).",
)


def _guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Turn a command's return value into the exit status; errors never show a traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            status = command(*args, **kwargs)
        except NmoFeedError as exc:
            click.echo(f"nmo-feed: error: {exc}", err=True)
            status = 1
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"nmo-feed: internal error: {exc!r}. Run 'nmo-feed --debug COMMAND ...' for details"
                " and please report it.",
                err=True,
            )
            status = 3
        sys.exit(status)

    return run


def _count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 episode``, ``2 episodes``: a count in words people read aloud."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def _today() -> date:
    """Today's date in UTC: a bare date is midnight UTC on that day, so the local date (a day
    ahead east of UTC, until UTC midnight) would hold a new episode back as scheduled."""
    return datetime.now(UTC).date()


def _report(result: pipeline.Result, source: str) -> None:
    if result.diagnostics.items or result.failed():
        click.echo(
            format_report(result.diagnostics, Path(source), source, result.episode_count), err=True
        )


def _scheduled(result: pipeline.Result) -> str:
    """`` 2 episodes scheduled: a (2027-01-05), b (2027-02-01).`` or nothing."""
    if not result.scheduled:
        return ""
    waiting = ", ".join(f"{name} ({when.date().isoformat()})" for name, when in result.scheduled)
    count = _count(len(result.scheduled), "episode")
    return f" {count} scheduled, not published yet: {waiting}."


class _Group(click.Group):
    """Lists each command with the whole first sentence of its help, wrapped to the
    terminal: click cuts it to one line with "...", mid-sentence."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="nmo-feed")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def main(debug: bool) -> None:
    """nmo-feed: publish an accessible podcast (feed, transcripts and pages) from a folder of
    episodes."""


@main.command("build")
@source_option
@click.option(
    "--out",
    "out",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=str),
    help="The output folder. Only a successful build changes it, and only the files whose"
    " bytes change.",
)
@strict_option
@future_option
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every episode, as if there were no cache of the last build.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show episodes done and the rate while building.  [default: on a terminal, for 24"
    " episodes or more, unless CI is set or TERM is dumb]",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for rendering 24 episodes or more (fewer are rendered in one"
    " process), and Pagefind processes for the search index.  [default: one per CPU]",
)
@_guarded
def build_command(
    source: str,
    out: str,
    strict: bool,
    future: bool,
    no_cache: bool,
    progress: bool | None,
    jobs: int | None,
) -> int:
    """Check the show and bring the site in the output folder up to date."""
    cache_root = None if no_cache else cache.default_root()
    result = pipeline.build(
        Path(source),
        Path(out),
        strict=strict,
        cache_root=cache_root,
        jobs=jobs,
        progress=Progress(enabled=progress),
        future=future,
    )
    _report(result, source)
    folder = out.rstrip("/") or "/"
    if result.failed(strict):
        click.echo(f"Nothing written: {folder}/ is unchanged.", err=True)
        return 1
    published = _count(result.published, "episode") + (
        f" ({_count(result.drafts, 'draft')} not published)" if result.drafts else ""
    )
    site = (
        f"{_count(result.file_count, 'file')}, {result.total_bytes:,} bytes;"
        f" feed.xml {result.feed_bytes:,} bytes."
    )
    if result.unchanged:
        click.echo(
            f"Nothing changed since the last build: {folder}/ is up to date with"
            f" {published}: {site}" + _scheduled(result)
        )
        return 0
    # Drafts are episode folders too: the count of unchanged ones includes them.
    unchanged = result.episode_count - result.rendered
    click.echo(
        f"Built {published} into {folder}/: {site}"
        + (
            f" {unchanged:,} of {_count(result.episode_count, 'episode folder')} unchanged"
            " since the last build."
            if unchanged
            else ""
        )
        + _scheduled(result)
    )
    return 0


@main.command("check")
@source_option
@strict_option
@future_option
@_guarded
def check_command(source: str, strict: bool, future: bool) -> int:
    """Check the show: build it in a temporary folder, verify it, and keep nothing."""
    result = pipeline.check(Path(source), strict=strict, future=future)
    _report(result, source)
    if result.failed(strict):
        return 1
    click.echo(
        f"OK: {_count(result.episode_count, 'episode')} checked;"
        f" feed.xml would be {result.feed_bytes:,} bytes." + _scheduled(result)
    )
    return 0


@main.command("add-guids")
@source_option
@_guarded
def add_guids_command(source: str) -> int:
    """Write a permanent guid into every episode that lacks one (and podcast_guid into
    show.toml). Existing guids are never changed."""
    from .authoring import guids  # noqa: PLC0415 (a build should not pay for its imports)

    diagnostics = Diagnostics()
    added = guids.add_missing(Path(source), diagnostics)
    for item in added:
        click.echo(f"{source.rstrip('/')}/{item.path}: added {item.key}: {item.value}")
    if diagnostics.errors:
        _report(pipeline.Result(diagnostics), source)
        return 1
    if not added:
        click.echo("Every episode already has a guid.")
    return 0


@main.command("import")
@click.argument("source")
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=str),
    help="The show folder to write: a new or empty folder (or, with --update, an existing show).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Add the feed's new episodes to the show in --into; episodes already there (the same"
    " guid) and show.toml are left as they are.",
)
@click.option("--site-url", help="Where out/ will be published (else a placeholder to change).")
@click.option(
    "--old-feed-url",
    help="The old feed's public URL, for a feed file that has no podcast:guid and does not say"
    " its own URL.",
)
@click.option(
    "--no-download",
    is_flag=True,
    help="Do not download chapters and transcripts; keep their URLs as comments instead.",
)
@_guarded
def import_command(
    source: str,
    into: str,
    update: bool,
    site_url: str | None,
    old_feed_url: str | None,
    no_download: bool,
) -> int:
    """Write a show folder from an existing podcast feed (a file or an http(s) URL), keeping
    every episode's guid, enclosure URL, date and title."""
    from .authoring import command  # noqa: PLC0415 (a build should not pay for its imports)
    from .authoring.fetch import ImportFailed  # noqa: PLC0415

    try:
        report = command.run(
            source,
            Path(into),
            update=update,
            site_url=site_url,
            old_feed_url=old_feed_url,
            download=not no_download,
        )
    except ImportFailed as exc:
        click.echo(str(exc), err=True)
        click.echo(f"Nothing written: {into.rstrip('/') or '/'} is unchanged.", err=True)
        return 1
    click.echo(report.text())
    return 0


@main.command("new")
@click.argument("folder", type=click.Path(path_type=str))
@click.option("--title", help="The show's name.  [default: a placeholder to replace]")
@click.option(
    "--site-url",
    help="Where the site will be published, such as https://example.org/podcast/."
    "  [default: a placeholder to replace]",
)
@_guarded
def new_command(folder: str, title: str | None, site_url: str | None) -> int:
    """Make a new show folder that builds at once: show.toml, artwork, a glossary and an
    example episode. FOLDER must be new or empty."""
    from .authoring import scaffold  # noqa: PLC0415 (a build should not pay for its imports)

    written = scaffold.new_show(Path(folder), title=title, site_url=site_url, today=_today())
    shown = folder.rstrip("/") or "/"
    for path in written:
        click.echo(f"{shown}/{path}")
    source = "" if Path(folder) == Path("episodes") else f" --source {shlex.quote(folder)}"
    click.echo(
        f"Made a new show in {shown}/. Next:\n"
        f"  nmo-feed check{source}    lists the placeholders left to replace\n"
        f'  nmo-feed add "An episode title"{source} --media FILE    adds an episode\n'
        f"  nmo-feed serve{source}    shows the site at http://127.0.0.1:8000/ as you edit"
    )
    return 0


@main.command("add")
@click.argument("title")
@source_option
@click.option(
    "--media",
    "media",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A sound or video file to copy into the episode folder (it is probed first).",
)
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The episode's date, YYYY-MM-DD.  [default: today]",
)
@_guarded
def add_command(source: str, title: str, media: Path | None, day: datetime | None) -> int:
    """Make a new draft episode folder, dated, with a fresh guid; prints the folder it made."""
    from .authoring import episode  # noqa: PLC0415 (a build should not pay for its imports)

    added = episode.add_episode(
        Path(source), title, day=day.date() if day else _today(), media_file=media
    )
    click.echo(added.folder)
    if added.media_name is not None and added.probe is not None:
        seconds = round(added.probe.duration_ms / 1000)
        click.echo(
            f"  media: {added.media_name} ({added.probe.mime_type},"
            f" {seconds // 60}:{seconds % 60:02d}, {added.probe.length:,} bytes)"
            + (
                f", copied from {added.renamed_from} under an ASCII name that podcast apps accept"
                if added.renamed_from
                else ""
            )
        )
    click.echo("  a draft: write its summary and transcript, then set draft: false to publish it")
    return 0


@main.command("serve")
@source_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to serve on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to serve on; another than this machine's own lets others see the preview.",
)
@click.option("--drafts", is_flag=True, help='Show drafts too, each labelled "Draft".')
@_guarded
def serve_command(source: str, port: int, host: str, drafts: bool) -> int:
    """Preview the site at http://127.0.0.1:8000/, rebuilt and reloaded as you edit the show.
    It builds into a folder of its own, never into out/; Ctrl-C stops it."""
    from .serve import main as preview  # noqa: PLC0415 (a build should not pay for its imports)

    return preview.run(Path(source), source, host=host, port=port, drafts=drafts, today=_today)
