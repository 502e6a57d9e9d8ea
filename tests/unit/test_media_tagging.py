"""Tagged media copies without ffmpeg: the ``[media] tag`` switch, the WAV warning, the tags
of a stdlib-made MP3, and the language codes ID3 wants. ``tests/external/test_media_tags.py``
reads real MP3, M4A and Opus copies (made by ffmpeg) back with mutagen and ffprobe."""

from __future__ import annotations

from pathlib import Path

from media_files import mp3, png
from mutagen.id3 import ID3

from nmo_feed import build
from nmo_feed.errors import Diagnostics
from nmo_feed.load import show as config
from nmo_feed.mediafile import Mark, Tags, tag
from nmo_feed.render.mediatags import iso_639_2

EPISODE = "2024-05-01-first/episode.md"


def with_media(root: Path, name: str) -> Path:
    """The default show's episode with ``media: NAME``."""
    page = root / EPISODE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n---\n", f"\nmedia: {name}\n---\n", 1), encoding="utf-8")
    return root


def test_media_tag_is_read_and_checked(make_show, show_toml: str) -> None:  # type: ignore[no-untyped-def]
    """[media] tag defaults to true; false is read; a wrong type or key is located."""
    shows = {
        "default": show_toml,
        "off": show_toml + "[media]\ntag = false\n",
        "bad": show_toml + '[media]\ntag = "no"\nstrip = true\n',
    }
    found = {}
    for name, text in shows.items():
        diagnostics = Diagnostics()
        show = config.load_show(make_show({"show.toml": text}, name=name), diagnostics)
        codes = [(d.code, d.location.line) for d in diagnostics.sorted()]
        codes = [c for c in codes if c[0] != "missing-artwork"]
        found[name] = (show.tag_media if show else None, codes)
    assert found["default"] == (True, [])
    assert found["off"] == (False, [])
    assert found["bad"] == (None, [("wrong-type", 11), ("unknown-key", 12)])


def test_wav_is_copied_as_it_is_with_one_warning(make_show, wav, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """mutagen does not tag WAV here: the copy is the source and the build says so once."""
    root = with_media(make_show(), "tone.wav")
    source = wav(root / "2024-05-01-first" / "tone.wav", 1)
    result = build.build(root, tmp_path / "out")
    assert not result.failed()
    warnings = [(d.code, d.location.line) for d in result.diagnostics.warnings]
    assert warnings.count(("media-untagged", 6)) == 1
    assert (tmp_path / "out" / "media" / "first" / "tone.wav").read_bytes() == source.read_bytes()


def test_an_mp3_copy_carries_the_episode_and_keeps_its_frames(make_show, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The build's copy of an MP3 has an ID3v2.4 tag, then the source's frames unchanged."""
    frames = mp3(100)
    root = with_media(make_show(), "talk.mp3")
    (root / "2024-05-01-first" / "talk.mp3").write_bytes(frames)
    out = tmp_path / "out"
    result = build.build(root, out)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    copy = (out / "media" / "first" / "talk.mp3").read_bytes()
    assert copy.endswith(frames) and copy.startswith(b"ID3\x04")
    tags = ID3(out / "media" / "first" / "talk.mp3")
    assert tags["TIT2"].text == ["First episode"]
    assert tags["TALB"].text == ["Test Show"]
    assert tags.getall("WXXX")[0].url == "https://example.org/show/episodes/first/"
    assert not tags.getall("APIC")  # the show's artwork is remote or absent: nothing fetched
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f'length="{len(copy)}"' in feed


def test_new_show_artwork_retags_the_copies_in_a_rebuild(
    make_show, show_toml: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The show's artwork is an input of every copy's tags: a rebuild after it changed writes
    the copies a cold build writes."""
    root = make_show(
        {
            "show.toml": show_toml + 'artwork = "artwork.png"\n',
            "artwork.png": png(1400, 1400),
            "2024-05-01-first/talk.mp3": mp3(100),
        }
    )
    with_media(root, "talk.mp3")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert not build.build(root, out, cache_root=cache).failed()
    copy = out / "media" / "first" / "talk.mp3"
    assert ID3(copy).getall("APIC")[0].data == png(1400, 1400)
    (root / "artwork.png").write_bytes(png(2000, 2000))
    assert not build.build(root, out, cache_root=cache).failed()
    assert ID3(copy).getall("APIC")[0].data == png(2000, 2000)
    assert not build.build(root, tmp_path / "cold", cache_root=None).failed()
    assert copy.read_bytes() == (tmp_path / "cold" / "media" / "first" / "talk.mp3").read_bytes()


def test_tags_are_deterministic_and_replace_the_source_s() -> None:
    """The same tags make the same bytes, whatever tag the source had."""
    tags = Tags(
        title="T", album="A", artists=("X", "Y"), date="2024-01-02", track=2, disc=None,
        description="D", url="https://example.org/t/", language="eng", lyrics="L\n",
        synced=((0, "L"),), chapters=(Mark(0, 1000, "One", None, True),), picture=None,
    )  # fmt: skip
    source = mp3(10)
    once = tag(source, tags)
    assert once is not None and once == tag(source, tags)
    other = tag(source, Tags(**{**{f: getattr(tags, f) for f in Tags.__slots__}, "title": "U"}))
    assert other is not None and tag(other, tags) == once


def test_iso_639_2_codes() -> None:
    assert [iso_639_2(t) for t in ("en", "en-GB", "es", "de", "zh-Hant", "fil", "xx")] == [
        "eng",
        "eng",
        "spa",
        "ger",
        "chi",
        "fil",
        "und",
    ]
