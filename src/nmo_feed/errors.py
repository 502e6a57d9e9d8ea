"""Diagnostics that carry their source location, and the collector that gathers them.

Every problem in a show is reported as ``path:line:col: error[code]: message`` (the compiler
convention editors and CI annotations understand), followed by the offending source line when
it is known. Loaders and validators never raise on bad input: they record a ``Diagnostic`` and
go on, so one run reports every problem (the MkDocs and Pelican habit).

The one convention for failure, everywhere in the pipeline:

- a reader records every problem into the ``Diagnostics`` it is given, and returns None (or
  leaves a part out) where it could not make a valid value;
- a reader that must know whether *its own* part failed (a transcript, one ``media`` entry)
  reports into ``diagnostics.child()``: everything still reaches the parent, and the child's
  ``ok`` says whether anything reported through it was an error;
- a parser that cannot go on with a file raises ``SourceError``, which its caller records;
- ``NmoFeedError`` is for problems outside the show (a missing folder, an output folder that
  is not ours); the CLI prints it without a traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

TOO_DEEP = "lists or tables are nested too deeply to read (about a thousand levels)"
"""The message when a recursive parser (JSON, TOML, YAML) gives up on deep nesting."""


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class SourceLocation:
    """Where something came from: a file inside the show folder, and a 1-based position."""

    path: PurePosixPath
    """Relative to the show folder, never absolute, so messages and golden files are portable."""
    line: int | None = None
    column: int | None = None

    def at(self, line: int | None, column: int | None = None) -> SourceLocation:
        """The same file at another position."""
        return SourceLocation(self.path, line, column)

    def render(self, root: str) -> str:
        """``root/path:line:col`` with the parts that are known."""
        text = f"{root.rstrip('/')}/{self.path}" if root else str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    """Stable, kebab-case identifier such as ``missing-guid``; documented in the README."""
    message: str
    """One sentence that names the field and the bad value."""
    location: SourceLocation
    hint: str | None = None
    """How to fix it, when there is something useful to say."""


class NmoFeedError(Exception):
    """Base class for errors the CLI prints without a traceback."""


class FileProblem(Exception):
    """A file whose content is not what it must be (media nmo-feed cannot read, artwork Apple
    would refuse), raised by the checker of that kind of file, which sees only the file. Its
    caller records it as a located diagnostic with ``code``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class SourceError(NmoFeedError):
    """A problem in one input file, raised by a parser that cannot go on with that file.

    Callers catch it and record it as a diagnostic; the rest of the show is still checked.
    """

    def __init__(
        self, message: str, location: SourceLocation, *, code: str, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(Severity.ERROR, code, message, location, hint)


@dataclass
class Diagnostics:
    """Collects diagnostics from every stage; the only mutable object the pipeline passes around."""

    items: list[Diagnostic] = field(default_factory=list)
    parent: Diagnostics | None = field(default=None, repr=False, compare=False)
    """Where everything recorded here is recorded too (``child``)."""
    _errors: int = field(default=0, repr=False, compare=False)

    def child(self) -> Diagnostics:
        """A collector for one part of the input: what it records reaches this one as well,
        and its ``ok`` tells whether that part had an error."""
        return Diagnostics(parent=self)

    @property
    def ok(self) -> bool:
        """No error was recorded here (or in a child of this collector)."""
        return self._errors == 0

    def error(
        self, code: str, message: str, location: SourceLocation, hint: str | None = None
    ) -> None:
        self.add(Diagnostic(Severity.ERROR, code, message, location, hint))

    def warning(
        self, code: str, message: str, location: SourceLocation, hint: str | None = None
    ) -> None:
        self.add(Diagnostic(Severity.WARNING, code, message, location, hint))

    def add(self, diagnostic: Diagnostic) -> None:
        collector: Diagnostics | None = self
        while collector is not None:
            collector.items.append(diagnostic)
            if diagnostic.severity is Severity.ERROR:
                collector._errors += 1
            collector = collector.parent

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def failed(self, *, strict: bool = False) -> bool:
        """True when the run must stop: any error, or any warning under ``--strict``."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """File order, then position, then code: the same input always prints the same text."""
        return sorted(
            self.items,
            key=lambda d: (
                str(d.location.path),
                d.location.line or 0,
                d.location.column or 0,
                d.code,
                d.message,
            ),
        )


def format_diagnostic(
    diagnostic: Diagnostic,
    show_root: Path,
    display_root: str,
    sources: dict[PurePosixPath, list[str] | None] | None = None,
) -> str:
    """Render one diagnostic, with the source line under it when the position is known.

    ``sources`` caches each file's lines, so a report reads every file once."""
    where = diagnostic.location.render(display_root)
    lines = [f"{where}: {diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"]
    source_line = _source_line(show_root, diagnostic.location, {} if sources is None else sources)
    if source_line is not None:
        lines.append(f"    {source_line}")
    if diagnostic.hint:
        lines.append(f"    = help: {diagnostic.hint}")
    return "\n".join(lines)


def format_report(
    diagnostics: Diagnostics, show_root: Path, display_root: str, episodes: int
) -> str:
    """Every diagnostic, then a one-line summary such as ``2 errors, 1 warning in 5 episodes``."""
    sources: dict[PurePosixPath, list[str] | None] = {}
    body = [format_diagnostic(d, show_root, display_root, sources) for d in diagnostics]
    e, w = len(diagnostics.errors), len(diagnostics.warnings)
    summary = (
        f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
        f" in {episodes} episode{'s' if episodes != 1 else ''}"
    )
    return "\n".join([*body, summary])


def _source_line(
    show_root: Path, location: SourceLocation, sources: dict[PurePosixPath, list[str] | None]
) -> str | None:
    if location.line is None:
        return None
    if location.path not in sources:
        try:
            text = (show_root / location.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            sources[location.path] = None
        else:
            # Lines are counted as every reader counts them: at "\n", after CRLF and CR became
            # "\n". str.splitlines() also breaks at form feeds and U+2028, so on hostile input
            # it would show another line than the one the diagnostic names.
            sources[location.path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = sources[location.path]
    if lines is None or not 1 <= location.line <= len(lines):
        return None
    # Control characters are shown escaped so a hostile line cannot drive the terminal.
    return "".join(
        c if c.isprintable() or c == "\t" else f"\\x{ord(c):02x}" for c in lines[location.line - 1]
    ).rstrip()
