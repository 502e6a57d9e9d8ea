"""Rebuilds with the cache: the output is byte for byte a full build's, only what changed
is rendered and written, and a failed rebuild leaves ``out/`` whole.

Each test copies the golden ``full`` show (every feature: local media, a translation, an
untimed transcript, a draft, related episodes, artwork), builds it, changes something, and
compares the rebuilt ``out/`` with a build of the changed show made without any cache.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from support import read_tree as tree

from nmo_feed import build, model, rules
from nmo_feed.build import cache, output, workers
from nmo_feed.build.progress import Progress
from nmo_feed.errors import NmoFeedError
from nmo_feed.load import discover, media

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
SIGHT = "2024-03-01-talking-about-sight"
FIRST = "2024-02-01-first-questions"


def times(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


class Site:
    """A copy of the full show, its out/, and its own build cache."""

    def __init__(self, tmp_path: Path) -> None:
        self.source = tmp_path / "show"
        shutil.copytree(FULL, self.source)
        self.out = tmp_path / "out"
        self.cache = tmp_path / "cache"
        self.fresh = tmp_path / "fresh"

    def build(self, **options: object) -> build.Result:
        return build.build(self.source, self.out, cache_root=self.cache, **options)  # type: ignore[arg-type]

    def cold(self) -> dict[str, bytes]:
        """The show built from scratch, with no cache, into another folder."""
        shutil.rmtree(self.fresh, ignore_errors=True)
        result = build.build(self.source, self.fresh, cache_root=None)
        assert not result.failed(), [d.message for d in result.diagnostics.errors]
        return tree(self.fresh)

    def edit(self, relative: str, change: Callable[[str], str]) -> None:
        path = self.source / relative
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    made = Site(tmp_path)
    first = made.build()
    assert not first.failed() and first.rendered == 4  # three published episodes and a draft
    return made


def test_nothing_changed_renders_and_writes_nothing(site: Site) -> None:
    """A rebuild of an unchanged show renders no episode and touches no file."""
    before = times(site.out)
    result = site.build()
    assert (result.failed(), result.rendered) == (False, 0)
    assert times(site.out) == before
    assert (result.published, result.drafts, result.file_count) == (3, 1, len(before) - 1)


def test_a_transcript_edit_renders_one_episode_and_equals_a_full_build(site: Site) -> None:
    """Editing a paragraph re-renders that episode only; out/ equals a cold build."""
    before = times(site.out)
    site.edit(f"{FIRST}/transcript.md", lambda t: t.replace("IV steroids.", "IV steroids, early."))
    result = site.build()
    assert result.rendered == 1
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    changed = {path for path, mtime in times(site.out).items() if before.get(path) != mtime}
    # The episode's page, its embed page and the transcript files holding the words, the feed
    # and the feed of its one topic, and its shard of the search index (the show's three
    # episodes share one); not the show page, the other episodes, the assets, other topics,
    # nor the episode's oembed.json (nothing in it is from the transcript).
    index = {path for path in changed if path.startswith("search/")}
    assert index and all(path.startswith("search/shards/000/") for path in index)
    assert changed - index == {
        "feed.xml",
        "topics/treatment/feed.xml",
        "feed.json",
        "episodes/first-questions/index.html",
        "embed/first-questions/index.html",
        "episodes/first-questions/transcript.html",
        "episodes/first-questions/transcript.json",
        "episodes/first-questions/transcript.srt",
        "episodes/first-questions/transcript.txt",
        "episodes/first-questions/transcript.vtt",
    }
    # The rebuild swapped in a new tree: the manifest has its folders' times, so the next
    # build finds nothing moved in out/ (and does not list every folder to see why).
    (folder,) = site.cache.iterdir()
    manifest = cache.load(folder)
    assert manifest is not None and manifest.moved(site.out) == set()
    assert manifest.folders == cache.folder_times(site.out, manifest.folders)


@pytest.mark.parametrize(
    ("what", "relative", "change"),
    [
        (
            "a title, shown by related episodes",
            f"{FIRST}/episode.md",
            lambda t: t.replace("title: First questions", "title: First questions, again"),
        ),
        (
            "the topics, which decide related episodes",
            f"{FIRST}/episode.md",
            lambda t: t.replace("topics: [treatment]", "topics: [sight]"),
        ),
        (
            "a topic added on an episode (a new topic page and feed)",
            f"{FIRST}/episode.md",
            lambda t: t.replace("topics: [treatment]", "topics: [treatment, Plasma exchange]"),
        ),
        (
            "a topic removed from an episode",
            f"{SIGHT}/episode.md",
            lambda t: t.replace("topics: [sight, treatment]", "topics: [sight]"),
        ),
        ("show.toml", "show.toml", lambda t: t.replace('title = "', 'title = "The ', 1)),
        ("the glossary", "glossary.toml", lambda t: t + "\n"),
        ("the theme's accent", "show.toml", lambda t: t + '\n[theme]\naccent = "#5a1d91"\n'),
        (
            "a draft published",
            "draft-next/episode.md",
            lambda t: t.replace("draft: true", "draft: false\ndate: 2024-04-15"),
        ),
    ],
)
def test_other_changes_equal_a_full_build(
    site: Site, what: str, relative: str, change: Callable[[str], str]
) -> None:
    """Whatever changed, the rebuilt out/ is byte for byte a cold build's."""
    site.edit(relative, change)
    result = site.build()
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}, what
    if what == "the theme's accent":  # the rebuild did write the new colour
        assert b"--accent: #5a1d91;" in (site.out / "assets" / "theme.css").read_bytes()


def test_a_topic_no_episode_has_leaves_out(site: Site) -> None:
    """When the last episode of a topic leaves it, its page and feed leave out/."""
    assert (site.out / "topics" / "treatment" / "feed.xml").is_file()
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("topics: [treatment]", "topics: []"))
    site.edit(
        f"{SIGHT}/episode.md", lambda t: t.replace("topics: [sight, treatment]", "topics: [sight]")
    )
    assert not site.build().failed()
    assert not (site.out / "topics" / "treatment").exists()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("topics: []", "topics: [treatment]"))
    assert not site.build().failed()
    assert (site.out / "topics" / "treatment" / "feed.xml").is_file()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_a_topic_feed_removed_from_out_is_written_again(site: Site) -> None:
    """A topic feed deleted by hand is assembled again, alone."""
    fed = site.out / "topics" / "sight" / "feed.xml"
    fed.unlink()
    result = site.build()
    assert (result.failed(), result.rendered) == (False, 0)
    assert fed.is_file()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_the_shows_own_templates_are_inputs(site: Site) -> None:
    """Adding, changing and removing a template override each render everything again."""
    default = discover.default_templates_dir() / "_episode_meta.html"
    override = site.source / "templates" / "_episode_meta.html"
    override.parent.mkdir()
    text = default.read_text(encoding="utf-8")
    assert "<time datetime" in text
    override.write_text(text.replace("<time datetime", "Out <time datetime", 1))
    assert site.build().rendered == 4
    assert "Out <time" in (site.out / "episodes" / "first-questions" / "index.html").read_text()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    site.edit("templates/_episode_meta.html", lambda t: t.replace("Out", "Released"))
    assert site.build().rendered == 4
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    shutil.rmtree(override.parent)
    assert site.build().rendered == 4
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_added_and_removed_episodes_equal_a_full_build(site: Site) -> None:
    """A new episode is rendered alone; a removed one's files leave out/."""
    shutil.copytree(site.source / FIRST, site.source / "2024-04-01-more-questions")
    site.edit(
        "2024-04-01-more-questions/episode.md",
        lambda t: t.replace("5a8c2a50", "6b8c2a50").replace("number: 1", "number: 3"),
    )
    assert not site.build().failed()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    shutil.rmtree(site.source / SIGHT)
    assert not site.build().failed()
    assert not (site.out / "episodes" / "sight-light-loss-end").exists()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_a_new_version_of_nmo_feed_renders_everything(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is keyed by nmo-feed's own code: a change there renders every episode."""
    monkeypatch.setattr(cache, "_code", lambda: (("version", 0, 0), ("other code", 1, 1)))
    assert site.build().rendered == 4


def test_a_file_removed_from_out_is_written_again(site: Site) -> None:
    """A page deleted from out/ by hand is restored by the next build."""
    page = site.out / "episodes" / "first-questions" / "index.html"
    page.unlink()
    assert site.build().rendered == 1
    assert page.is_file()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_a_broken_edit_leaves_out_and_the_cache_as_they_were(site: Site) -> None:
    """A rebuild that finds an error writes nothing; fixing it rebuilds from the cache."""
    before = tree(site.out), times(site.out)
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("date: 2024-02-01", "date: 2024-02-30"))
    result = site.build()
    assert result.failed()
    assert [d.code for d in result.diagnostics.errors] == ["bad-date"]
    assert (tree(site.out), times(site.out)) == before
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("date: 2024-02-30", "date: 2024-02-01"))
    assert site.build().rendered == 0  # the same files as the cached build: nothing to do


@pytest.mark.parametrize(
    ("error", "raised", "swapped"),
    [(OSError("disk full"), NmoFeedError, False), (KeyboardInterrupt(), KeyboardInterrupt, True)],
    ids=["the swap fails", "interrupted just after the swap"],
)
def test_a_failure_while_committing_leaves_one_whole_site(
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    raised: type[BaseException],
    swapped: bool,
) -> None:
    """If committing the rebuild stops (the swap fails, or the build is interrupted just
    after it), out/ is the previous site or the new one, nothing is left beside it, and the
    next build is a whole one (tests/e2e/test_torture.py kills real builds at every step)."""
    before = tree(site.out)
    site.edit(f"{FIRST}/transcript.md", lambda t: t.replace("IV steroids.", "IV steroids, early."))
    real_swap = output._swap

    def failing_swap(staging: Path, out: Path) -> None:
        if swapped:
            real_swap(staging, out)
        raise error

    monkeypatch.setattr(output, "_swap", failing_swap)
    with pytest.raises(raised):  # an OSError is told as the folder and the problem
        site.build()
    monkeypatch.undo()
    marker = {output.MARKER: before[output.MARKER]}
    assert tree(site.out) == ({**site.cold(), **marker} if swapped else before)
    assert [p.name for p in site.out.parent.iterdir() if p.name.startswith(".out.new")] == []
    assert site.build().rendered == 4  # the cache was forgotten: the next build is whole
    assert tree(site.out) == {**site.cold(), **marker}


def test_a_cache_with_missing_pieces_still_gives_the_same_site(site: Site) -> None:
    """Deleting the cache's stored items and episodes falls back to a full build."""
    for folder in site.cache.iterdir():
        shutil.rmtree(folder / cache.ITEMS)
        shutil.rmtree(folder / cache.CARDS)
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("title: First", "title: The first"))
    assert not site.build().failed()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_worker_processes_give_the_same_bytes(tmp_path: Path) -> None:
    """Rendering in two worker processes writes exactly what one process writes."""
    serial = build.build(FULL, tmp_path / "serial", cache_root=None, jobs=1)
    # min_parallel=1: the fixture has only four episodes
    parallel = build.build(FULL, tmp_path / "parallel", cache_root=None, jobs=2, min_parallel=1)
    assert not serial.failed() and not parallel.failed()
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_progress_is_shown_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TTY gets a progress line; a pipe or CI gets nothing."""

    class Terminal:
        def __init__(self, tty: bool) -> None:
            self.tty, self.text = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    shown, piped, few = Terminal(True), Terminal(False), Terminal(True)
    for stream, steps in ((shown, 30), (piped, 30), (few, 2)):
        progress = Progress(stream)  # type: ignore[arg-type]
        progress.start("Rendering episodes", steps)
        for _ in range(steps):
            progress.advance()
        progress.finish()
    assert "Rendering episodes: 30/30 (" in shown.text
    assert piped.text == ""
    assert few.text == ""  # a line for two episodes would only flash by
    monkeypatch.setenv("CI", "true")
    assert not Progress(Terminal(True)).enabled  # type: ignore[arg-type]
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")  # many screen-reader terminals
    assert not Progress(Terminal(True)).enabled  # type: ignore[arg-type]


def test_a_media_file_is_probed_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both passes of a build, and later builds, reuse the probe; a touched file is read again."""
    calls: list[Path] = []
    real_probe = media._probe

    def counting_probe(path: Path) -> media.Probe:
        calls.append(path)
        return real_probe(path)

    monkeypatch.setattr(media, "_probe", counting_probe)
    site = Site(tmp_path)
    assert not site.build().failed()
    assert [p.name for p in calls] == ["tone.wav"]
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("title: First", "title: The first"))
    assert site.build().rendered >= 1
    assert len(calls) == 1
    wav = site.source / FIRST / "tone.wav"
    os.utime(wav, ns=(wav.stat().st_atime_ns, wav.stat().st_mtime_ns + 1_000_000_000))
    assert site.build().rendered >= 1
    assert len(calls) == 2


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_a_removed_episode_leaves_no_empty_folders(site: Site) -> None:
    """A full build has no folder for a removed episode, so a rebuild keeps none either."""
    shutil.rmtree(site.source / FIRST)
    assert not site.build().failed()
    site.cold()
    assert folders(site.out) == folders(site.fresh)


def test_files_added_to_out_by_hand_are_removed(site: Site) -> None:
    """What a full build would not write does not survive a rebuild, even an idle one."""
    (site.out / "stray.html").write_text("hi")
    (site.out / "episodes" / "first-questions" / "notes").mkdir()
    (site.out / "episodes" / "first-questions" / "notes" / "x.txt").write_text("x")
    result = site.build()
    assert not result.failed() and result.rendered == 0
    site.cold()
    assert tree(site.out) == {**tree(site.fresh), output.MARKER: tree(site.out)[output.MARKER]}
    assert folders(site.out) == folders(site.fresh)


def test_a_file_added_by_hand_where_a_new_episode_goes_is_removed(site: Site) -> None:
    """A rebuild links only the files the last build wrote, not whatever is in out/: a
    file put by hand in the folder a new episode's pages then go to is not kept."""
    shutil.copytree(site.source / FIRST, site.source / "2024-04-01-more-questions")
    site.edit(
        "2024-04-01-more-questions/episode.md",
        lambda t: t.replace("5a8c2a50", "6b8c2a50").replace("number: 1", "number: 3"),
    )
    (site.out / "episodes" / "more-questions").mkdir()
    (site.out / "episodes" / "more-questions" / "stray.txt").write_text("x")
    assert not site.build().failed()
    assert not (site.out / "episodes" / "more-questions" / "stray.txt").exists()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_media_in_a_hidden_folder_is_watched(site: Site) -> None:
    """A media file in a hidden folder of the episode is an input like any other."""
    hidden = site.source / FIRST / ".media"
    hidden.mkdir()
    shutil.move(site.source / FIRST / "tone.wav", hidden / "tone.wav")
    site.edit(
        f"{FIRST}/episode.md", lambda t: t.replace("media: tone.wav", "media: .media/tone.wav")
    )
    assert not site.build().failed()
    data = (hidden / "tone.wav").read_bytes()
    (hidden / "tone.wav").write_bytes(data + data[44:])  # a longer tone: new length and duration
    assert site.build().rendered == 2  # and the page listing it as related shows its length
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_the_default_templates_are_part_of_the_cache_key() -> None:
    """In a development install the templates sit beside the package; they still count."""
    names = [name for name, _, _ in cache._code()]
    assert any(name.endswith("/episode.html") for name in names)
    assert any(name.endswith("/assets/site.css") for name in names)


def test_a_symbolic_link_loop_in_the_show_does_not_stop_the_build(site: Site) -> None:
    """A link back to a folder above is not followed for ever."""
    (site.source / FIRST / "loop").symlink_to(".", target_is_directory=True)
    assert not site.build().failed()
    assert not build.build(site.source, site.fresh, cache_root=None).failed()


def test_a_damaged_item_store_falls_back_to_a_full_build(site: Site) -> None:
    """A truncated or missing stored item is noticed; the feed is never built from it."""
    [folder] = site.cache.iterdir()
    for item in (folder / cache.ITEMS).iterdir():
        item.write_bytes(item.read_bytes()[:100])
    # Change the newest and oldest episodes only, so the middle one's item is copied.
    site.edit(f"{SIGHT}/episode.md", lambda t: t.replace("Notes with", "Show notes with"))
    site.edit(
        "2024-01-01-untimed-trailer/episode.md",
        lambda t: t.replace("summary: An untimed", "summary: Still an untimed"),
    )
    assert not site.build().failed()
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


class Unpicklable(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class Exploding:
    """A pool context whose task 3 raises an exception that cannot be pickled."""

    def explode(self, task: int) -> int:
        if task == 3:
            raise Unpicklable("boom", code="x")
        return task


def test_a_worker_error_that_cannot_be_pickled_is_reported_not_hung() -> None:
    """The parent gets the worker's error as text instead of waiting for ever."""
    with (
        workers.Pool(2, Exploding(), min_parallel=1) as pool,
        pytest.raises(RuntimeError, match="Unpicklable"),
    ):
        list(pool.map("explode", list(range(8)), Progress(enabled=False)))


class Doubling:
    def twice(self, task: int) -> int:
        return 2 * task


def test_stopped_workers_are_gone_and_a_later_map_starts_new_ones() -> None:
    """A build stops its workers after the render pass, so their memory is not held while
    the feeds and the search index are made; the pool still works if asked again."""
    import multiprocessing

    before = set(multiprocessing.active_children())
    with workers.Pool(2, Doubling(), min_parallel=1) as pool:
        assert list(pool.map("twice", [1, 2, 3], Progress(enabled=False))) == [2, 4, 6]
        assert len(set(multiprocessing.active_children()) - before) == 2
        pool.stop()
        assert set(multiprocessing.active_children()) - before == set()
        pool.stop()  # twice is harmless
        assert list(pool.map("twice", [4, 5], Progress(enabled=False))) == [8, 10]
    assert set(multiprocessing.active_children()) - before == set()


def test_a_full_build_parses_each_episode_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The light pass hands its parsed front matter to the render: one YAML parse each."""
    from nmo_feed.load import episode as episode_loader
    from nmo_feed.load import sources

    calls: list[Path] = []
    real = sources.read_episode

    def counting(path: Path, location: object) -> object:
        calls.append(path)
        return real(path, location)  # type: ignore[arg-type]

    monkeypatch.setattr(episode_loader, "read_episode", counting)
    assert not build.build(FULL, tmp_path / "out", cache_root=None, jobs=1).failed()
    assert sorted(p.parent.name for p in calls) == sorted(
        p.name for p in FULL.iterdir() if (p / "episode.md").is_file()
    )


def test_the_code_signature_covers_every_package_of_nmo_feed() -> None:
    """Every module of nmo-feed is in the cache key, not only the build package's: a change
    to a renderer or a loader in a development install renders everything anew."""
    from nmo_feed import __version__

    cache._code.cache_clear()
    names = {name for name, _, _ in cache._code()}
    for module in ("render/pages.py", "load/episode.py", "build/passes.py", "layout.py"):
        assert f"{__version__}/{module}" in names, module


def test_an_unchanged_rebuild_imports_no_model(site: Site) -> None:
    """A rebuild with nothing changed compares stats and the manifest only: the model (some
    30 dataclasses, each compiled on import) is not imported (``python -X importtime``)."""
    script = (
        "import sys; from pathlib import Path; from nmo_feed.build import run;"
        " r = run.build(Path(sys.argv[1]), Path(sys.argv[2]), cache_root=Path(sys.argv[3]));"
        " print(r.unchanged, r.file_count)"
    )
    command = [sys.executable, "-X", "importtime", "-c", script]
    again = subprocess.run(
        [*command, str(site.source), str(site.out), str(site.cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert again.stdout.split() == ["True", str(len(times(site.out)) - 1)]
    assert re.search(r"\|\s+nmo_feed\.errors$", again.stderr, re.MULTILINE)  # it does list
    assert not re.search(r"\|\s+nmo_feed\.model$", again.stderr, re.MULTILINE)
    assert rules.EPISODE_TYPES == get_args(model.EpisodeType)  # written out in rules.py


def test_the_manifest_is_read_in_two_parts(site: Site) -> None:
    """An unchanged rebuild reads only the manifest's glance; the rest is read when something
    changed, and a rest that cannot be read means a full build, as a missing manifest does."""
    [folder] = site.cache.iterdir()
    seen, manifest = cache.glance(folder), cache.load(folder)
    assert seen is not None and manifest is not None and seen.rest_at > 0
    assert manifest.glance() == dataclasses.replace(seen, rest_at=-1)
    assert sorted(manifest.episodes) == sorted(seen.signatures) and len(manifest.episodes) == 4
    path = folder / cache.MANIFEST
    path.write_bytes(path.read_bytes()[: seen.rest_at + 40])  # the glance whole, the rest cut
    assert cache.glance(folder) == seen and cache.load(folder) is None
    assert site.build().rendered == 0  # nothing changed: the glance is enough
    site.edit(f"{FIRST}/episode.md", lambda t: t.replace("title: First", "title: The first"))
    assert site.build().rendered == 4  # the rest is unreadable: a full build
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}
    site.edit(f"{SIGHT}/episode.md", lambda t: t.replace("Notes with", "Show notes with"))
    assert site.build().rendered == 1  # and the cache it saved is whole again
    assert tree(site.out) == {**site.cold(), output.MARKER: tree(site.out)[output.MARKER]}


def test_the_glance_finds_every_kind_of_hand_edit_in_out(site: Site) -> None:
    """``moved`` names a file of out/ whose bytes or time changed (even at the same size),
    one removed, and one added to a folder, and nothing else."""
    [folder] = site.cache.iterdir()
    seen = cache.glance(folder)
    assert seen is not None and seen.moved(site.out) == set()
    page = site.out / "episodes" / "first-questions" / "index.html"
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # same size, a new time
    (site.out / "feed.xml").unlink()
    (site.out / "episodes" / "stray.txt").write_text("x")
    changed = {"episodes/first-questions/index.html", "feed.xml", "episodes/stray.txt"}
    assert seen.moved(site.out) == changed
    manifest = cache.load(folder)
    assert manifest is not None and manifest.moved(site.out) == changed
    assert sum(seen.sizes) == sum(size for size, _ in manifest.outputs.values()) > 0
