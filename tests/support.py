"""Helpers shared by test modules (``from support import ...``: pytest puts ``tests/`` on the
import path because of ``tests/conftest.py``). Fixtures stay in ``conftest.py``."""

from __future__ import annotations

from pathlib import Path


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative POSIX path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
