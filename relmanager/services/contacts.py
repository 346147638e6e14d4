"""Contact queries and edits shared by the CLI and the desktop app."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from relmanager.domain import Circle, CircleSource, CircleSuggestion, effective_circle
from relmanager.services.circles.decide import PreviousCircles, set_circles
from relmanager.store import schema as s


class ContactNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class ContactSummary:
    """What the contact list and `contacts --json` show for one contact."""

    id: int
    uid: str
    display_name: str
    emails: list[str]
    phones: list[str]
    org: str
    title: str
    circle: str
    circle_source: str
    circle_confidence: float
    circle_reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _effective_circle_sql() -> Any:
    """SQL form of effective_circle(): the user's decision wins."""
    return func.coalesce(s.contacts.c.circle_user, s.contacts.c.circle_suggested)


def list_summaries(engine: Engine, circle: Circle | None = None) -> list[ContactSummary]:
    c = s.contacts.c
    query = select(c.id, c.uid, c.display_name, c.title, c.circle_suggested,
                   c.circle_confidence, c.circle_reasons, c.circle_user).order_by(c.sort_key, c.id)
    if circle is not None:
        query = query.where(_effective_circle_sql() == circle.value)
    with engine.connect() as conn:
        heads = conn.execute(query).all()
        emails = _first_values(conn.execute(
            select(s.emails.c.contact_id, s.emails.c.address)
            .order_by(s.emails.c.contact_id, s.emails.c.position)).all())
        phones = _first_values(conn.execute(
            select(s.phones.c.contact_id, s.phones.c.number)
            .order_by(s.phones.c.contact_id, s.phones.c.position)).all())
        orgs = _first_values(conn.execute(
            select(s.organisations.c.contact_id, s.organisations.c.name)
            .order_by(s.organisations.c.contact_id, s.organisations.c.position)).all())
    out = []
    for row in heads:
        suggestion = CircleSuggestion(Circle(row.circle_suggested), row.circle_confidence,
                                      tuple(json.loads(row.circle_reasons)))
        user = Circle(row.circle_user) if row.circle_user else None
        value, source = effective_circle(suggestion, user)
        out.append(ContactSummary(
            id=row.id, uid=row.uid, display_name=row.display_name,
            emails=emails.get(row.id, []), phones=phones.get(row.id, []),
            org=(orgs.get(row.id) or [""])[0], title=row.title, circle=value.value,
            circle_source=source.value,
            circle_confidence=1.0 if source is CircleSource.USER else suggestion.confidence,
            circle_reasons=(["you chose this circle"] if source is CircleSource.USER
                            else list(suggestion.reasons))))
    return out


def _first_values(rows: Sequence[Any]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for contact_id, value in rows:
        out[contact_id].append(value)
    return out


def set_circle(engine: Engine, contact_id: int, circle: Circle | None) -> PreviousCircles:
    """The user's decision; it always wins over the suggestion.

    Relearns from it ("you sorted 2 contacts at acme.example as professional");
    the result undoes both with `restore_circles`.
    """
    previous = set_circles(engine, [contact_id], circle)
    if not previous.decisions:
        raise ContactNotFoundError(f"no contact with id {contact_id}")
    return previous


def count_by_circle(engine: Engine) -> dict[Circle, int]:
    """Counts for the circle filter chips.

    Grouped by both columns, in the order of ix_contacts_circle, SQLite reads
    only that index (a few ms at 60k; grouping by the effective circle
    scanned the table); the user's decision wins below, as in SQL.
    """
    c = s.contacts.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.circle_user, c.circle_suggested, func.count())
                            .group_by(c.circle_user, c.circle_suggested)).all()
    counts = dict.fromkeys(Circle, 0)
    for user, suggested, n in rows:
        counts[Circle(user or suggested)] += n
    return counts
