"""Another host's podcast feed, read safely. The only module that imports defusedxml.

A feed being imported is untrusted input from the network: it is parsed with defusedxml, so
entity declarations (the "billion laughs" bomb and external entities that would read local
files or make requests) are refused rather than expanded, and malformed XML is a located
error. Fetching is bounded by a timeout and a size limit.
"""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from .. import __version__
from ..errors import NmoFeedError

FEED_LIMIT = 64 * 1024 * 1024
"""The largest feed accepted, in bytes (the largest real feeds are a few tens of MB)."""
ATTACHMENT_LIMIT = 16 * 1024 * 1024
"""The largest transcript or chapters file downloaded, in bytes."""
TIMEOUT = 30.0
"""Seconds to wait for a server before giving up."""


class ImportFailed(NmoFeedError):
    """The feed cannot be imported; ``str()`` is ``SOURCE[:line:col]: error[code]: message``."""

    def __init__(
        self, source: str, code: str, message: str, line: int | None = None, col: int | None = None
    ) -> None:
        where = source if line is None else f"{source}:{line}" + ("" if col is None else f":{col}")
        super().__init__(f"{where}: error[{code}]: {message}")
        self.code = code


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    content_type: str


def is_url(source: str) -> bool:
    return re.match(r"^https?://", source, re.IGNORECASE) is not None


def fetch(url: str, *, limit: int, timeout: float = TIMEOUT) -> Fetched:
    """The body of an http(s) URL, at most ``limit`` bytes; ``ImportFailed`` otherwise."""
    if not is_url(url):
        raise ImportFailed(url, "fetch-failed", "only http and https URLs can be fetched")
    request = urllib.request.Request(
        url, headers={"User-Agent": f"nmo-feed/{__version__} (import)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (checked above)
            data = response.read(limit + 1)
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise ImportFailed(
            url, "fetch-failed", f"the server answered {exc.code} {exc.reason}"
        ) from None
    except (
        urllib.error.URLError,
        http.client.HTTPException,
        TimeoutError,
        OSError,
        ValueError,
    ) as exc:
        reason = getattr(exc, "reason", exc)
        raise ImportFailed(url, "fetch-failed", f"could not fetch it: {reason}") from None
    if len(data) > limit:
        raise ImportFailed(
            url, "too-large", f"it is larger than {limit // (1024 * 1024)} MB, the limit"
        )
    return Fetched(data, content_type)


def parse(data: bytes, source: str) -> Element:
    """The ``<rss>`` root of a feed; ``ImportFailed`` with the line and column of the first
    problem for malformed XML, entity declarations, or a document that is not RSS."""
    try:
        root: Element = defusedxml.ElementTree.fromstring(data, forbid_entities=True)
    except ParseError as exc:
        line, col = exc.position
        message = re.sub(r": line \d+, column \d+$", "", str(exc))
        raise ImportFailed(
            source, "xml-syntax", f"malformed XML: {message}", line, col + 1
        ) from None
    except defusedxml.EntitiesForbidden as exc:
        at = _position(data, b"<!ENTITY")
        raise ImportFailed(
            source,
            "xml-entities",
            f"the feed declares the entity {exc.name!r}; entity declarations are refused"
            " (they can expand without bound or read files)",
            *at,
        ) from None
    except defusedxml.DefusedXmlException as exc:
        at = _position(data, b"<!DOCTYPE")
        raise ImportFailed(source, "xml-forbidden", f"refused: {exc}", *at) from None
    if root.tag != "rss" or root.find("channel") is None:
        raise ImportFailed(
            source,
            "not-a-podcast-feed",
            f"the document is <{root.tag}>, not an RSS feed with a <channel>",
            1,
            1,
        )
    return root


def _position(data: bytes, needle: bytes) -> tuple[int | None, int | None]:
    at = data.find(needle)
    if at < 0:
        return None, None
    return data.count(b"\n", 0, at) + 1, at - (data.rfind(b"\n", 0, at) + 1) + 1
