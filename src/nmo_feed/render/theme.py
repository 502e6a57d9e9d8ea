"""``assets/theme.css``: the show's brand colours (``[theme]`` in show.toml) as the custom
properties the default style sheet reads, ``--accent`` in the light scheme and in the dark.

The colours were checked for 7:1 against their page backgrounds when show.toml was read; they
are parsed again here, so nothing but ``#rrggbb`` can ever be written into the style sheet.
"""

from __future__ import annotations

from .. import colour
from ..model import Theme


def stylesheet(theme: Theme) -> bytes:
    """The theme's style sheet: the same bytes for the same theme."""
    light, dark = _hex(theme.accent), _hex(theme.accent_dark)
    return (
        "/* The show's brand colours (show.toml [theme]), each checked at build time for 7:1\n"
        "   against its page background (WCAG 1.4.6). Made by nmo-feed: edit show.toml. */\n"
        f":root {{ --accent: {light}; }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{ --accent: {dark}; }}\n"
        "}\n"
    ).encode("ascii")


def _hex(value: str) -> str:
    rgb = colour.parse(value)
    if rgb is None:
        raise ValueError(f"not a checked colour: {value!r}")
    return colour.to_hex(rgb)
