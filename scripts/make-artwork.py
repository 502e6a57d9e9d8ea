"""Write the default show artwork that `nmo-feed new` puts in a new show folder.

    python scripts/make-artwork.py [OUT]   (default: src/nmo_feed/authoring/data/artwork.png)

A 1400×1400 RGB PNG, the smallest size Apple Podcasts accepts, made with the standard library
only (zlib, struct) so that anyone can see how it was made and make it again byte for byte: a
plain teal square with a white ring and a "play" triangle, plainly a stand-in for the show's
own art. The tests check that the committed file is what this script writes.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

SIZE = 1400
BACKGROUND = (0x0B, 0x4F, 0x6C)
FOREGROUND = (0xFF, 0xFF, 0xFF)
RING = (430, 490)  # inner and outer radius of the ring, in pixels
TRIANGLE = (-150, 220, 210)  # left edge and tip, from the centre; half height at the left edge
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/nmo_feed/authoring/data/artwork.png"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _row(y: int) -> bytes:
    """One scanline: filter byte 0 (None), then RGB pixels, the shapes filled span by span."""
    centre = SIZE // 2
    pixels = bytearray(bytes(BACKGROUND) * SIZE)
    dy = y - centre + 0.5
    spans = []
    inner, outer = RING
    if abs(dy) < outer:
        half_outer = (outer * outer - dy * dy) ** 0.5
        half_inner = (inner * inner - dy * dy) ** 0.5 if abs(dy) < inner else 0.0
        if half_inner:
            spans += [(-half_outer, -half_inner), (half_inner, half_outer)]
        else:
            spans.append((-half_outer, half_outer))
    left, tip, half_height = TRIANGLE
    if abs(dy) < half_height:
        spans.append((left, left + (tip - left) * (1 - abs(dy) / half_height)))
    for start, end in spans:
        first, last = max(0, round(centre + start)), min(SIZE, round(centre + end))
        pixels[first * 3 : last * 3] = bytes(FOREGROUND) * (last - first)
    return b"\x00" + bytes(pixels)


def artwork() -> bytes:
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    raw = b"".join(_row(y) for y in range(SIZE))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    out.write_bytes(artwork())
