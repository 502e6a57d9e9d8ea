"""Read ``episode.md`` front matter (YAML) and the TOML files into
``RawRecord``s: plain values plus the line and column of every key, so that validation can
point at the exact place of a bad value. The only module that imports PyYAML.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import TOO_DEEP, SourceError, SourceLocation

FENCE = "---"


@dataclass(frozen=True, slots=True)
class RawRecord:
    """Values as the file gives them, and where each key stands."""

    values: dict[str, Any]
    location: SourceLocation
    """The file, line None."""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    """``key`` or ``parent[0].key`` → 1-based (line, column) of the key (or list item)."""
    written: dict[str, str] = field(default_factory=dict)
    """``key`` → the scalar as written, for each YAML scalar read as something other than
    text (``0001``, ``1.50``, ``yes``, ``2010-04-02``, ``~``): a field that holds text takes
    these characters, never the number, boolean, date or null YAML made of them."""

    def loc(self, key: str) -> SourceLocation:
        """The location of ``key``, falling back to its parents, then to the file itself."""
        while key:
            if key in self.positions:
                line, column = self.positions[key]
                return self.location.at(line, column)
            key = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", key) if re.search(r"[.\[]", key) else ""
        return self.location.at(1, 1)

    def verbatim(self, key: str) -> Any:
        """The top-level value of ``key``, as written when YAML read it as other than text
        (None when YAML read it as null: it is no value, as ``Fields.text`` reports)."""
        value = self.values.get(key)
        return value if value is None else self.written.get(key, value)


@dataclass(frozen=True, slots=True)
class EpisodeText:
    front_matter: RawRecord
    body: str
    """The Markdown show notes."""
    body_line: int
    """1-based line where the body starts, so notes diagnostics can carry file lines."""


def read_text(path: Path, location: SourceLocation) -> str:
    """The file as text; a file that is not UTF-8 is a located error, not a traceback."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            "the file is not valid UTF-8", location.at(line, column), code="file-encoding"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_episode(path: Path, location: SourceLocation) -> EpisodeText:
    """Split ``episode.md`` into front matter and body; raises ``SourceError`` on bad YAML."""
    text = read_text(path, location)
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise SourceError(
            "episode.md must start with YAML front matter between '---' lines",
            location.at(1, 1),
            code="front-matter-missing",
            hint="put the episode's title, date and guid between '---' lines at the top",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise SourceError(
            "the front matter is not closed by a '---' line",
            location.at(1, 1),
            code="front-matter-unclosed",
        ) from None
    yaml_text = "\n".join(lines[1:end])
    record = _yaml_record(yaml_text, location, line_offset=1)
    return EpisodeText(record, "\n".join(lines[end + 1 :]), end + 2)


# libyaml's parser (PyYAML's C loader, in its wheels) builds the same nodes as PyYAML's own
# pure-Python one ten times faster, but the two differ on some rare input: libyaml accepts
# tabs, ``?`` in flow collections and ``|#``, and places some marks elsewhere (explicit ``?``
# keys, document markers, line separators). Front matter holding any of these, a tag or a
# directive, or a character outside printable Unicode goes to PyYAML's parser alone; so does
# any text libyaml refuses, so that every diagnostic and where it points stays PyYAML's.
# Where both accept, what the build reads (values, and the place of every key and list
# item) is the same; tests/unit/test_yaml_loaders.py holds that on a generated corpus.
_FAST: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_PURE_ONLY = re.compile(
    r"(?m)[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    r"|!|%|^[\s-]*\?|[\[{][^\n]*\?|\?[^\n]*[\]{},]|^(?:---|\.\.\.)|[|>][+-]?\d*[^\s\d+-]"
)


def compose(text: str, *, fast: bool = True) -> yaml.Node | None:
    """The YAML document's node tree, from libyaml where it and PyYAML agree (``fast``),
    else from PyYAML's own parser, whose errors are the ones raised."""
    if fast and _FAST is not None and not _PURE_ONLY.search(text):
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass  # PyYAML's parser says what and where
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _yaml_record(
    text: str, location: SourceLocation, line_offset: int, *, fast: bool = True
) -> RawRecord:
    try:
        node = compose(text, fast=fast)
    except yaml.reader.ReaderError as exc:
        # YAML refuses control characters before parsing, with an offset instead of a mark.
        at = exc.position
        raise SourceError(
            f"the front matter holds the control character U+{exc.character:04X},"
            " which YAML does not allow",
            location.at(
                text.count("\n", 0, at) + 1 + line_offset, at - (text.rfind("\n", 0, at) + 1) + 1
            ),
            code="control-char",
            hint="remove it: control characters are invisible",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        hint = None
        if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
            # PyYAML notices the missing quote where the text ends; the quote it misses
            # opened where its context mark is, which is the line to fix.
            mark = exc.context_mark
            problem = f"a quoted value is not closed ({problem})"
            hint = "end the value with the same quote mark it starts with, on the same line"
        elif problem == "mapping values are not allowed here" and mark is not None:
            hint = _quote_hint(text.split("\n")[mark.line])
        line = (mark.line + 1 + line_offset) if mark else None
        column = (mark.column + 1) if mark else None
        raise SourceError(
            f"invalid YAML front matter: {problem}",
            location.at(line, column),
            code="yaml-syntax",
            hint=hint,
        ) from None
    except RecursionError:  # PyYAML composes recursively: [[[[... a thousand deep
        raise SourceError(TOO_DEEP, location.at(1 + line_offset, 1), code="yaml-syntax") from None
    if node is None:
        return RawRecord({}, location)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            "the front matter must be a mapping of 'key: value' lines",
            location.at(node.start_mark.line + 1 + line_offset, node.start_mark.column + 1),
            code="yaml-syntax",
        )
    positions: dict[str, tuple[int, int]] = {}
    written: dict[str, str] = {}
    loader = yaml.SafeLoader("")
    try:
        values = _convert(node, "", (positions, written), loader, location, line_offset)
    finally:
        loader.dispose()
    return RawRecord(values, location, positions, written)


def _quote_hint(line: str) -> str:
    """How to write a value holding ": " (``title: NMO: how?``): quoted, as YAML asks."""
    key, _, value = line.partition(":")
    value = value.strip()
    if not key.strip() or not value or value[0] in "\"'[{":
        return 'a value that holds ": " must be quoted, such as title: "NMO: how is it treated?"'
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'a value that holds ": " must be quoted: {key.strip()}: "{quoted}"'


def _convert(
    node: yaml.Node,
    path: str,
    noted: tuple[dict[str, tuple[int, int]], dict[str, str]],
    loader: yaml.SafeLoader,
    location: SourceLocation,
    offset: int,
) -> Any:
    """Turn a composed node into plain values while noting every key's position, and the
    text of every scalar that YAML reads as other than text."""
    positions, written = noted
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node))
            child = f"{path}.{key}" if path else key
            where = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in result:
                raise SourceError(
                    f"'{key}' is given twice", location.at(*where), code="duplicate-key"
                )
            positions[child] = where
            result[key] = _convert(value_node, child, noted, loader, location, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            positions[child] = (item.start_mark.line + 1 + offset, item.start_mark.column + 1)
            items.append(_convert(item, child, noted, loader, location, offset))
        return items
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError):
        # PyYAML builds dates itself and raises for 2024-13-01. Keep the text as written so
        # the field's own validator reports it in its words, and the rest is still checked.
        return node.value
    if not isinstance(value, str) and isinstance(node.value, str):
        written[path] = node.value
    return value


# --- TOML ---------------------------------------------------------------------------------

_TOML_ERROR_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def read_toml(path: Path, location: SourceLocation) -> RawRecord:
    """Parse a TOML file, with the position of each key found by a light scan of its lines.

    tomllib reports positions only inside syntax-error messages, so for the shallow files a
    show has (top-level keys, ``[table]`` and ``[[array]]`` headers) a line scan is enough.
    """
    text = read_text(path, location)
    try:
        values = tomllib.loads(text)
    except RecursionError:  # tomllib is recursive: a = [[[[... a thousand deep
        raise SourceError(TOO_DEEP, location.at(1, 1), code="toml-syntax") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_ERROR_POSITION.search(message)
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        message = _TOML_ERROR_POSITION.sub("", message).strip()
        raise SourceError(
            f"invalid TOML: {message}", location.at(line, column), code="toml-syntax"
        ) from None
    return RawRecord(values, location, _toml_positions(text))


def _toml_positions(text: str) -> dict[str, tuple[int, int]]:
    positions: dict[str, tuple[int, int]] = {}
    prefix = ""
    counts: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if table := _TOML_TABLE.match(line):
            name = table[2]
            if table[1] == "[[":
                counts[name] = counts.get(name, -1) + 1
                prefix = f"{name}[{counts[name]}]"
            else:
                prefix = name
            positions.setdefault(prefix, (number, line.index(name) + 1))
        elif key := _TOML_KEY.match(line):
            name = f"{prefix}.{key[1]}" if prefix else key[1]
            positions.setdefault(name, (number, line.index(key[1]) + 1))
    return positions


def add_front_matter_key(path: Path, key: str, value: str) -> None:
    """Insert ``key: value`` as the last line of ``episode.md``'s front matter, keeping the
    rest of the file byte for byte (used by ``nmo-feed add-guids``)."""
    # Bytes, not read_text: universal newlines would turn a CRLF file into an LF one.
    text = path.read_bytes().decode("utf-8")
    breaks = list(re.finditer(r"\r\n|\r|\n", text))  # the line ends read_episode counts
    starts = [0, *(m.end() for m in breaks)]
    end = next(
        i
        for i in range(1, len(starts))
        if text[starts[i] : breaks[i].start() if i < len(breaks) else None].strip() == FENCE
    )
    line = f"{key}: {value}{breaks[end - 1].group()}"
    path.write_bytes((text[: starts[end]] + line + text[starts[end] :]).encode("utf-8"))


def add_toml_key(path: Path, key: str, value: str) -> None:
    """Insert a top-level ``key = "value"`` before the first table header of a TOML file."""
    text = path.read_bytes().decode("utf-8")  # as add_front_matter_key: keep CRLF line ends
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if _TOML_TABLE.match(line)), len(lines))
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    lines.insert(at, f'{key} = "{value}"' + ("\r" if "\r\n" in text else ""))
    path.write_bytes("\n".join(lines).encode("utf-8"))


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``: a guid
    such as ``0001`` or ``yes`` stays a string, and no character can end the value early
    (used by ``nmo-feed import``, which writes front matter from another host's feed)."""
    dumped: str = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.rstrip("\n")
