"""The favicon and the touch icon, made from the show's artwork. The only module that
imports Pillow.

The PNGs are written without any text chunk or time, from the same pixels the same way, so
two builds give the same bytes (the tests hold it).
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from PIL import Image

from .. import layout
from ..errors import FileProblem

SIZES = {layout.FAVICON: 32, layout.TOUCH_ICON: layout.TOUCH_ICON_SIDE}


def icons(artwork: bytes) -> dict[PurePosixPath, bytes]:
    """Each icon's path and PNG bytes, resized from the artwork's bytes (PNG or JPEG, as
    ``load.artwork`` has checked from its header). Artwork whose pixels cannot be read (a
    truncated or damaged file with a good header) is a ``FileProblem`` (``bad-artwork``)."""
    try:
        with Image.open(io.BytesIO(artwork)) as image:
            rgb = image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise FileProblem(f"its pixels cannot be read ({error})", "bad-artwork") from None
    made = {}
    for path, side in SIZES.items():
        icon = rgb.resize((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        icon.save(out, format="PNG", optimize=False, compress_level=9)
        made[path] = out.getvalue()
    return made
