"""Builders for reminder tests: contacts with fixed 'added' dates, circles, birthdays."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Engine, update

from relmanager.domain import Birthday, Circle, InteractionKind
from relmanager.services.contacts import set_circle
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders import set_contact_cadence
from relmanager.store import schema as s
from relmanager.store import write_transaction
from tests.factories import make_contact, store

ADDED = date(2026, 1, 1)


def add(engine: Engine, name: str, *, circle: Circle | None = Circle.FRIEND,
        added: date = ADDED, birthday: Birthday | None = None,
        categories: Sequence[str] = (), cadence: int | None = None,
        met: date | None = None) -> int:
    contact = make_contact(name)
    contact.birthday = birthday
    contact.categories = list(categories)
    [cid] = store(engine, contact)
    with write_transaction(engine) as conn:
        conn.execute(update(s.contacts).where(s.contacts.c.id == cid)
                     .values(created_at=f"{added.isoformat()}T08:00:00+00:00"))
    if circle is not None:
        set_circle(engine, cid, circle)
    if cadence is not None:
        set_contact_cadence(engine, cid, cadence)
    if met is not None:
        log_interaction(engine, cid, InteractionKind.MET, met)
    return cid
