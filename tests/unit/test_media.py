"""Local media is probed with mutagen: type, size and duration come from the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmo_feed import media

REPO = Path(__file__).resolve().parents[2]


def test_wav_duration_size_and_type(tmp_path: Path, wav) -> None:  # type: ignore[no-untyped-def]
    """A generated 1.5 s WAV probes as audio/wav, 1500 ms, its byte size."""
    path = wav(tmp_path / "tone.wav", 1.5)
    assert media.probe(path) == media.Probe("audio/wav", path.stat().st_size, 1500)


def test_the_committed_narration_is_mp3() -> None:
    """The NMO episode's synthetic narration probes as audio/mpeg of about 112 s."""
    probe = media.probe(REPO / "episodes/2010-04-02-how-do-clinicians-treat-nmo/narration.mp3")
    assert probe.mime_type == "audio/mpeg"
    assert probe.length == 449863
    assert 112_000 <= probe.duration_ms <= 112_500


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.ogg", b"", "not an audio or video format"),
        ("text.ogg", b"just some text that is not audio" * 10, "not an audio or video format"),
        ("text.mp3", b"just some text that is not audio" * 10, "cannot read it as audio or video"),
    ],
    ids=["empty", "text", "text-named-mp3"],
)
def test_non_media_is_a_media_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    """A file that is not media raises MediaError with a reason, never a mutagen traceback."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(media.MediaError, match=message):
        media.probe(path)
