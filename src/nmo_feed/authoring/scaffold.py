"""``nmo-feed new FOLDER``: a show folder that builds, and passes ``check``, at once.

Every required key of ``show.toml`` is written, each with a comment that says what it is for.
What only the publisher can know is written as a placeholder that says so (text starting
with ``Placeholder:``, addresses in the reserved ``.example`` domain): the show loader warns
about each one still left (``placeholder``), so ``check`` is the to-do list. The folder also
gets a plain default artwork that passes Apple's checks, an example glossary and one
example episode with a short transcript.
"""

from __future__ import annotations

import uuid
from datetime import date
from importlib.resources import files as resource_files
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ..errors import NmoFeedError
from ..load import show as config
from ..load.discover import EPISODE_FILE, GLOSSARY_FILE, SHOW_FILE
from ..load.sources import yaml_string
from .text import check_title, toml_string

ARTWORK_FILE = "artwork.png"
PLACEHOLDER_SITE_URL = config.PLACEHOLDER_SITE_URL
PLACEHOLDER_EMAIL = config.PLACEHOLDER_EMAIL
EXAMPLE_FOLDER = "welcome"
"""The example episode's folder, after its date."""


def default_artwork() -> bytes:
    """The default show artwork (made by ``scripts/make-artwork.py``)."""
    return (resource_files("nmo_feed.authoring") / "data" / ARTWORK_FILE).read_bytes()


def new_show(
    folder: Path, *, title: str | None = None, site_url: str | None = None, today: date
) -> list[PurePosixPath]:
    """Write a new show into ``folder`` (made if missing, else empty but for hidden entries
    such as ``.git``) and return the files written, relative to it. Raises
    ``NmoFeedError``, having written nothing, for a folder that holds anything else or a
    title or site URL the show loader would refuse."""
    if title is not None:
        check_title(title, "show")
    if site_url is not None:
        _check_site_url(site_url)
    _check_folder(folder)
    placeholder = config.PLACEHOLDER_PREFIX
    show_title = title if title is not None else f"{placeholder} the show's name"
    url = site_url if site_url is not None else PLACEHOLDER_SITE_URL
    episode = PurePosixPath(f"{today.isoformat()}-{EXAMPLE_FOLDER}")
    files = {
        PurePosixPath(SHOW_FILE): _show_toml(show_title, url, site_url is None).encode(),
        PurePosixPath(GLOSSARY_FILE): GLOSSARY_TOML.encode(),
        PurePosixPath(ARTWORK_FILE): default_artwork(),
        episode / EPISODE_FILE: _episode_md(show_title, title is None, today).encode(),
        episode / "transcript.md": TRANSCRIPT_MD.encode(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        target = folder.joinpath(*path.parts)
        target.parent.mkdir(exist_ok=True)
        with target.open("xb") as handle:  # "x": never replace a file, even one made meanwhile
            handle.write(data)
    return list(files)


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise NmoFeedError(f"{folder} exists and is not a folder; choose a new folder name")
    if folder.is_dir():
        kept = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        if kept:
            shown = ", ".join(kept[:3]) + (", ..." if len(kept) > 3 else "")
            raise NmoFeedError(
                f"{folder} is not empty (it holds {shown}); nmo-feed new writes a show only"
                " into a new or empty folder, so that it overwrites nothing"
            )


def _check_site_url(site_url: str) -> None:
    parts = urlsplit(site_url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in site_url)
    ):
        raise NmoFeedError(
            f"--site-url must be an absolute http(s) address such as"
            f" https://example.org/podcast/, not {site_url!r}"
        )


def _show_toml(title: str, site_url: str, placeholder_url: bool) -> str:
    feed_url = site_url.rstrip("/") + "/feed.xml"
    guid = config.podcast_guid(feed_url)
    p, domain = config.PLACEHOLDER_PREFIX, config.PLACEHOLDER_DOMAIN
    site_comment = (
        "# Required. A placeholder: the public address where the built site (the out/ folder)\n"
        '# will be published, ending in "/". The podcast feed is this address + "feed.xml".'
        if placeholder_url
        else "# Required. The public address where the built site (the out/ folder) is published,\n"
        '# ending in "/". The podcast feed is this address + "feed.xml".'
    )
    return f"""\
# The show: what podcast apps and the site say about it. Written by `nmo-feed new`.
#
# Placeholders are the values that start with "{p}" and the addresses
# ending in ".{domain}": replace each with the show's own. `nmo-feed check` lists those
# still left (warning[placeholder]). The README's "show.toml" section explains every key.
#
# Required keys: title, description, language, site_url, author, owner, explicit,
# categories, podcast_guid.

# Required. The show's name, as podcast apps list it (at most 255 bytes).
title = {toml_string(title)}

# Required. One paragraph that tells listeners what the show is about (at most 4000 bytes).
description = "{p} one paragraph about the show: who it is for and what the episodes cover."

# Required. The language of the episodes: a language tag such as "en", "en-GB", "fr" or "es".
language = "en"

{site_comment}
site_url = {toml_string(site_url)}

# Required. Who makes the show, as podcast apps name it.
author = "{p} your organisation's name"

# Required. Who podcast directories write to about the show (most apps do not show it).
owner = {{ name = "{p} your organisation's name", email = "{PLACEHOLDER_EMAIL}" }}

# Required. true when an episode has explicit content; Apple Podcasts requires true or false.
explicit = false

# Required. Apple Podcasts categories: [["Category"]] or [["Category", "Subcategory"]], from
# Apple's list (a misspelt one is an error that names the nearest).
categories = [["Health & Fitness", "Medicine"]]

# Required. The show's permanent identifier in podcast apps (podcast:guid): computed once
# from the feed address, and never changed afterwards, even if site_url changes.
podcast_guid = "{guid}"

# Recommended (Apple Podcasts requires artwork): a square RGB JPEG or PNG of 1400 to 3000
# pixels in this folder, or an https address. artwork.png is a plain default: replace it.
artwork = "{ARTWORK_FILE}"

# Optional keys (remove the "#" to use one):
# copyright = "Your organisation's name"
# license = "CC-BY-NC-ND-4.0"             # a licence identifier, or your own words
# contact_url = "mailto:podcast@example.org"   # where readers send feedback
# type = "episodic"                       # or "serial": every episode then needs a number
"""


def _episode_md(show_title: str, placeholder_title: bool, today: date) -> str:
    name = "the show" if placeholder_title else show_title
    return f"""\
---
# An example episode written by `nmo-feed new`: change it, or delete this folder when the
# show has an episode of its own (`nmo-feed add "Title"` makes a new episode folder).
# Required: title, date (drafts need none), guid and summary.
title: {yaml_string(f"Welcome to {name}")}
date: {today.isoformat()}
# The episode's permanent identifier in podcast apps: never change it once published.
guid: {uuid.uuid4()}
summary: An example episode that shows what an episode folder holds.
plain_summary:
  - This is an example episode.
  - Its transcript is in the file transcript.md, next to this one.
topics: [example]
# media: narration.mp3    # a sound or video file in this folder (MP3, M4A, MP4 ...), or
# media: {{url: "https://...", type: audio/mpeg, length: 1234567, duration: 61}}
draft: false              # true: checked, but not published
---
These are the show notes, written in Markdown: a paragraph or two about the episode, with
[links](https://example.org/) where they help. The transcript is in `transcript.md`.
"""


TRANSCRIPT_MD = """\
Host:

Welcome. This is an example transcript. Each episode can have one, and nmo-feed puts it in
the RSS feed and on the episode's page, where everyone can read it at their own pace.

Guest:

Thank you. A line with a name and a colon starts a new speaker, and a blank line starts a
new paragraph.
"""

GLOSSARY_TOML = """\
# The glossary: words and abbreviations that listeners may not know. Each is explained on
# its first use on a page, and all are listed on the glossary page. Optional: delete this
# file when the show needs no glossary.

[[term]]
term = "RSS"
expansion = "Really Simple Syndication"
definition = "The format of a podcast feed: the list of episodes that podcast apps read."

[[term]]
term = "transcript"
definition = "Everything said in an episode, written down."
"""
