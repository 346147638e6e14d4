"""Undoing an import batch exactly: created contacts removed, merged ones restored.

Except where that would throw away the user's own work done since the import:
a created contact they edited, merged another into, marked "don't pitch" or
logged history with stays, and a merged contact they edited since keeps its
current card. Those are counted as `kept` so the user is told.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, text, update

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
    kept: int = 0  # contacts the user worked on since the import, left as they are

    def describe(self) -> str:
        text = (f"Undid import {self.batch_id}: removed {_count(self.removed)}, "
                f"restored {_count(self.restored, 'merged contact')}")
        if self.kept:
            text += (f"; kept {_count(self.kept)} you changed since the import "
                     "(edited, merged or with history)")
        return text + "."


def _count(n: int, noun: str = "contact") -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


_IDS = "(SELECT value FROM json_each(:ids))"
# A created contact: any card edit, flag or history is the user's (an import logs none).
_CREATED_WORKED_ON = (
    f"SELECT id FROM contacts WHERE id IN {_IDS} AND (user_edited != '[]' OR dont_pitch = 1 "
    f"OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = contacts.id))")
# A merged contact: card edits made after the import (restoring would revert them).
_MERGED_WORKED_ON = (f"SELECT id FROM contacts WHERE id IN {_IDS} "
                     "AND user_edited != '[]' AND updated_at > :since")


def _worked_on(conn: Connection, query: str, ids: list[int], since: str) -> set[int]:
    if not ids:
        return set()
    return set(conn.execute(text(query), {"ids": json.dumps(ids), "since": since}).scalars())


def undo_import(engine: Engine, batch_id: int | None = None) -> UndoResult:
    """Revert `batch_id` (default: the newest import not yet undone)."""
    b = s.import_batches.c
    with write_transaction(engine) as conn:
        query = select(b.id, b.state, b.finished_at).order_by(b.id.desc()).limit(1)
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
        since = row.finished_at or ""
        kept_created = _worked_on(conn, _CREATED_WORKED_ON, created, since)
        kept_merged = _worked_on(conn, _MERGED_WORKED_ON, [c.contact_id for c in merged], since)
        created = [cid for cid in created if cid not in kept_created]
        merged = [c for c in merged if c.contact_id not in kept_merged]
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
    kept = len(kept_created) + len(kept_merged)
    log.info("Undid import batch %s: %d removed, %d restored, %d kept", row.id, len(created),
             len(merged), kept)
    return UndoResult(row.id, len(created), len(merged), kept)
