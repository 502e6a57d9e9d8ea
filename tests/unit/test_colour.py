"""The contrast math of the brand colour check (nmo_feed.colour) against known WCAG pairs."""

from __future__ import annotations

import pytest

from nmo_feed import colour


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("#000000", "#ffffff", "21.00:1"),  # the largest ratio there is
        ("#ffffff", "#ffffff", "1.00:1"),
        ("#767676", "#ffffff", "4.54:1"),  # the classic lightest grey for AA on white
        ("#595959", "#ffffff", "7.00:1"),  # ... and for AAA
        ("#777", "#fff", "4.47:1"),  # one step lighter fails AA
        ("#0b3d91", "#ffffff", "10.04:1"),  # site.css's link colour, as its comment says
        ("#9cc3ff", "#121212", "10.40:1"),  # ... and its dark one
    ],
)
def test_known_contrast_ratios(a: str, b: str, ratio: str) -> None:
    rgb_a, rgb_b = colour.parse(a), colour.parse(b)
    assert rgb_a is not None and rgb_b is not None
    assert colour.ratio_text(colour.contrast(rgb_a, rgb_b)) == ratio
    assert colour.contrast(rgb_a, rgb_b) == colour.contrast(rgb_b, rgb_a)


def test_relative_luminance_of_black_white_and_primaries() -> None:
    assert colour.relative_luminance((0, 0, 0)) == 0
    assert colour.relative_luminance((255, 255, 255)) == pytest.approx(1)
    assert colour.relative_luminance((255, 0, 0)) == pytest.approx(0.2126)
    assert colour.relative_luminance((0, 255, 0)) == pytest.approx(0.7152)
    assert colour.relative_luminance((0, 0, 255)) == pytest.approx(0.0722)


def test_a_ratio_just_short_of_7_is_never_shown_as_7() -> None:
    assert colour.ratio_text(6.999) == "6.99:1"


@pytest.mark.parametrize("text", ["#1d4f91", "#18F", "#ABCDEF"])
def test_hex_colours_are_read(text: str) -> None:
    rgb = colour.parse(text)
    assert rgb is not None
    assert colour.parse(colour.to_hex(rgb)) == rgb


@pytest.mark.parametrize(
    "text",
    ["1d4f91", "#1d4f9", "#1d4f911", "red", "rgb(0,0,0)", "#12345g", "#fff;}body{", " #fff", ""],
)
def test_anything_but_hex_is_refused(text: str) -> None:
    """Only six (or three) hex digits ever reach the style sheet."""
    assert colour.parse(text) is None


@pytest.mark.parametrize(
    ("start", "background"),
    [
        ("#6fa8dc", colour.LIGHT_BACKGROUND),
        ("#ff0000", colour.LIGHT_BACKGROUND),
        ("#0b3d91", colour.DARK_BACKGROUND),
        ("#767676", colour.DARK_BACKGROUND),
        ("#ffff00", colour.LIGHT_BACKGROUND),
    ],
)
def test_nearest_passing_keeps_the_hue_and_only_just_passes(
    start: str, background: colour.RGB
) -> None:
    """The suggestion passes 7:1, and one step of lightness back towards the original colour
    would not: it is the nearest, not merely a passing one."""
    import colorsys

    rgb = colour.parse(start)
    assert rgb is not None and not colour.passes(rgb, background)
    near = colour.nearest_passing(rgb, background)
    assert colour.passes(near, background)
    hue, lightness, _ = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    near_hue, near_lightness, _ = colorsys.rgb_to_hls(*(c / 255 for c in near))
    if lightness not in (0, 1) and near_lightness not in (0, 1):
        assert near_hue == pytest.approx(hue, abs=0.02)
    step = 0.01 if background == colour.LIGHT_BACKGROUND else -0.01
    closer = colour._from_hls(
        near_hue, near_lightness + step, colorsys.rgb_to_hls(*(c / 255 for c in rgb))[2]
    )
    assert not colour.passes(closer, background)


def test_a_passing_colour_is_its_own_nearest() -> None:
    assert colour.nearest_passing((11, 31, 58), colour.LIGHT_BACKGROUND) == (11, 31, 58)


def test_one_colour_cannot_pass_both_backgrounds() -> None:
    """Why show.toml has two accents: no grey (and so no colour of that luminance) reaches
    7:1 against both white and #121212."""
    assert not any(
        colour.passes((v, v, v), colour.LIGHT_BACKGROUND)
        and colour.passes((v, v, v), colour.DARK_BACKGROUND)
        for v in range(256)
    )
