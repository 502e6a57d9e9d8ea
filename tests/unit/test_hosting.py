"""The host configuration written with the site (``_headers``, ``.htaccess``), read back the
way the hosts read it, for every file of a built site.

The golden ``full`` show (published at ``https://example.org/full/``, so under a path) has a
file of every kind nmo-feed writes: pages, the feed, chapters, transcripts in every format, a
translation, local media, artwork, the stylesheet and script. Each file's headers, as each
host would send them, must be what ``render/hosting.py`` says, and that must be right for its
kind (the checks below spell the types out, so a wrong row in the table fails).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import pytest

from nmo_feed import build
from nmo_feed.render import hosting

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
BASE = "/full/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hosting")
    result = build.build(FULL, root / "out", cache_root=None)
    assert not result.failed()
    return root / "out"


def published(out: Path) -> list[PurePosixPath]:
    """Every file a host serves (not the host files themselves, nor the build's marker)."""
    return sorted(
        PurePosixPath(p.relative_to(out).as_posix())
        for p in out.rglob("*")
        if p.is_file() and p.name not in {"_headers", ".htaccess", ".nmo-feed"}
    )


def urls(path: PurePosixPath) -> list[str]:
    """The addresses of a file on the site: a page also at its folder."""
    found = [BASE + str(path)]
    if path.name == "index.html":
        found.append(BASE + str(path)[: -len("index.html")])
    return found


# --- _headers, as Netlify and Cloudflare Pages read it -------------------------------------


def parse_netlify(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a ``_headers`` file: a line starting with ``/`` opens a rule for that URL
    pattern, indented ``Name: value`` lines are its headers, ``#`` lines are comments."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line.strip(), []))
            continue
        assert line.startswith("  ") and rules, line
        name, value = line.strip().split(": ", 1)
        rules[-1][1].append((name, value))
    return rules


def netlify_headers(rules: list[tuple[str, list[tuple[str, str]]]], url: str) -> dict[str, str]:
    """The headers a request for ``url`` gets: those of every rule whose pattern matches
    (``*`` a splat: any characters), values of one name joined with ", " as both hosts do."""
    found: dict[str, list[str]] = {}
    for pattern, headers in rules:
        regex = ".*".join(re.escape(part) for part in pattern.split("*"))
        if re.fullmatch(regex, url):
            for name, value in headers:
                found.setdefault(name, []).append(value)
    return {name: ", ".join(values) for name, values in found.items()}


# --- .htaccess, as Apache 2.4 applies it ----------------------------------------------------


def parse_htaccess(text: str) -> dict[str, object]:
    """The directives nmo-feed writes: top-level ``Header set``, ``AddType TYPE .ext``,
    ``<FilesMatch "regex">`` (on the file name) and ``<If "%{REQUEST_URI} =~ m#regex#">``
    (on the address) sections holding ``ForceType`` and ``Header set``. Anything else fails."""
    top: list[tuple[str, str]] = []
    types: dict[str, str] = {}
    sections: list[tuple[str, str, list[tuple[str, str]]]] = []
    current: tuple[str, str, list[tuple[str, str]]] | None = None
    quoted = r'"((?:[^"\\]|\\.)*)"'
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if m := re.fullmatch(r'<FilesMatch "(.*)">', line):
            current = ("files", m[1], [])
        elif m := re.fullmatch(r'<If "%\{REQUEST_URI\} =~ m#(.*)#">', line):
            current = ("uri", m[1], [])
        elif line in ("</FilesMatch>", "</If>"):
            assert current is not None
            sections.append(current)
            current = None
        elif m := re.fullmatch(r"AddType " + quoted + r" (\.\w+)", line):
            assert current is None
            types[m[2]] = m[1]
        elif m := re.fullmatch(r"ForceType " + quoted, line):
            assert current is not None and current[0] == "uri"
            current[2].append(("Content-Type", m[1]))
        elif m := re.fullmatch(r"Header set ([\w-]+) " + quoted, line):
            (current[2] if current is not None else top).append((m[1], m[2].replace('\\"', '"')))
        else:
            raise AssertionError(f"unexpected .htaccess line: {line}")
    return {"top": top, "types": types, "sections": sections}


def apache_headers(parsed: dict[str, object], path: PurePosixPath, url: str) -> dict[str, str]:
    """Apache's merge order: the directory's own lines, then ``FilesMatch``, then ``If``;
    a later ``Header set`` replaces an earlier one; ``ForceType`` beats ``AddType``."""
    found: dict[str, str] = dict(parsed["top"])  # type: ignore[arg-type]
    types: dict[str, str] = parsed["types"]  # type: ignore[assignment]
    if path.suffix in types:
        found["Content-Type"] = types[path.suffix]
    sections: list[tuple[str, str, list[tuple[str, str]]]] = parsed["sections"]  # type: ignore[assignment]
    for where in ("files", "uri"):
        for kind, regex, headers in sections:
            subject = path.name if kind == "files" else url
            if kind == where and re.search(regex, subject):
                found.update(headers)
    return found


# --- the checks -----------------------------------------------------------------------------

SHORT = "public, max-age=300"
LONG = "public, max-age=604800"
CORS = {"Access-Control-Allow-Origin": "*"}
EXPECTED = {
    ".vtt": {"Content-Type": "text/vtt; charset=utf-8", **CORS, "Cache-Control": SHORT},
    ".srt": {"Content-Type": "application/x-subrip; charset=utf-8", **CORS, "Cache-Control": SHORT},
    ".json": {"Content-Type": "application/json", **CORS, "Cache-Control": SHORT},
    ".txt": {"Content-Type": "text/plain; charset=utf-8", **CORS, "Cache-Control": SHORT},
    ".css": {"Content-Type": "text/css; charset=utf-8", "Cache-Control": LONG},
    ".js": {"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": LONG},
    ".png": {"Content-Type": "image/png", "Cache-Control": LONG},
    ".wav": {"Content-Type": "audio/wav", "Cache-Control": LONG},
    # The search index (Pagefind's WebAssembly and compressed chunks; no filters in the show)
    **{
        suffix: {"Content-Type": "application/octet-stream", "Cache-Control": SHORT}
        for suffix in (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment")
    },
    "feed.xml": {
        "Content-Type": "application/rss+xml; charset=utf-8",
        **CORS,
        "Cache-Control": SHORT,
    },
    "transcript.html": {"Content-Type": "text/html; charset=utf-8", **CORS, "Cache-Control": SHORT},
    "sitemap.xml": {"Content-Type": "application/xml; charset=utf-8", "Cache-Control": SHORT},
    "index.html": {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "frame-ancestors 'self'",
        "Cache-Control": SHORT,
    },
    "embed page": {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": "frame-ancestors *",
        "Cache-Control": SHORT,
    },
    ".opml": {"Content-Type": "text/x-opml; charset=utf-8", **CORS, "Cache-Control": SHORT},
}


def kind(path: PurePosixPath) -> str:
    """The key of ``EXPECTED`` for a file: an embed page, a name, else its ending."""
    if path.parts[0] == "embed" and path.name == "index.html":
        return "embed page"
    return path.name if path.name in EXPECTED else path.suffix


def expected(path: PurePosixPath) -> dict[str, str]:
    key = kind(path)
    return {**EXPECTED[key], "X-Content-Type-Options": "nosniff"}


def test_the_site_has_every_kind_of_file(out: Path) -> None:
    kinds = {kind(p) for p in published(out)}
    assert kinds == set(EXPECTED), "the fixture lost a kind of file: the checks would not see it"


def test_the_table_gives_every_published_file_its_headers(out: Path) -> None:
    for path in published(out):
        assert dict(hosting.headers_for(path)) == expected(path), path
        assert len(hosting.headers_for(path)) == len(expected(path)), path  # no name twice


def test_headers_file_sends_each_file_its_headers_once(out: Path) -> None:
    rules = parse_netlify((out / "_headers").read_text())
    for path in published(out):
        for url in urls(path):
            # One value per name: two matching rules for one header would be joined.
            assert netlify_headers(rules, url) == expected(path), url


def test_htaccess_sends_each_file_its_headers(out: Path) -> None:
    parsed = parse_htaccess((out / ".htaccess").read_text())
    for path in published(out):
        for url in urls(path):
            assert apache_headers(parsed, path, url) == expected(path), url


def test_embed_pages_may_be_framed_by_anyone_and_other_pages_only_by_the_site(out: Path) -> None:
    """The embed pages are framed by partners' sites; every other page only by its own."""
    embed = PurePosixPath("embed", "first-questions", "index.html")
    assert (out / embed).is_file()
    framing = "Content-Security-Policy"
    assert dict(hosting.headers_for(embed))[framing] == "frame-ancestors *"
    rules = parse_netlify((out / "_headers").read_text())
    parsed = parse_htaccess((out / ".htaccess").read_text())
    for url in urls(embed):
        assert netlify_headers(rules, url)[framing] == "frame-ancestors *"
        assert apache_headers(parsed, embed, url)[framing] == "frame-ancestors *"
    page = PurePosixPath("episodes", "embed", "index.html")  # an episode whose slug is "embed"
    for url in urls(page):
        assert netlify_headers(rules, url)[framing] == "frame-ancestors 'self'"
        assert apache_headers(parsed, page, url)[framing] == "frame-ancestors 'self'"


def test_host_files_follow_the_site_address(tmp_path: Path) -> None:
    assert b"\n/*\n" in hosting.netlify_headers("https://example.org")
    assert b"\n/nmo/feed.xml\n" in hosting.netlify_headers("https://example.org/nmo/")
    assert b"m#^(/nmo/feed\\.xml|" in hosting.htaccess("https://example.org/nmo/")


def test_a_rebuild_keeps_the_host_files_and_a_static_file_may_not_replace_them(
    tmp_path: Path,
) -> None:
    source = tmp_path / "show"
    shutil.copytree(FULL, source)
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    assert not build.build(source, out, cache_root=cache).failed()
    before = [(out / name).stat().st_mtime_ns for name in ("_headers", ".htaccess")]
    assert not build.build(source, out, cache_root=cache).failed()
    assert [(out / name).stat().st_mtime_ns for name in ("_headers", ".htaccess")] == before
    (source / "static").mkdir(exist_ok=True)
    (source / "static" / "_headers").write_text("/*\n  X-Mine: yes\n")
    result = build.build(source, out, cache_root=cache)
    assert result.failed()
    assert [d.code for d in result.diagnostics.errors] == ["static-collision"]
