"""``glossary.toml``: the show's medical terms and abbreviations, as a ``Glossary``."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..errors import Diagnostics, SourceError, SourceLocation
from ..model import Glossary, GlossaryTerm
from .discover import GLOSSARY_FILE
from .fields import Fields
from .sources import read_toml


def load_glossary(root: Path, diagnostics: Diagnostics) -> Glossary:
    """``glossary.toml`` as a ``Glossary``; an absent file is an empty glossary."""
    location = SourceLocation(PurePosixPath(GLOSSARY_FILE))
    if not (root / GLOSSARY_FILE).is_file():
        return Glossary((), None)
    try:
        record = read_toml(root / GLOSSARY_FILE, location)
    except SourceError as exc:
        diagnostics.add(exc.diagnostic)
        return Glossary((), None)
    f = Fields(record, diagnostics)
    f.unknown(("review", "term"))
    terms: list[GlossaryTerm] = []
    seen: dict[str, str] = {}
    for index, entry in f.items("term"):
        item = f.item_mapping("term", index, entry)
        if item is None:
            continue
        item.unknown(("id", "term", "expansion", "definition", "aliases"))
        term = item.text("term", required=True)
        definition = item.text("definition", required=True)
        if term is None or definition is None:
            continue
        term_id = item.text("id") or re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", term_id):
            item.error(
                "id",
                "bad-value",
                f"glossary id {term_id!r} must be lower-case letters, digits and '-'",
            )
            continue
        aliases = item.strings("aliases")
        for name in (term, *aliases):
            if name.lower() in seen:
                item.error(
                    "term",
                    "duplicate-term",
                    f"glossary term {name!r} is also defined as {seen[name.lower()]!r}",
                )
            seen[name.lower()] = term
        terms.append(
            GlossaryTerm(
                term_id, term, item.text("expansion"), definition, aliases, item.loc("term")
            )
        )
    ids = [t.id for t in terms]
    for t in terms:
        if ids.count(t.id) > 1:
            diagnostics.error("duplicate-term", f"glossary id {t.id!r} is used twice", t.source)
    terms.sort(key=lambda t: (t.term.casefold(), t.term))
    return Glossary(tuple(terms), f.text("review"))
