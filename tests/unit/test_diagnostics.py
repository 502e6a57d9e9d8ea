"""The ``Diagnostics`` collector and its ``child()`` convention (errors.py): what a child
records reaches every collector above it; a collector's ``ok`` is its own part's."""

from __future__ import annotations

from pathlib import PurePosixPath

from nmo_feed.errors import Diagnostic, Diagnostics, Severity, SourceLocation


def at(path: str, line: int | None = None) -> SourceLocation:
    return SourceLocation(PurePosixPath(path), line)


def test_a_childs_error_reaches_the_parent_and_the_root() -> None:
    root = Diagnostics()
    episode = root.child()
    transcript = episode.child()
    transcript.error("vtt-timing", "cue ends before it starts", at("ep/transcript.vtt", 4))
    assert [d.code for d in root.items] == ["vtt-timing"]
    assert episode.items == transcript.items == root.items
    assert not transcript.ok and not episode.ok and not root.ok


def test_a_childs_ok_is_its_own() -> None:
    """A sibling's error, or the parent's own, does not make a child fail."""
    root = Diagnostics()
    first, second = root.child(), root.child()
    second.error("bad-url", "x", at("b/episode.md", 2))
    assert first.ok and not second.ok and not root.ok
    root.error("missing-show", "y", at("show.toml"))
    assert first.ok
    later = root.child()
    assert later.ok and later.items == []  # a new child starts empty, even under errors


def test_warnings_reach_the_parent_and_keep_everyone_ok() -> None:
    root = Diagnostics()
    child = root.child()
    child.warning("unknown-key", "unknown key 'x'", at("ep/episode.md", 3), hint="did you mean?")
    assert root.ok and child.ok
    assert root.warnings == child.warnings and len(root.warnings) == 1
    assert root.errors == []
    assert not root.failed()
    assert root.failed(strict=True)


def test_extend_and_add_go_through_the_same_path() -> None:
    root = Diagnostics()
    child = root.child()
    child.extend(
        [
            Diagnostic(Severity.WARNING, "w", "warn", at("a")),
            Diagnostic(Severity.ERROR, "e", "err", at("a")),
        ]
    )
    assert [d.code for d in root.items] == ["w", "e"]
    assert not child.ok and not root.ok
    assert len(root) == 2 and len(root.errors) == 1


def test_iteration_is_in_report_order() -> None:
    """File, then line, then code, whatever order the problems were found in."""
    diagnostics = Diagnostics()
    diagnostics.error("b", "m", at("z/episode.md", 1))
    diagnostics.error("b", "m", at("a/episode.md", 10))
    diagnostics.error("a", "m", at("a/episode.md", 10))
    diagnostics.warning("c", "m", at("a/episode.md", 2))
    diagnostics.error("d", "m", at("a/episode.md"))
    assert [(str(d.location.path), d.location.line, d.code) for d in diagnostics] == [
        ("a/episode.md", None, "d"),
        ("a/episode.md", 2, "c"),
        ("a/episode.md", 10, "a"),
        ("a/episode.md", 10, "b"),
        ("z/episode.md", 1, "b"),
    ]
