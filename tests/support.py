"""Helpers shared by test modules (``from support import ...``: pytest puts ``tests/`` on the
import path because of ``tests/conftest.py``). Fixtures stay in ``conftest.py``."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SHOW_TOML = """\
title = "Test Show"
description = "A show used by the tests."
language = "en"
site_url = "https://example.org/show/"
author = "Test Organisation"
explicit = false
categories = [["Health & Fitness", "Medicine"]]
podcast_guid = "0495cb90-b9d0-50ba-b94b-a40da5f73898"
owner = { name = "Test Organisation", email = "owner@example.org" }
"""
"""The default test show's ``show.toml``: valid, no artwork (a warning only)."""

ShowWriter = Callable[..., Path]
"""The ``make_show`` fixture: ``{relative path: text}`` → the show folder."""

JS_DIR = Path(__file__).resolve().parent / "js"
"""The npm checkers (tests/js), installed by ``make test``."""


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run_node(script: str, *args: Path, packages: tuple[str, ...]) -> Any:
    """Return the JSON a tests/js node script prints; fail clearly without Node or npm deps."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not on PATH; install it and run `make test`.", pytrace=False)
    missing = [p for p in packages if not (JS_DIR / "node_modules" / p / "package.json").is_file()]
    if missing:
        pytest.fail(
            f"npm packages {missing} are not installed in tests/js/node_modules; "
            "run `make test` (it runs `npm ci` in tests/js) before pytest.",
            pytrace=False,
        )
    # The timeout only stops a hung process from hanging CI; no test measures time.
    done = subprocess.run(
        [node, str(JS_DIR / script), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=JS_DIR,
        timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"node {script} failed ({done.returncode}):\n{done.stderr}", pytrace=False)
    return json.loads(done.stdout)
