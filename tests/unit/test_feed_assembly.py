"""The build writes the feed from pieces (the channel, then each episode's stored ``<item>``)
so an unchanged episode's item is never rendered again. Those pieces must add up to exactly
the feed that feedgen writes as one document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build
from nmo_feed.build import tasks
from nmo_feed.errors import Diagnostics
from nmo_feed.render import feed, notes

SHOWS = Path(__file__).resolve().parent.parent / "golden" / "shows"


@pytest.mark.parametrize("show", ["full", "minimal", "video"])
@pytest.mark.parametrize("linked", [False, True])
def test_channel_and_items_add_up_to_the_whole_feed(show: str, linked: bool) -> None:
    """head + items + tail == feedgen's single document, transcripts included or linked."""
    result = build.check(SHOWS / show, read_back=False)
    project = result.project
    assert project is not None and project.episodes
    loaded = build.load_project(SHOWS / show).project  # the full episodes, with transcripts
    assert loaded is not None
    # As the build does, a local file's length is its tagged copy's size.
    sized = tuple(tasks.with_copy_sizes(e, result.files) for e in loaded.episodes)
    loaded = replace(loaded, episodes=sized)
    guids = frozenset(e.guid for e in loaded.episodes if e.transcript) if linked else frozenset()
    whole = feed.render_feed(loaded, result.files, build.GENERATOR, guids)
    writer = feed.ItemWriter(loaded.show, build.GENERATOR)
    notes_html = {e.guid: notes.of(e, Diagnostics()) for e in loaded.episodes}
    items = [
        writer.item(e, notes_html[e.guid], result.files, link_only=False) for e in loaded.episodes
    ]
    # The build makes an episode's linked item from its full one.
    items = [
        writer.linked(e, notes_html[e.guid], i) if e.guid in guids else i
        for e, i in zip(loaded.episodes, items, strict=True)
    ]
    # The channel is made from the light episodes, as the build makes it.
    channel = feed.channel(project.show, project.episodes, build.GENERATOR)
    assert channel.head + b"".join(items) + channel.tail == whole
    if not linked:
        assert whole == result.files[PurePosixPath("feed.xml")]


def test_an_item_is_the_same_whatever_was_rendered_before_it() -> None:
    """The writer leaves no trace of one item in the next."""
    loaded = build.load_project(SHOWS / "full").project
    assert loaded is not None
    files = build.check(SHOWS / "full", read_back=False).files
    first = feed.ItemWriter(loaded.show, build.GENERATOR)
    for episode in loaded.episodes:
        first.item(episode, notes.of(episode, Diagnostics()), files, link_only=False)
    last = loaded.episodes[-1]
    html = notes.of(last, Diagnostics())
    alone = feed.ItemWriter(loaded.show, build.GENERATOR).item(last, html, files, link_only=False)
    assert first.item(last, html, files, link_only=False) == alone
    assert alone.count(b"<item>") == 1 and alone.startswith(b"    <item>")


def test_an_episodes_transcript_html_is_made_once_for_its_item_its_copy_and_json(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The item, its linked copy and the JSON Feed item of one episode read the same
    transcript HTML: made once (``feed.content_html`` keeps the last), and the same text as
    made afresh for each; another episode, or other notes, are not answered from it."""
    from nmo_feed.render import fragment, jsonfeed  # noqa: PLC0415

    loaded = build.load_project(SHOWS / "full").project
    assert loaded is not None
    files = build.check(SHOWS / "full", read_back=False).files
    first, second = [e for e in loaded.episodes if e.transcript][:2]
    made = []
    real = fragment.transcript_blocks
    monkeypatch.setattr(
        fragment, "transcript_blocks", lambda e, **k: made.append(e) or real(e, **k)
    )
    writer = feed.ItemWriter(loaded.show, build.GENERATOR)
    html = notes.of(first, Diagnostics())
    item = writer.item(first, html, files, link_only=False)
    linked = writer.linked(first, html, item)
    json_item = jsonfeed.item(loaded.show, first, html, link_only=False)
    assert made == [first]
    page = feed.layout.Site.of(loaded.show).episode(first)
    fresh = feed._content_html(first, html, page, link_only=False)
    assert feed.content_html(first, html, page) == fresh
    assert feed.content_html(first, "<p>other notes</p>", page) != fresh
    assert feed.content_html(second, html, page) != fresh
    assert made == [first, first, first, second]  # afresh, other notes, another episode
    assert b"<item>" in item and b"<item>" in linked and json_item.startswith(b"{")
