"""Contact repository: domain `Contact` objects in and out of the tables.

Writes are bulk-friendly (ids assigned inside the caller's write transaction,
children inserted with executemany) because an import stores 50k contacts in
one transaction. Every function takes an open `Connection`; the caller owns
the transaction.
"""

from __future__ import annotations

import json
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


def _unparams(text: str) -> Params:
    if text == "[]":
        return ()
    return tuple((str(k), str(v)) for k, v in json.loads(text))


def contact_row(contact: Contact, contact_id: int, now: str, batch_id: int | None,
                content_hash: str = "") -> dict[str, Any]:
    bday = contact.birthday
    return {
        "id": contact_id, "uid": contact.uid, "display_name": contact.display_name,
        "sort_key": sort_key(contact), "family": contact.name.family,
        "given": contact.name.given, "additional": contact.name.additional,
        "prefixes": contact.name.prefixes, "suffixes": contact.name.suffixes,
        "nicknames": json.dumps(list(contact.nicknames), ensure_ascii=False),
        "title": contact.title, "role": contact.role, "note": contact.note,
        "bday_year": bday.year if bday else None, "bday_month": bday.month if bday else None,
        "bday_day": bday.day if bday else None, "content_hash": content_hash,
        "created_batch_id": batch_id, "created_at": now, "updated_at": now,
    }


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
_INSERT_SQL = {
    table: f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    for table, cols in CHILD_COLUMNS.items()
}


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
                    ids: Sequence[int] | None = None) -> list[int]:
    """Insert new contacts (and their fields); returns their ids in order.

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
    conn.execute(s.contacts.insert(), [
        contact_row(c, cid, now, batch_id, hashes[i] if hashes else "")
        for i, (c, cid) in enumerate(zip(contacts, ids, strict=True))])
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


def _children_by_contact(conn: Connection, table: Table,
                         ids: Sequence[int]) -> dict[int, list[tuple[Any, ...]]]:
    # Plain driver cursor: SQLAlchemy's row objects cost more than the query
    # when an export reads 50k contacts' fields.
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(CHILD_COLUMNS[table])
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        cursor.execute(f"SELECT {columns} FROM {table.name} WHERE contact_id IN "
                       f"({', '.join('?' * len(part))}) ORDER BY contact_id, position", part)
        for row in cursor.fetchall():
            out[row[0]].append(row)
    cursor.close()
    return out


def _types(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t) if text else ()


def load_contacts(conn: Connection, ids: Sequence[int]) -> dict[int, Contact]:
    """Full domain contacts for `ids` (missing ids are absent from the result)."""
    ids = list(ids)
    heads = {}
    for chunk in range(0, len(ids), 500):
        for row in conn.execute(select(s.contacts).where(
                s.contacts.c.id.in_(ids[chunk:chunk + 500]))):
            heads[row.id] = row
    kids = {t.name: _children_by_contact(conn, t, list(heads)) for t in CHILD_TABLES}
    return {cid: _contact_from_rows(row, {k: v.get(cid, []) for k, v in kids.items()})
            for cid, row in heads.items()}


def _contact_from_rows(row: Any, kids: dict[str, list[tuple[Any, ...]]]) -> Contact:
    """Rebuild a contact; child tuples are in CHILD_COLUMNS order."""
    bday = (Birthday(row.bday_month, row.bday_day, row.bday_year)
            if row.bday_month and row.bday_day else None)
    return Contact(
        id=row.id, uid=row.uid, display_name=row.display_name,
        name=StructuredName(row.family, row.given, row.additional, row.prefixes, row.suffixes),
        nicknames=tuple(json.loads(row.nicknames)), title=row.title, role=row.role,
        note=row.note, birthday=bday,
        emails=[Email(e[2], _types(e[4]), bool(e[5]), e[6], e[7], _unparams(e[8]))
                for e in kids["emails"]],
        phones=[Phone(p[2], _types(p[4]), bool(p[5]), p[6], p[7], _unparams(p[8]))
                for p in kids["phones"]],
        addresses=[Address(a[2], a[3], a[4], a[5], a[6], a[7], a[8], _types(a[9]), bool(a[10]),
                           a[11], a[12], _unparams(a[13])) for a in kids["addresses"]],
        organisations=[Organisation(o[2], tuple(json.loads(o[3])), o[4], _unparams(o[5]))
                       for o in kids["organisations"]],
        categories=[c[2] for c in kids["categories"]],
        urls=[u[2] for u in kids["urls"]],
        photos=[Photo(p[2], p[3], p[4], _unparams(p[5])) for p in kids["photos"]],
        raw=[RawProperty(r[2], r[3]) for r in kids["raw_properties"]],
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
