"""Snooze: move a keep-in-touch reminder without counting it as contact.

A snooze remembers the contact's last-contact date when it was made (the last
interaction, or the day the contact was added). Logging an interaction dated
after that makes the snooze stale, so the normal rule (last contact + cadence)
applies again: logging resets, snoozing only postpones. Birthdays are not
snoozed; logging contact on or after the reminder opened dismisses them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, Engine, delete, func, insert, select

from relmanager.services.contacts import ContactNotFoundError
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import now_iso

ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)


def last_contact_on(conn: Connection, contact_id: int) -> date:
    """The last interaction's date, or the day the contact was added."""
    c, i = s.contacts.c, s.interactions.c
    row = conn.execute(select(c.created_at).where(c.id == contact_id)).first()
    if row is None:
        raise ContactNotFoundError(f"no contact with id {contact_id}")
    last = conn.execute(select(func.max(i.occurred_on)).where(i.contact_id == contact_id)).scalar()
    return date.fromisoformat(last if last else str(row.created_at)[:10])


def snooze(engine: Engine, contact_id: int, until: date) -> None:
    """Due again on `until` (replaces an earlier snooze of this contact)."""
    with write_transaction(engine) as conn:
        base = last_contact_on(conn, contact_id)
        conn.execute(insert(s.snoozes).values(
            contact_id=contact_id, until=until.isoformat(), last_contact_on=base.isoformat(),
            created_at=now_iso()).prefix_with("OR REPLACE"))


def snooze_for(engine: Engine, contact_id: int, today: date, delta: timedelta) -> date:
    """Snooze for a while from today (`ONE_DAY`, `ONE_WEEK`); returns the new date."""
    until = today + delta
    snooze(engine, contact_id, until)
    return until


def clear_snooze(engine: Engine, contact_id: int) -> bool:
    with write_transaction(engine) as conn:
        return conn.execute(delete(s.snoozes).where(
            s.snoozes.c.contact_id == contact_id)).rowcount > 0


def snoozed_until(engine: Engine, contact_id: int) -> date | None:
    """The snooze date, if a snooze is still in force (not made stale by contact)."""
    with engine.connect() as conn:
        row = conn.execute(select(s.snoozes.c.until, s.snoozes.c.last_contact_on)
                           .where(s.snoozes.c.contact_id == contact_id)).first()
        if row is None:
            return None
        last = conn.execute(select(func.max(s.interactions.c.occurred_on))
                            .where(s.interactions.c.contact_id == contact_id)).scalar()
    if last is not None and last > row.last_contact_on:
        return None
    return date.fromisoformat(row.until)
