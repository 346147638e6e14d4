"""Computing and storing suggestions for stored contacts.

Reads only what the signals need (no notes, photos, URLs; only typed phones
and addresses; only the raw properties that are signals) straight from the
driver, builds light `Contact`s, and writes the suggestions that changed with
the same columns `store.contacts.set_suggestions` writes. The user's decision (`circle_user`) is
never read or written here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from relmanager.domain import (
    Address,
    Birthday,
    CircleSuggestion,
    Contact,
    Email,
    Organisation,
    Phone,
    RawProperty,
    StructuredName,
)
from relmanager.services.circles.domains import domain_of
from relmanager.services.circles.rules import Rule, RuleIndex, RuleSignal, rule_from_row
from relmanager.services.circles.suggest import suggest
from relmanager.services.circles.vocab import fold_key

CHUNK = 5000  # contacts per read/suggest/write round (fewer, larger queries)
_IN_CHUNK = 500  # ids per SQL IN list
_SOME_BIRTHDAY = Birthday(1, 1)  # light contacts only need to know there is one
_RAW_SIGNALS = "('RELATED', 'X-ABSHOWAS', 'X-ABRELATEDNAMES', 'X-ABLABEL')"

# Only phones and addresses that can be evidence: typed HOME/WORK, or labelled.
_HOME_OR_WORK = "(types LIKE '%home%' OR types LIKE '%work%' OR label IS NOT NULL)"
_HEADS = ("SELECT id, display_name, family, given, additional, prefixes, suffixes, nicknames, "
          "title, role, bday_month, circle_suggested, circle_confidence, circle_reasons "
          "FROM contacts WHERE {where}")
_CHILDREN = (
    ("emails", "SELECT contact_id, address, types, label FROM emails WHERE {where} "
               "ORDER BY contact_id, position"),
    ("phones", "SELECT contact_id, types, label FROM phones WHERE {where} "
               f"AND {_HOME_OR_WORK} ORDER BY contact_id, position"),
    ("addresses", "SELECT contact_id, types, label FROM addresses WHERE {where} "
                  f"AND {_HOME_OR_WORK} ORDER BY contact_id, position"),
    ("organisations", "SELECT contact_id, name FROM organisations WHERE {where} "
                      "ORDER BY contact_id, position"),
    ("categories", "SELECT contact_id, name FROM categories WHERE {where} "
                   "ORDER BY contact_id, position"),
    ("raw", f"SELECT contact_id, name, line FROM raw_properties WHERE {{where}} "
            f"AND name IN {_RAW_SIGNALS} ORDER BY contact_id, position"),
)


def active_rules(conn: Connection) -> list[Rule]:
    rows = conn.exec_driver_sql(
        "SELECT id, signal, value, circle, evidence_count, created_at, removed "
        "FROM circle_rules WHERE removed = 0")
    return [rule_from_row(row) for row in rows]


def refresh_suggestions(conn: Connection, contact_ids: Iterable[int] | None = None,
                        rules: RuleIndex | None = None) -> int:
    """Recompute suggestions for `contact_ids` (all contacts when None).

    Returns how many stored suggestions changed. Runs in the caller's transaction.
    """
    if contact_ids is None:
        ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM contacts ORDER BY id")]
    else:
        ids = sorted(set(contact_ids))
    if not ids:
        return 0
    index = rules if rules is not None else RuleIndex.build(active_rules(conn))
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    changed = 0
    try:
        for start in range(0, len(ids), CHUNK):
            part = ids[start:start + CHUNK]
            contacts, current = _load(cursor, part)
            fresh: list[tuple[str, float, str, int]] = []
            for cid, contact in contacts.items():
                suggestion = suggest(contact, index)
                if not _same(current[cid], suggestion):
                    fresh.append((suggestion.circle.value, suggestion.confidence,
                                  _JSON.encode(list(suggestion.reasons)), cid))
            if fresh:
                # Same columns as store.contacts.set_suggestions, through the driver's
                # executemany: SQLAlchemy's per-row parameter handling cost more than the
                # suggestions themselves. Never touches circle_user.
                conn.exec_driver_sql(_UPDATE, fresh)
            changed += len(fresh)
    finally:
        cursor.close()
    return changed


# json.dumps(..., ensure_ascii=False) builds a new encoder on every call.
_JSON = json.JSONEncoder(ensure_ascii=False)
_UPDATE = ("UPDATE contacts SET circle_suggested = ?, circle_confidence = ?, circle_reasons = ? "
           "WHERE id = ?")
Stored = tuple[str, float, str]  # circle_suggested, circle_confidence, circle_reasons (JSON)


def _same(stored: Stored, suggestion: CircleSuggestion) -> bool:
    circle, confidence, reasons = stored
    if circle != suggestion.circle.value or confidence != suggestion.confidence:
        return False
    return reasons != "[]" and tuple(json.loads(reasons)) == suggestion.reasons


def refresh_batch(conn: Connection, batch_id: int | None) -> int:
    """Recompute suggestions for the contacts an import batch created or changed."""
    if batch_id is None:
        return 0
    rows = conn.exec_driver_sql(
        "SELECT contact_id FROM batch_changes WHERE batch_id = ? "
        "AND action IN ('created', 'merged')", (batch_id,))
    return refresh_suggestions(conn, [int(r[0]) for r in rows])


def refresh_matching(conn: Connection, keys: Sequence[tuple[RuleSignal, str]]) -> int:
    """Recompute suggestions for contacts holding any of these rule values.

    One scan per table however many keys: a bulk decision can change hundreds
    of rules at once.
    """
    wanted: dict[RuleSignal, set[str]] = {signal: set() for signal in RuleSignal}
    for signal, value in keys:
        wanted[signal].add(value)
    ids: set[int] = set()
    if domains := wanted[RuleSignal.EMAIL_DOMAIN]:
        ids.update(int(cid) for cid, address in conn.exec_driver_sql(
            "SELECT contact_id, normalized FROM emails") if domain_of(address) in domains)
    for signal, table in ((RuleSignal.ORG, "organisations"), (RuleSignal.CATEGORY, "categories")):
        if values := wanted[signal]:
            ids.update(int(cid) for cid, name in conn.exec_driver_sql(
                f"SELECT contact_id, name FROM {table}") if fold_key(name) in values)
    return refresh_suggestions(conn, ids) if ids else 0


def _selections(ids: list[int]) -> Iterator[tuple[str, tuple[int, ...]]]:
    """SQL conditions (on `{col}`) covering `ids`: one range when dense, IN lists when not."""
    lo, hi = ids[0], ids[-1]
    if hi - lo + 1 <= 2 * len(ids):
        yield "{col} BETWEEN ? AND ?", (lo, hi)
        return
    for start in range(0, len(ids), _IN_CHUNK):
        part = tuple(ids[start:start + _IN_CHUNK])
        yield "{col} IN (" + ", ".join("?" * len(part)) + ")", part


def _load(cursor: Any, ids: list[int]) -> tuple[dict[int, Contact], dict[int, Stored]]:
    wanted = set(ids)
    contacts: dict[int, Contact] = {}
    current: dict[int, Stored] = {}
    for cond, params in _selections(ids):
        cursor.execute(_HEADS.format(where=cond.format(col="id")), params)
        for row in cursor.fetchall():
            if row[0] in wanted:
                contacts[row[0]] = _head(row)
                current[row[0]] = (row[11], row[12], row[13])
        for name, sql in _CHILDREN:
            cursor.execute(sql.format(where=cond.format(col="contact_id")), params)
            _ADD[name](contacts, cursor.fetchall())
    return contacts, current


def _head(row: Sequence[Any]) -> Contact:
    return Contact(
        id=row[0], display_name=row[1],
        name=StructuredName(row[2], row[3], row[4], row[5], row[6]),
        nicknames=tuple(json.loads(row[7])) if row[7] != "[]" else (),
        title=row[8], role=row[9], birthday=_SOME_BIRTHDAY if row[10] else None)


@functools.lru_cache(maxsize=512)
def _types(text: str) -> tuple[str, ...]:
    return tuple(t for t in text.split(",") if t) if text else ()


Rows = list[tuple[Any, ...]]


def _add_emails(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, address, types, label in rows:
        if (c := contacts.get(cid)) is not None:
            c.emails.append(Email(address, _types(types), label=label))


def _add_phones(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, types, label in rows:
        if (c := contacts.get(cid)) is not None:
            c.phones.append(Phone("", _types(types), label=label))


def _add_addresses(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, types, label in rows:
        if (c := contacts.get(cid)) is not None:
            c.addresses.append(Address(types=_types(types), label=label))


def _add_organisations(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, name in rows:
        if (c := contacts.get(cid)) is not None:
            c.organisations.append(Organisation(name))


def _add_categories(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, name in rows:
        if (c := contacts.get(cid)) is not None:
            c.categories.append(name)


def _add_raw(contacts: dict[int, Contact], rows: Rows) -> None:
    for cid, name, line in rows:
        if (c := contacts.get(cid)) is not None:
            c.raw.append(RawProperty(name, line))


_ADD: dict[str, Callable[[dict[int, Contact], Rows], None]] = {
    "emails": _add_emails, "phones": _add_phones, "addresses": _add_addresses,
    "organisations": _add_organisations, "categories": _add_categories, "raw": _add_raw,
}
