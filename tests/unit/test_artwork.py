"""Cover art is checked from its own header: PNG IHDR or JPEG SOF, RGB, square, 1400-3000 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_files import jpeg, png

from nmo_feed.errors import Diagnostics
from nmo_feed.load import artwork
from nmo_feed.load import show as config


def test_png_header_gives_size_and_colour() -> None:
    """A truecolour PNG header reads as PNG, its width and height, RGB."""
    assert artwork.inspect(png(1500, 1400)) == artwork.ImageInfo("PNG", 1500, 1400, "RGB")


def test_jpeg_sof_gives_size_and_colour() -> None:
    """A baseline JPEG's SOF0 marker (after a JFIF APP0 segment) gives its size: height first."""
    assert artwork.inspect(jpeg(2000, 1800)) == artwork.ImageInfo("JPEG", 2000, 1800, "RGB")


def test_progressive_jpeg_sof2_is_read() -> None:
    """A progressive JPEG (SOF2) is read like a baseline one."""
    data = jpeg(1600, 1600).replace(b"\xff\xc0", b"\xff\xc2")
    assert artwork.inspect(data) == artwork.ImageInfo("JPEG", 1600, 1600, "RGB")


@pytest.mark.parametrize(
    ("data", "suffix", "expected"),
    [
        (png(1400, 1400), ".png", artwork.ImageInfo("PNG", 1400, 1400, "RGB")),
        (png(3000, 3000, 3), ".PNG", artwork.ImageInfo("PNG", 3000, 3000, "RGB")),
        (jpeg(2048, 2048), ".jpeg", artwork.ImageInfo("JPEG", 2048, 2048, "RGB")),
    ],
    ids=["rgb-png-1400", "palette-png-3000", "rgb-jpeg-2048"],
)
def test_square_rgb_in_range_is_accepted(
    data: bytes, suffix: str, expected: artwork.ImageInfo
) -> None:
    """Square RGB (or palette) images of 1400 to 3000 px pass, whatever the extension's case."""
    assert artwork.check(data, suffix) == expected


@pytest.mark.parametrize(
    ("data", "suffix", "message"),
    [
        (
            png(1400, 1400, 6),
            ".png",
            "it is RGB with transparency (RGBA); Apple requires RGB colour without transparency",
        ),
        (
            png(1400, 1400, 4),
            ".png",
            "it is greyscale with transparency; Apple requires RGB colour without transparency",
        ),
        (
            png(1400, 1400, 0),
            ".png",
            "it is greyscale; Apple requires RGB colour without transparency",
        ),
        (
            png(1400, 1400, transparent=True),
            ".png",
            "it is RGB with a transparent colour (tRNS);"
            " Apple requires RGB colour without transparency",
        ),
        (
            jpeg(1400, 1400, 1),
            ".jpg",
            "it is greyscale; Apple requires RGB colour without transparency",
        ),
        (
            jpeg(1400, 1400, 4),
            ".jpg",
            "it is CMYK; Apple requires RGB colour without transparency",
        ),
        (png(1600, 1400), ".png", "it is 1600×1400 pixels; it must be square"),
        (
            png(1000, 1000),
            ".png",
            "it is 1000×1000 pixels; Apple requires 1400 to 3000 pixels a side",
        ),
        (
            jpeg(3001, 3001),
            ".jpg",
            "it is 3001×3001 pixels; Apple requires 1400 to 3000 pixels a side",
        ),
        (
            png(1400, 1400),
            ".jpg",
            "the file is named .jpg but it is a PNG image;"
            " Apple requires the extension to match the format",
        ),
        (
            jpeg(1400, 1400),
            ".png",
            "the file is named .png but it is a JPEG image;"
            " Apple requires the extension to match the format",
        ),
        (png(1400, 1400), ".gif", "the file name must end in .png, .jpg or .jpeg, not '.gif'"),
        (b"GIF89a" + bytes(40), ".png", "it is not a PNG or JPEG image"),
        (png(1400, 1400)[:20], ".png", "its PNG header is cut off or damaged"),
        (
            jpeg(1400, 1400)[:22],
            ".jpg",
            "its JPEG header has no frame size (it is cut off or damaged)",
        ),
    ],
    ids=[
        "rgba",
        "grey-alpha",
        "greyscale",
        "trns",
        "grey-jpeg",
        "cmyk",
        "not-square",
        "too-small",
        "too-big",
        "png-named-jpg",
        "jpeg-named-png",
        "gif-name",
        "gif-content",
        "cut-png",
        "cut-jpeg",
    ],
)
def test_artwork_apple_refuses_has_an_exact_reason(data: bytes, suffix: str, message: str) -> None:
    """Each rule Apple applies gives its own one-sentence reason."""
    with pytest.raises(artwork.ArtworkError) as raised:
        artwork.check(data, suffix)
    assert str(raised.value) == message


def test_show_artwork_is_checked_at_its_line(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """A greyscale cover in show.toml is a bad-artwork error at the 'artwork' line, with help."""
    root = make_show(
        {"show.toml": show_toml + 'artwork = "cover.png"\n', "cover.png": png(1400, 1400, 0)}
    )
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is None
    [found] = diagnostics.sorted()
    assert (found.code, found.location.line, found.message, found.hint) == (
        "bad-artwork",
        10,
        "artwork 'cover.png': it is greyscale; Apple requires RGB colour without transparency",
        "Apple requires a square RGB JPEG or PNG of 1400 to 3000 pixels",
    )


def test_committed_show_artwork_passes(tmp_path: Path) -> None:
    """Both committed cover images (NMO show and fixture show) are 1400 px RGB PNGs."""
    repo = Path(__file__).resolve().parents[2]
    for path in (repo / "episodes/artwork.png", repo / "tests/golden/shows/full/artwork.png"):
        assert artwork.check(path.read_bytes(), path.suffix) == artwork.ImageInfo(
            "PNG", 1400, 1400, "RGB"
        )
