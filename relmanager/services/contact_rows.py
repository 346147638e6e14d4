"""Exact row snapshots of contacts, for undo and redo.

A snapshot holds every row some contacts own in some tables, primary keys
included, so putting it back restores exactly what was there: the same
contact ids (import history and other features point at them), child rows in
the same order, photos and raw properties byte for byte, interactions and
duplicate candidates of deleted contacts.

`swap` is the only write: it records the current rows of the same scope and
puts the snapshot's rows in their place, so one call undoes and the same call
on its result redoes. Each table is read and written with one statement per
batch (ids travel as one JSON parameter), which keeps 5,000 contacts cheap.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table

from relmanager.store import schema as s
from relmanager.store.contacts import CHILD_TABLES

Row = tuple[Any, ...]
_IDS = "(SELECT value FROM json_each(?))"


class RestoreError(Exception):
    """The snapshot cannot go back without harming other data; the message is for the user."""


def _contact_columns(table: Table) -> list[str]:
    """Columns of `table` that point at contacts.id ("id" for the contacts table)."""
    if table is s.contacts:
        return ["id"]
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is s.contacts]


def referencing_tables() -> tuple[Table, ...]:
    """Every table holding rows of a contact, found from the schema (so new ones count)."""
    return tuple(t for t in s.metadata.sorted_tables if _contact_columns(t))


# What each kind of change can touch.
CARD_SCOPE: tuple[Table, ...] = (s.contacts, *CHILD_TABLES)
HEAD_SCOPE: tuple[Table, ...] = (s.contacts,)
CATEGORY_SCOPE: tuple[Table, ...] = (s.contacts, s.categories)


def full_scope() -> tuple[Table, ...]:
    return referencing_tables()


@dataclass(frozen=True)
class RowSnapshot:
    """Rows of `contact_ids` in `tables` (by table name, columns in table order)."""

    contact_ids: tuple[int, ...]
    tables: tuple[str, ...]
    rows: dict[str, tuple[Row, ...]] = field(default_factory=dict)

    def present(self) -> tuple[int, ...]:
        """The contacts that exist in this snapshot."""
        return tuple(r[0] for r in self.rows.get("contacts", ()))

    def decided(self) -> bool:
        """True when a contact here carries the user's circle decision (rules learn from it)."""
        index = list(s.contacts.c.keys()).index("circle_user")
        return any(r[index] is not None for r in self.rows.get("contacts", ()))


def _where(table: Table) -> tuple[str, int]:
    cols = _contact_columns(table)
    return " OR ".join(f"{c} IN {_IDS}" for c in cols), len(cols)


def capture(conn: Connection, ids: Iterable[int], tables: Sequence[Table]) -> RowSnapshot:
    """The current rows of `ids` in `tables` (one query per table)."""
    wanted = tuple(sorted(set(ids)))
    payload = json.dumps(wanted)
    rows: dict[str, tuple[Row, ...]] = {}
    for table in tables:
        where, n = _where(table)
        cols = ", ".join(table.c.keys())
        order = "id" if table is s.contacts else ", ".join(
            k for k in ("contact_id", "position", "id") if k in table.c)
        result = conn.exec_driver_sql(
            f"SELECT {cols} FROM {table.name} WHERE {where} ORDER BY {order}", (payload,) * n)
        rows[table.name] = tuple(tuple(r) for r in result)
    return RowSnapshot(wanted, tuple(t.name for t in tables), rows)


def swap(conn: Connection, snapshot: RowSnapshot) -> RowSnapshot:
    """Put `snapshot` back; returns what it replaced (pass that to `swap` to redo)."""
    tables = [s.metadata.tables[name] for name in snapshot.tables]
    current = capture(conn, snapshot.contact_ids, tables)
    _check_same_contacts(current, snapshot, full=set(tables) == set(full_scope()))
    _put_contacts(conn, current, snapshot)
    for table in tables:
        if table is not s.contacts:
            _put_rows(conn, table, snapshot)
    return current


def _check_same_contacts(current: RowSnapshot, wanted: RowSnapshot, *, full: bool) -> None:
    """The contacts must be the ones the snapshot knew.

    A contact id may have been given to someone else since (an import after a
    delete); and a partial snapshot (card fields only) must not bring back a
    contact deleted since without its history.
    """
    cols = list(s.contacts.c.keys())
    uid, name = cols.index("uid"), cols.index("display_name")
    now = {r[0]: r[uid] for r in current.rows.get("contacts", ())}
    want = wanted.rows.get("contacts", ())
    for row in want:
        if row[0] in now and now[row[0]] != row[uid]:
            raise RestoreError(
                f"Another contact now has the place of “{row[name]}”, so this change cannot "
                "be undone. Nothing was changed.")
        if row[0] not in now and not full:
            raise RestoreError(
                f"“{row[name]}” was deleted since, so this change cannot be undone. "
                "Nothing was changed.")
    if not full and len(now) != len(want):
        raise RestoreError("Some of these contacts were added since; this change cannot be "
                           "undone. Nothing was changed.")


def _put_contacts(conn: Connection, current: RowSnapshot, wanted: RowSnapshot) -> None:
    if "contacts" not in wanted.rows:
        return
    cols = list(s.contacts.c.keys())
    have = set(current.present())
    want = {r[0]: r for r in wanted.rows["contacts"]}
    gone = sorted(have - want.keys())
    if gone:  # cascades to every table that refers to them
        conn.exec_driver_sql(f"DELETE FROM contacts WHERE id IN {_IDS}", (json.dumps(gone),))
    updates = [(*r[1:], cid) for cid, r in want.items() if cid in have]
    if updates:
        sets = ", ".join(f"{c} = ?" for c in cols[1:])
        conn.exec_driver_sql(f"UPDATE contacts SET {sets} WHERE id = ?", updates)
    inserts = [r for cid, r in want.items() if cid not in have]
    if inserts:
        taken = _taken_uids(conn, [r[cols.index("uid")] for r in inserts])
        if taken:
            raise RestoreError(
                f"A contact with the same identity as “{taken}” was added since (an import?), "
                "so this change cannot be undone. Nothing was changed.")
        conn.exec_driver_sql(_insert_sql(s.contacts), inserts)


def _taken_uids(conn: Connection, uids: list[str]) -> str | None:
    row = conn.exec_driver_sql(
        f"SELECT display_name FROM contacts WHERE uid IN {_IDS} LIMIT 1",
        (json.dumps(uids),)).first()
    return None if row is None else str(row[0])


def _insert_sql(table: Table) -> str:
    cols = table.c.keys()
    return f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def _put_rows(conn: Connection, table: Table, wanted: RowSnapshot) -> None:
    where, n = _where(table)
    conn.exec_driver_sql(f"DELETE FROM {table.name} WHERE {where}",
                         (json.dumps(wanted.contact_ids),) * n)
    rows = list(wanted.rows.get(table.name, ()))
    if not rows:
        return
    rows = _with_existing_contacts(conn, table, rows)
    keys = [c.name for c in table.primary_key.columns]
    if keys == ["id"]:
        # A row id may have been reused since (SQLite hands out max+1): such a row
        # gets a fresh id; nothing refers to child row ids.
        taken = {int(r[0]) for r in conn.exec_driver_sql(
            f"SELECT id FROM {table.name} WHERE id IN {_IDS}",
            (json.dumps([r[0] for r in rows]),))}
        rows = [(None, *r[1:]) if r[0] in taken else r for r in rows]
    conn.exec_driver_sql(_insert_sql(table), rows)


def _with_existing_contacts(conn: Connection, table: Table, rows: list[Row]) -> list[Row]:
    """Drop rows that point at a contact that is gone (e.g. the other half of a duplicate)."""
    cols = list(table.c.keys())
    positions = [cols.index(c) for c in _contact_columns(table)]
    referenced = sorted({r[p] for r in rows for p in positions})
    present = {int(r[0]) for r in conn.exec_driver_sql(
        f"SELECT id FROM contacts WHERE id IN {_IDS}", (json.dumps(referenced),))}
    return [r for r in rows if all(r[p] in present for p in positions)]
