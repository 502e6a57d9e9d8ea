"""Colours and their contrast, as WCAG 2.x measures it: the show's brand colour is checked
with this when show.toml is read, and written into the style sheet from what it accepted.

A colour is ``#rgb`` or ``#rrggbb`` and nothing else, so nothing but six hex digits ever
reaches the CSS. The nearest passing colour keeps the hue and saturation (HSL) and moves the
lightness only as far as 7:1 needs: the brand stays recognisable.
"""

from __future__ import annotations

import colorsys
import math
import re

RGB = tuple[int, int, int]

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

LIGHT_BACKGROUND: RGB = (0xFF, 0xFF, 0xFF)
DARK_BACKGROUND: RGB = (0x12, 0x12, 0x12)
"""The page backgrounds of the light and the dark scheme (``--bg`` in site.css)."""

ENHANCED_CONTRAST = 7.0
"""WCAG 1.4.6 (AAA): text and its background."""

_STEPS = 1000
"""Lightness is searched in steps of 0.1 %: finer than one step of an 8-bit channel."""


def parse(text: str) -> RGB | None:
    """``#1d4f91`` or ``#18f`` as (r, g, b); None for anything else."""
    if not HEX_COLOUR.match(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    """``#rrggbb`` in lower case."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """The contrast ratio of two colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def ratio_text(ratio: float) -> str:
    """``6.99:1``: rounded down, so a ratio short of 7 is never shown as ``7.00:1``."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def passes(rgb: RGB, background: RGB, minimum: float = ENHANCED_CONTRAST) -> bool:
    return contrast(rgb, background) >= minimum


def nearest_passing(rgb: RGB, background: RGB, minimum: float = ENHANCED_CONTRAST) -> RGB:
    """The colour of the same hue and saturation whose lightness is nearest to ``rgb``'s
    and that reaches ``minimum`` against ``background``: darker on a light background,
    lighter on a dark one. ``rgb`` itself when it passes already. Black or white always
    pass against the page backgrounds, so there is always an answer there."""
    if passes(rgb, background, minimum):
        return rgb
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    # In HSL every channel grows with lightness, so contrast moves one way along the search.
    darker = relative_luminance(background) > 0.5
    start = round(lightness * _STEPS)
    steps = range(start, -1, -1) if darker else range(start, _STEPS + 1)
    for step in steps:
        candidate = _from_hls(hue, step / _STEPS, saturation)
        if passes(candidate, background, minimum):
            return candidate
    return (0, 0, 0) if darker else (255, 255, 255)


def _from_hls(hue: float, lightness: float, saturation: float) -> RGB:
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return (round(r * 255), round(g * 255), round(b * 255))
