"""show.toml's feed settings (type, locked, medium, persons, [feed]) and episode people/art."""

from __future__ import annotations

from pathlib import Path

from media_files import png

from nmo_feed import build, layout
from nmo_feed.errors import Diagnostics
from nmo_feed.load import show as config
from nmo_feed.model import Speaker
from nmo_feed.render.persons import item_persons


def load_show(root: Path) -> tuple[config.Show | None, list[tuple[str, int | None, str]]]:
    diagnostics = Diagnostics()
    show = config.load_show(root, diagnostics)
    found = [(d.code, d.location.line, d.message) for d in diagnostics.sorted()]
    return show, [f for f in found if f[0] != "missing-artwork"]


def test_defaults_are_episodic_locked_medium_from_media_15_mb(make_show) -> None:  # type: ignore[no-untyped-def]
    """Without the new keys a show is episodic, locked, medium None (from media), 15 MB budget."""
    show, problems = load_show(make_show())
    assert show is not None and problems == []
    assert (show.show_type, show.locked, show.medium, show.persons, show.feed_max_bytes) == (
        "episodic",
        True,
        None,
        (),
        15_000_000,
    )


def test_settings_are_read(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """type, locked, medium, [[persons]] with href/img/group and [feed] max_bytes are read."""
    root = make_show(
        {
            "show.toml": show_toml
            + 'type = "serial"\nlocked = false\nmedium = "video"\n'
            + "[feed]\nmax_bytes = 2_000_000\n"
            + '[[persons]]\nname = "Ann Host"\nhref = "https://example.org/ann"\n'
            + 'img = "https://example.org/ann.jpg"\n'
            + '[[persons]]\nname = "Bo Art"\nrole = "Cover Art Designer"\ngroup = "Visuals"\n'
        }
    )
    show, problems = load_show(root)
    assert show is not None and problems == []
    assert (show.show_type, show.locked, show.medium, show.feed_max_bytes) == (
        "serial",
        False,
        "video",
        2_000_000,
    )
    assert show.persons == (
        Speaker(
            "Ann Host", None, None, "host", "cast", "https://example.org/ann",
            "https://example.org/ann.jpg",
        ),
        Speaker("Bo Art", None, None, "cover art designer", "visuals"),
    )  # fmt: skip


def test_bad_settings_are_located(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """A wrong type, medium, budget, person URL and taxonomy role are each reported at its line."""
    root = make_show(
        {
            "show.toml": show_toml
            + 'type = "series"\nmedium = "vlog"\n'
            + "[feed]\nmax_bytes = 99\n"
            + '[[persons]]\nname = "Ann"\nrole = "Host"\ngroup = "Writing"\nhref = "ann.html"\n'
        }
    )
    show, problems = load_show(root)
    assert show is None
    assert problems == [
        ("bad-value", 10, "'type' is 'series'; expected one of episodic, serial"),
        (
            "bad-value",
            11,
            "'medium' is 'vlog'; expected one of podcast, video, music, film, audiobook,"
            " newsletter, blog, course",
        ),
        ("wrong-type", 13, "'feed.max_bytes' must be a whole number of at least 10000, not 99"),
        ("unknown-role", 16, "role 'host' is not a podcast:person role of the group 'writing'"),
        ("bad-url", 18, "'persons[0].href' must be an absolute http(s) URL, not 'ann.html'"),
    ]


def test_budget_past_podcast_index_limit_is_warned(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """A feed budget over 25,000,000 is a feed-size warning: Podcast Index would skip the feed."""
    root = make_show({"show.toml": show_toml + "[feed]\nmax_bytes = 30_000_000\n"})
    show, problems = load_show(root)
    assert show is not None and show.feed_max_bytes == 30_000_000
    assert problems == [
        (
            "feed-size",
            11,
            "'feed.max_bytes' is 30,000,000: Podcast Index skips feeds over 25,000,000 characters",
        )
    ]


EPISODE = "---\ntitle: T\ndate: 2024-05-01\nguid: g\nsummary: S\n{extra}---\n"


def test_serial_show_needs_a_number_on_each_published_episode(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """In a serial show a published episode without 'number' is an error; a draft is not."""
    root = make_show(
        {
            "show.toml": show_toml + 'type = "serial"\n',
            "2024-05-01-first/episode.md": EPISODE.format(extra=""),
            "draft/episode.md": EPISODE.format(extra="draft: true\n").replace("g\n", "d\n", 1),
        }
    )
    result = build.load_project(root)
    assert [(d.code, str(d.location.path), d.location.line, d.message) for d in
            result.diagnostics.errors] == [
        (
            "missing-field",
            "2024-05-01-first/episode.md",
            1,
            "'number' is required: the show is serial (type = \"serial\" in show.toml),"
            " so every episode needs its number",
        )
    ]  # fmt: skip


def test_speakers_carry_group_href_and_img(make_show) -> None:  # type: ignore[no-untyped-def]
    """A speaker's href, img and group reach the model; the role is lower-cased."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="speakers:\n  - {name: Dee, role: Guest, href: 'https://example.org/dee',"
                " img: 'https://example.org/dee.png'}\n"
            )
        }
    )
    result = build.load_project(root)
    assert result.project is not None
    assert result.project.episodes[0].speakers == (
        Speaker(
            "Dee", None, None, "guest", "cast", "https://example.org/dee",
            "https://example.org/dee.png",
        ),
    )  # fmt: skip


def test_item_persons_restate_the_show_people(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """An episode naming speakers restates the show's hosts first; one naming none gets none."""
    root = make_show(
        {
            "show.toml": show_toml + '[[persons]]\nname = "Ann"\n[[persons]]\nname = "Bo"\n',
            "2024-05-01-first/episode.md": EPISODE.format(
                extra="speakers:\n  - {name: Cy}\n  - {name: Bo, role: co-host}\n"
            ),
            "2024-05-02-second/episode.md": EPISODE.format(extra="").replace("guid: g", "guid: h"),
        }
    )
    result = build.load_project(root)
    assert result.project is not None
    show, (second, first) = result.project.show, result.project.episodes
    assert [(p.name, p.role) for p in item_persons(show, first)] == [
        ("Ann", "host"),
        ("Bo", "co-host"),
        ("Cy", "guest"),
    ]
    assert item_persons(show, second) == ()


def test_episode_artwork_is_checked_and_copied_beside_the_page(make_show) -> None:  # type: ignore[no-untyped-def]
    """A good episode cover is published under episodes/<slug>/; a bad one is located."""
    root = make_show(
        {
            "2024-05-01-first/episode.md": EPISODE.format(extra="artwork: cover.jpg\n"),
            "2024-05-01-first/cover.jpg": png(1400, 1400),
        }
    )
    result = build.load_project(root)
    assert [(d.code, d.location.line, d.message) for d in result.diagnostics.errors] == [
        (
            "bad-artwork",
            6,
            "artwork 'cover.jpg': the file is named .jpg but it is a PNG image;"
            " Apple requires the extension to match the format",
        )
    ]
    (root / "2024-05-01-first/cover.jpg").unlink()
    (root / "2024-05-01-first/cover.png").write_bytes(png(1400, 1400))
    (root / "2024-05-01-first/episode.md").write_text(
        EPISODE.format(extra="artwork: cover.png\n"), encoding="utf-8"
    )
    result = build.load_project(root)
    assert result.project is not None
    art = result.project.episodes[0].artwork
    assert art is not None
    episode = result.project.episodes[0]
    assert (art.url, str(art.local_path), str(layout.episode_artwork(episode))) == (
        None,
        "2024-05-01-first/cover.png",
        "episodes/first/cover.png",
    )
    site = layout.Site.of(result.project.show)
    assert site.episode_artwork(episode) == "https://example.org/show/episodes/first/cover.png"


def test_theme_defaults_to_the_pages_own_link_colours(make_show) -> None:  # type: ignore[no-untyped-def]
    show, problems = load_show(make_show())
    assert show is not None and problems == []
    assert (show.theme.accent, show.theme.accent_dark) == ("#0b3d91", "#9cc3ff")


def test_theme_accents_are_read_as_lower_case_six_digits(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    theme = '[theme]\naccent = "#0B1F3A"\naccent_dark = "#7fd1ff"\n'
    root = make_show({"show.toml": show_toml + theme})
    show, problems = load_show(root)
    assert show is not None and problems == []
    assert (show.theme.accent, show.theme.accent_dark) == ("#0b1f3a", "#7fd1ff")


def test_a_missing_dark_accent_is_the_light_one_made_lighter(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """#1d4f91 (8.14:1 on white) has 2.30:1 on #121212; the same hue lightened to 7:1 is
    #6fa1e2 (colour.nearest_passing)."""
    root = make_show({"show.toml": show_toml + '[theme]\naccent = "#1d4f91"\n'})
    show, problems = load_show(root)
    assert show is not None and problems == []
    assert (show.theme.accent, show.theme.accent_dark) == ("#1d4f91", "#6fa1e2")


def test_low_contrast_accents_are_refused_with_ratio_and_nearest(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """Each accent is checked against its own background; the error gives the measured ratio
    and the nearest passing colour, at the value's line."""
    lines = len(show_toml.splitlines())
    root = make_show(
        {"show.toml": show_toml + '[theme]\naccent = "#6fa8dc"\naccent_dark = "#1d4f91"\n'}
    )
    diagnostics = Diagnostics()
    assert config.load_show(root, diagnostics) is None
    found = [d for d in diagnostics.sorted() if d.code == "low-contrast"]
    assert [(d.location.line, d.message, d.hint) for d in found] == [
        (
            lines + 2,
            "'theme.accent' #6fa8dc has a contrast ratio of 2.52:1 against the light page"
            " background #ffffff; text needs at least 7:1 (WCAG 1.4.6)",
            "the nearest colour of the same hue that passes is #235b8f (7.08:1)",
        ),
        (
            lines + 3,
            "'theme.accent_dark' #1d4f91 has a contrast ratio of 2.30:1 against the dark page"
            " background #121212; text needs at least 7:1 (WCAG 1.4.6)",
            "the nearest colour of the same hue that passes is #6fa1e2 (7.02:1)",
        ),
    ]


def test_an_accent_that_is_not_hex_is_refused(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """Nothing but #rgb or #rrggbb gets near the style sheet: not a name, not CSS."""
    root = make_show({"show.toml": show_toml + '[theme]\naccent = "red;}body{display:none"\n'})
    show, problems = load_show(root)
    assert show is None
    assert [(code, message) for code, _, message in problems] == [
        (
            "bad-colour",
            "'theme.accent' is 'red;}body{display:none', not a colour written #rgb or #rrggbb",
        )
    ]
