"""Write a deterministic synthetic show of N episodes, in nmo-feed's format and in Hugo's.

Each episode is a 30-minute talk: a ~4,500-word speaker-labelled ``transcript.md`` with a
``[mm:ss]`` time on every paragraph (a host and one or two clinicians), a summary, a
plain-language summary, Markdown show notes (heading, list, links, blockquote), two or three
topics from a fixed list, remote media metadata and a permanent guid. The show has a
``show.toml`` and a ``glossary.toml`` whose 16 terms all occur in the text.

The same text is written a second time as Hugo content (``hugo/content/episodes/<slug>.md``:
YAML front matter, the show notes, then the transcript inline) so that both tools build
exactly the same corpus. Every paragraph line of the transcript is the same in both shapes,
which lets the runner make the same one-paragraph edit in both.

Deterministic: each episode has its own RNG seeded by its index, so the same N always gives
the same bytes and episode *i* is the same in every N.

    python benchmarks/generate.py N DEST     # writes DEST/show/ and DEST/hugo/content/
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

SEED = "nmo-feed-bench-1"
GUID_NAMESPACE = uuid.UUID("6f1c2a52-3a7e-4c53-9d0e-2f4f1b7e9c10")
FIRST_DATE = datetime(1995, 1, 2, 9, 0, tzinfo=UTC)
EPISODE_GAP = timedelta(hours=12)  # 20,000 episodes still end in the past (2022)
TARGET_WORDS = 4_500
WORDS_PER_SECOND = 2.5  # 150 words a minute: 4,500 words is a 30-minute talk
SITE_URL = "https://example.org/nmo/"
SHOW_FILES = ("show.toml", "glossary.toml")
EPISODE_FILES = ("episode.md", "transcript.md")
"""The only files the generator writes: in the show folder, and in each episode folder."""

TOPICS = (
    "diagnosis",
    "treatment",
    "relapses",
    "symptoms",
    "vision",
    "mobility",
    "research",
    "daily-life",
    "children",
    "pregnancy",
    "mental-health",
    "caregivers",
)

HOSTS = (("Sam Porter", "host"), ("Riya Shah", "host"), ("Tom Okafor", "host"))
CLINICIANS = (
    ("Alex Morgan", "MD", "Northfield University Hospital"),
    ("Priya Raman", "MD, PhD", "Lakeside Neurology Centre"),
    ("Jonas Weber", "MD", "Rhine Valley Clinic"),
    ("Maria Costa", "RN", "Harbour MS and NMO Service"),
    ("Kenji Sato", "MD", "Eastgate Eye Institute"),
    ("Fatima Hassan", "PhD", "Institute for Immunology"),
    ("Lena Novak", "MD", "Central Children's Hospital"),
    ("David Levin", "PT", "Riverside Rehabilitation Unit"),
)

# (id, term, expansion or None, definition, aliases): every term occurs in the phrases below.
GLOSSARY = (
    (
        "nmo",
        "NMO",
        "neuromyelitis optica",
        "A rare disease in which the immune system attacks the optic nerves and the spinal cord.",
        (),
    ),
    (
        "nmosd",
        "NMOSD",
        "neuromyelitis optica spectrum disorder",
        "The wider name doctors now use for NMO.",
        (),
    ),
    (
        "aqp4",
        "AQP4",
        "aquaporin-4",
        "A protein that lets water in and out of cells; most with NMO have antibodies to it.",
        ("AQP-4",),
    ),
    (
        "mog",
        "MOG",
        "myelin oligodendrocyte glycoprotein",
        "A protein in the coating of nerve fibres; antibodies against it cause a related disease.",
        (),
    ),
    (
        "mri",
        "MRI",
        "magnetic resonance imaging",
        "A scan that uses a strong magnet to make pictures of the brain and spinal cord.",
        (),
    ),
    ("iv", "IV", "intravenous", "Given straight into a vein, through a needle or a drip.", ()),
    (
        "fda",
        "FDA",
        "Food and Drug Administration",
        "The United States agency that decides which medicines may be sold there.",
        (),
    ),
    ("igg", "IgG", "immunoglobulin G", "The most common kind of antibody in the blood.", ()),
    (
        "optic-neuritis",
        "optic neuritis",
        None,
        "Swelling of the optic nerve, which can blur or take away sight in one eye.",
        (),
    ),
    (
        "transverse-myelitis",
        "transverse myelitis",
        None,
        "Swelling across the spinal cord, which can cause weakness, numbness and bladder problems.",
        (),
    ),
    (
        "plasma-exchange",
        "plasma exchange",
        None,
        "A treatment that filters the liquid part of the blood to take out harmful antibodies.",
        (),
    ),
    (
        "relapse",
        "relapse",
        None,
        "A new attack of the disease, or an old one coming back.",
        ("relapses",),
    ),
    (
        "antibody",
        "antibody",
        None,
        "A protein the immune system makes to mark things for attack.",
        ("antibodies",),
    ),
    (
        "rituximab",
        "rituximab",
        None,
        "A medicine given by drip that lowers the number of B cells, which make antibodies.",
        (),
    ),
    (
        "eculizumab",
        "eculizumab",
        None,
        "A medicine given by drip that blocks part of the immune system called complement.",
        (),
    ),
    ("spasticity", "spasticity", None, "Stiff or tight muscles that are hard to relax.", ()),
)

OPENERS = (
    "I think",
    "In our clinic,",
    "What we often see is that",
    "For most patients,",
    "It is important to say that",
    "Honestly,",
    "When someone comes in with an attack,",
    "Over the last ten years,",
    "From the research we have,",
    "In my experience,",
    "One thing people ask about is how",
    "We explain to families that",
    "As a rule,",
    "Early on,",
    "Looking at the scans,",
    "",
    "",
    "",
)
SUBJECTS = (
    "the immune system",
    "the AQP4 antibody",
    "an attack of optic neuritis",
    "transverse myelitis",
    "plasma exchange",
    "IV steroids",
    "rituximab",
    "eculizumab",
    "an MRI of the spinal cord",
    "the blood test for AQP4-IgG",
    "a relapse",
    "NMO",
    "NMOSD",
    "MOG antibody disease",
    "spasticity",
    "the FDA approval of new medicines",
    "a second opinion",
    "physiotherapy",
    "the nurse specialist",
    "regular follow-up",
    "the optic nerve",
    "long-term treatment",
    "fatigue",
    "pain after an attack",
)
VERBS = (
    "can damage",
    "usually affects",
    "helps to reduce",
    "tends to follow",
    "may improve",
    "is closely linked to",
    "often changes",
    "makes a real difference to",
    "does not always explain",
    "is the first step towards",
    "can protect",
    "should be weighed against",
    "gives us a clearer picture of",
    "rarely causes",
)
OBJECTS = (
    "the optic nerve",
    "the spinal cord",
    "sight in one eye",
    "walking and balance",
    "bladder control",
    "the risk of another relapse",
    "long-term disability",
    "how we choose a treatment",
    "the results of the antibody test",
    "what people can do at work",
    "quality of life",
    "the way the nerves recover",
    "the number of attacks each year",
    "how quickly we start plasma exchange",
    "the decision to stop a medicine",
    "daily routines at home",
)
TAILS = (
    "",
    "",
    "",
    " over several weeks",
    " in most people",
    " if it is treated early",
    ", although everyone is different",
    ", and that is why we act quickly",
    " more than people expect",
    " during the first year",
    ", as the studies show",
    " when the diagnosis is clear",
)
QUESTIONS = (
    "What should someone do if their sight suddenly changes?",
    "How do you explain the diagnosis to a family for the first time?",
    "Can you tell us more about how the blood test works?",
    "Why is it so important to treat an attack quickly?",
    "What happens during plasma exchange, and does it hurt?",
    "How do you decide between rituximab and the newer medicines?",
    "Is it safe to stop treatment after some years without a relapse?",
    "What can people do themselves to live well with NMO?",
    "How has the outlook changed since the FDA approved the first treatments?",
    "Where is research heading in the next few years?",
    "What about children with NMOSD?",
    "How do you help with pain and spasticity?",
)
SOUNDS = (" [laughs]", " [pause]", " [both laugh]")
ON_SCREEN = (
    "On screen: a diagram of the optic nerve and the spinal cord.",
    "On screen: an MRI scan with a long lesion in the spinal cord.",
    "On screen: a chart of relapses per year before and after treatment.",
    "On screen: the clinic's phone number for urgent changes in sight.",
)
TITLE_PATTERNS = (
    "How is {x} treated?",
    "What does {x} mean for daily life?",
    "Living with {x}",
    "Questions about {x}",
    "Understanding {x}",
    "New research on {x}",
)
TITLE_SUBJECTS = (
    "optic neuritis",
    "transverse myelitis",
    "NMO in children",
    "AQP4-positive NMOSD",
    "MOG antibody disease",
    "pain and spasticity",
    "fatigue",
    "relapse prevention",
    "plasma exchange",
    "pregnancy with NMO",
    "bladder problems",
    "sight loss",
)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    credentials: str | None
    affiliation: str | None
    role: str

    @property
    def label(self) -> str:
        """The transcript's speaker line: ``Name, credentials – affiliation``."""
        if self.credentials and self.affiliation:
            return f"{self.name}, {self.credentials} – {self.affiliation}"
        return self.name


@dataclass(frozen=True, slots=True)
class Episode:
    index: int
    folder: str
    slug: str
    title: str
    date: datetime
    guid: str
    summary: str
    plain_summary: tuple[str, ...]
    speakers: tuple[Speaker, ...]
    topics: tuple[str, ...]
    notes: str
    turns: tuple[tuple[Speaker, tuple[str, ...]], ...]
    """(speaker, paragraph lines ``[mm:ss] text``) in order."""
    duration: int
    length: int


def make_episode(index: int) -> Episode:
    """Episode ``index`` (0-based), the same whatever the size of the show."""
    rng = random.Random(f"{SEED}:{index}")
    host_name, host_role = rng.choice(HOSTS)
    host = Speaker(host_name, None, None, host_role)
    guests = tuple(
        Speaker(name, credentials, affiliation, "guest")
        for name, credentials, affiliation in rng.sample(CLINICIANS, rng.choice((1, 1, 2)))
    )
    title = rng.choice(TITLE_PATTERNS).format(x=rng.choice(TITLE_SUBJECTS))
    date = FIRST_DATE + index * EPISODE_GAP
    slug = f"episode-{index + 1:05d}"
    turns, seconds = _transcript(rng, host, guests)
    duration = seconds + rng.randint(10, 40)
    return Episode(
        index=index,
        folder=f"{date:%Y-%m-%d}-{slug}",
        slug=slug,
        title=f"{title} (episode {index + 1})",
        date=date,
        guid=str(uuid.uuid5(GUID_NAMESPACE, f"episode-{index}")),
        summary=" ".join(_sentence(rng) for _ in range(3)),
        plain_summary=tuple(_short_sentence(rng) for _ in range(rng.randint(3, 5))),
        speakers=(host, *guests),
        topics=tuple(rng.sample(TOPICS, rng.randint(2, 3))),
        notes=_notes(rng, guests, index),
        turns=turns,
        duration=duration,
        length=duration * 16_000,  # 128 kbit/s MP3
    )


def _sentence(rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    words = f"{opener} {rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    text = words.strip() + rng.choice(TAILS) + "."
    return text[0].upper() + text[1:]


def _short_sentence(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, words: int) -> str:
    """About ``words`` words of speech, sometimes with a sound in brackets."""
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = _sentence(rng)
        if rng.random() < 0.03:
            sentence += rng.choice(SOUNDS)
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def _stamp(seconds: int) -> str:
    return f"[{seconds // 60:02d}:{seconds % 60:02d}]"


def _transcript(
    rng: random.Random, host: Speaker, guests: tuple[Speaker, ...]
) -> tuple[tuple[tuple[Speaker, tuple[str, ...]], ...], int]:
    """Alternating question and answer turns until ~4,500 words; returns them and the end."""
    turns: list[tuple[Speaker, tuple[str, ...]]] = []
    seconds = 0
    words = 0

    def line(text: str) -> str:
        nonlocal seconds, words
        stamped = f"{_stamp(seconds)} {text}"
        count = len(text.split())
        words += count
        seconds += max(2, round(count / WORDS_PER_SECOND))
        return stamped

    # Stop half a turn early: the last answer overshoots by ~150 words on average.
    while words < TARGET_WORDS - 150:
        question = rng.choice(QUESTIONS)
        if rng.random() < 0.5:
            question = f"{_sentence(rng)} {question}"
        turns.append((host, (line(question),)))
        answer = [line(_paragraph(rng, rng.randint(40, 120)))]
        if rng.random() < 0.08:
            answer.append(line(rng.choice(ON_SCREEN)))
        answer.extend(line(_paragraph(rng, rng.randint(40, 120))) for _ in range(rng.randint(0, 2)))
        turns.append((rng.choice(guests), tuple(answer)))
    return tuple(turns), seconds


def _notes(rng: random.Random, guests: tuple[Speaker, ...], index: int) -> str:
    """About 1 KB of Markdown show notes."""
    people = " and ".join(f"**{g.name}**, {g.credentials}, of {g.affiliation}," for g in guests)
    points = "\n".join(f"- {_short_sentence(rng)}" for _ in range(4))
    return (
        f"In this episode {people} {'answers' if len(guests) == 1 else 'answer'}"
        " questions from people living with NMO.\n\n"
        f"## In this episode\n\n{points}\n\n"
        f"> {_sentence(rng)}\n\n"
        f"{_sentence(rng)} {_sentence(rng)} Read more about [NMO treatment]"
        f"(https://example.org/nmo/treatment/) and the [research we fund]"
        f"(https://example.org/research/{index + 1}).\n\n"
        "*This episode shares information; it is not medical advice for any one person.*\n"
    )


def _yaml_string(text: str) -> str:
    """A double-quoted YAML string (our texts have no backslashes or control characters)."""
    return '"' + text.replace('"', '\\"') + '"'


def _speaker_yaml(speaker: Speaker) -> str:
    fields = [f"name: {speaker.name}"]
    if speaker.credentials:
        fields.append(f"credentials: {_yaml_string(speaker.credentials)}")
    if speaker.affiliation:
        fields.append(f"affiliation: {_yaml_string(speaker.affiliation)}")
    fields.append(f"role: {speaker.role}")
    return "  - {" + ", ".join(fields) + "}"


def front_matter(episode: Episode) -> str:
    """The YAML front matter both shapes share (without the ``---`` lines)."""
    lines = [
        f"title: {_yaml_string(episode.title)}",
        f"date: {episode.date.isoformat()}",
        f"guid: {episode.guid}",
        f"summary: {_yaml_string(episode.summary)}",
        "plain_summary:",
        *(f"  - {_yaml_string(s)}" for s in episode.plain_summary),
        "speakers:",
        *(_speaker_yaml(s) for s in episode.speakers),
        f"topics: [{', '.join(episode.topics)}]",
        "media:",
        f"  url: https://media.example.org/nmo/{episode.slug}.mp3",
        "  type: audio/mpeg",
        f"  length: {episode.length}",
        f"  duration: {episode.duration}",
        f"number: {episode.index + 1}",
    ]
    return "\n".join(lines) + "\n"


def transcript_md(episode: Episode) -> str:
    """nmo-feed's ``transcript.md``: a speaker line, then timed paragraphs."""
    blocks: list[str] = []
    for speaker, paragraphs in episode.turns:
        blocks.append(f"{speaker.label}:")
        blocks.extend(paragraphs)
    return "\n\n".join(blocks) + "\n"


def hugo_content(episode: Episode) -> str:
    """The Hugo page: the same front matter, the notes, then the transcript inline."""
    blocks: list[str] = []
    for speaker, paragraphs in episode.turns:
        blocks.append(f"**{speaker.label}:**")
        blocks.extend(paragraphs)
    transcript = "\n\n".join(blocks)
    return f"---\n{front_matter(episode)}---\n{episode.notes}\n## Transcript\n\n{transcript}\n"


def show_toml() -> str:
    """The synthetic show's ``show.toml``; its feed budget keeps every transcript in full."""
    return f'''title = "Synthetic NMO Library"
description = "A synthetic show for nmo-feed's benchmark: clinicians answer questions on NMO."
language = "en"
site_url = "{SITE_URL}"
author = "Example Patient Organisation"
explicit = false
artwork = "https://example.org/nmo/artwork.png"
categories = [["Health & Fitness", "Medicine"]]
copyright = "Example Patient Organisation"
podcast_guid = "{uuid.uuid5(GUID_NAMESPACE, "show")}"
owner = {{ name = "Example Patient Organisation", email = "podcast@example.org" }}

# Issue 5's workload is a feed with every transcript in full, which is what Hugo's layout
# writes. nmo-feed's default budget (15,000,000 bytes) would make the oldest episodes link
# their transcripts instead, a smaller and cheaper feed than Hugo's, so the budget here is
# far past any N. Above 25,000,000 nmo-feed warns (feed-size): expected, and harmless here.
[feed]
max_bytes = 1_000_000_000_000
'''


def glossary_toml() -> str:
    """The synthetic show's ``glossary.toml``: 16 terms that occur in the transcripts."""
    parts = ['review = "Synthetic definitions for the benchmark."\n']
    for term_id, term, expansion, definition, aliases in GLOSSARY:
        lines = ["[[term]]", f'id = "{term_id}"', f'term = "{term}"']
        if expansion:
            lines.append(f'expansion = "{expansion}"')
        lines.append(f'definition = "{definition}"')
        lines.append("aliases = [" + ", ".join(f'"{a}"' for a in aliases) + "]")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _write(path: Path, text: str) -> int:
    data = text.encode()
    path.write_bytes(data)
    return len(data)


def generate(n: int, dest: Path) -> dict[str, int]:
    """Write ``dest/show/`` (nmo-feed) and ``dest/hugo/content/`` (Hugo); returns byte counts."""
    show = dest / "show"
    content = dest / "hugo" / "content" / "episodes"
    show.mkdir(parents=True)
    content.mkdir(parents=True)
    totals = {"episodes": n, "show_bytes": 0, "hugo_bytes": 0, "transcript_words": 0}
    totals["show_bytes"] += _write(show / SHOW_FILES[0], show_toml())
    totals["show_bytes"] += _write(show / SHOW_FILES[1], glossary_toml())
    for index in range(n):
        episode = make_episode(index)
        folder = show / episode.folder
        folder.mkdir()
        notes = f"---\n{front_matter(episode)}---\n{episode.notes}"
        transcript = transcript_md(episode)
        totals["show_bytes"] += _write(folder / EPISODE_FILES[0], notes)
        totals["show_bytes"] += _write(folder / EPISODE_FILES[1], transcript)
        totals["hugo_bytes"] += _write(content / f"{episode.slug}.md", hugo_content(episode))
        totals["transcript_words"] += sum(
            len(p.split(" ", 1)[1].split()) for _, ps in episode.turns for p in ps
        )
    return totals


def episode_paths(dest: Path, index: int) -> tuple[Path, Path]:
    """The transcript file (nmo-feed) and the content file (Hugo) of episode ``index``."""
    episode_folder = f"{FIRST_DATE + index * EPISODE_GAP:%Y-%m-%d}-episode-{index + 1:05d}"
    return (
        dest / "show" / episode_folder / EPISODE_FILES[1],
        dest / "hugo" / "content" / "episodes" / f"episode-{index + 1:05d}.md",
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate.py N DEST``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of episodes")
    parser.add_argument("dest", type=Path, help="an absent or empty folder to write into")
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    totals = generate(args.n, args.dest)
    words = totals["transcript_words"] / max(1, args.n)
    sys.stdout.write(
        f"{args.n} episodes: show {totals['show_bytes'] / 2**20:.1f} MiB,"
        f" Hugo content {totals['hugo_bytes'] / 2**20:.1f} MiB,"
        f" {words:,.0f} transcript words per episode\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
