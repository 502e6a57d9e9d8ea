"""A transcript speaker missing from the episode's ``speakers`` warns at its line (issue 15)."""

from __future__ import annotations

from support import ShowWriter

from nmo_feed import build
from nmo_feed.errors import Diagnostic

SPEAKERS = "speakers:\n  - {name: Dean Wingerchuk, credentials: MD}\n  - {name: Ann Host}\n"


def episode(speakers: str = SPEAKERS) -> str:
    return f"---\ntitle: T\ndate: 2024-05-01\nguid: g1\nsummary: S\n{speakers}---\nNotes.\n"


def warnings(make_show: ShowWriter, files: dict[str, str | bytes | None]) -> list[Diagnostic]:
    result = build.load_project(make_show(files))
    assert result.project is not None, [d.message for d in result.diagnostics.errors]
    return [d for d in result.diagnostics.warnings if d.code == "unknown-speaker"]


def test_a_misspelt_speaker_warns_at_its_line_with_the_name_meant(make_show: ShowWriter) -> None:
    transcript = (
        "Dean Wingerchuk, MD – Mayo Clinic:\n\nFirst.\n\n"
        "Dean Wingrechuk:\n\nSecond.\n\nAnn Host:\n\nThird.\n\nDean Wingrechuk:\n\nAgain.\n"
    )
    found = warnings(
        make_show,
        {"2024-05-01-first/episode.md": episode(), "2024-05-01-first/transcript.md": transcript},
    )
    assert [(str(d.location.path), d.location.line, d.message, d.hint) for d in found] == [
        (
            "2024-05-01-first/transcript.md",
            7,
            "speaker 'Dean Wingrechuk' is not one of the episode's speakers"
            " (Dean Wingerchuk, Ann Host)",
            "did you mean 'Dean Wingerchuk'?",
        )
    ]


def test_case_and_a_shortened_name_suggest_the_listed_one(make_show: ShowWriter) -> None:
    vtt = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v dean wingerchuk>One.\n\n"
        "00:01.000 --> 00:02.000\n<v Ann>Two.\n\n00:02.000 --> 00:03.000\n<v Zed Other>Three.\n"
    )
    found = warnings(
        make_show,
        {"2024-05-01-first/episode.md": episode(), "2024-05-01-first/transcript.vtt": vtt},
    )
    assert [(d.location.line, d.hint) for d in found] == [
        (3, "did you mean 'Dean Wingerchuk'?"),
        (6, "did you mean 'Ann Host'?"),
        (9, "add them to the episode's speakers, or correct the label"),
    ]


def test_translations_are_checked_too(make_show: ShowWriter) -> None:
    found = warnings(
        make_show,
        {
            "2024-05-01-first/episode.md": episode(),
            "2024-05-01-first/transcript.md": "Ann Host:\n\nHello.\n",
            "2024-05-01-first/transcript.es.md": "Entrevistadora:\n\nHola.\n",
        },
    )
    assert [(str(d.location.path), d.location.line) for d in found] == [
        ("2024-05-01-first/transcript.es.md", 3)
    ]


def test_no_warning_when_the_episode_lists_no_speakers(make_show: ShowWriter) -> None:
    found = warnings(
        make_show,
        {
            "2024-05-01-first/episode.md": episode(speakers=""),
            "2024-05-01-first/transcript.md": "Anyone At All:\n\nHello.\n",
        },
    )
    assert found == []


def test_the_shows_people_are_known_speakers(make_show: ShowWriter, show_toml: str) -> None:
    """[[persons]] are restated in every episode's podcast:person, so they may speak."""
    found = warnings(
        make_show,
        {
            "show.toml": show_toml + '\n[[persons]]\nname = "Reg Ular"\n',
            "2024-05-01-first/episode.md": episode(),
            "2024-05-01-first/transcript.md": "Reg Ular:\n\nHello.\n\nAnn Host:\n\nHi.\n",
        },
    )
    assert found == []
