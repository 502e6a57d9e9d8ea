"""The medical review of an episode: ``reviewed_by`` (a person, read as ``speakers`` are),
``reviewed_on`` and ``review_due`` (dates), and ``sources`` (citations, each text with an
optional http(s) link); and ``overdue``, the warning ``check`` gives when a review is due.

Whether a review is overdue depends on the day ``check`` runs, so it is a diagnostic only:
no page or feed ever says it (two builds stay byte-identical whatever the day).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from ..errors import Diagnostics
from ..model import Citation, Episode, Review
from .fields import Fields
from .people import read_person

REVIEW_KEYS = ("reviewed_by", "reviewed_on", "review_due")
REVIEWER_KEYS = ("name", "credentials", "affiliation", "role", "group", "href", "img")
CITATION_KEYS = ("text", "url")


def read_review(f: Fields) -> Review | None:
    """The review fields; None when the episode gives none of them."""
    if not any(f.present(key) for key in REVIEW_KEYS):
        return None
    by = None
    reviewer = f.mapping("reviewed_by")
    if reviewer is not None:
        by = read_person(
            reviewer, default_role="fact checker", default_group="writing", keys=REVIEWER_KEYS
        )
    on, due = _day(f, "reviewed_on"), _day(f, "review_due")
    if on is not None and due is not None and due <= on:
        f.error(
            "review_due",
            "bad-date",
            f"'review_due' {due.isoformat()} is not after 'reviewed_on' {on.isoformat()}",
        )
    if (on is not None or due is not None) and not f.present("reviewed_by"):
        f.error(
            "reviewed_on" if on is not None else "review_due",
            "missing-field",
            "a review date needs 'reviewed_by': who reviewed the episode",
            hint="reviewed_by: {name: ..., credentials: MD, affiliation: ...}",
        )
    return Review(by, on, due, f.loc("review_due") if due is not None else None)


def _day(f: Fields, name: str) -> date | None:
    """A calendar date (YAML's 2024-05-01, or the same as text)."""
    if not f.present(name):
        return None
    value = f.values[name]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    f.error(name, "bad-date", f"'{f.key(name)}' is {value!r}, not a date such as 2024-05-01")
    return None


def read_sources(f: Fields) -> tuple[Citation, ...]:
    """``sources``: each a citation as text, or a table of ``text`` and an optional ``url``."""
    found = []
    for index, value in f.items("sources"):
        if isinstance(value, str):
            item = Fields(f.record, f.diagnostics, {"text": value}, f"sources[{index}].")
            text, url = item.text("text", required=True, max_bytes=1000), None
        else:
            table = f.item_mapping("sources", index, value)
            if table is None:
                continue
            table.unknown(CITATION_KEYS)
            text, url = table.text("text", required=True, max_bytes=1000), table.url("url")
        if text:
            found.append(Citation(text, url))
    return tuple(found)


def overdue(episodes: Iterable[Episode], today: date, diagnostics: Diagnostics) -> None:
    """Warn (``review-overdue``) for each episode whose ``review_due`` is before ``today``."""
    for episode in episodes:
        review = episode.review
        if review is None or review.due is None or review.due >= today:
            continue
        diagnostics.warning(
            "review-overdue",
            f"the medical review of this episode was due on {review.due.isoformat()}",
            review.due_at or episode.source,
            hint="review the episode again, then set reviewed_on and a new review_due",
        )
