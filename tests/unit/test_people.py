"""People: ``load.people`` reads show persons and episode speakers against the podcast
taxonomy; ``render.persons.item_persons`` decides who a feed item names."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from support import episode_model, show_model

from nmo_feed.errors import Diagnostics, SourceLocation
from nmo_feed.load.fields import Fields
from nmo_feed.load.people import PERSON_KEYS, SPEAKER_KEYS, TAXONOMY, read_people
from nmo_feed.load.sources import read_episode
from nmo_feed.model import Speaker
from nmo_feed.render.persons import item_persons

LOC = SourceLocation(PurePosixPath("ep/episode.md"))


def speakers(
    tmp_path: Path, entries: str, *, role: str = "guest", keys: tuple[str, ...] = SPEAKER_KEYS
) -> tuple[tuple[Speaker, ...], Diagnostics]:
    """Read the ``speakers`` list given as YAML lines (line 3 of the file is its first)."""
    path = tmp_path / "episode.md"
    path.write_text(f"---\nspeakers:\n{entries}---\n", encoding="utf-8")
    diagnostics = Diagnostics()
    f = Fields(read_episode(path, LOC).front_matter, diagnostics)
    return read_people(f, "speakers", default_role=role, keys=keys), diagnostics


def found(diagnostics: Diagnostics) -> list[tuple[str, str, int | None, int | None]]:
    return [
        (d.severity.value, d.code, d.location.line, d.location.column) for d in diagnostics.sorted()
    ]


def test_defaults_are_the_given_role_in_the_cast(tmp_path: Path) -> None:
    """A speaker is a guest and a show person a host unless they say otherwise."""
    guests, diagnostics = speakers(tmp_path, "  - name: Ann\n")
    hosts, _ = speakers(tmp_path, "  - name: Ann\n", role="host", keys=PERSON_KEYS)
    assert guests == (Speaker("Ann", None, None, "guest", "cast", None, None),)
    assert hosts == (Speaker("Ann", None, None, "host", "cast", None, None),)
    assert diagnostics.items == []


def test_every_key_is_read_and_role_and_group_are_lower_cased(tmp_path: Path) -> None:
    entries = (
        "  - name: Dean Wingerchuk\n"
        "    credentials: MD\n"
        "    affiliation: Mayo Clinic\n"
        "    role: Narrator\n"
        "    href: 'https://example.org/dean'\n"
        "    img: 'https://example.org/dean.jpg'\n"
        "  - {name: Bo, role: Composer, group: Audio Post-Production}\n"
        "  - {name: Cy, role: translater, group: writing}\n"
        "  - {name: Di, role: editor, group: video post-production}\n"
    )
    people, diagnostics = speakers(tmp_path, entries)
    assert people == (
        Speaker(
            "Dean Wingerchuk",
            "MD",
            "Mayo Clinic",
            "narrator",
            "cast",
            "https://example.org/dean",
            "https://example.org/dean.jpg",
        ),
        Speaker("Bo", None, None, "composer", "audio post-production"),
        Speaker("Cy", None, None, "translater", "writing"),
        Speaker("Di", None, None, "editor", "video post-production"),
    )
    assert diagnostics.items == []


def test_a_role_outside_its_group_is_a_warning_at_the_role(tmp_path: Path) -> None:
    """'presenter' is no taxonomy role, and 'composer' is not a cast role: both are warned,
    and the person is still published (apps show the role as free text)."""
    people, diagnostics = speakers(
        tmp_path, "  - {name: Ann, role: Presenter}\n  - name: Bo\n    role: composer\n"
    )
    assert [(p.name, p.role, p.group) for p in people] == [
        ("Ann", "presenter", "cast"),
        ("Bo", "composer", "cast"),
    ]
    assert found(diagnostics) == [
        ("warning", "unknown-role", 3, 17),
        ("warning", "unknown-role", 5, 5),
    ]
    first = diagnostics.sorted()[0]
    assert first.message == "role 'presenter' is not a podcast:person role of the group 'cast'"
    assert first.hint == f"one of: {', '.join(TAXONOMY['cast'])}"
    assert diagnostics.ok


def test_an_unknown_group_is_a_warning_at_the_group(tmp_path: Path) -> None:
    people, diagnostics = speakers(tmp_path, "  - name: Ann\n    group: Crew\n")
    assert [(p.role, p.group) for p in people] == [("guest", "crew")]
    assert found(diagnostics) == [("warning", "unknown-role", 4, 5)]
    (warning,) = diagnostics.items
    assert warning.message == "person group 'crew' is not a podcast:person group"
    assert warning.hint is not None and "video post-production" in warning.hint


def test_a_person_with_an_error_is_left_out_and_the_others_kept(tmp_path: Path) -> None:
    """No name, a bad link, a name too long, or an entry that is not a table: each is a
    located error and that person only is dropped."""
    entries = (
        "  - {role: host}\n"
        "  - {name: Bo, href: 'javascript:alert(1)'}\n"
        f"  - {{name: {'x' * 129}}}\n"
        "  - Just a name\n"
        "  - {name: Kept}\n"
    )
    people, diagnostics = speakers(tmp_path, entries)
    assert [p.name for p in people] == ["Kept"]
    assert found(diagnostics) == [
        ("error", "missing-field", 3, 5),
        ("error", "bad-url", 4, 16),
        ("error", "too-long", 5, 6),
        ("error", "wrong-type", 6, 5),
    ]


def test_show_persons_have_no_credentials_or_affiliation(tmp_path: Path) -> None:
    """Those keys are a speaker's only: on a show person they are unknown keys, not read."""
    people, diagnostics = speakers(
        tmp_path, "  - {name: Ann, credentials: MD, affiliation: X}\n", keys=PERSON_KEYS
    )
    assert people == (Speaker("Ann", None, None, "guest", "cast"),)
    assert [(d.code, d.message) for d in diagnostics.sorted()] == [
        ("unknown-key", "unknown key 'speakers[0].credentials'"),
        ("unknown-key", "unknown key 'speakers[0].affiliation'"),
    ]


def test_one_table_is_a_list_of_one(tmp_path: Path) -> None:
    path = tmp_path / "episode.md"
    path.write_text("---\nspeakers: {name: Ann}\n---\n", encoding="utf-8")
    f = Fields(read_episode(path, LOC).front_matter, Diagnostics())
    assert read_people(f, "speakers", default_role="guest", keys=SPEAKER_KEYS) == (Speaker("Ann"),)
    assert read_people(f, "absent", default_role="guest", keys=SPEAKER_KEYS) == ()


# --- item_persons ---------------------------------------------------------------------------

ANN = Speaker("Ann", role="host")
BO = Speaker("Bo", role="co-host")


@pytest.mark.parametrize("hosts", [(), (ANN, BO)])
def test_an_episode_without_speakers_names_nobody(hosts: tuple[Speaker, ...]) -> None:
    """The channel's people then apply to the item (the namespace's rule)."""
    assert item_persons(show_model(persons=hosts), episode_model(speakers=())) == ()


def test_item_people_restate_the_show_then_the_speakers() -> None:
    """Item people replace the channel's, so the show's people come first, then the
    speakers in their own order."""
    cy, di = Speaker("Cy"), Speaker("Di", role="narrator")
    persons = item_persons(show_model(persons=(ANN, BO)), episode_model(speakers=(di, cy)))
    assert persons == (ANN, BO, di, cy)


def test_a_speaker_who_is_a_show_person_replaces_that_entry_in_place() -> None:
    """Bo speaking as a guest in this episode is listed once, as the speaker, where the
    show lists Bo."""
    bo_guest = Speaker("Bo", "PhD", role="guest")
    cy = Speaker("Cy")
    persons = item_persons(show_model(persons=(ANN, BO)), episode_model(speakers=(cy, bo_guest)))
    assert persons == (ANN, bo_guest, cy)


def test_a_show_without_people_gives_just_the_speakers() -> None:
    cy = Speaker("Cy")
    assert item_persons(show_model(), episode_model(speakers=(cy,))) == (cy,)
