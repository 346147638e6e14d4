"""Contact repository: domain `Contact` objects in and out of the tables.

Writes are bulk-friendly (ids assigned inside the caller's write transaction,
children inserted with executemany) because an import stores 50k contacts in
one transaction. Every function takes an open `Connection`; the caller owns
the transaction.
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, func, select, update

from relmanager.domain import (
    Address,
    Birthday,
    Circle,
    CircleSuggestion,
    Contact,
    Email,
    Organisation,
    Phone,
    Photo,
    RawProperty,
    StructuredName,
)
from relmanager.domain.contact import Params
from relmanager.store import schema as s
from relmanager.store.child_rows import TO_JSON, insert_children, insert_sql, str_list
from relmanager.store.normalize import sort_key

CHILD_TABLES: tuple[Table, ...] = (
    s.emails, s.phones, s.addresses, s.organisations, s.categories, s.urls, s.photos,
    s.raw_properties,
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@functools.lru_cache(maxsize=1024)  # an import's suggestions repeat a few hundred reason lists
def _reasons_json(reasons: tuple[str, ...]) -> str:
    return TO_JSON(list(reasons))


CONTACT_COLUMNS = ("id", "uid", "display_name", "sort_key", "family", "given", "additional",
                   "prefixes", "suffixes", "nicknames", "title", "role", "note", "bday_year",
                   "bday_month", "bday_day", "content_hash", "created_batch_id", "created_at",
                   "updated_at")
_SUGGESTION_COLUMNS = ("circle_suggested", "circle_confidence", "circle_reasons")


def contact_values(contact: Contact, contact_id: int, now: str, batch_id: int | None,
                   content_hash: str = "") -> tuple[Any, ...]:
    """One `contacts` row in CONTACT_COLUMNS order."""
    bday, name = contact.birthday, contact.name
    return (contact_id, contact.uid, contact.display_name, sort_key(contact), name.family,
            name.given, name.additional, name.prefixes, name.suffixes,
            str_list(contact.nicknames),
            contact.title, contact.role, contact.note, bday.year if bday else None,
            bday.month if bday else None, bday.day if bday else None, content_hash,
            batch_id, now, now)


def contact_row(contact: Contact, contact_id: int, now: str, batch_id: int | None,
                content_hash: str = "") -> dict[str, Any]:
    return dict(zip(CONTACT_COLUMNS,
                    contact_values(contact, contact_id, now, batch_id, content_hash),
                    strict=True))


_INSERT_CONTACT = insert_sql("contacts", CONTACT_COLUMNS)
_INSERT_CONTACT_SUGGESTED = insert_sql("contacts", CONTACT_COLUMNS + _SUGGESTION_COLUMNS)


def next_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(s.contacts.c.id), 0))).scalar_one()) + 1


def insert_contacts(conn: Connection, contacts: Sequence[Contact], *,
                    batch_id: int | None = None, hashes: Sequence[str] | None = None,
                    ids: Sequence[int] | None = None,
                    suggestions: Sequence[CircleSuggestion] | None = None) -> list[int]:
    """Insert new contacts (and their fields); returns their ids in order.

    `suggestions` (circle suggestions computed from the contacts in memory)
    are written with the rows, so an import need not re-read what it wrote.

    Ids are assigned here (or by the caller, who then reserved them with
    `next_id`): the caller holds the write lock, so max(id)+1 is safe and saves
    a round trip per contact.
    """
    if not contacts:
        return []
    if ids is None:
        first = next_id(conn)
        ids = list(range(first, first + len(contacts)))
    now = now_iso()
    # Tuples through the driver: Core's per-row dict handling cost more than SQLite.
    rows = [contact_values(c, cid, now, batch_id, hashes[i] if hashes else "")
            for i, (c, cid) in enumerate(zip(contacts, ids, strict=True))]
    if suggestions:
        rows = [(*row, sg.circle.value, sg.confidence, _reasons_json(tuple(sg.reasons)))
                for row, sg in zip(rows, suggestions, strict=True)]
    conn.exec_driver_sql(_INSERT_CONTACT_SUGGESTED if suggestions else _INSERT_CONTACT, rows)
    insert_children(conn, zip(contacts, ids, strict=True))
    for contact, cid in zip(contacts, ids, strict=True):
        contact.id = cid
    return list(ids)


def replace_contact(conn: Connection, contact: Contact, content_hash: str | None = None) -> None:
    """Overwrite a stored contact's card fields (not its circle or history)."""
    assert contact.id is not None
    row = contact_row(contact, contact.id, now_iso(), None)
    for key in ("id", "created_at", "created_batch_id", "content_hash"):
        row.pop(key)
    if content_hash is not None:
        row["content_hash"] = content_hash
    # Plain SQL through the driver: building and compiling these Core statements cost
    # ~5 ms a contact, most of an import that merges into thousands.
    conn.exec_driver_sql(_update_sql(tuple(row)), (*row.values(), contact.id))
    for table in CHILD_TABLES:
        conn.exec_driver_sql(_DELETE_CHILDREN_SQL[table], (contact.id,))
    insert_children(conn, [(contact, contact.id)])


@functools.lru_cache(maxsize=4)
def _update_sql(columns: tuple[str, ...]) -> str:
    return f"UPDATE contacts SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"


_DELETE_CHILDREN_SQL = {table: f"DELETE FROM {table.name} WHERE contact_id = ?"
                        for table in CHILD_TABLES}


def delete_contacts(conn: Connection, ids: Iterable[int]) -> None:
    ids = list(ids)
    for chunk in range(0, len(ids), 500):
        conn.execute(delete(s.contacts).where(s.contacts.c.id.in_(ids[chunk:chunk + 500])))


# Reads use the plain driver cursor: SQLAlchemy's row objects cost more than
# the queries when an export reads 50k contacts' fields.
_HEAD_COLUMNS = ("id", "uid", "display_name", "family", "given", "additional", "prefixes",
                "suffixes", "nicknames", "title", "role", "note", "bday_year", "bday_month",
                "bday_day")
# What a `Contact` needs of each child table (not `normalized` or `position`).
_READ_COLUMNS: dict[Table, tuple[str, ...]] = {
    s.emails: ("address", "types", "pref", "label", "grp", "extra_params"),
    s.phones: ("number", "types", "pref", "label", "grp", "extra_params"),
    s.addresses: ("po_box", "extended", "street", "locality", "region", "postal_code",
                  "country", "types", "pref", "label", "grp", "extra_params"),
    s.organisations: ("name", "units", "grp", "extra_params"),
    s.categories: ("name",),
    s.urls: ("url",),
    s.photos: ("data", "media_type", "uri", "extra_params"),
    s.raw_properties: ("name", "line"),
}
_SELECT_CHILDREN = {table: f"SELECT contact_id, position, {', '.join(cols)} FROM {table.name} "
                           "WHERE contact_id IN "
                    for table, cols in _READ_COLUMNS.items()}
_FIRST = operator.itemgetter(0)
_CARD_ORDER = operator.itemgetter(0, 1)  # (contact_id, position)
_IN_CHUNK = 500  # ids per IN (...) list, well below SQLite's parameter limit


def _in_chunks(cursor: Any, sql: str, ids: Sequence[int], order: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for chunk in range(0, len(ids), _IN_CHUNK):
        part = ids[chunk:chunk + _IN_CHUNK]
        cursor.execute(f"{sql}({', '.join('?' * len(part))}){order}", part)
        rows += cursor.fetchall()
    return rows


# For the exporter: each column read costs the driver a GIL round trip, so e-mail,
# phone and address rows end in one JSON text `[types, pref, label, grp,
# extra_params]` instead of those five columns (a book has few distinct ones).
_SHAPED_TABLES = (s.emails, s.phones, s.addresses)
_SHAPE = ("types", "pref", "label", "grp", "extra_params")
_SELECT_SHAPED = {**_SELECT_CHILDREN, **{
    table: f"SELECT contact_id, position, {', '.join(_READ_COLUMNS[table][:-len(_SHAPE)])}, "
           f"json_array({', '.join(_SHAPE)}) FROM {table.name} WHERE contact_id IN "
    for table in _SHAPED_TABLES}}


def _children_by_contact(cursor: Any, sql: str,
                         ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows of one child table (`sql` selects contact_id, position first) for `ids`, by
    contact, in card order."""
    rows = _in_chunks(cursor, sql, ids, "")
    # Sorted here, not by ORDER BY: SQLite would copy every row (photo blobs too)
    # through a sorter; rows come back almost in order, which Python sorts in one pass.
    rows.sort(key=_CARD_ORDER)
    return {cid: list(group) for cid, group in itertools.groupby(rows, _FIRST)}


# Type lists and parameter sets repeat across thousands of rows ("internet,home",
# "[]"): parse each distinct text once.
@functools.lru_cache(maxsize=1024)
def parse_types(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t) if text else ()


@functools.lru_cache(maxsize=1024)
def parse_params(text: str) -> Params:
    if text == "[]":
        return ()
    return tuple((str(k), str(v)) for k, v in json.loads(text))


def parse_str_list(text: str) -> tuple[str, ...]:
    """A JSON list of strings (nicknames, units) as a tuple; most are empty."""
    return () if text == "[]" else tuple(json.loads(text))


# One stored contact as read: its _HEAD_COLUMNS row and its child rows, one list per
# table in CHILD_TABLES order, each row `(contact_id, position, *_READ_COLUMNS[table])`.
ContactRows = tuple[tuple[Any, ...], list[Sequence[tuple[Any, ...]]]]


def load_contact_rows(conn: Connection, ids: Sequence[int], *,
                      shaped: bool = False) -> dict[int, ContactRows]:
    """The stored rows of `ids` (missing ids are absent), for readers that need no
    `Contact` objects (the exporter writes vCards straight from them). `shaped`: rows
    of _SHAPED_TABLES end in their JSON shape text instead (see `unshape_rows`)."""
    selects = _SELECT_SHAPED if shaped else _SELECT_CHILDREN
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        heads = _in_chunks(cursor, f"SELECT {', '.join(_HEAD_COLUMNS)} FROM contacts WHERE id IN ",
                           list(ids), "")
        found = [row[0] for row in heads]
        kids = [_children_by_contact(cursor, selects[t], found) for t in CHILD_TABLES]
    finally:
        cursor.close()
    return {row[0]: (row, [k.get(row[0], ()) for k in kids]) for row in heads}


def unshape_rows(rows: ContactRows) -> ContactRows:
    """`shaped` rows of one contact as `load_contact_rows` gives them by default."""
    head, kids = rows
    return head, [[(*r[:-1], *json.loads(r[-1])) for r in k] if k and t in _SHAPED_TABLES
                  else k for t, k in zip(CHILD_TABLES, kids, strict=True)]


def load_contacts(conn: Connection, ids: Sequence[int]) -> dict[int, Contact]:
    """Full domain contacts for `ids` (missing ids are absent from the result)."""
    return {cid: contact_from_rows(*rows) for cid, rows in load_contact_rows(conn, ids).items()}


def contact_from_rows(row: tuple[Any, ...], kids: Sequence[Sequence[tuple[Any, ...]]]
                      ) -> Contact:
    """Rebuild a contact from its rows (see `ContactRows`)."""
    (cid, uid, display_name, family, given, additional, prefixes, suffixes, nicknames, title,
     role, note, bday_year, bday_month, bday_day) = row
    emails, phones, addresses, organisations, categories, urls, photos, raw = kids
    return Contact(
        id=cid, uid=uid, display_name=display_name,
        name=StructuredName(family, given, additional, prefixes, suffixes),
        nicknames=parse_str_list(nicknames), title=title, role=role, note=note,
        birthday=Birthday(bday_month, bday_day, bday_year) if bday_month and bday_day else None,
        emails=[Email(address, parse_types(types), bool(pref), label, grp, parse_params(params))
                for _, _, address, types, pref, label, grp, params in emails],
        phones=[Phone(number, parse_types(types), bool(pref), label, grp, parse_params(params))
                for _, _, number, types, pref, label, grp, params in phones],
        addresses=[Address(po_box, extended, street, locality, region, postal_code, country,
                           parse_types(types), bool(pref), label, grp, parse_params(params))
                   for (_, _, po_box, extended, street, locality, region, postal_code, country,
                        types, pref, label, grp, params) in addresses],
        organisations=[Organisation(name, parse_str_list(units), grp, parse_params(params))
                       for _, _, name, units, grp, params in organisations],
        categories=[c[2] for c in categories],
        urls=[u[2] for u in urls],
        photos=[Photo(data, media_type, uri, parse_params(params))
                for _, _, data, media_type, uri, params in photos],
        raw=[RawProperty(name, line) for _, _, name, line in raw],
    )


def set_user_circle(conn: Connection, contact_id: int, circle: Circle | None) -> bool:
    """Record the user's decision (None clears it); False if no such contact."""
    result = conn.execute(
        update(s.contacts).where(s.contacts.c.id == contact_id)
        .values(circle_user=circle.value if circle else None, updated_at=now_iso()))
    return bool(result.rowcount)


def set_suggestions(conn: Connection, suggestions: dict[int, CircleSuggestion]) -> None:
    """Store the app's suggestions (never touches the user's decision)."""
    if not suggestions:
        return
    conn.execute(
        update(s.contacts).where(s.contacts.c.id == bindparam("cid"))
        .values(circle_suggested=bindparam("sc"), circle_confidence=bindparam("cf"),
                circle_reasons=bindparam("rs")),
        [{"cid": cid, "sc": sg.circle.value, "cf": sg.confidence,
          "rs": json.dumps(list(sg.reasons), ensure_ascii=False)}
         for cid, sg in suggestions.items()])
