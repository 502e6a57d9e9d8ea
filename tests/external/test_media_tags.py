"""Tagged media copies read back from outside: by mutagen and by ffprobe (Debian's ffmpeg).

The fixture is the golden ``video`` show (five chapters, one of them silent, a timed WebVTT
transcript, its own cover.png) with its media replaced by a 30-second sine made by ffmpeg at
test time, as MP3, M4A and Opus. Each copy in ``out/`` must carry the episode's chapters,
transcript and artwork, and its audio packets must be the source's, byte for byte.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import mutagen
import pytest
from mutagen.flac import Picture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus

from nmo_feed import build

pytestmark = [
    pytest.mark.external,
    pytest.mark.ci_required,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
        reason="ffmpeg is not installed (make test installs Debian's ffmpeg)",
    ),
]

SHOW = Path(__file__).parents[1] / "golden" / "shows" / "video"
EPISODE = "2024-04-01-part-one"
PAGE = "https://example.org/video/episodes/part-one/"
# chapters.json of the fixture: start (ms), title; the fourth is silent (toc: false).
CHAPTERS = [
    (0, "Welcome"),
    (9500, "How sight recovers"),
    (16500, "How steroids help"),
    (20000, None),
    (24000, "What to ask your team"),
]
CODECS = {"mp3": ["-c:a", "libmp3lame"], "m4a": ["-c:a", "aac"], "opus": ["-c:a", "libopus"]}


def ffmpeg_sine(path: Path, seconds: int = 30) -> Path:
    """A mono 440 Hz sine of ``seconds``, encoded by the codec ``path``'s extension names."""
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=440:duration={seconds}", "-ac", "1", "-ar", "48000",
         *CODECS[path.suffix[1:]], "-fflags", "+bitexact", str(path)],
        check=True,
    )  # fmt: skip
    return path


def show_with(tmp_path: Path, extension: str, settings: str = "") -> Path:
    """The video show with part one's media one ffmpeg-made file, ``talk.EXTENSION``."""
    source = tmp_path / "show"
    shutil.copytree(SHOW, source)
    folder = source / EPISODE
    for old in ("talk.mp4", "talk-audio.m4a"):
        (folder / old).unlink()
    ffmpeg_sine(folder / f"talk.{extension}")
    page = folder / "episode.md"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"media:\n(  - .*\n)+", f"media: talk.{extension}\n", text)
    page.write_text(text, encoding="utf-8")
    if settings:
        with (source / "show.toml").open("a", encoding="utf-8") as handle:
            handle.write(settings)
    return source


def build_site(source: Path, out: Path) -> Path:
    result = build.build(source, out)
    assert not result.failed(), [d.message for d in result.diagnostics.errors]
    return out


def ffprobe(path: Path) -> dict:
    found = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams",
         "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(found.stdout)


def audio_md5(path: Path) -> str:
    """The MD5 of the audio packets as ffmpeg demuxes them (tags and pictures left out)."""
    found = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(path), "-map", "0:a", "-c", "copy",
         "-f", "md5", "-"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return found.stdout.strip()


def enclosure_length(out: Path) -> int:
    feed = ET.parse(out / "feed.xml")
    item = next(i for i in feed.iter("item") if i.findtext("title") == "Seeing clearly again")
    enclosure = item.find("enclosure")
    assert enclosure is not None
    return int(enclosure.get("length", "-1"))


@pytest.fixture(scope="module", params=["mp3", "m4a", "opus"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    extension = request.param
    tmp_path = tmp_path_factory.mktemp(extension)
    source = show_with(tmp_path, extension)
    out = build_site(source, tmp_path / "out")
    return {
        "extension": extension,
        "source": source / EPISODE / f"talk.{extension}",
        "copy": out / "media" / "part-one" / f"talk.{extension}",
        "out": out,
        "transcript": (out / "episodes" / "part-one" / "transcript.txt").read_text("utf-8"),
        "cover": (source / EPISODE / "cover.png").read_bytes(),
        "tmp": tmp_path,
    }


def test_the_audio_is_the_source_s_and_the_source_is_untouched(built: dict) -> None:
    source, copy = built["source"], built["copy"]
    assert copy.read_bytes() != source.read_bytes()
    assert audio_md5(copy) == audio_md5(source)
    if built["extension"] == "mp3":
        # The MPEG frames after the ID3v2 tag, byte for byte (ffmpeg's encoder wrote a tag too).
        assert _after_id3(copy.read_bytes()) == _after_id3(source.read_bytes())


def test_the_enclosure_and_the_page_give_the_copy_s_size(built: dict) -> None:
    size = built["copy"].stat().st_size
    assert size != built["source"].stat().st_size
    assert enclosure_length(built["out"]) == size
    page = (built["out"] / "episodes" / "part-one" / "index.html").read_text("utf-8")
    kilobytes = f"{round(size / 1000)} KB"
    assert kilobytes in page, kilobytes


def test_mutagen_reads_the_tags(built: dict) -> None:
    copy, transcript, cover = built["copy"], built["transcript"], built["cover"]
    if built["extension"] == "mp3":
        tags = ID3(copy)
        assert tags.version == (2, 4, 0)
        assert tags["TIT2"].text == ["Seeing clearly again"]
        assert tags["TALB"].text == ["Video Fixture"]
        assert tags["TPE1"].text == ["Ann Host", "Cy Guest"]
        assert str(tags["TDRC"].text[0]) == "2024-04-01"
        assert (tags["TRCK"].text, tags["TPOS"].text) == (["1"], ["1"])
        assert tags.getall("COMM")[0].text[0].startswith("Part one. An eye doctor")
        assert tags.getall("WXXX")[0].url == PAGE
        assert tags.getall("APIC")[0].data == cover
        lyrics = tags.getall("USLT")
        assert [(u.lang, u.text) for u in lyrics] == [("eng", transcript)]
        synced = tags.getall("SYLT")[0]
        assert synced.format == 2 and synced.text[0] == (
            "Welcome to part one. Today: seeing clearly again.",
            0,
        )
        assert [start for _, start in synced.text] == [0, 4000, 9500, 16500, 24000]
        chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
        found = [(c.start_time, c.sub_frames["TIT2"].text[0] if "TIT2" in c.sub_frames else None)
                 for c in chapters]  # fmt: skip
        assert found == CHAPTERS
        assert [c.end_time for c in chapters] == [9500, 16500, 20000, 24000, 30000]
        assert chapters[1].sub_frames.getall("WXXX")[0].url == "https://example.org/sight"
        (toc,) = tags.getall("CTOC")
        assert toc.child_element_ids == ["chp0", "chp1", "chp2", "chp4"]  # not the silent one
    elif built["extension"] == "m4a":
        tags = MP4(copy).tags
        assert tags["©nam"] == ["Seeing clearly again"]
        assert tags["©alb"] == ["Video Fixture"]
        assert tags["©ART"] == ["Ann Host, Cy Guest"]
        assert tags["©day"] == ["2024-04-01"]
        assert tags["©lyr"] == [transcript]
        assert bytes(tags["covr"][0]) == cover
        assert not MP4(copy).chapters  # mutagen cannot write MP4 chapters (README)
    else:
        tags = OggOpus(copy).tags
        assert tags["TITLE"] == ["Seeing clearly again"]
        assert tags["ARTIST"] == ["Ann Host", "Cy Guest"]
        assert tags["LYRICS"] == [transcript]
        numbered = [(tags[f"CHAPTER{n:03}"][0], tags.get(f"CHAPTER{n:03}NAME", [None])[0])
                    for n in range(1, 6)]  # fmt: skip
        assert numbered == [
            (f"00:00:{ms // 1000:02}.{ms % 1000:03}", title) for ms, title in CHAPTERS
        ]
        assert "CHAPTER006" not in tags
        picture = Picture(base64.b64decode(tags["METADATA_BLOCK_PICTURE"][0]))
        assert picture.data == cover
    assert mutagen.File(copy).info.length == pytest.approx(30, abs=0.1)


def test_ffprobe_reads_the_chapters_transcript_and_artwork(built: dict) -> None:
    found = ffprobe(built["copy"])
    chapters = found["chapters"]  # in the file's order: ffmpeg lists CHAP frames as they come
    if built["extension"] == "m4a":
        assert chapters == []  # mutagen writes no MP4 chapters (README)
    else:
        # ffmpeg names an ID3 chapter without a title by its element id.
        untitled = "chp3" if built["extension"] == "mp3" else None
        assert [
            (round(float(c["start_time"]) * 1000), c.get("tags", {}).get("title")) for c in chapters
        ] == [(start, untitled if title is None else title) for start, title in CHAPTERS]
    audio = next(s for s in found["streams"] if s["codec_type"] == "audio")
    tags = {**found["format"].get("tags", {}), **audio.get("tags", {})}
    lyrics = {"mp3": "lyrics-eng", "m4a": "lyrics", "opus": "LYRICS"}[built["extension"]]
    assert tags[lyrics] == built["transcript"]
    title = tags.get("title") or tags.get("TITLE")
    assert title == "Seeing clearly again"
    (picture,) = [s for s in found["streams"] if s.get("disposition", {}).get("attached_pic")]
    assert picture["codec_name"] == "png"
    assert (picture["width"], picture["height"]) == _png_size(built["cover"])


def test_two_builds_write_identical_copies(built: dict) -> None:
    again = build_site(built["source"].parents[1], built["tmp"] / "again")
    name = built["copy"].relative_to(built["out"])
    assert (again / name).read_bytes() == built["copy"].read_bytes()


def test_tag_false_copies_the_file_as_it_is(tmp_path: Path) -> None:
    source = show_with(tmp_path, "mp3", "\n[media]\ntag = false\n")
    out = build_site(source, tmp_path / "out")
    original = (source / EPISODE / "talk.mp3").read_bytes()
    assert (out / "media" / "part-one" / "talk.mp3").read_bytes() == original
    assert enclosure_length(out) == len(original)


def _after_id3(data: bytes) -> bytes:
    assert data[:3] == b"ID3"
    size = 0
    for byte in data[6:10]:  # a syncsafe integer: 7 bits a byte
        size = size << 7 | byte
    footer = 10 if data[5] & 0x10 else 0
    return data[10 + size + footer :]


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
