"""Undoing an import batch exactly: created contacts removed, merged ones restored."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import delete_contacts, replace_contact
from relmanager.store.snapshot import contact_from_json

log = logging.getLogger(__name__)


class NothingToUndoError(LookupError):
    pass


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    removed: int
    restored: int


def undo_import(engine: Engine, batch_id: int | None = None) -> UndoResult:
    """Revert `batch_id` (default: the newest import not yet undone)."""
    b = s.import_batches.c
    with write_transaction(engine) as conn:
        query = select(b.id, b.state).order_by(b.id.desc()).limit(1)
        query = query.where(b.id == batch_id) if batch_id is not None else query.where(
            b.state == "done")
        row = conn.execute(query).first()
        if row is None or row.state != "done":
            what = f"import batch {batch_id}" if batch_id is not None else "an import"
            state = f" (it is {row.state})" if row is not None else ""
            raise NothingToUndoError(f"There is no {what} to undo{state}.")
        changes = conn.execute(select(s.batch_changes).where(
            s.batch_changes.c.batch_id == row.id)).all()
        created = [c.contact_id for c in changes if c.action == "created"]
        merged = [c for c in changes if c.action == "merged"]
        delete_contacts(conn, created)
        for change in merged:
            before = json.loads(change.before)
            contact = contact_from_json(before["contact"])
            contact.id = change.contact_id
            exists = conn.execute(select(s.contacts.c.id).where(
                s.contacts.c.id == change.contact_id)).first()
            if exists is None:  # deleted by the user since: nothing to restore into
                continue
            replace_contact(conn, contact, before["content_hash"])
            conn.execute(update(s.contacts).where(s.contacts.c.id == change.contact_id)
                         .values(circle_user=before["circle_user"]))
        conn.execute(update(s.import_batches).where(b.id == row.id).values(state="undone"))
    log.info("Undid import batch %s: %d removed, %d restored", row.id, len(created), len(merged))
    return UndoResult(row.id, len(created), len(merged))
