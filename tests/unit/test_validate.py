"""Episodes: front matter into the model, with every problem located."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build, layout
from nmo_feed.load.episode import slug_for


def load(root: Path) -> build.Result:
    return build.load_project(root)


def codes(result: build.Result) -> list[tuple[str, str, int | None]]:
    return [(d.code, str(d.location.path), d.location.line) for d in result.diagnostics.sorted()]


@pytest.mark.parametrize(
    ("folder", "slug"),
    [
        ("2010-04-02-how-do-clinicians-treat-nmo", "how-do-clinicians-treat-nmo"),
        ("Draft Ideas (2)", "draft-ideas-2"),
        ("2024-01-01-Ça-va", "a-va"),
    ],
)
def test_slug_is_the_folder_name_without_its_date(folder: str, slug: str) -> None:
    """The URL name drops a leading date and keeps ASCII letters, digits and hyphens."""
    assert slug_for(PurePosixPath(folder)) == slug


def test_local_media_facts_come_from_the_file(make_show, wav) -> None:  # type: ignore[no-untyped-def]
    """Duration, size and type are probed; the URL is under site_url/media/<slug>/."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": (
                "---\ntitle: T\ndate: 2024-05-01T10:00:00+02:00\nguid: g1\nsummary: S\n"
                "media: tone.wav\n---\n"
            )
        }
    )
    wav(root / "2024-05-01-first" / "tone.wav", 2.0)
    result = load(root)
    assert result.project is not None, codes(result)
    (episode,) = result.project.episodes
    (media,) = episode.media
    url = layout.Site.of(result.project.show).media(episode, media)
    assert (url, media.mime_type, media.duration_ms, media.length) == (
        "https://example.org/show/media/first/tone.wav",
        "audio/wav",
        2000,
        (root / "2024-05-01-first" / "tone.wav").stat().st_size,
    )
    assert episode.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert episode.published.utcoffset() == timedelta(hours=2)
    assert episode.published.tzinfo == timezone(timedelta(hours=2))


def test_bare_date_is_midnight_utc_and_drafts_need_no_date(make_show) -> None:  # type: ignore[no-untyped-def]
    """A date alone is 00:00 UTC; a draft without a date is valid and not published."""
    root = make_show(
        {"later/episode.md": "---\ntitle: Later\nguid: g2\ndraft: true\nsummary: S\n---\n"}
    )
    result = load(root)
    assert result.project is not None
    assert [e.slug for e in result.project.episodes] == ["first"]
    assert [e.slug for e in result.project.drafts] == ["later"]
    assert result.project.episodes[0].published == datetime(2024, 5, 1, tzinfo=UTC)


def test_published_episode_without_media_is_warned(make_show) -> None:  # type: ignore[no-untyped-def]
    """Apps ignore items without an enclosure, so the publisher is told."""
    result = load(make_show())
    assert ("missing-media", "2024-05-01-first/episode.md", 1) in codes(result)


def test_translations_are_loaded_with_their_language(make_show) -> None:  # type: ignore[no-untyped-def]
    """transcript.md is the episode's language; transcript.es.md is a translation."""
    root = make_show(
        {
            "2024-05-01-first/transcript.md": "Ann:\n\nHello.\n",
            "2024-05-01-first/transcript.es.md": "Ann:\n\nHola.\n",
        }
    )
    result = load(root)
    assert result.project is not None
    (episode,) = result.project.episodes
    assert episode.transcript is not None and episode.transcript.language == "en"
    assert [t.language for t in episode.translations] == ["es"]


def test_two_transcripts_in_one_language_are_an_error(make_show) -> None:  # type: ignore[no-untyped-def]
    """transcript.md beside transcript.vtt would leave the choice to chance."""
    root = make_show(
        {
            "2024-05-01-first/transcript.md": "Hello.\n",
            "2024-05-01-first/transcript.vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n",
        }
    )
    assert ("transcript-duplicate", "2024-05-01-first/transcript.vtt", None) in codes(load(root))


def test_unknown_speaker_role_is_a_warning(make_show) -> None:  # type: ignore[no-untyped-def]
    """podcast:person roles come from the namespace taxonomy; others are flagged."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": (
                "---\ntitle: T\ndate: 2024-05-01\nguid: g\nsummary: S\n"
                "speakers:\n  - {name: Ann, role: Neurologist}\n---\n"
            )
        }
    )
    result = load(root)
    assert ("unknown-role", "2024-05-01-first/episode.md", 7) in codes(result)
    assert result.project is not None
    assert result.project.episodes[0].speakers[0].role == "neurologist"


def test_remote_media_of_unknown_length_or_duration_is_a_warning(make_show) -> None:  # type: ignore[no-untyped-def]
    """length 0 (RSS for "unknown") and no duration, as imported feeds often have, build with
    a warning each; a negative length is still an error."""
    media = "media: {url: https://example.org/a.mp3, type: audio/mpeg, length: %s}\n"
    episode = "---\ntitle: T\ndate: 2024-05-01\nguid: g1\nsummary: S\n" + media + "---\n"
    result = load(make_show({"2024-05-01-first/episode.md": episode % "0"}, name="zero"))
    assert result.project is not None, codes(result)
    found = {(d.code, d.severity.value) for d in result.diagnostics} - {
        ("missing-artwork", "warning")
    }
    assert found == {("unknown-length", "warning"), ("missing-duration", "warning")}
    (only,) = result.project.episodes[0].media
    assert (only.length, only.duration_ms) == (0, None)
    result = load(make_show({"2024-05-01-first/episode.md": episode % "-1"}, name="negative"))
    assert result.project is None or not result.project.episodes
    assert "wrong-type" in [c for c, _, _ in codes(result)]  # "a whole number of at least 0"


def test_remote_transcripts_and_chapters_are_read_and_checked(make_show) -> None:  # type: ignore[no-untyped-def]
    """``remote_transcripts`` and ``remote_chapters`` (written by ``nmo-feed import`` for what
    the old host still publishes) load into the model; a bad type or language is located."""
    head = "---\ntitle: T\ndate: 2024-05-01\nguid: g1\nsummary: S\n"
    good = (
        head + "remote_transcripts:\n"
        "  - {url: 'https://old.example.org/t.vtt', type: text/vtt, language: es}\n"
        "  - {url: 'https://old.example.org/t.html', type: text/html}\n"
        "remote_chapters: https://old.example.org/c.json\n---\n"
    )
    result = load(make_show({"2024-05-01-first/episode.md": good}))
    assert result.project is not None, codes(result)
    (episode,) = result.project.episodes
    assert [(r.url, r.mime_type, r.language) for r in episode.remote_transcripts] == [
        ("https://old.example.org/t.vtt", "text/vtt", "es"),
        ("https://old.example.org/t.html", "text/html", "en"),  # the episode's language
    ]
    assert episode.remote_chapters == "https://old.example.org/c.json"
    bad = (
        head + "remote_transcripts:\n"
        "  - {url: 'https://old.example.org/t.doc', type: application/msword}\n"
        "  - {url: 'javascript:alert(1)', type: text/vtt, language: 'not a tag'}\n---\n"
    )
    result = load(make_show({"2024-05-01-first/episode.md": bad}))
    assert result.project is None
    assert sorted(
        c for c, _, _ in codes(result) if c not in ("missing-media", "missing-artwork")
    ) == [
        "bad-language",
        "bad-url",
        "bad-value",
    ]
