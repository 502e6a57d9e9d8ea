"""Show-level settings: ``show.toml`` into ``Show``."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any, cast
from urllib.parse import urlsplit

from .. import colour, layout
from ..errors import Diagnostics, SourceError, SourceLocation
from ..model import AppLink, Category, Funding, Show, ShowType, Theme
from ..rules import LANGUAGE
from .artwork import read_artwork
from .discover import SHOW_FILE
from .fields import Fields
from .people import PERSON_KEYS, read_people
from .sources import RawRecord, read_toml

# Podcasting 2.0 podcast:guid: UUIDv5 of the feed URL without scheme and trailing slashes,
# in this fixed namespace (podcast-namespace docs/tags/guid.md).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# Apple Podcasts categories (w3c/feedvalidator itunes.py, the 2019 hierarchy).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

SHOW_KEYS = (
    "title",
    "description",
    "language",
    "site_url",
    "author",
    "owner",
    "explicit",
    "artwork",
    "categories",
    "license",
    "copyright",
    "funding",
    "contact_url",
    "podcast_guid",
    "subscribe",
    "type",
    "locked",
    "medium",
    "persons",
    "feed",
    "media",
    "disclaimer",
    "theme",
)
THEME_KEYS = ("accent", "accent_dark")
FEED_KEYS = ("max_bytes",)
MEDIA_KEYS = ("tag",)
# podcast:medium values for a feed of its own episodes (medium.md); the "L" list variants
# and "mixed" are for feeds of podcast:remoteItem lists, which nmo-feed does not write.
MEDIUMS = ("podcast", "video", "music", "film", "audiobook", "newsletter", "blog", "course")
DEFAULT_FEED_MAX_BYTES = 15_000_000
PODCAST_INDEX_MAX_CHARACTERS = 25_000_000
"""Podcast Index skips feeds longer than this (aggregator ``maxContentLength``)."""
PLACEHOLDER_PREFIX = "Placeholder:"
"""How ``nmo-feed new`` starts the text a publisher must replace with the show's own."""
PLACEHOLDER_DOMAIN = "example"
"""The top-level domain reserved for examples (RFC 2606): ``nmo-feed new`` writes its
placeholder addresses there (``https://podcast.example/``), where no real show can be."""
PLACEHOLDER_SITE_URL = f"https://podcast.{PLACEHOLDER_DOMAIN}/"
PLACEHOLDER_EMAIL = f"podcast@organisation.{PLACEHOLDER_DOMAIN}"
"""The address and email ``new`` and ``import`` write when they are not given one."""


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 channel guid for a feed URL."""
    seed = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, seed))


def load_show(root: Path, diagnostics: Diagnostics) -> Show | None:
    """``show.toml`` as a ``Show``, or None after recording why it cannot be one."""
    location = SourceLocation(PurePosixPath(SHOW_FILE))
    if not (root / SHOW_FILE).is_file():
        diagnostics.error(
            "missing-show",
            f"the show folder has no {SHOW_FILE}",
            location,
            hint="create show.toml with title, description, language, site_url, author, owner,"
            " explicit, categories and podcast_guid; `nmo-feed new FOLDER` writes a show that"
            " has them all",
        )
        return None
    try:
        record = read_toml(root / SHOW_FILE, location)
    except SourceError as exc:
        diagnostics.add(exc.diagnostic)
        return None
    return _show(root, record, diagnostics)


def _show(root: Path, record: RawRecord, diagnostics: Diagnostics) -> Show | None:
    f = Fields(record, diagnostics)
    f.unknown(SHOW_KEYS)
    _placeholders(record, diagnostics)
    title = f.text("title", required=True, max_bytes=255)
    description = f.text("description", required=True, max_bytes=4000)
    language = _language(f, "language", required=True)
    site_url = f.url("site_url", required=True)
    if site_url is not None:
        site_url = layout.site_url(site_url)
    author = f.text("author", required=True, max_bytes=255)
    owner_name = owner_email = None
    if f.require("owner", hint='owner = { name = "...", email = "..." }'):
        owner = f.mapping("owner")
        if owner is not None:
            owner.unknown(("name", "email"))
            owner_name = owner.text("name", required=True)
            owner_email = owner.text("email", required=True)
            if owner_email and not re.match(r"^[^\s@]+@[^\s@]+\.[^\s@]+$", owner_email):
                owner.error(
                    "email", "bad-value", f"'owner.email' is not an email address: {owner_email!r}"
                )
    explicit = f.boolean("explicit")
    if explicit is None and not f.present("explicit"):
        f.require("explicit", hint="explicit = false  (Apple requires true or false)")
    artwork_url, artwork_path = _show_artwork(root, f)
    categories = _categories(f)
    guid = _podcast_guid(f, site_url)
    funding = _funding(f)
    show = Show(
        title=title or "",
        description=description or "",
        language=language or "",
        site_url=site_url or "",
        author=author or "",
        owner_name=owner_name or "",
        owner_email=owner_email or "",
        categories=categories,
        explicit=bool(explicit),
        podcast_guid=guid or "",
        artwork_url=artwork_url,
        artwork_path=artwork_path,
        license=f.text("license", max_bytes=128),
        copyright=f.text("copyright", max_bytes=255),
        funding=funding,
        contact_url=f.url("contact_url", mailto=True),
        source=record.location,
        subscribe=_subscribe(f),
        show_type=cast(ShowType, f.choice("type", ("episodic", "serial"), "episodic")),
        locked=bool(f.boolean("locked", default=True)),
        medium=_medium(f),
        persons=read_people(f, "persons", default_role="host", keys=PERSON_KEYS),
        feed_max_bytes=_feed_max_bytes(f),
        tag_media=_tag_media(f),
        disclaimer=f.text("disclaimer", max_bytes=4000),
        theme=_theme(f),
    )
    return show if f.ok else None


def is_placeholder(value: str) -> bool:
    """True for text ``nmo-feed new`` wrote for the publisher to replace: it starts with
    ``Placeholder:``, or it is an address (URL or email) in the reserved ``.example`` domain."""
    if value.strip().casefold().startswith(PLACEHOLDER_PREFIX.casefold()):
        return True
    if re.search(r"\s", value.strip()):
        return False
    host = urlsplit(value).hostname if "://" in value else value.rpartition("@")[2]
    host = (host or "").lower().rstrip(".")
    return host == PLACEHOLDER_DOMAIN or host.endswith("." + PLACEHOLDER_DOMAIN)


def _placeholders(record: RawRecord, diagnostics: Diagnostics) -> None:
    """A warning for each value of show.toml that is still one of ``nmo-feed new``'s
    placeholders, so that ``check`` lists what is left to fill in before publishing."""
    for key, value in _strings(record.values, ""):
        if not is_placeholder(value):
            continue
        hint = "replace it with the show's own value (nmo-feed new wrote it as an example)"
        if key == "site_url":
            hint = (
                "set it to the address where the site will be published; before the first"
                " publication, also delete podcast_guid and run 'nmo-feed add-guids' to compute"
                " it from the real address"
            )
        diagnostics.warning(
            "placeholder", f"'{key}' is still a placeholder: {value!r}", record.loc(key), hint
        )


def _strings(value: Any, key: str) -> Iterator[tuple[str, str]]:
    """Every string in a TOML value, with its key as ``RawRecord.loc`` names it."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, f"{key}.{name}" if key else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{key}[{index}]")


def _medium(f: Fields) -> str | None:
    value = f.text("medium")
    if value is not None and value not in MEDIUMS:
        f.error(
            "medium",
            "bad-value",
            f"'medium' is {value!r}; expected one of {', '.join(MEDIUMS)}",
            hint="leave it out to choose from the media: video when every episode is a video",
        )
        return None
    return value


def _feed_max_bytes(f: Fields) -> int:
    table = f.mapping("feed")
    if table is None:
        return DEFAULT_FEED_MAX_BYTES
    table.unknown(FEED_KEYS)
    value = table.integer("max_bytes", minimum=10_000)
    if value is not None and value > PODCAST_INDEX_MAX_CHARACTERS:
        f.diagnostics.warning(
            "feed-size",
            f"'feed.max_bytes' is {value:,}: Podcast Index skips feeds over"
            f" {PODCAST_INDEX_MAX_CHARACTERS:,} characters",
            table.loc("max_bytes"),
            hint=f"keep it at most {PODCAST_INDEX_MAX_CHARACTERS:,}",
        )
    return DEFAULT_FEED_MAX_BYTES if value is None else value


def _theme(f: Fields) -> Theme:
    """The brand colours, each checked for 7:1 against its page background. Without
    ``accent_dark`` the dark scheme's is ``accent`` made lighter until it passes; without
    ``[theme]`` the pages keep their own link colours."""
    table = f.mapping("theme")
    if table is None:
        return Theme()
    table.unknown(THEME_KEYS)
    light = _accent(table, "accent", colour.LIGHT_BACKGROUND, "light")
    if table.present("accent_dark"):
        dark = _accent(table, "accent_dark", colour.DARK_BACKGROUND, "dark")
    elif light is not None:
        dark = colour.nearest_passing(light, colour.DARK_BACKGROUND)
    else:
        dark = None
    default = Theme()
    return Theme(
        accent=colour.to_hex(light) if light else default.accent,
        accent_dark=colour.to_hex(dark) if dark else default.accent_dark,
    )


def _accent(table: Fields, name: str, background: colour.RGB, scheme: str) -> colour.RGB | None:
    """One brand colour: ``#rgb`` or ``#rrggbb`` reaching 7:1 (WCAG 1.4.6) against the
    ``scheme`` page background, or None after saying why not and what would pass."""
    text = table.text(name, required=name == "accent")
    if text is None:
        return None
    rgb = colour.parse(text)
    if rgb is None:
        table.error(
            name,
            "bad-colour",
            f"'{table.key(name)}' is {text!r}, not a colour written #rgb or #rrggbb",
            hint='write it in hex, e.g. "#1d4f91"',
        )
        return None
    ratio = colour.contrast(rgb, background)
    if ratio < colour.ENHANCED_CONTRAST:
        nearest = colour.nearest_passing(rgb, background)
        table.error(
            name,
            "low-contrast",
            f"'{table.key(name)}' {text} has a contrast ratio of {colour.ratio_text(ratio)}"
            f" against the {scheme} page background {colour.to_hex(background)};"
            f" text needs at least 7:1 (WCAG 1.4.6)",
            hint=f"the nearest colour of the same hue that passes is {colour.to_hex(nearest)}"
            f" ({colour.ratio_text(colour.contrast(nearest, background))})",
        )
        return None
    return rgb


def _tag_media(f: Fields) -> bool:
    table = f.mapping("media")
    if table is None:
        return True
    table.unknown(MEDIA_KEYS)
    return bool(table.boolean("tag", default=True))


def _language(f: Fields, name: str, *, required: bool = False) -> str | None:
    value = f.text(name, required=required)
    if value is not None and not LANGUAGE.match(value):
        f.error(
            name,
            "bad-language",
            f"'{f.key(name)}' is {value!r}, not a language tag like 'en' or 'en-GB'",
        )
        return None
    return value


def _show_artwork(root: Path, f: Fields) -> tuple[str | None, PurePosixPath | None]:
    if not f.present("artwork"):
        f.diagnostics.warning(
            "missing-artwork",
            "the show has no artwork; Apple Podcasts requires it",
            f.record.location.at(1, 1),
            hint='artwork = "artwork.png" (a square JPEG or PNG, 1400 to 3000 px)',
        )
        return None, None
    return read_artwork(root, root, f, "artwork")


def _categories(f: Fields) -> tuple[Category, ...]:
    result = []
    for index, entry in f.items("categories"):
        key = f"categories[{index}]"
        pair = [entry] if isinstance(entry, str) else entry
        if (
            not isinstance(pair, list)
            or not 1 <= len(pair) <= 2
            or not all(isinstance(p, str) for p in pair)
        ):
            f.error(
                key,
                "bad-category",
                f'\'{key}\' must be ["Category"] or ["Category", "Subcategory"]',
            )
            continue
        text, sub = pair[0], (pair[1] if len(pair) == 2 else None)
        if text not in APPLE_CATEGORIES:
            f.error(
                key,
                "bad-category",
                f"{text!r} is not an Apple Podcasts category",
                hint=_closest(text, APPLE_CATEGORIES),
            )
        elif sub is not None and sub not in APPLE_CATEGORIES[text]:
            f.error(
                key,
                "bad-category",
                f"{sub!r} is not an Apple Podcasts subcategory of {text!r}",
                hint=_closest(sub, APPLE_CATEGORIES[text]),
            )
        else:
            result.append(Category(text, sub))
    if not result and not f.present("categories"):
        f.require("categories", hint='categories = [["Health & Fitness", "Medicine"]]')
    return tuple(result)


def _closest(value: str, options: object) -> str:
    import difflib

    names = list(options)  # type: ignore[call-overload]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.4)
    return f"did you mean {close[0]!r}?" if close else f"one of: {', '.join(names)}"


def _podcast_guid(f: Fields, site_url: str | None) -> str | None:
    value = f.text("podcast_guid")
    if value is None:
        computed = podcast_guid(site_url + "feed.xml") if site_url else "<uuid>"
        f.error(
            "podcast_guid",
            "missing-podcast-guid",
            "'podcast_guid' is required: it identifies the show in podcast apps and never changes",
            hint=f'add podcast_guid = "{computed}" to show.toml (computed once from the feed URL),'
            " or run: nmo-feed add-guids",
        )
        return None
    try:
        uuid.UUID(value)
    except ValueError:
        f.error("podcast_guid", "bad-value", f"'podcast_guid' must be a UUID, not {value!r}")
        return None
    return value.lower()


def _funding(f: Fields) -> tuple[Funding, ...]:
    return tuple(Funding(url, text) for url, text in _links(f, "funding", "text"))


def _subscribe(f: Fields) -> tuple[AppLink, ...]:
    return tuple(AppLink(name, url) for url, name in _links(f, "subscribe", "name"))


def _links(f: Fields, key: str, label: str) -> list[tuple[str, str]]:
    """The (url, label) pairs of an array of tables such as ``[[funding]]`` (url, text) or
    ``[[subscribe]]`` (name, url), each checked and located."""
    result = []
    for index, entry in f.items(key):
        item = f.item_mapping(key, index, entry)
        if item is None:
            continue
        item.unknown(("url", label))
        url, text = item.url("url", required=True), item.text(label, required=True, max_bytes=128)
        if url and text:
            result.append((url, text))
    return result
