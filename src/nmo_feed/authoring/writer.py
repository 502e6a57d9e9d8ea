"""Write an imported feed as a show folder: ``show.toml`` and one ``episode.md`` per item.

Every string from the feed is written quoted (TOML basic strings, YAML double-quoted
scalars), so it reads back as exactly the same string: a guid such as ``0001`` or ``yes``
stays a string, and no value can add keys or end the front matter. Folder names are made
here from the date and an ASCII slug of the title, never from a guid or a raw title, so no
feed can name a path outside the show folder.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from typing import Any

from ..load import show as config
from ..load.discover import is_episode_folder
from ..load.people import TAXONOMY
from ..load.sources import yaml_string
from ..model import Speaker
from ..rules import CONTROL, LANGUAGE
from .importer import Channel, Chapter, Item

PLACEHOLDER_SITE_URL = config.PLACEHOLDER_SITE_URL
PLACEHOLDER_EMAIL = config.PLACEHOLDER_EMAIL
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_SLUG_LIMIT = 60


def toml_string(text: str) -> str:
    """A TOML basic string that reads back as ``text``."""
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
               "\r": "\\r"}  # fmt: skip
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def tidy(text: str, what: str, notes: list[str]) -> str:
    """``text`` without the control characters nmo-feed refuses (noted when there were any)."""
    if CONTROL.search(text):
        notes.append(f"{what}: control characters removed")
        return CONTROL.sub("", text)
    return text


def slug(title: str) -> str:
    """An ASCII URL name from a title: letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    text = "-".join(words)[:_SLUG_LIMIT].strip("-")
    return text or "episode"


def folder_name(item: Item, taken: set[str]) -> str:
    """``YYYY-MM-DD-slug`` (or the slug alone for an undated item), with a number added when
    the slug is taken: the build requires every episode's URL name to be unique."""
    base = slug(item.title)
    name, n = base, 1
    # An undated item's folder is its slug alone: never one the build reads as something
    # else ("static", "templates"), nor a hidden or "_" folder, which are not episodes.
    while name in taken or not is_episode_folder(name):
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return f"{item.published:%Y-%m-%d}-{name}" if item.published else name


# --- show.toml --------------------------------------------------------------------------


def show_toml(
    channel: Channel,
    *,
    site_url: str | None,
    podcast_guid: str,
    old_feed: str | None,
    serial: bool,
    notes: list[str],
) -> str:
    """The text of ``show.toml`` for the channel; what needs attention is added to ``notes``."""
    lines = [
        "# Imported by nmo-feed import" + (f" from {old_feed}" if old_feed else "") + ".",
        "# Read the import report, change what it names, then run: nmo-feed check",
        "",
    ]

    def put(key: str, value: Any, comment: str = "") -> None:
        lines.append(f"{key} = {_toml_value(value)}" + (f"  # {comment}" if comment else ""))

    title = tidy(channel.title, "show title", notes).strip()
    if not title:
        title = "Untitled show"
        notes.append("show.toml: the old feed has no title; give the show one")
    put("title", _limit(title, 255, "show title", notes))
    description = tidy(channel.description, "show description", notes) or title
    put("description", _limit(description, 4000, "show description", notes))
    language = channel.language or ""
    if not LANGUAGE.match(language):
        notes.append(f"show.toml: language {language!r} is not a language tag: set to 'en'")
        language = "en"
    put("language", language)
    lines.append("")
    if channel.link:
        lines.append(f"# The old feed's website was {_comment(channel.link)}.")
    if site_url:
        put("site_url", site_url)
    else:
        notes.append(
            "show.toml: site_url is a placeholder: set it to where out/ will be published"
            " (or import again with --site-url)"
        )
        lines.append(
            "# PLACEHOLDER: where out/ will be published; the feed is site_url + feed.xml."
        )
        put("site_url", PLACEHOLDER_SITE_URL)
    lines.append("")
    author = channel.author or channel.owner_name or title
    put("author", tidy(_limit(author, 255, "author", notes), "author", notes))
    if channel.explicit is None:
        notes.append("show.toml: the old feed does not say whether it is explicit: set false")
    put("explicit", bool(channel.explicit))
    if channel.artwork and _URL.match(channel.artwork):
        put("artwork", channel.artwork, "the old artwork, still on the old host")
    elif channel.artwork:
        notes.append(f"show.toml: artwork {channel.artwork!r} is not an http(s) URL: left out")
    else:
        notes.append("show.toml: the old feed has no artwork; Apple requires it")
    put("categories", [list(filter(None, c)) for c in _categories(channel, notes)])
    copyright_ = _optional(channel.copyright, 255, "copyright", notes)
    if copyright_:
        put("copyright", copyright_)
    license_ = _optional(channel.license, 128, "license", notes)
    if license_:
        put("license", license_)
    if channel.show_type in ("episodic", "serial"):
        if channel.show_type == "serial" and not serial:
            notes.append(
                "show.toml: the old feed is serial but not every episode has a number:"
                " imported as episodic"
            )
        put("type", "serial" if channel.show_type == "serial" and serial else "episodic")
    put(
        "locked",
        bool(channel.locked),
        "podcast:locked" + ("" if channel.locked is not None else ": the old feed did not say"),
    )
    lines.append("")
    lines.append("# The show's identity for podcast apps: kept from the old feed, never changed.")
    put("podcast_guid", podcast_guid)
    lines.append("")
    email = channel.owner_email or ""
    if not _EMAIL.match(email):
        notes.append(
            f"show.toml: owner email {email!r} is missing or not an address: a"
            " placeholder is written"
        )
        email = PLACEHOLDER_EMAIL
    owner_name = channel.owner_name or author
    put("owner", {"name": tidy(owner_name, "owner name", notes), "email": email})
    for url, text in channel.funding:
        if not _URL.match(url):
            notes.append(f"show.toml: funding URL {url!r} is not http(s): left out")
            continue
        lines += ["", "[[funding]]", f"url = {toml_string(url)}"]
        label = _limit(
            tidy(text, "funding text", notes) or "Support the show", 128, "funding text", notes
        )
        lines.append(f"text = {toml_string(label)}")
    for person in channel.persons:
        lines += ["", "[[persons]]"]
        for key, value in _person(person, "show person", notes).items():
            lines.append(f"{key} = {toml_string(value)}")
    return "\n".join(lines) + "\n"


def _categories(channel: Channel, notes: list[str]) -> list[tuple[str, str | None]]:
    result = []
    for text, sub in channel.categories:
        if text in config.APPLE_CATEGORIES and (
            sub is None or sub in config.APPLE_CATEGORIES[text]
        ):
            result.append((text, sub))
        elif text in config.APPLE_CATEGORIES:
            notes.append(f"show.toml: {sub!r} is not an Apple subcategory of {text!r}: dropped")
            if (text, None) not in result:
                result.append((text, None))
        else:
            notes.append(f"show.toml: category {text!r} is not an Apple category: dropped")
    if not result:
        notes.append("show.toml: no Apple category: add one to categories")
    return result


def _person(person: Speaker, what: str, notes: list[str]) -> dict[str, str]:
    values = {"name": _limit(tidy(person.name, what, notes), 128, what, notes)}
    if person.group in TAXONOMY:
        values["role"] = person.role
        values["group"] = person.group
    for key in ("href", "img"):
        value = getattr(person, key)
        if value and _URL.match(value):
            values[key] = value
        elif value:
            notes.append(f"{what} {person.name!r}: {key} {value!r} is not http(s): left out")
    return values


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def _limit(text: str, limit: int, what: str, notes: list[str]) -> str:
    if len(text.encode()) <= limit:
        return text
    notes.append(f"{what} is longer than {limit} bytes: shortened")
    cut = text.encode()[: limit - 4].decode("utf-8", "ignore")
    return cut[: cut.rfind(" ")] + " …" if " " in cut else cut


def _optional(text: str | None, limit: int, what: str, notes: list[str]) -> str | None:
    if not text:
        return None
    return _limit(tidy(" ".join(text.split()), what, notes), limit, what, notes)


def _comment(text: str) -> str:
    # A comment ends at a line break; the quoted form has none.
    return toml_string(text)


# --- episode.md -------------------------------------------------------------------------


def episode_md(
    item: Item,
    body: str,
    *,
    number: int | None,
    references: list[tuple[str, str, str, str, str]],
    notes: list[str],
) -> str:
    """The text of ``episode.md`` for one item. ``references`` are the transcripts and
    chapters the old host publishes that were not brought in: (``transcript`` or
    ``chapters``, URL, MIME type, language, why), linked as they are by the build."""
    lines = ["---"]

    def put(key: str, value: str | int | bool) -> None:
        lines.append(f"{key}: {_yaml_value(value)}")

    put("title", tidy(item.title, "title", notes))
    # The guid is written exactly as the old feed had it: apps know the episode by it.
    put("guid", item.guid)
    if item.published is not None:
        put("date", _iso(item.published))
    else:
        put("draft", True)
    put("summary", tidy(item.summary, "summary", notes))
    if item.enclosure is not None:
        enclosure = item.enclosure
        lines.append("media:")
        lines.append(f"  url: {_yaml_value(enclosure.url)}")
        lines.append(f"  type: {_yaml_value(enclosure.type)}")
        lines.append(f"  length: {enclosure.length or 0}")
        if item.duration:
            lines.append(f"  duration: {item.duration}")
    if number is not None:
        put("number", number)
    if item.season is not None:
        put("season", item.season)
    if item.episode_type in ("trailer", "bonus"):
        put("type", item.episode_type)
    if item.explicit is not None:
        put("explicit", item.explicit)
    if item.artwork and _URL.match(item.artwork):
        put("artwork", item.artwork)
    if item.persons:
        lines.append("speakers:")
        for person in item.persons:
            values = _person(person, "speaker", notes)
            first = True
            for key, value in values.items():
                lines.append(f"  {'- ' if first else '  '}{key}: {_yaml_value(value)}")
                first = False
    remote = [r for r in references if r[0] == "transcript"]
    if remote:
        # Published by the old host and not brought in: the build links them as they are.
        lines.append("remote_transcripts:")
        for _, url, mime, language, why in remote:
            lines.append(f"  - url: {_yaml_value(url)}  # {_comment(why)}")
            lines.append(f"    type: {_yaml_value(mime)}")
            lines.append(f"    language: {_yaml_value(language)}")
    for _, url, _, _, why in (r for r in references if r[0] == "chapters"):
        put("remote_chapters", url)
        lines[-1] += f"  # {_comment(why)}"
    lines.append("---")
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")


def chapters_json(chapters: list[Chapter]) -> str:
    """Podlove Simple Chapters as a Podcast Index JSON chapters document."""
    entries: list[dict[str, Any]] = []
    for chapter in chapters:
        entry: dict[str, Any] = {"startTime": chapter.start, "title": chapter.title}
        if chapter.href and _URL.match(chapter.href):
            entry["url"] = chapter.href
        if chapter.img and _URL.match(chapter.img):
            entry["img"] = chapter.img
        entries.append(entry)
    return (
        json.dumps({"version": "1.2.0", "chapters": entries}, indent=2, ensure_ascii=False) + "\n"
    )


def _yaml_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return yaml_string(value)


def _iso(moment: datetime) -> str:
    return moment.isoformat()
