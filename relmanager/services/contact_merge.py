"""Merging two stored contacts the user says are one person, and undoing it exactly.

The kept contact (`keep`: its id and UID) gets the picked single fields and
the union of both lists (`services.merge.merged_card`); the other is deleted.
Its history, its other possible-duplicate pairs and (when the kept one has
none) its snooze move over. Everything the merge changes is recorded first,
so `undo_merge` puts both contacts back: same ids, fields, circles, history,
snoozes and candidate rows, and the same exported vCards.

Undo touches only what the merge touched. Rows are restored by content, not
by row id: SQLite hands freed ids to new rows, so "delete row 17 and insert
the old row 17" could hit a row written after the merge (another contact's
e-mail). Child rows (e-mails, phones, photos…) come back with new row ids;
nothing refers to those ids.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, or_, select, update

from relmanager.domain import Contact
from relmanager.services.circles import refresh_suggestions
from relmanager.services.duplicates import DuplicateError
from relmanager.services.merge import (
    Choices,
    choice_values,
    differing_fields,
    is_empty,
    merged_card,
    merged_circle,
)
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import CHILD_TABLES, delete_contacts, load_contacts, replace_contact

Row = dict[str, Any]
Rows = tuple[Row, ...]

# Tables referring to contacts that the merge handles one by one; any other
# (a table added later) is snapshotted for `other` and put back as it was.
HANDLED = frozenset({*(t.name for t in CHILD_TABLES), "interactions", "duplicate_candidates",
                     "snoozes"})


@dataclass(frozen=True)
class MergeUndo:
    """What `undo_merge` needs: the rows the merge changed, as they were."""

    keep_id: int
    other_id: int
    keep_head: Row
    other_head: Row
    children: tuple[tuple[str, Rows], ...]  # both contacts' child rows, without row ids
    moved_interactions: tuple[int, ...]
    candidates: Rows  # duplicate_candidates rows that named `other`
    other_snooze: Row | None
    snooze_moved: bool
    other_rows: tuple[tuple[str, Rows], ...]  # tables not in HANDLED


def contact_refs() -> list[tuple[Table, list[Any]]]:
    """Every table with columns pointing at contacts.id, with those columns."""
    out = []
    for table in s.metadata.sorted_tables:
        cols = [fk.parent for fk in table.foreign_keys if fk.column.table is s.contacts]
        if cols:
            out.append((table, cols))
    return out


def _rows(conn: Connection, table: Table, where: Any) -> Rows:
    return tuple(dict(r._mapping) for r in conn.execute(select(table).where(where)))


def _head(conn: Connection, contact_id: int) -> Row:
    head = _rows(conn, s.contacts, s.contacts.c.id == contact_id)
    if not head:
        raise DuplicateError("One of the two contacts was deleted meanwhile.")
    return head[0]


def merge(engine: Engine, keep_id: int, other_id: int, choices: Choices) -> MergeUndo:
    """Merge `other` into `keep` in one transaction; `other` is deleted."""
    if keep_id == other_id:
        raise DuplicateError("A contact cannot be merged with itself.")
    ids = (keep_id, other_id)
    dc = s.duplicate_candidates.c
    with write_transaction(engine) as conn:
        keep_head, other_head = _head(conn, keep_id), _head(conn, other_id)
        children = tuple(
            (t.name, tuple({k: v for k, v in r.items() if k != "id"}
                           for r in _rows(conn, t, t.c.contact_id.in_(ids))))
            for t in CHILD_TABLES)
        moved = tuple(conn.execute(select(s.interactions.c.id).where(
            s.interactions.c.contact_id == other_id)).scalars())
        candidates = _rows(conn, s.duplicate_candidates,
                           or_(dc.contact_a == other_id, dc.contact_b == other_id))
        snoozes = {r["contact_id"]: r for r in _rows(
            conn, s.snoozes, s.snoozes.c.contact_id.in_(ids))}
        other_rows = tuple((t.name, rows) for t, cols in contact_refs()
                           if t.name not in HANDLED
                           and (rows := _rows(conn, t, or_(*(c == other_id for c in cols)))))

        cards = load_contacts(conn, list(ids))
        keep, other = cards[keep_id], cards[other_id]
        replace_contact(conn, merged_card(keep, other, choices))
        conn.execute(update(s.contacts).where(s.contacts.c.id == keep_id).values(
            **_merged_head(keep, other, keep_head, other_head, choices)))
        conn.execute(update(s.interactions).where(s.interactions.c.id.in_(moved))
                     .values(contact_id=keep_id))
        _repoint_candidates(conn, candidates, keep_id, other_id)
        snooze_moved = other_id in snoozes and keep_id not in snoozes
        if snooze_moved:  # "not before June" still holds for the merged contact
            conn.execute(update(s.snoozes).where(s.snoozes.c.contact_id == other_id)
                         .values(contact_id=keep_id))
        delete_contacts(conn, [other_id])
        refresh_suggestions(conn, [keep_id])  # new e-mails, new evidence
    return MergeUndo(keep_id, other_id, keep_head, other_head, children, moved, candidates,
                     snoozes.get(other_id), snooze_moved, other_rows)


def _merged_head(keep: Contact, other: Contact, keep_head: Mapping[str, Any],
                 other_head: Mapping[str, Any], choices: Choices) -> dict[str, Any]:
    keep_values, other_values = choice_values(keep, None), choice_values(other, None)
    # Fields the user decided between stay as decided when the kept card is re-imported.
    decided = {f for f in differing_fields(keep_values, other_values)
               if not is_empty(keep_values[f]) and not is_empty(other_values[f])}
    edited = set(json.loads(keep_head["user_edited"])) | set(json.loads(
        other_head["user_edited"])) | decided
    cadence = keep_head["cadence_days"]
    return {
        "circle_user": merged_circle(keep_head["circle_user"], other_head["circle_user"],
                                     choices),
        "dont_pitch": bool(keep_head["dont_pitch"] or other_head["dont_pitch"]),
        "cadence_days": other_head["cadence_days"] if cadence is None else cadence,
        "user_edited": json.dumps(sorted(edited)),
    }


def _after_merge(row: Mapping[str, Any], keep_id: int, other_id: int) -> tuple[int, int]:
    def moved(cid: int) -> int:
        return keep_id if cid == other_id else cid
    return moved(row["contact_a"]), moved(row["contact_b"])


def _repoint_candidates(conn: Connection, rows: Rows, keep_id: int, other_id: int) -> None:
    """`other`'s pairs with third contacts become the kept one's; its pair with `keep` goes."""
    dc = s.duplicate_candidates.c
    for row in rows:
        a, b = _after_merge(row, keep_id, other_id)
        where = dc.id == row["id"]
        if a == b:
            conn.execute(delete(s.duplicate_candidates).where(where))
        else:
            conn.execute(update(s.duplicate_candidates).where(where)
                         .values(contact_a=a, contact_b=b))


def undo_merge(engine: Engine, undo: MergeUndo) -> None:
    """Put both contacts back as they were before `merge`."""
    c = s.contacts.c
    keep_id, other_id = undo.keep_id, undo.other_id
    with write_transaction(engine) as conn:
        present = set(conn.execute(select(c.id).where(c.id.in_([keep_id, other_id]))).scalars())
        if keep_id not in present:
            raise DuplicateError("The merged contact was deleted since; nothing to undo into.")
        if other_id in present:
            raise DuplicateError("The merged-away contact's id is in use again; "
                             "the merge cannot be undone.")
        conn.execute(update(s.contacts).where(c.id == keep_id).values(
            {k: v for k, v in undo.keep_head.items() if k != "id"}))
        conn.execute(insert(s.contacts), [undo.other_head])
        tables = {t.name: t for t, _ in contact_refs()}
        for name, rows in undo.children:
            conn.execute(delete(tables[name]).where(tables[name].c.contact_id == keep_id))
            if rows:
                conn.execute(insert(tables[name]), list(rows))
        if undo.moved_interactions:
            i = s.interactions.c
            conn.execute(update(s.interactions).where(
                i.id.in_(undo.moved_interactions), i.contact_id == keep_id)
                .values(contact_id=other_id))
        _restore_candidates(conn, undo.candidates, keep_id, other_id)
        if undo.snooze_moved:
            conn.execute(delete(s.snoozes).where(s.snoozes.c.contact_id == keep_id))
        if undo.other_snooze is not None:
            conn.execute(insert(s.snoozes), [undo.other_snooze])
        for name, rows in undo.other_rows:
            conn.execute(insert(tables[name]), list(rows))


def _restore_candidates(conn: Connection, rows: Sequence[Row], keep_id: int,
                        other_id: int) -> None:
    dc = s.duplicate_candidates.c
    for row in rows:
        a, b = _after_merge(row, keep_id, other_id)
        if a != b:  # repointed: point it back, if it is still what the merge left
            conn.execute(update(s.duplicate_candidates).where(
                dc.id == row["id"], dc.contact_a == a, dc.contact_b == b)
                .values(contact_a=row["contact_a"], contact_b=row["contact_b"]))
            continue
        # The pair of the two merged contacts was deleted: back in, under its old id
        # unless a later import's candidate took that id.
        taken = conn.execute(select(dc.id).where(dc.id == row["id"])).first() is not None
        conn.execute(insert(s.duplicate_candidates),
                     [{k: v for k, v in row.items() if not (taken and k == "id")}])
