"""``nmo-feed add-guids``: give every episode, and the show, the identifier it keeps forever.

A guid is written once into the source files, so it survives any later change of title,
folder name, date or site URL. Existing guids are never touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import layout
from ..errors import Diagnostics, SourceError, SourceLocation
from ..load import discover
from ..load import show as config
from ..load import sources as metadata
from ..rules import HTTP_URL


@dataclass(frozen=True, slots=True)
class Added:
    path: PurePosixPath
    key: str
    value: str


def add_missing(root: Path, diagnostics: Diagnostics) -> list[Added]:
    """Write a new UUID into each ``episode.md`` without a ``guid``, and ``podcast_guid``
    (computed from the feed URL) into ``show.toml`` when it is missing."""
    added = []
    show_path = root / discover.SHOW_FILE
    if show_path.is_file():
        try:
            record = metadata.read_toml(
                show_path, SourceLocation(PurePosixPath(discover.SHOW_FILE))
            )
        except SourceError as exc:
            diagnostics.add(exc.diagnostic)
        else:
            site = record.values.get("site_url")
            if "podcast_guid" not in record.values and isinstance(site, str) and site.strip():
                if _usable_site_url(site, record.loc("site_url"), diagnostics):
                    value = config.podcast_guid(layout.Site(layout.site_url(site)).feed)
                    metadata.add_toml_key(show_path, "podcast_guid", value)
                    added.append(Added(PurePosixPath(discover.SHOW_FILE), "podcast_guid", value))
    for source in discover.find_episodes(root, diagnostics):
        try:
            text = metadata.read_episode(root / source.metadata, SourceLocation(source.metadata))
        except SourceError as exc:
            diagnostics.add(exc.diagnostic)
            continue
        values = text.front_matter.values
        if "guid" not in values:
            value = str(uuid.uuid4())
            metadata.add_front_matter_key(root / source.metadata, "guid", value)
            added.append(Added(source.metadata, "guid", value))
        elif values["guid"] is None or str(values["guid"]).strip() == "":
            # The build reports an empty guid as missing and points here; adding a second
            # guid line would make the front matter invalid, and this file is the user's.
            diagnostics.error(
                "missing-guid",
                "'guid' is there but empty, so add-guids leaves this file alone",
                text.front_matter.loc("guid"),
                hint="delete the empty 'guid:' line and run 'nmo-feed add-guids' again",
            )
    return added


def _usable_site_url(site: str, where: SourceLocation, diagnostics: Diagnostics) -> bool:
    """The show's permanent ``podcast_guid`` is computed from ``site_url`` once: from a
    placeholder (every show made by ``nmo-feed new`` without ``--site-url`` has the same one)
    or from text that is not an address it would be wrong forever, so it is not written."""
    hint = (
        "set site_url to the address where the site will be published, then run"
        " 'nmo-feed add-guids' again"
    )
    if not HTTP_URL.match(site.strip()):
        message = f"'site_url' is not an absolute http(s) URL ({site!r}), so podcast_guid"
    elif config.is_placeholder(site):
        message = f"'site_url' is still the placeholder {site!r}, so podcast_guid"
    else:
        return True
    message += " cannot be computed from it and is not added"
    diagnostics.error("podcast-guid-url", message, where, hint=hint)
    return False
