"""The writer replaces out/ whole, only when it is safe, and never writes outside it."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

import pytest
from support import beside
from support import read_tree as tree

from nmo_feed.build import output
from nmo_feed.errors import NmoFeedError


def write_site(files: dict[PurePosixPath, bytes], out: Path, source: Path) -> None:
    """Replace ``out`` with exactly ``files``, the way a full build does."""
    staging = output.Staging(out, source)
    try:
        for path, data in sorted(files.items()):
            output.write_file(staging.root, path, data)
        staging.replace_whole()
    finally:
        staging.discard()


def test_write_replaces_the_previous_site_whole(tmp_path: Path) -> None:
    """Files of the previous build that are no longer produced disappear."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    write_site({PurePosixPath("a.txt"): b"1", PurePosixPath("d/b.txt"): b"2"}, out, source)
    write_site({PurePosixPath("a.txt"): b"3"}, out, source)
    assert tree(out) == {"a.txt": b"3", output.MARKER: tree(out)[output.MARKER]}
    assert beside(out) == []


def test_failed_write_leaves_the_previous_site(tmp_path: Path) -> None:
    """An error while writing the new site leaves out/ exactly as it was, and no staging folder."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    write_site({PurePosixPath("a.txt"): b"1"}, out, source)
    before = tree(out)
    with pytest.raises(NmoFeedError):
        write_site({PurePosixPath("a.txt"): b"2", PurePosixPath("../escape"): b"x"}, out, source)
    assert tree(out) == before
    assert not (tmp_path / "escape").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "show"]


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """--out pointing at someone's files is refused and the files stay."""
    out, source = tmp_path / "docs", tmp_path / "show"
    source.mkdir()
    out.mkdir()
    (out / "thesis.txt").write_text("precious")
    with pytest.raises(NmoFeedError, match="was not written by nmo-feed"):
        write_site({PurePosixPath("a.txt"): b"1"}, out, source)
    assert (out / "thesis.txt").read_text() == "precious"


def test_refuses_an_output_folder_that_overlaps_the_show(tmp_path: Path) -> None:
    """Building into the show folder (or its parent) would destroy the sources."""
    source = tmp_path / "show"
    source.mkdir()
    for out in (source, source / "out", tmp_path):
        with pytest.raises(NmoFeedError, match="overlaps the show folder"):
            write_site({PurePosixPath("a.txt"): b"1"}, out, source)


def test_output_folder_beside_the_show_given_with_dot_dot_is_accepted(tmp_path: Path) -> None:
    """`--source . --out ../out` from inside the show: the folders are siblings, not nested
    (compared as text, "show/../out" looked like a folder inside the show)."""
    source = tmp_path / "show"
    source.mkdir()
    output.check_target(source / ".." / "out", source / ".")
    # The other way round, ".." leading back into the show is still refused.
    with pytest.raises(NmoFeedError, match="overlaps the show folder"):
        output.check_target(tmp_path / "elsewhere" / ".." / "show" / "out", source)


def test_a_link_to_the_show_folder_is_the_show_folder(tmp_path: Path) -> None:
    source = tmp_path / "show"
    source.mkdir()
    (tmp_path / "link").symlink_to(source)
    with pytest.raises(NmoFeedError, match="overlaps the show folder"):
        output.check_target(tmp_path / "link" / "out", source)


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    """If a crash left only the old site beside a missing out/, the next build starts from it."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    write_site({PurePosixPath("a.txt"): b"1"}, out, source)
    out.rename(tmp_path / ".out.old")
    write_site({PurePosixPath("b.txt"): b"2"}, out, source)
    assert sorted(tree(out)) == [output.MARKER, "b.txt"]
    assert not (tmp_path / ".out.old").exists()


def test_the_previous_site_is_set_aside_and_removed_without_waiting(tmp_path: Path) -> None:
    """After the swap the previous site is at once out of the way (``.out.gone-*``), whole,
    and the build does not wait for its removal, which a detached process does; a staging
    folder a killed build left and a previous site whose removal did not finish are handed
    to the same removal by the next build."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    write_site({PurePosixPath("a.txt"): b"1", PurePosixPath("d/b.txt"): b"2"}, out, source)
    assert beside(out) == []
    stale = [tmp_path / ".out.new-killed", tmp_path / ".out.gone-unfinished"]
    for folder in stale:
        (folder / "episodes").mkdir(parents=True)
        (folder / "episodes" / "half.html").write_text("<p>half a page")
    staging = output.Staging(out, source)
    try:
        output.write_file(staging.root, PurePosixPath("a.txt"), b"3")
        staging.replace_whole()
        assert sorted(tree(out)) == [output.MARKER, "a.txt"]
        (aside,) = (p for p in tmp_path.glob(".out.gone-*") if p not in stale)
        marker = {output.MARKER: tree(out)[output.MARKER]}
        assert tree(aside) == {"a.txt": b"1", "d/b.txt": b"2", **marker}
        assert all(folder.exists() for folder in stale)  # nothing removed before the build ends
    finally:
        staging.discard()
    assert beside(out) == []
    assert tree(out)["a.txt"] == b"3"


def test_where_no_process_can_be_started_the_previous_site_is_removed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a Python to start the removal with, the build removes the previous site
    itself before it returns."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    write_site({PurePosixPath("a.txt"): b"1"}, out, source)
    write_site({PurePosixPath("b.txt"): b"2"}, out, source)
    assert sorted(tree(out)) == [output.MARKER, "b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "show"]


def many_files(folders: int) -> dict[PurePosixPath, bytes]:
    """A site with files at every depth."""
    files = {PurePosixPath("feed.xml"): b"feed", PurePosixPath("assets/site.css"): b"css"}
    for n in range(folders):
        for name in ("index.html", "transcript.vtt", "deep/er/chapters.json"):
            files[PurePosixPath(f"episodes/e{n:03}/{name}")] = f"{n} {name}".encode()
    return files


@pytest.mark.parametrize("ahead", [False, True], ids=["linked at the end", "linked ahead"])
def test_a_rebuild_links_every_file_it_keeps(tmp_path: Path, ahead: bool) -> None:
    """The unchanged files are linked into the new site (around the staged files, or
    ahead, in a thread, with the staged files moved in): every one is there, as the same
    file (a link, not a copy), the one staged file is new and the removed one gone, with the
    folder it leaves empty."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    files = many_files(32)
    files[PurePosixPath("old/only.txt")] = b"removed"
    write_site(files, out, source)
    before = {p: (out / p).stat().st_ino for p in map(str, files)}
    changed = PurePosixPath("episodes/e005/index.html")
    same = PurePosixPath("episodes/e006/index.html")  # staged with the bytes out/ has
    removed = [PurePosixPath("feed.xml"), PurePosixPath("old/only.txt")]
    present = {str(p): (0, 0) for p in files}
    staging = output.Staging(out, source)
    try:
        if ahead:
            staging.link_ahead(present)
        output.write_file(staging.root, changed, b"new")
        output.write_file(staging.root, same, files[same])
        moves = staging.apply(present, [changed, same], removed)
    finally:
        staging.discard()
    assert moves == [*removed, changed]
    expected = {str(p): data for p, data in files.items() if p not in removed}
    assert tree(out) == {**expected, str(changed): b"new", output.MARKER: tree(out)[output.MARKER]}
    assert not (out / "old").exists()
    kept = {p: (out / p).stat().st_ino for p in expected if p != str(changed)}
    assert kept == {p: before[p] for p in kept}


@pytest.mark.parametrize("ahead", [False, True], ids=["linked at the end", "linked ahead"])
def test_a_folder_that_cannot_be_made_stops_the_rebuild_and_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ahead: bool
) -> None:
    """A folder of the new site that cannot be made (a full disk, say) is the error the
    build reports, as raised, and out/ is the previous site."""
    out, source = tmp_path / "out", tmp_path / "show"
    source.mkdir()
    files = many_files(32)
    write_site(files, out, source)
    previous = tree(out)
    real_mkdir = output.os.mkdir

    def mkdir(path: str, mode: int = 0o777) -> None:
        if path.endswith("episodes/e017"):
            raise OSError(28, "No space left on device", path)
        real_mkdir(path, mode)

    present = {str(p): (0, 0) for p in files}
    staging = output.Staging(out, source)
    monkeypatch.setattr(output.os, "mkdir", mkdir)
    try:
        if ahead:  # the error is the thread's, raised by apply
            staging.link_ahead(present)
        with pytest.raises(OSError, match="No space left on device") as raised:
            staging.apply(present, [], [])
    finally:
        monkeypatch.undo()
        staging.discard()
    assert raised.value.filename.endswith("episodes/e017")
    assert tree(out) == previous
    assert beside(out) == []
