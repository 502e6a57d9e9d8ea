"""What a tagged copy of an episode's media says: the episode as ``mediafile.Tags``.

Players that never see the feed (a downloaded or shared file, a car stereo) read only these:
the title, the show, the speakers, the date, the numbers, the summary, the artwork, a link to
the episode's page, the chapters and the whole transcript.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .. import layout
from ..mediafile import Mark, Picture, Tags
from ..model import Chapter, Episode, Show
from ..transcripts import text

# ISO 639-1 to ISO 639-2/B, which ID3 requires for its lyrics and comments; a language not
# listed here is written "und" (undetermined), as ID3 allows. A three-letter tag is kept.
_ISO_639_2 = dict(
    pair.split(":")
    for pair in (
        "af:afr am:amh ar:ara az:aze be:bel bg:bul bn:ben bs:bos ca:cat cs:cze cy:wel da:dan"
        " de:ger el:gre en:eng eo:epo es:spa et:est eu:baq fa:per fi:fin fr:fre ga:gle"
        " gd:gla gl:glg gu:guj ha:hau he:heb hi:hin hr:hrv hu:hun hy:arm id:ind ig:ibo is:ice"
        " it:ita ja:jpn jv:jav ka:geo kk:kaz km:khm kn:kan ko:kor ku:kur ky:kir la:lat lb:ltz"
        " lo:lao lt:lit lv:lav mi:mao mk:mac ml:mal mn:mon mr:mar ms:may mt:mlt my:bur nb:nob"
        " ne:nep nl:dut nn:nno no:nor pa:pan pl:pol ps:pus pt:por ro:rum ru:rus rw:kin si:sin"
        " sk:slo sl:slv so:som sq:alb sr:srp sv:swe sw:swa ta:tam te:tel tg:tgk th:tha tl:tgl"
        " tr:tur uk:ukr ur:urd uz:uzb vi:vie xh:xho yi:yid yo:yor zh:chi zu:zul"
    ).split()
)
_PICTURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def iso_639_2(tag: str) -> str:
    """The ISO 639-2 code of a BCP 47 language tag's primary language (``en-GB`` → ``eng``)."""
    primary = tag.split("-")[0].lower()
    if len(primary) == 3:
        return primary
    return _ISO_639_2.get(primary, "und")


def artwork_file(show: Show, episode: Episode) -> PurePosixPath | None:
    """The local image a copy carries: the episode's own, else the show's; remote artwork is
    never fetched (None when neither is a local file)."""
    if episode.artwork is not None and episode.artwork.local_path is not None:
        return episode.artwork.local_path
    return show.artwork_path


def picture(path: PurePosixPath, data: bytes) -> Picture:
    return Picture(data, _PICTURE_TYPES[path.suffix.lower()])


def of(show: Show, episode: Episode, art: Picture | None) -> Tags:
    """The tags of every local media copy of ``episode``."""
    transcript = episode.transcript
    return Tags(
        title=episode.title,
        album=show.title,
        artists=tuple(speaker.name for speaker in episode.speakers),
        date=episode.published.date().isoformat(),
        track=episode.number,
        disc=episode.season,
        description=episode.summary,
        url=layout.Site.of(show).episode(episode),
        language=iso_639_2(transcript.language if transcript is not None else show.language),
        lyrics=text.render(transcript) if transcript is not None else None,
        synced=tuple((c.start_ms, c.text) for c in transcript.cues if c.start_ms is not None)
        if transcript is not None and transcript.timed
        else (),
        chapters=_marks(episode.chapters, episode.duration_ms),
        picture=art,
    )


def _marks(chapters: tuple[Chapter, ...], duration_ms: int | None) -> tuple[Mark, ...]:
    marks = []
    for index, chapter in enumerate(chapters):
        following = chapters[index + 1].start_ms if index + 1 < len(chapters) else None
        end = chapter.end_ms or following or duration_ms or chapter.start_ms
        marks.append(Mark(chapter.start_ms, end, chapter.title, chapter.url, chapter.toc))
    return tuple(marks)
