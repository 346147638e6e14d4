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
    return json.dumps([list(x) for x in p], ensure_ascii=False)


def _unparams(text: str) -> Params:
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


def child_rows(contact: Contact, cid: int) -> dict[Table, list[dict[str, Any]]]:
    """Rows for every child table of one contact, in card order."""
    return {
        s.emails: [
            {"contact_id": cid, "position": i, "address": e.address,
             "normalized": normalize_email(e.address), "types": ",".join(e.types),
             "pref": e.pref, "label": e.label, "grp": e.group,
             "extra_params": _params(e.extra_params)}
            for i, e in enumerate(contact.emails)],
        s.phones: [
            {"contact_id": cid, "position": i, "number": p.number,
             "normalized": normalize_phone(p.number), "types": ",".join(p.types),
             "pref": p.pref, "label": p.label, "grp": p.group,
             "extra_params": _params(p.extra_params)}
            for i, p in enumerate(contact.phones)],
        s.addresses: [
            {"contact_id": cid, "position": i, "po_box": a.po_box, "extended": a.extended,
             "street": a.street, "locality": a.locality, "region": a.region,
             "postal_code": a.postal_code, "country": a.country, "types": ",".join(a.types),
             "pref": a.pref, "label": a.label, "grp": a.group,
             "extra_params": _params(a.extra_params)}
            for i, a in enumerate(contact.addresses)],
        s.organisations: [
            {"contact_id": cid, "position": i, "name": o.name,
             "units": json.dumps(list(o.units), ensure_ascii=False), "grp": o.group,
             "extra_params": _params(o.extra_params)}
            for i, o in enumerate(contact.organisations)],
        s.categories: [{"contact_id": cid, "position": i, "name": c}
                       for i, c in enumerate(contact.categories)],
        s.urls: [{"contact_id": cid, "position": i, "url": u}
                 for i, u in enumerate(contact.urls)],
        s.photos: [
            {"contact_id": cid, "position": i, "data": p.data, "media_type": p.media_type,
             "uri": p.uri, "extra_params": _params(p.extra_params)}
            for i, p in enumerate(contact.photos)],
        s.raw_properties: [{"contact_id": cid, "position": i, "name": r.name, "line": r.line}
                           for i, r in enumerate(contact.raw)],
    }


def next_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(s.contacts.c.id), 0))).scalar_one()) + 1


def insert_contacts(conn: Connection, contacts: Sequence[Contact], *,
                    batch_id: int | None = None, hashes: Sequence[str] | None = None) -> list[int]:
    """Insert new contacts (and their fields); returns their ids in order.

    Ids are assigned here: the caller holds the write lock, so max(id)+1 is safe
    and saves a round trip per contact.
    """
    if not contacts:
        return []
    first = next_id(conn)
    now = now_iso()
    ids = list(range(first, first + len(contacts)))
    conn.execute(s.contacts.insert(), [
        contact_row(c, cid, now, batch_id, hashes[i] if hashes else "")
        for i, (c, cid) in enumerate(zip(contacts, ids, strict=True))])
    _insert_children(conn, zip(contacts, ids, strict=True))
    for contact, cid in zip(contacts, ids, strict=True):
        contact.id = cid
    return ids


def _insert_children(conn: Connection, pairs: Iterable[tuple[Contact, int]]) -> None:
    batches: dict[Table, list[dict[str, Any]]] = defaultdict(list)
    for contact, cid in pairs:
        for table, rows in child_rows(contact, cid).items():
            batches[table].extend(rows)
    for table, rows in batches.items():
        if rows:
            conn.execute(table.insert(), rows)


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
                         ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        rows = conn.execute(select(table).where(table.c.contact_id.in_(part))
                            .order_by(table.c.contact_id, table.c.position))
        for row in rows:
            out[row.contact_id].append(row)
    return out


def _types(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t)


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


def _contact_from_rows(row: Any, kids: dict[str, list[Any]]) -> Contact:
    bday = (Birthday(row.bday_month, row.bday_day, row.bday_year)
            if row.bday_month and row.bday_day else None)
    return Contact(
        id=row.id, uid=row.uid, display_name=row.display_name,
        name=StructuredName(row.family, row.given, row.additional, row.prefixes, row.suffixes),
        nicknames=tuple(json.loads(row.nicknames)), title=row.title, role=row.role,
        note=row.note, birthday=bday,
        emails=[Email(e.address, _types(e.types), e.pref, e.label, e.grp,
                      _unparams(e.extra_params)) for e in kids["emails"]],
        phones=[Phone(p.number, _types(p.types), p.pref, p.label, p.grp,
                      _unparams(p.extra_params)) for p in kids["phones"]],
        addresses=[Address(a.po_box, a.extended, a.street, a.locality, a.region,
                           a.postal_code, a.country, _types(a.types), a.pref, a.label, a.grp,
                           _unparams(a.extra_params)) for a in kids["addresses"]],
        organisations=[Organisation(o.name, tuple(json.loads(o.units)), o.grp,
                                    _unparams(o.extra_params)) for o in kids["organisations"]],
        categories=[c.name for c in kids["categories"]],
        urls=[u.url for u in kids["urls"]],
        photos=[Photo(p.data, p.media_type, p.uri, _unparams(p.extra_params))
                for p in kids["photos"]],
        raw=[RawProperty(r.name, r.line) for r in kids["raw_properties"]],
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
