"""A contact's child-table rows (e-mails, phones, addresses...) and writing them.

Rows go in as tuples through the driver's executemany: building and compiling
dict-based Core inserts cost more than SQLite's own work at 50k cards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from relmanager.domain import Contact
from relmanager.domain.contact import Params
from relmanager.store import schema as s
from relmanager.store.normalize import normalize_email, normalize_phone

# `json.dumps(x, ensure_ascii=False)` builds a new encoder per call; this one is reused.
TO_JSON = json.JSONEncoder(ensure_ascii=False).encode


def str_list(items: Sequence[str]) -> str:
    return TO_JSON(list(items)) if items else "[]"


def _params(p: Params) -> str:
    return TO_JSON([list(x) for x in p]) if p else "[]"


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


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
_INSERT_SQL = {table: insert_sql(table.name, cols) for table, cols in CHILD_COLUMNS.items()}


def _email_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, e.address, normalize_email(e.address), ",".join(e.types), e.pref,
             e.label, e.group, _params(e.extra_params)) for i, e in enumerate(contact.emails)]


def _phone_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, p.number, normalize_phone(p.number), ",".join(p.types), p.pref,
             p.label, p.group, _params(p.extra_params)) for i, p in enumerate(contact.phones)]


def _address_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, a.po_box, a.extended, a.street, a.locality, a.region, a.postal_code,
             a.country, ",".join(a.types), a.pref, a.label, a.group, _params(a.extra_params))
            for i, a in enumerate(contact.addresses)]


def _organisation_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, o.name, str_list(o.units), o.group, _params(o.extra_params))
            for i, o in enumerate(contact.organisations)]


def _photo_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, p.data, p.media_type, p.uri, _params(p.extra_params))
            for i, p in enumerate(contact.photos)]


def _value_rows(attr: str) -> Callable[[Contact, int], list[tuple[Any, ...]]]:
    """Rows of a table that holds one value (a category, a URL...) per row."""
    def rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
        return [(cid, i, v) for i, v in enumerate(getattr(contact, attr))]
    return rows


def _raw_rows(contact: Contact, cid: int) -> list[tuple[Any, ...]]:
    return [(cid, i, r.name, r.line) for i, r in enumerate(contact.raw)]


# (table, the Contact list it stores, its rows) in CHILD_TABLES order.
_CHILD_ROWS: tuple[tuple[Table, str, Callable[[Contact, int], list[tuple[Any, ...]]]], ...] = (
    (s.emails, "emails", _email_rows), (s.phones, "phones", _phone_rows),
    (s.addresses, "addresses", _address_rows),
    (s.organisations, "organisations", _organisation_rows),
    (s.categories, "categories", _value_rows("categories")),
    (s.urls, "urls", _value_rows("urls")), (s.photos, "photos", _photo_rows),
    (s.raw_properties, "raw", _raw_rows),
)


def child_rows(contact: Contact, cid: int) -> dict[Table, list[tuple[Any, ...]]]:
    """Rows (in CHILD_COLUMNS order) for every child table of one contact, in card order."""
    return {table: rows(contact, cid) for table, _attr, rows in _CHILD_ROWS}


def insert_children(conn: Connection, pairs: Iterable[tuple[Contact, int]]) -> None:
    """Insert the child rows of `pairs` (contact, id), table by table in card order."""
    pairs = list(pairs)
    for table, attr, make_rows in _CHILD_ROWS:  # one table at a time: most contacts have
        rows: list[tuple[Any, ...]] = []        # nothing in most tables, and skip them here
        for contact, cid in pairs:
            if getattr(contact, attr):
                rows += make_rows(contact, cid)
        if rows:
            conn.exec_driver_sql(_INSERT_SQL[table], rows)
