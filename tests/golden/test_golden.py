"""Golden tests: fixture shows build to committed output trees, and broken shows print
committed diagnostics, byte for byte.

Regenerate after an intended change with ``make golden`` (``pytest tests/golden
--update-golden``), then review the diff like code.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import read_tree

from nmo_feed import build
from nmo_feed.cli import main

HERE = Path(__file__).parent
SHOWS = sorted(p.name for p in (HERE / "shows").iterdir() if p.is_dir())
BROKEN = sorted(p.name for p in (HERE / "broken").iterdir() if p.is_dir())
# Golden files must not change with every version bump.
GOLDEN_GENERATOR = "nmo-feed (golden)"


def first_difference(name: str, expected: bytes, actual: bytes) -> str:
    try:
        lines = difflib.unified_diff(
            expected.decode().splitlines(),
            actual.decode().splitlines(),
            f"expected/{name}",
            f"actual/{name}",
            lineterm="",
            n=2,
        )
        return "\n".join(list(lines)[:60])
    except UnicodeDecodeError:
        return f"{name}: binary content differs ({len(expected)} vs {len(actual)} bytes)"


@pytest.mark.parametrize("show", SHOWS)
def test_show_builds_to_the_golden_tree(show: str, update_golden: bool) -> None:
    """Every output file of the fixture show is byte-identical to the committed one."""
    result = build.check(HERE / "shows" / show, generator=GOLDEN_GENERATOR)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    # Assets are copied verbatim from templates/assets; their names are checked, their bytes
    # are not kept twice in the repository. theme.css is made from show.toml: it is kept.
    copied = (
        "assets/embed.css", "assets/player.js", "assets/search.js", "assets/share.js",
        "assets/site.css",
    )  # fmt: skip
    assets = sorted(str(p) for p in result.files if p.parts[0] == "assets")
    assert assets == [
        "assets/embed.css", "assets/player.js", "assets/search.js", "assets/share.js",
        "assets/site.css", "assets/theme.css",
    ]  # fmt: skip
    # The search index is Pagefind's bytes (its script, WebAssembly and compressed index):
    # tests/unit/test_search_index.py reads it back; here only that it is there.
    runtime = {p.name for p in result.files if p.parts[:2] == ("search", "pagefind")}
    assert {"pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind"} <= runtime
    assert any(p.parts[:2] == ("search", "shards") for p in result.files)
    actual = {
        str(path): data
        for path, data in result.files.items()
        if str(path) not in copied
        and path.parts[:2] not in {("search", "pagefind"), ("search", "shards")}
    }
    expected_root = HERE / "expected" / show
    if update_golden:
        shutil.rmtree(expected_root, ignore_errors=True)
        for name, data in actual.items():
            (expected_root / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_root / name).write_bytes(data)
        pytest.skip(f"rewrote {expected_root.relative_to(HERE)}")
    expected = read_tree(expected_root)
    assert sorted(actual) == sorted(expected), "the set of output files changed"
    differing = [name for name in expected if expected[name] != actual[name]]
    assert not differing, "\n\n".join(
        first_difference(n, expected[n], actual[n]) for n in differing[:3]
    )


@pytest.mark.parametrize("case", BROKEN)
def test_broken_show_prints_the_golden_diagnostics(
    case: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nmo-feed check` on a broken show prints exactly the committed diagnostics and exits 1."""
    monkeypatch.chdir(HERE / "broken")
    result = CliRunner().invoke(main, ["check", "--source", case])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected_file = HERE / "broken" / case / "expected.txt"
    if update_golden:
        expected_file.write_text(result.stderr, encoding="utf-8")
        pytest.skip(f"rewrote {expected_file.relative_to(HERE)}")
    assert result.stderr == expected_file.read_text(encoding="utf-8")
