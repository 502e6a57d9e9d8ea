"""People: show.toml ``[[persons]]`` and episode ``speakers``, as Podcasting 2.0 persons.

Both read the same keys (``name``, ``role``, ``group``, ``href``, ``img``; speakers also
``credentials`` and ``affiliation``) into a ``Speaker``. Roles and groups come from the
Podcast Taxonomy Project list the podcast namespace points at (``taxonomy.json``); one outside
it is a warning, since apps then show it as free text. How they go into a feed item is
``render.persons``'s business.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from ..errors import Diagnostics
from ..model import Speaker, Transcript
from .fields import Fields

# Podcast Taxonomy Project roles by group (podcast-namespace taxonomy.json), lower case,
# spelt as the list spells them ("translater" included).
TAXONOMY: dict[str, tuple[str, ...]] = {
    "creative direction": (
        "director", "assistant director", "executive producer", "senior producer", "producer",
        "associate producer", "development producer", "creative director",
    ),
    "cast": (
        "host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer",
        "reporter",
    ),
    "writing": (
        "author", "editorial director", "co-writer", "writer", "songwriter", "guest writer",
        "story editor", "managing editor", "script editor", "script coordinator", "researcher",
        "editor", "fact checker", "translater", "transcriber", "logger",
    ),
    "audio production": (
        "studio coordinator", "technical director", "technical manager", "audio engineer",
        "remote recording engineer", "post production engineer",
    ),
    "audio post-production": (
        "audio editor", "sound designer", "foley artist", "composer", "theme music",
        "music production", "music contributor",
    ),
    "administration": (
        "production coordinator", "booking coordinator", "production assistant",
        "content manager", "marketing manager", "sales representative", "sales manager",
    ),
    "visuals": ("graphic designer", "cover art designer"),
    "community": ("social media manager",),
    "misc.": ("consultant", "intern"),
    "video production": ("camera operator", "lighting designer", "camera grip", "assistant camera"),
    "video post-production": ("editor", "assistant editor"),
}  # fmt: skip
"""The cast roles, the ones speakers usually have."""
PERSON_KEYS = ("name", "role", "group", "href", "img")
SPEAKER_KEYS = ("name", "credentials", "affiliation", "role", "group", "href", "img")


def read_person(
    item: Fields, *, default_role: str, keys: tuple[str, ...], default_group: str = "cast"
) -> Speaker | None:
    """One person from a table of keys; None (after reporting) when it has no usable name."""
    item.unknown(keys)
    name = item.text("name", required=True, max_bytes=128)
    if name and ("\t" in name or "\n" in name):
        # A name is one line: WebVTT voices, SRT prefixes and text labels could not keep it.
        item.error(
            "name",
            "control-char",
            f"'{item.key('name')}' contains a {'tab' if chr(9) in name else 'line break'}",
            "write the name on one line, with spaces",
        )
        name = None
    role = (item.text("role") or default_role).lower()
    group = (item.text("group") or default_group).lower()
    if group not in TAXONOMY:
        item.diagnostics.warning(
            "unknown-role",
            f"person group {group!r} is not a podcast:person group",
            item.loc("group"),
            hint=f"one of: {', '.join(TAXONOMY)}",
        )
    elif role not in TAXONOMY[group]:
        item.diagnostics.warning(
            "unknown-role",
            f"role {role!r} is not a podcast:person role of the group {group!r}",
            item.loc("role"),
            hint=f"one of: {', '.join(TAXONOMY[group])}",
        )
    href, img = item.url("href"), item.url("img")
    credentials = item.text("credentials") if "credentials" in keys else None
    affiliation = item.text("affiliation") if "affiliation" in keys else None
    if not name or not item.ok:
        return None
    return Speaker(name, credentials, affiliation, role, group, href, img)


def read_people(
    f: Fields, key: str, *, default_role: str, keys: tuple[str, ...]
) -> tuple[Speaker, ...]:
    """Every person of the list ``key`` (a table of keys each)."""
    result = []
    for index, entry in f.items(key):
        item = f.item_mapping(key, index, entry)
        if item is None:
            continue
        person = read_person(item, default_role=default_role, keys=keys)
        if person is not None:
            result.append(person)
    return tuple(result)


def check_transcript_speakers(
    listed: Sequence[Speaker],
    show_people: Sequence[Speaker],
    found: Iterable[Transcript],
    diagnostics: Diagnostics,
) -> None:
    """Warn at the first line of each transcript speaker who is not among the episode's
    ``speakers`` or the show's ``[[persons]]``, since the page and the feed's podcast:person
    would then name other people than the captions. An episode that lists no speakers is not
    checked: its transcript is the only record of who speaks, and nothing disagrees."""
    if not listed:
        return
    known = [person.name for person in (*listed, *show_people)]
    for transcript in found:
        seen = set(known)
        for turn in transcript.turns:
            name = turn.speaker
            if name is None or name in seen:
                continue
            seen.add(name)
            # Same letters in another case, a name cut short ("Sam" for "Sam Smith"), a typo.
            close = [k for k in known if k.casefold() == name.casefold()]
            close = close or [k for k in known if k.startswith(name) or name.startswith(k)]
            close = close or difflib.get_close_matches(name, known, n=1, cutoff=0.75)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "add them to the episode's speakers, or correct the label"
            )
            diagnostics.warning(
                "unknown-speaker",
                f"speaker '{name}' is not one of the episode's speakers ({', '.join(known)})",
                turn.paragraphs[0].cues[0].source,
                hint=hint,
            )
