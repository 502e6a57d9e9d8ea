"""Typed access to a ``RawRecord`` that turns every bad value into a located diagnostic.

Shared by the show, glossary and episode validators so that one field type is checked one
way everywhere: a required string is a non-empty string without control characters, a URL
is absolute http(s), and an unknown key is a warning with a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from ..errors import Diagnostics, SourceLocation
from ..rules import CONTROL, HTTP_URL
from .sources import RawRecord

_DIGITS = re.compile(r"^[-+]?[0-9][0-9_]*$")


class Fields:
    """Reads keys of one record (or of one nested mapping in it) and reports problems."""

    def __init__(
        self,
        record: RawRecord,
        diagnostics: Diagnostics,
        values: dict[str, Any] | None = None,
        prefix: str = "",
    ) -> None:
        self.record = record
        self.diagnostics = diagnostics.child()
        """This reader's own collector: nested readers (``mapping``, ``item_mapping``) report
        into children of it, so an error anywhere below makes ``ok`` False here too."""
        self.values = record.values if values is None else values
        self.prefix = prefix

    @property
    def ok(self) -> bool:
        """False once this reader, or a reader of a mapping inside it, recorded an error."""
        return self.diagnostics.ok

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def loc(self, name: str) -> SourceLocation:
        return self.record.loc(self.key(name))

    def error(self, name: str, code: str, message: str, hint: str | None = None) -> None:
        self.diagnostics.error(code, message, self.loc(name), hint)

    def present(self, name: str) -> bool:
        return self.values.get(name) is not None

    def require(self, name: str, hint: str | None = None) -> bool:
        if self.present(name):
            return True
        where = self.record.loc(self.prefix.rstrip(".")) if self.prefix else self.loc(name)
        self.diagnostics.error("missing-field", f"'{self.key(name)}' is required", where, hint)
        return False

    def text(
        self, name: str, *, required: bool = False, max_bytes: int | None = None
    ) -> str | None:
        """A single-line-or-paragraph string, stripped; None when absent."""
        written = self.written(name)
        if not self.present(name):
            if written:
                self._null(name, written)
            elif required:
                self.require(name)
            return None
        value = self.values[name]
        if not isinstance(value, str) and written is not None:
            value = written  # `guid: 0001`, `title: 1.50`, `title: no`: the text as written
        if not isinstance(value, str):
            hint = None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                # TOML keeps no text of a number, and 1_000, 0x10 or 1.50 would not survive.
                hint = f'put it in quotes, as text: {self.key(name)} = "..."'
            self.error(
                name, "wrong-type", f"'{self.key(name)}' must be text, not {_kind(value)}", hint
            )
            return None
        value = value.strip()
        if not value:
            if required:
                self.error(name, "missing-field", f"'{self.key(name)}' must not be empty")
            return None
        if bad := CONTROL.search(value):
            self.error(
                name,
                "control-char",
                f"'{self.key(name)}' contains the control character U+{ord(bad.group()):04X}",
                "remove it: control characters are invisible and not allowed in feeds",
            )
            return None
        if max_bytes is not None and len(value.encode()) > max_bytes:
            self.error(
                name,
                "too-long",
                f"'{self.key(name)}' is {len(value.encode())} bytes; the limit is {max_bytes}",
            )
            return None
        return value

    def written(self, name: str) -> str | None:
        """``name`` as written, when YAML read it as a number, boolean, date or null."""
        return self.record.written.get(self.key(name))

    def _null(self, name: str, word: str) -> None:
        key = self.key(name)
        self.error(
            name,
            "unquoted-null",
            f"'{key}' is written {word}, which YAML reads as no value at all",
            f'quote it if it is the text ({key}: "{word}"), or leave the key out',
        )

    def misread_number(self, name: str, *, sexagesimal: bool = True) -> bool:
        """Report a whole number YAML 1.1 did not read as decimal digits (010 is octal 8, 0x1F
        is 31, and 1:30 is 90, right for a time but not for an episode number); True if so."""
        written, value = self.written(name), self.values.get(name)
        if written is None or isinstance(value, bool) or not isinstance(value, int):
            return False
        if _DIGITS.match(written):
            if int(written.replace("_", "")) == value:
                return False
        elif sexagesimal and ":" in written:
            return False
        self.error(
            name,
            "bad-value",
            f"'{self.key(name)}' is written {written}, which YAML reads as {value}",
            "write the number in plain decimal digits, without a leading zero",
        )
        return True

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        if not self.present(name):
            return default
        value = self.values[name]
        if not isinstance(value, bool):
            self.error(
                name, "wrong-type", f"'{self.key(name)}' must be true or false, not {value!r}"
            )
            return default
        return value

    def integer(self, name: str, *, minimum: int = 1) -> int | None:
        if not self.present(name):
            return None
        value = self.values[name]
        if self.misread_number(name, sexagesimal=False):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(
                name,
                "wrong-type",
                f"'{self.key(name)}' must be a whole number of at least {minimum}, not {value!r}",
            )
            return None
        return value

    def choice(self, name: str, choices: Iterable[str], default: str) -> str:
        options = tuple(choices)
        value = self.text(name)
        if value is None:
            return default
        if value not in options:
            self.error(
                name,
                "bad-value",
                f"'{self.key(name)}' is {value!r}; expected one of {', '.join(options)}",
            )
            return default
        return value

    def url(self, name: str, *, required: bool = False, mailto: bool = False) -> str | None:
        """An absolute http(s) URL (or ``mailto:`` when allowed); never ``javascript:``."""
        value = self.text(name, required=required)
        if value is None:
            return None
        if HTTP_URL.match(value) or (mailto and re.match(r"^mailto:[^\s@]+@[^\s@]+$", value)):
            return value
        allowed = "http(s)" + (" or mailto:" if mailto else "")
        self.error(
            name, "bad-url", f"'{self.key(name)}' must be an absolute {allowed} URL, not {value!r}"
        )
        return None

    def strings(self, name: str) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is taken as a list of one)."""
        if not self.present(name):
            return ()
        value = self.values[name]
        written = self.written(name)
        if isinstance(value, str) or written:
            value = [value if written is None else written]
        items = value
        if not isinstance(items, list):
            self.error(name, "wrong-type", f"'{self.key(name)}' must be a list of text")
            return ()
        result = []
        for index, item in enumerate(items):
            text = _item_text(self, name, index, item)
            if text is not None:
                result.append(text)
        return tuple(result)

    def mapping(self, name: str) -> Fields | None:
        """A reader for a nested mapping."""
        if not self.present(name):
            return None
        value = self.values[name]
        if not isinstance(value, dict):
            self.error(name, "wrong-type", f"'{self.key(name)}' must be a table of keys")
            return None
        return Fields(self.record, self.diagnostics, value, f"{self.key(name)}.")

    def items(self, name: str) -> list[tuple[int, Any]]:
        """The entries of a list (a single value is a list of one)."""
        if not self.present(name):
            return []
        value = self.values[name]
        return list(enumerate(value if isinstance(value, list) else [value]))

    def item_mapping(self, name: str, index: int, value: Any) -> Fields | None:
        key = f"{self.key(name)}[{index}]"
        if not isinstance(value, dict):
            self.diagnostics.error(
                "wrong-type", f"'{key}' must be a table of keys", self.record.loc(key)
            )
            return None
        return Fields(self.record, self.diagnostics, value, f"{key}.")

    def unknown(self, known: Iterable[str]) -> None:
        """Warn about keys this reader does not know, with the nearest known name."""
        names = list(known)
        for key in self.values:
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1)
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else f"known keys: {', '.join(sorted(names))}"
                )
                self.diagnostics.warning(
                    "unknown-key", f"unknown key '{self.key(key)}'", self.loc(key), hint
                )


def _item_text(fields: Fields, name: str, index: int, item: Any) -> str | None:
    key = f"{fields.key(name)}[{index}]"
    where = fields.record.loc(key)
    written = fields.record.written.get(key)
    if item is None and written:
        fields._null(f"{name}[{index}]", written)
        return None
    if not isinstance(item, str) and written is not None:
        item = written
    if not isinstance(item, str) or not item.strip():
        fields.diagnostics.error("wrong-type", f"'{key}' must be non-empty text", where)
        return None
    if bad := CONTROL.search(item):
        fields.diagnostics.error(
            "control-char",
            f"'{key}' contains the control character U+{ord(bad.group()):04X}",
            where,
        )
        return None
    return item.strip()


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__
