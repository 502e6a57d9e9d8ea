"""The README documents what the code does: every diagnostic code and every command."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from nmo_feed.cli import main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
# Kebab-case string literals in the source that are not diagnostic codes.
NOT_CODES = {
    "add-guids", "co-host", "co-writer", "latin-1", "nmo-feed", "start-ns", "utf-8", "utf-8-sig",
    "no-store",  # the preview server's Cache-Control
}  # fmt: skip


def source_codes() -> set[str]:
    codes = set()
    for path in (REPO / "src" / "nmo_feed").rglob("*.py"):
        codes.update(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', path.read_text(encoding="utf-8")))
    # load.project.check_show builds "duplicate-{key}" for these keys, and the WebVTT and SRT
    # readers "{format}-cue-time" and "{format}-cue-order" (transcripts.lines.CueReader).
    built = {f"duplicate-{key}" for key in ("guid", "slug", "number")}
    built |= {f"{fmt}-cue-{rule}" for fmt in ("vtt", "srt") for rule in ("time", "order")}
    return (codes - NOT_CODES) | built


def test_every_diagnostic_code_is_in_the_readme() -> None:
    """A code the tool can print is explained in the README's table."""
    documented = set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", README))
    assert sorted(source_codes() - documented) == []


def test_every_readme_code_exists_in_the_source() -> None:
    """The table names no code that the tool no longer prints."""
    table = README[README.index("### Diagnostic codes") : README.index("## How it works")]
    documented = set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)+)`", table))
    assert sorted(documented - source_codes()) == []


def test_every_command_is_in_the_readme_and_has_help() -> None:
    """Each CLI command appears in the README's command list and has a help text."""
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        assert f"nmo-feed {name}" in README
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and command.help
