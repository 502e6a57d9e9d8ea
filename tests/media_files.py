"""Tiny media files written byte by byte with the standard library, for mutagen to probe.

Each is the smallest container that says what it is and how long it lasts: MP4 boxes with
sound and/or video track headers, MPEG-1 Layer III frames, and Ogg pages carrying Vorbis or
Opus headers. They hold no real sound or picture (the frames are empty), so they are for
probing, not playing. The durations are exact by construction; the expected values in the
tests are written out from them.

The golden fixture show ``tests/golden/shows/media`` commits two files made here (see its
README.md); ``test_media.py`` checks that they still equal what this module writes.
"""

from __future__ import annotations

import struct
import zlib

# --- MP4 (ISO base media file format) --------------------------------------------------------

_MATRIX = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)


def _box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def _full_box(kind: bytes, version_flags: int, *payload: bytes) -> bytes:
    return _box(kind, struct.pack(">I", version_flags), *payload)


def _track(track_id: int, handler: bytes, timescale: int, units: int) -> bytes:
    video = handler == b"vide"
    tkhd = _full_box(
        b"tkhd",
        3,  # enabled, in movie
        struct.pack(">IIIII", 0, 0, track_id, 0, units * 1000 // timescale),
        bytes(8),
        struct.pack(">hhhH", 0, 0, 0 if video else 0x0100, 0),
        _MATRIX,
        struct.pack(">II", (160 << 16) if video else 0, (90 << 16) if video else 0),
    )
    mdhd = _full_box(b"mdhd", 0, struct.pack(">IIIIHH", 0, 0, timescale, units, 0x55C4, 0))
    hdlr = _full_box(b"hdlr", 0, bytes(4), handler, bytes(12), b"track\x00")
    header = _full_box(b"vmhd", 1, bytes(8)) if video else _full_box(b"smhd", 0, bytes(4))
    dinf = _box(b"dinf", _full_box(b"dref", 0, struct.pack(">I", 1), _full_box(b"url ", 1)))
    stbl = _box(
        b"stbl",
        _full_box(b"stsd", 0, struct.pack(">I", 0)),
        _full_box(b"stts", 0, struct.pack(">I", 0)),
        _full_box(b"stsc", 0, struct.pack(">I", 0)),
        _full_box(b"stsz", 0, struct.pack(">II", 0, 0)),
        _full_box(b"stco", 0, struct.pack(">I", 0)),
    )
    minf = _box(b"minf", header, dinf, stbl)
    return _box(b"trak", tkhd, _box(b"mdia", mdhd, hdlr, minf))


def mp4(seconds: float, *, audio: bool = True, video: bool = True, brand: bytes = b"isom") -> bytes:
    """An MP4 file of ``seconds`` with a sound track, a video track, or both."""
    timescale = 1000
    units = round(seconds * timescale)
    tracks = []
    if video:
        tracks.append(_track(len(tracks) + 1, b"vide", timescale, units))
    if audio:
        tracks.append(_track(len(tracks) + 1, b"soun", timescale, units))
    mvhd = _full_box(
        b"mvhd",
        0,
        struct.pack(">IIIIIH", 0, 0, timescale, units, 0x00010000, 0x0100),
        bytes(10),
        _MATRIX,
        bytes(24),
        struct.pack(">I", len(tracks) + 1),
    )
    ftyp = _box(b"ftyp", brand, struct.pack(">I", 0x200), b"isomiso2mp41")
    return ftyp + _box(b"moov", mvhd, *tracks)


# --- MP3 ---------------------------------------------------------------------------------

# MPEG-1 Layer III, no CRC, 128 kbit/s, 44 100 Hz, no padding, mono: 417-byte frames of
# 1152 samples each.
_MP3_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC4])
_MP3_FRAME_BYTES = 417


def mp3(frames: int) -> bytes:
    """``frames`` silent MP3 frames: ``frames * 1152 / 44100`` seconds."""
    return (_MP3_HEADER + bytes(_MP3_FRAME_BYTES - 4)) * frames


# --- Ogg ----------------------------------------------------------------------------------


def _ogg_crc(data: bytes) -> int:
    """Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _ogg_page(packet: bytes, *, sequence: int, granule: int, flags: int) -> bytes:
    """One Ogg page holding one whole packet (under 255 × 255 bytes)."""
    lacing = [255] * (len(packet) // 255) + [len(packet) % 255]
    header = struct.pack(
        "<4sBBqIIIB", b"OggS", 0, flags, granule, 0x4E4D4F31, sequence, 0, len(lacing)
    )
    page = header + bytes(lacing) + packet
    crc = _ogg_crc(page)
    return page[:22] + struct.pack("<I", crc) + page[26:]


def _ogg(first: bytes, tags: bytes, granule: int) -> bytes:
    return (
        _ogg_page(first, sequence=0, granule=0, flags=0x02)
        + _ogg_page(tags, sequence=1, granule=0, flags=0)
        + _ogg_page(b"\x00", sequence=2, granule=granule, flags=0x04)
    )


def ogg_vorbis(seconds: float, rate: int = 8000) -> bytes:
    """An Ogg Vorbis stream whose last page ends at ``seconds`` (granule = samples)."""
    ident = (
        b"\x01vorbis"
        + struct.pack("<IBIiii", 0, 1, rate, 0, 32000, 0)
        + bytes([0xB8, 0x01])  # block sizes 256 and 2048, framing bit
    )
    comments = b"\x03vorbis" + struct.pack("<I", 6) + b"nmo-ts" + struct.pack("<I", 0) + b"\x01"
    return _ogg(ident, comments, round(seconds * rate))


def ogg_opus(seconds: float, pre_skip: int = 312) -> bytes:
    """An Ogg Opus stream of ``seconds`` after its pre-skip (granule counts 48 kHz samples)."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, pre_skip, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 6) + b"nmo-ts" + struct.pack("<I", 0)
    return _ogg(head, tags, round(seconds * 48000) + pre_skip)


# --- Images -------------------------------------------------------------------------------


def png(width: int, height: int, colour_type: int = 2, *, transparent: bool = False) -> bytes:
    """A PNG of ``width`` × ``height`` black pixels in ``colour_type`` (2 RGB, 6 RGBA ...).

    The header is what artwork checks read; the pixels are there too (all zero, so they
    compress to almost nothing), since the build decodes the show's artwork for its icons.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    trns = chunk(b"tRNS", bytes(6)) if transparent else b""
    plte = chunk(b"PLTE", bytes(3)) if colour_type == 3 else b""
    samples = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour_type, 3)
    rows = (b"\x00" + bytes(width * samples)) * height
    return (
        b"\x89PNG\r\n\x1a\n"
        + ihdr
        + plte
        + trns
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int, components: int = 3) -> bytes:
    """A JPEG header: SOI, a JFIF APP0 segment, a baseline SOF0 frame header, then EOI."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    specs = b"".join(bytes([i + 1, 0x11, 0]) for i in range(components))
    sof = (
        b"\xff\xc0"
        + struct.pack(">HBHHB", 8 + 3 * components, 8, height, width, components)
        + specs
    )
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"
