"""Cover art checked the way Apple Podcasts checks it, from the file's own header.

Apple asks for a square JPEG or PNG of 1400 to 3000 pixels in the RGB colour space, with a
file extension that matches the real format. Only the header is read (PNG ``IHDR``, the JPEG
start-of-frame marker), with the standard library: no image library is needed to say whether
a file will be accepted, and nothing is decoded.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from ..errors import FileProblem
from .discover import inside
from .fields import Fields

MIN_PIXELS = 1400
MAX_PIXELS = 3000
SUFFIXES: dict[str, Literal["PNG", "JPEG"]] = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG colour types (PNG spec, IHDR): only truecolour and palette colour are RGB without alpha.
_PNG_COLOURS = {
    0: "greyscale",
    2: "RGB",
    3: "RGB",  # palette entries are RGB triples
    4: "greyscale with transparency",
    6: "RGB with transparency (RGBA)",
}
# JPEG start-of-frame markers carry the size: SOF0-3, 5-7, 9-11, 13-15 (not DHT C4, JPG C8,
# DAC CC).
_SOF_MARKERS = frozenset({*range(0xC0, 0xD0)} - {0xC4, 0xC8, 0xCC})
_JPEG_COMPONENTS = {1: "greyscale", 3: "RGB", 4: "CMYK"}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers without a length field


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: Literal["PNG", "JPEG"]
    width: int
    height: int
    colour: str
    """``RGB``, ``greyscale``, ``CMYK``, ``RGB with transparency (RGBA)`` ..."""


class ArtworkError(FileProblem):
    """The file is not artwork Apple accepts (``bad-artwork``); the message says why, in one
    sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "bad-artwork")


def inspect(data: bytes) -> ImageInfo:
    """Return the format, size and colour model read from an image's header.

    Raises ``ArtworkError`` when the bytes are neither PNG nor JPEG or the header is cut off.
    """
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    raise ArtworkError("it is not a PNG or JPEG image")


def check(data: bytes, suffix: str) -> ImageInfo:
    """Return the image's header facts when Apple would accept it as cover art.

    ``suffix`` is the file's extension (``.png``, ``.jpg``): it must name the real format.
    Raises ``ArtworkError`` with the first rule broken, in the order a publisher fixes them:
    format, extension, colour, shape, size.
    """
    info = inspect(data)
    named = SUFFIXES.get(suffix.lower())
    if named is None:
        raise ArtworkError(f"the file name must end in .png, .jpg or .jpeg, not {suffix!r}")
    if named != info.format:
        raise ArtworkError(
            f"the file is named {suffix} but it is a {info.format} image;"
            " Apple requires the extension to match the format"
        )
    if info.colour != "RGB":
        raise ArtworkError(f"it is {info.colour}; Apple requires RGB colour without transparency")
    if info.width != info.height:
        raise ArtworkError(f"it is {info.width}×{info.height} pixels; it must be square")
    if not MIN_PIXELS <= info.width <= MAX_PIXELS:
        raise ArtworkError(
            f"it is {info.width}×{info.height} pixels;"
            f" Apple requires {MIN_PIXELS} to {MAX_PIXELS} pixels a side"
        )
    return info


def _png(data: bytes) -> ImageInfo:
    # IHDR is always the first chunk: length, "IHDR", width, height, depth, colour type.
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ArtworkError("its PNG header is cut off or damaged")
    width, height, _depth, colour_type = struct.unpack(">IIBB", data[16:26])
    colour = _PNG_COLOURS.get(colour_type, f"an unknown PNG colour type ({colour_type})")
    if colour == "RGB" and _png_has_transparency(data):
        colour = "RGB with a transparent colour (tRNS)"
    return ImageInfo("PNG", width, height, colour)


def _png_has_transparency(data: bytes) -> bool:
    """True when a tRNS chunk comes before the image data (transparency for RGB/palette)."""
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"tRNS":
            return True
        if kind in (b"IDAT", b"IEND"):
            return False
        at += 12 + length  # length, type, data, CRC
    return False


def _jpeg(data: bytes) -> ImageInfo:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ArtworkError("its JPEG header is damaged")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in _STANDALONE:
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before them
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF_MARKERS:
            if at + 10 > len(data):
                break
            height, width, components = struct.unpack(">HHB", data[at + 5 : at + 10])
            colour = _JPEG_COMPONENTS.get(components, f"{components} colour components")
            return ImageInfo("JPEG", width, height, colour)
        at += 2 + length
    raise ArtworkError("its JPEG header has no frame size (it is cut off or damaged)")


def read_artwork(
    root: Path, folder: Path, f: Fields, name: str
) -> tuple[str | None, PurePosixPath | None]:
    """The artwork named by key ``name``: ``(url, None)`` for a URL, ``(None, path in the
    show folder)`` for a local file whose header Apple would accept (``bad-artwork`` else)."""
    value = f.text(name)
    if value is None:
        return None, None
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return f.url(name), None
    path = folder / value
    if any(part.startswith(".") for part in PurePosixPath(value).parts if part != ".."):
        # Hidden files are left out of the build's view of the show, and many web servers
        # refuse to serve them.
        f.error(
            name,
            "bad-artwork",
            f"artwork file {value!r} is hidden (a name starting with '.')",
            hint="rename it, or move it out of the hidden folder",
        )
        return None, None
    if not inside(folder, path) or not path.is_file():
        where = "show" if folder == root else "episode"
        f.error(
            name,
            "bad-artwork",
            f"artwork file {value!r} is not a file inside the {where} folder",
        )
        return None, None
    try:
        check(path.read_bytes(), path.suffix)
    except ArtworkError as exc:
        f.error(
            name,
            exc.code,
            f"artwork {value!r}: {exc}",
            hint="Apple requires a square RGB JPEG or PNG of 1400 to 3000 pixels",
        )
        return None, None
    return None, PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix())
