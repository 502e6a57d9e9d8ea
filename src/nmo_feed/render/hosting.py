"""What a host must send with each published file: one table of file kinds, their content
types and headers, written into ``out/`` as ``_headers`` (Netlify, Cloudflare Pages) and
``.htaccess`` (Apache), and applied by ``nmo-feed serve`` so the preview behaves like the
published site.

Hosts guess types from their own tables, and most do not know ``.vtt`` or ``.srt``; a browser
player on a partner's site loads captions, transcripts, chapters and feeds only when they carry
``Access-Control-Allow-Origin``. Every page forbids being framed by other sites
(``frame-ancestors 'self'``) except the embed pages, which exist to be framed.

A kind's patterns are paths under ``out/`` where ``*`` stands for any run of characters,
``/`` included (as a splat in ``_headers``). Each published file is of one kind, the first
whose pattern matches. The host files must not give one file two values of a header (Netlify
and Cloudflare join the values of every rule that matches, and two Content-Security-Policy
headers both apply), so a kind is either a file-name ending (``*.vtt``), or a list of paths
that no other kind's paths match (the pages, the feeds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .. import layout

HTML = "text/html; charset=utf-8"
CORS = ("Access-Control-Allow-Origin", "*")
"""On what players and apps on other sites fetch: feeds, transcripts, chapters (and oEmbed
files and the search index, which are JSON too)."""
# File names are not content-hashed (a fixed name is the point of a feed or a transcript), so
# nothing is "immutable": a week for what changes only with a new file name in practice
# (media, artwork, the stylesheet and script), five minutes for what an edit changes.
LONG = ("Cache-Control", "public, max-age=604800")
SHORT = ("Cache-Control", "public, max-age=300")
SELF_ONLY = ("Content-Security-Policy", "frame-ancestors 'self'")
ANYONE = ("Content-Security-Policy", "frame-ancestors *")
COMMON = (("X-Content-Type-Options", "nosniff"),)
"""Sent with every file."""
EMBED_PAGES = str(layout.EMBED_PAGES)
"""The embed pages: framed by partners' sites, so by anyone."""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    patterns: tuple[str, ...]
    content_type: str
    headers: tuple[tuple[str, str], ...]

    @property
    def by_ending(self) -> str | None:
        """The file-name ending (``.vtt``) when that alone is the kind."""
        if len(self.patterns) == 1 and re.fullmatch(r"\*\.\w+", self.patterns[0]):
            return self.patterns[0][1:]
        return None


def _endings(name: str, kind: str, headers: tuple[tuple[str, str], ...], *ends: str) -> list[Kind]:
    return [Kind(f"{name} ({end})", (f"*{end}",), kind, headers) for end in ends]


def _pages() -> tuple[str, ...]:
    return (
        str(layout.SHOW_PAGE),
        str(layout.GLOSSARY_PAGE),
        str(layout.EPISODE_PAGES),
        str(layout.TOPICS_INDEX),
        str(layout.TOPIC_PAGES),
        str(layout.SEARCH_PAGE),
    )


KINDS: tuple[Kind, ...] = (
    Kind("embed page", (EMBED_PAGES,), HTML, (ANYONE, SHORT)),
    Kind("page", _pages(), HTML, (SELF_ONLY, SHORT)),
    Kind(
        "transcript fragment",
        (str(layout.TRANSCRIPT_FRAGMENTS),),
        HTML,
        (CORS, SHORT),
    ),
    Kind(
        "RSS feed",
        (str(layout.FEED), f"*/{layout.FEED}"),
        "application/rss+xml; charset=utf-8",
        (CORS, SHORT),
    ),
    Kind("sitemap", (str(layout.SITEMAP),), "application/xml; charset=utf-8", (SHORT,)),
    *_endings("JSON", "application/json", (CORS, SHORT), ".json"),
    *_endings("captions", "text/vtt; charset=utf-8", (CORS, SHORT), ".vtt"),
    *_endings("captions", "application/x-subrip; charset=utf-8", (CORS, SHORT), ".srt"),
    *_endings("plain text", "text/plain; charset=utf-8", (CORS, SHORT), ".txt"),
    *_endings("OPML", "text/x-opml; charset=utf-8", (CORS, SHORT), ".opml"),
    *_endings("stylesheet", "text/css; charset=utf-8", (LONG,), ".css"),
    *_endings("script", "text/javascript; charset=utf-8", (LONG,), ".js"),
    *_endings("image", "image/png", (LONG,), ".png"),
    *_endings("image", "image/jpeg", (LONG,), ".jpg", ".jpeg"),
    *_endings("image", "image/webp", (LONG,), ".webp"),
    *_endings("image", "image/svg+xml", (LONG,), ".svg"),
    *_endings("image", "image/vnd.microsoft.icon", (LONG,), ".ico"),
    *_endings("audio", "audio/mpeg", (LONG,), ".mp3"),
    *_endings("audio", "audio/x-m4a", (LONG,), ".m4a"),
    *_endings("video", "video/mp4", (LONG,), ".mp4"),
    *_endings("video", "video/x-m4v", (LONG,), ".m4v"),
    *_endings("video", "video/quicktime", (LONG,), ".mov"),
    *_endings("audio", "audio/ogg", (LONG,), ".ogg", ".oga", ".opus"),
    *_endings("audio", "audio/flac", (LONG,), ".flac"),
    *_endings("audio", "audio/wav", (LONG,), ".wav"),
    *_endings("document", "application/pdf", (LONG,), ".pdf"),
    # Pagefind's WebAssembly and index chunks, compressed by Pagefind itself, which fetches
    # and unpacks them; named by their content, but its entry (JSON) is fetched afresh.
    *_endings(
        "search index",
        "application/octet-stream",
        (SHORT,),
        ".pagefind",
        ".pf_meta",
        ".pf_index",
        ".pf_fragment",
        ".pf_filter",
    ),
)
"""Every kind of file a host serves for a built site. oEmbed files (``oembed.json``) are JSON
and get this table's JSON row; their own type, ``application/json+oembed``, is only what the
discovery link says."""


def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")))


_MATCHERS = [(kind, [_regex(p) for p in kind.patterns]) for kind in KINDS]


def kind_of(path: PurePosixPath) -> Kind | None:
    """The kind of a file under ``out/``, or None for a file nmo-feed does not type (a
    static file of another kind: the host's own type applies)."""
    text = str(path)
    for kind, regexes in _MATCHERS:
        if any(regex.fullmatch(text) for regex in regexes):
            return kind
    return None


def headers_for(path: PurePosixPath) -> list[tuple[str, str]]:
    """Every header a host sends with the file at ``path`` under ``out/``, Content-Type
    first (none when the kind is unknown)."""
    kind = kind_of(path)
    found = [("Content-Type", kind.content_type), *kind.headers] if kind is not None else []
    return [*found, *COMMON]


# --- the host files -------------------------------------------------------------------------


def _url_patterns(base: str, pattern: str) -> list[str]:
    """The URL paths a pattern serves: a page also at its folder's address."""
    urls = [base + pattern]
    if pattern == layout.PAGE or pattern.endswith("/" + layout.PAGE):
        urls.insert(0, base + pattern[: -len(layout.PAGE)])
    return urls


def _base(site_url: str) -> str:
    return urlsplit(site_url).path or "/"


def netlify_headers(site_url: str) -> bytes:
    """``_headers`` for Netlify and Cloudflare Pages: a URL pattern, then its headers
    indented; every rule that matches a request adds its headers."""
    base = _base(site_url)
    lines = [
        "# Written by nmo-feed for Netlify and Cloudflare Pages: what each published file is",
        "# and the headers it needs. Rebuilt with the site; edit the show, not this file.",
        "",
        base + "*",
        *(f"  {name}: {value}" for name, value in COMMON),
    ]
    for kind in KINDS:
        lines += ["", f"# {kind.name}"]
        for pattern in kind.patterns:
            for url in _url_patterns(base, pattern):
                lines.append(url)
                headers = (("Content-Type", kind.content_type), *kind.headers)
                lines += [f"  {name}: {value}" for name, value in headers]
    return ("\n".join(lines) + "\n").encode()


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _header_lines(headers: Iterable[tuple[str, str]], indent: str) -> list[str]:
    return [f"{indent}Header set {name} {_quoted(value)}" for name, value in headers]


def htaccess(site_url: str) -> bytes:
    """``.htaccess`` for Apache 2.4: types by file-name ending (``AddType``), their headers
    in ``FilesMatch``; the pages and feeds by address in ``If`` sections, which Apache
    applies after ``FilesMatch``, so their ``Header set`` has the last word."""
    base = _base(site_url)
    lines = [
        "# Written by nmo-feed for Apache 2.4 (mod_mime, mod_headers): what each published",
        "# file is and the headers it needs. Rebuilt with the site; edit the show, not this file.",
        *_header_lines(COMMON, ""),
    ]
    for kind in KINDS:
        ending = kind.by_ending
        lines.append(f"# {kind.name}")
        if ending is not None:
            lines.append(f"AddType {_quoted(kind.content_type)} {ending}")
            lines += [
                f'<FilesMatch "{re.escape(ending)}$">',
                *_header_lines(kind.headers, "  "),
                "</FilesMatch>",
            ]
            continue
        urls = [u for p in kind.patterns for u in _url_patterns(base, p)]
        regex = "|".join(".*".join(re.escape(part) for part in url.split("*")) for url in urls)
        lines += [
            f'<If "%{{REQUEST_URI}} =~ m#^({regex})$#">',
            f"  ForceType {_quoted(kind.content_type)}",
            *_header_lines(kind.headers, "  "),
            "</If>",
        ]
    return ("\n".join(lines) + "\n").encode()


def files(site_url: str) -> dict[PurePosixPath, bytes]:
    """The host files for a show published at ``site_url``."""
    return {
        layout.NETLIFY_HEADERS: netlify_headers(site_url),
        layout.HTACCESS: htaccess(site_url),
    }
