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
from collections import defaultdict
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
from relmanager.store.normalize import normalize_email, normalize_phone, sort_key

CHILD_TABLES: tuple[Table, ...] = (
    s.emails, s.phones, s.addresses, s.organisations, s.categories, s.urls, s.photos,
    s.raw_properties,
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _params(p: Params) -> str:
    return json.dumps([list(x) for x in p], ensure_ascii=False) if p else "[]"


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
            json.dumps(list(contact.nicknames), ensure_ascii=False) if contact.nicknames
            else "[]",
            contact.title, contact.role, contact.note, bday.year if bday else None,
            bday.month if bday else None, bday.day if bday else None, content_hash,
            batch_id, now, now)


def contact_row(contact: Contact, contact_id: int, now: str, batch_id: int | None,
                content_hash: str = "") -> dict[str, Any]:
    return dict(zip(CONTACT_COLUMNS,
                    contact_values(contact, contact_id, now, batch_id, content_hash),
                    strict=True))


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


_INSERT_CONTACT = _insert_sql("contacts", CONTACT_COLUMNS)
_INSERT_CONTACT_SUGGESTED = _insert_sql("contacts", CONTACT_COLUMNS + _SUGGESTION_COLUMNS)


# Child rows go in as tuples through the driver's executemany: building and
# compiling dict-based Core inserts cost more than SQLite's own work at 50k cards.
CHILD_COLUMNS: dict[Table, tuple[str, ...]] = {
    s.emails: ("contact_id", "position", "address", "normalized", "types", "pref", "label",
               "grp", "extra_params"),
    s.phones: ("contact_id", "position", "number", "normalized", "types", "pref", "label",
               "grp", "extra_params"),
    s.addresses: ("contact_id", "position", "po_box", "extended", "street", "locality",
                  "region", "postal_code", "country", "types", "pref", "label", "grp",
                  "extra_params"),
    s.organisations: ("contact_id", "position", "name", "units", "grp", "extra_params"),
    s.categories: ("contact_id", "position", "name"),
    s.urls: ("contact_id", "position", "url"),
    s.photos: ("contact_id", "position", "data", "media_type", "uri", "extra_params"),
    s.raw_properties: ("contact_id", "position", "name", "line"),
}
_INSERT_SQL = {table: _insert_sql(table.name, cols) for table, cols in CHILD_COLUMNS.items()}


def child_rows(contact: Contact, cid: int) -> dict[Table, list[tuple[Any, ...]]]:
    """Rows (in CHILD_COLUMNS order) for every child table of one contact, in card order."""
    return {
        s.emails: [(cid, i, e.address, normalize_email(e.address), ",".join(e.types), e.pref,
                    e.label, e.group, _params(e.extra_params))
                   for i, e in enumerate(contact.emails)],
        s.phones: [(cid, i, p.number, normalize_phone(p.number), ",".join(p.types), p.pref,
                    p.label, p.group, _params(p.extra_params))
                   for i, p in enumerate(contact.phones)],
        s.addresses: [(cid, i, a.po_box, a.extended, a.street, a.locality, a.region,
                       a.postal_code, a.country, ",".join(a.types), a.pref, a.label, a.group,
                       _params(a.extra_params))
                      for i, a in enumerate(contact.addresses)],
        s.organisations: [(cid, i, o.name, json.dumps(list(o.units), ensure_ascii=False),
                           o.group, _params(o.extra_params))
                          for i, o in enumerate(contact.organisations)],
        s.categories: [(cid, i, c) for i, c in enumerate(contact.categories)],
        s.urls: [(cid, i, u) for i, u in enumerate(contact.urls)],
        s.photos: [(cid, i, p.data, p.media_type, p.uri, _params(p.extra_params))
                   for i, p in enumerate(contact.photos)],
        s.raw_properties: [(cid, i, r.name, r.line) for i, r in enumerate(contact.raw)],
    }


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
        rows = [(*row, sg.circle.value, sg.confidence,
                 json.dumps(list(sg.reasons), ensure_ascii=False))
                for row, sg in zip(rows, suggestions, strict=True)]
    conn.exec_driver_sql(_INSERT_CONTACT_SUGGESTED if suggestions else _INSERT_CONTACT, rows)
    _insert_children(conn, zip(contacts, ids, strict=True))
    for contact, cid in zip(contacts, ids, strict=True):
        contact.id = cid
    return list(ids)


def _insert_children(conn: Connection, pairs: Iterable[tuple[Contact, int]]) -> None:
    batches: dict[Table, list[tuple[Any, ...]]] = defaultdict(list)
    for contact, cid in pairs:
        for table, rows in child_rows(contact, cid).items():
            batches[table].extend(rows)
    for table, rows in batches.items():
        if rows:
            conn.exec_driver_sql(_INSERT_SQL[table], rows)


def replace_contact(conn: Connection, contact: Contact, content_hash: str | None = None) -> None:
    """Overwrite a stored contact's card fields (not its circle or history)."""
    assert contact.id is not None
    row = contact_row(contact, contact.id, now_iso(), None)
    for key in ("id", "created_at", "created_batch_id", "content_hash"):
        row.pop(key)
    if content_hash is not None:
        row["content_hash"] = content_hash
    conn.execute(update(s.contacts).where(s.contacts.c.id == contact.id).values(**row))
    for table in CHILD_TABLES:
        conn.execute(delete(table).where(table.c.contact_id == contact.id))
    _insert_children(conn, [(contact, contact.id)])


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
