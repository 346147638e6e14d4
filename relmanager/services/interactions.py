"""The interaction log behind the ledger, the reminders and the ask budget."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, Engine, delete, insert, select

from relmanager.domain import Interaction, InteractionKind
from relmanager.services.contacts import ContactNotFoundError
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import now_iso


def log_interaction(engine: Engine, contact_id: int, kind: InteractionKind,
                    occurred_on: date, note: str = "") -> Interaction:
    with write_transaction(engine) as conn:
        return log_in(conn, contact_id, kind, occurred_on, note)


def log_in(conn: Connection, contact_id: int, kind: InteractionKind, occurred_on: date,
           note: str = "") -> Interaction:
    """Log inside the caller's transaction (e.g. with the message that was sent)."""
    exists = conn.execute(select(s.contacts.c.id).where(s.contacts.c.id == contact_id)).first()
    if exists is None:
        raise ContactNotFoundError(f"no contact with id {contact_id}")
    result = conn.execute(insert(s.interactions).values(
        contact_id=contact_id, kind=kind.value, occurred_on=occurred_on.isoformat(),
        note=note, created_at=now_iso()))
    new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    return Interaction(contact_id, kind, occurred_on, note, new_id)


def log_many(engine: Engine, contact_ids: Iterable[int], kind: InteractionKind,
               occurred_on: date, note: str = "") -> list[Interaction]:
    """One interaction per contact, all or none (one transaction)."""
    with write_transaction(engine) as conn:
        return [log_in(conn, cid, kind, occurred_on, note) for cid in contact_ids]


def delete_interactions(engine: Engine, ids: Iterable[int]) -> int:
    """Remove exactly these log entries (undo of a log); returns how many went."""
    wanted = list(ids)
    removed = 0
    with write_transaction(engine) as conn:
        for chunk in range(0, len(wanted), 500):
            removed += conn.execute(delete(s.interactions).where(
                s.interactions.c.id.in_(wanted[chunk:chunk + 500]))).rowcount
    return removed


def recent(conn: Connection, contact_id: int, limit: int = 5) -> list[Interaction]:
    """The newest `limit` interactions of one contact, newest first (any kind)."""
    i = s.interactions.c
    rows = conn.execute(select(i.id, i.kind, i.occurred_on, i.note)
                        .where(i.contact_id == contact_id)
                        .order_by(i.occurred_on.desc(), i.id.desc()).limit(limit))
    return [Interaction(contact_id, InteractionKind(r.kind), date.fromisoformat(r.occurred_on),
                        r.note, r.id) for r in rows]


def history(conn: Connection, contact_ids: Iterable[int]) -> dict[int, list[Interaction]]:
    """Every interaction of these contacts, oldest first."""
    ids = list(contact_ids)
    out: dict[int, list[Interaction]] = defaultdict(list)
    i = s.interactions.c
    for chunk in range(0, len(ids), 500):
        rows = conn.execute(select(i.id, i.contact_id, i.kind, i.occurred_on, i.note)
                            .where(i.contact_id.in_(ids[chunk:chunk + 500]))
                            .order_by(i.contact_id, i.occurred_on, i.id))
        for row in rows:
            out[row.contact_id].append(Interaction(
                row.contact_id, InteractionKind(row.kind), date.fromisoformat(row.occurred_on),
                row.note, row.id))
    return out
