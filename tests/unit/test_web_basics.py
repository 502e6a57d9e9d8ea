"""The web basics: canonical links, link previews, the artwork on the pages, icons made from
it, hreflang alternates, sitemap.xml and robots.txt."""

from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nmo_feed import build

FULL = Path(__file__).resolve().parent.parent / "golden" / "shows" / "full"
SITE = "https://example.org/full/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web") / "out"
    result = build.build(FULL, folder, cache_root=None)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return folder


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def head(page: str) -> str:
    return page[: page.index("</head>")]


def test_icons_are_made_from_the_artwork_at_their_sizes(out: Path) -> None:
    assert png_size((out / "favicon.png").read_bytes()) == (32, 32)
    assert png_size((out / "apple-touch-icon.png").read_bytes()) == (180, 180)
    # No text chunk or time: nothing but the pixels decides the bytes.
    for name in ("favicon.png", "apple-touch-icon.png"):
        data = (out / name).read_bytes()
        assert not any(chunk in data for chunk in (b"tEXt", b"tIME", b"iTXt", b"zTXt")), name


def test_icons_are_the_same_bytes_in_two_builds(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert not build.build(FULL, again, cache_root=None).failed()
    for name in ("favicon.png", "apple-touch-icon.png", "sitemap.xml", "robots.txt"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


@pytest.mark.parametrize(
    ("path", "canonical", "kind", "title"),
    [
        ("index.html", SITE, "website", "Full &lt;Show&gt; &amp; &#34;Friends&#34;"),
        (
            "episodes/first-questions/index.html",
            f"{SITE}episodes/first-questions/",
            "article",
            "First questions",
        ),
        ("topics/sight/index.html", f"{SITE}topics/sight/", "website", "Sight – Full"),
        ("glossary/index.html", f"{SITE}glossary/", "website", "Full &lt;Show&gt;"),
    ],
)
def test_every_page_has_its_canonical_link_and_preview(
    out: Path, path: str, canonical: str, kind: str, title: str
) -> None:
    page = head((out / path).read_text())
    assert re.findall(r'<link rel="canonical" href="([^"]+)">', page) == [canonical]
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert f'<meta property="og:type" content="{kind}">' in page
    assert re.search(rf'<meta property="og:title" content="{re.escape(title)}', page)
    assert f'<meta property="og:image" content="{SITE}artwork/artwork.png">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    depth = "../" * path.count("/")
    assert f'<link rel="icon" type="image/png" sizes="32x32" href="{depth}favicon.png">' in page


def test_artwork_is_on_the_show_and_episode_pages_sized_and_decorative(out: Path) -> None:
    show = (out / "index.html").read_text()
    assert '<img src="artwork/artwork.png" width="160" height="160" alt="">' in show
    episode = (out / "episodes" / "first-questions" / "index.html").read_text()
    assert '<img src="../../artwork/artwork.png" width="160" height="160" alt="">' in episode


def test_episode_artwork_is_preferred(tmp_path: Path) -> None:
    video = FULL.parent / "video"
    out = tmp_path / "out"
    assert not build.build(video, out, cache_root=None).failed()
    page = (out / "episodes" / "part-one" / "index.html").read_text()
    assert '<img src="cover.png" width="160" height="160" alt="">' in page
    assert (
        '<meta property="og:image" content="https://example.org/video/episodes/part-one/cover.png">'
        in page
    )


def test_translations_are_hreflang_alternates(out: Path) -> None:
    page = head((out / "episodes" / "talking-about-sight" / "index.html").read_text())
    assert re.findall(
        r'<link rel="alternate" type="text/plain" hreflang="([^"]+)"[^>]*href="([^"]+)"', page
    ) == [("es", "transcript.es.txt")]
    other = head((out / "episodes" / "first-questions" / "index.html").read_text())
    assert "hreflang" not in other


def test_sitemap_lists_every_page_with_content_dates(out: Path) -> None:
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    found = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in root.findall("s:url", ns)
    }
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html"))
    # Embed pages are boxes for other sites, each naming its episode page as canonical.
    embeds = [p for p in pages if p.startswith("embed/")]
    assert embeds and all(p.count("/") == 2 for p in embeds)
    pages = [p for p in pages if p not in embeds]
    assert sorted(found) == sorted(SITE + p.removesuffix("index.html") for p in pages)
    assert found[f"{SITE}episodes/first-questions/"] == "2024-02-01"
    # Reviewed after it was published: the review's date.
    assert found[f"{SITE}episodes/talking-about-sight/"] == "2024-03-15"
    assert found[f"{SITE}glossary/"] is None
    assert found[SITE] == found[f"{SITE}topics/"] == "2024-03-15"


def test_sitemap_names_no_page_that_is_not_there(tmp_path: Path) -> None:
    """The minimal show has no glossary, so it has no glossary page: the sitemap must not
    send a crawler to one (it did)."""
    minimal = FULL.parent / "minimal"
    out = tmp_path / "out"
    assert not build.build(minimal, out, cache_root=None).failed()
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    site = "https://example.org/minimal/"  # its show.toml's site_url, with the slash
    locs = [url.findtext("s:loc", namespaces=ns) or "" for url in root.findall("s:url", ns)]
    assert locs and all(loc.startswith(site) for loc in locs)
    missing = [loc for loc in locs if not (out / loc[len(site) :] / "index.html").is_file()]
    assert not (out / "glossary").exists() and missing == []


def test_robots_txt_points_at_the_sitemap(out: Path) -> None:
    assert (out / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"
    )


def test_remote_artwork_makes_no_icons(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_show()
    text = (root / "show.toml").read_text()
    (root / "show.toml").write_text(text + 'artwork = "https://example.org/art.png"\n')
    out = tmp_path / "out"
    assert not build.build(root, out, cache_root=None).failed()
    assert not (out / "favicon.png").exists()
    page = (out / "index.html").read_text()
    assert 'rel="icon"' not in page
    assert '<img src="https://example.org/art.png" width="160" height="160" alt="">' in page


def test_new_artwork_makes_new_icons_in_a_rebuild(tmp_path: Path) -> None:
    source = tmp_path / "show"
    shutil.copytree(FULL, source)
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build.build(source, out, cache_root=cache).failed()
    before = (out / "favicon.png").read_bytes()
    shutil.copy(FULL.parent / "video" / "artwork.png", source / "artwork.png")
    assert not build.build(source, out, cache_root=cache).failed()
    cold = tmp_path / "cold"
    assert not build.build(source, cold, cache_root=None).failed()
    assert (out / "favicon.png").read_bytes() == (cold / "favicon.png").read_bytes() != before
