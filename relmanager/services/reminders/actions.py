"""What the Due view and the tray do to reminders, in undoable pairs.

Each action is one transaction over a selection and returns what its undo
needs: the ids of the interactions a "log touch" added, or the snooze rows a
snooze replaced. Undo puts exactly those back, so an undo never removes an
interaction the user logged some other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, delete, insert, select

from relmanager.domain import InteractionKind
from relmanager.services.interactions import delete_interactions, log_many
from relmanager.services.reminders.snooze import last_contact_on
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import now_iso

TOUCH_KINDS = (InteractionKind.MET, InteractionKind.MESSAGE, InteractionKind.CALL)


@dataclass(frozen=True)
class SnoozeRow:
    """A stored snooze, as it was before an action replaced it."""

    contact_id: int
    until: str
    last_contact_on: str
    created_at: str


def log_touches(engine: Engine, contact_ids: Iterable[int], kind: InteractionKind,
                on: date, note: str = "") -> list[int]:
    """Log one interaction per contact, all or none; returns the new interaction ids."""
    return [int(it.id) for it in log_many(engine, contact_ids, kind, on, note)
            if it.id is not None]


def remove_interactions(engine: Engine, interaction_ids: Iterable[int]) -> int:
    """Undo of `log_touches`: delete exactly these interactions."""
    return delete_interactions(engine, interaction_ids)


def snooze_rows(engine: Engine, contact_ids: Iterable[int]) -> dict[int, SnoozeRow | None]:
    """The current snooze of each contact (None: not snoozed), to restore later."""
    ids = list(contact_ids)
    out: dict[int, SnoozeRow | None] = dict.fromkeys(ids)
    sn = s.snoozes.c
    with engine.connect() as conn:
        for row in conn.execute(select(sn.contact_id, sn.until, sn.last_contact_on,
                                       sn.created_at).where(sn.contact_id.in_(ids))):
            out[row.contact_id] = SnoozeRow(row.contact_id, row.until, row.last_contact_on,
                                            row.created_at)
    return out


def snooze_many(engine: Engine, contact_ids: Iterable[int], until: date) -> None:
    """Snooze every contact until `until` (see `snooze.snooze`), all or none."""
    with write_transaction(engine) as conn:
        for cid in contact_ids:
            base = last_contact_on(conn, cid)
            conn.execute(insert(s.snoozes).values(
                contact_id=cid, until=until.isoformat(), last_contact_on=base.isoformat(),
                created_at=now_iso()).prefix_with("OR REPLACE"))


def restore_snoozes(engine: Engine, before: Mapping[int, SnoozeRow | None]) -> None:
    """Undo of `snooze_many`: put back each contact's earlier snooze, or none."""
    with write_transaction(engine) as conn:
        for cid, row in before.items():
            conn.execute(delete(s.snoozes).where(s.snoozes.c.contact_id == cid))
            if row is not None:
                conn.execute(insert(s.snoozes).values(
                    contact_id=cid, until=row.until, last_contact_on=row.last_contact_on,
                    created_at=row.created_at))
