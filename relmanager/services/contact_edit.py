"""Editing contacts: save, create, delete and bulk changes, each one undoable.

Every change is one write transaction and returns a `RowSnapshot` of what it
replaced; `restore(engine, snapshot)` puts that back and returns the snapshot
that redoes the change (see `contact_rows`).

A user's edit must survive re-importing the card it came from: edited card
fields are added to `user_edited` (the importer's merge never overwrites
those), and `content_hash` keeps describing the last *imported* card, so
re-importing that same card counts as unchanged and touches nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, update

from relmanager.domain import Circle, Contact
from relmanager.services.circles import learn_and_refresh, refresh_suggestions
from relmanager.services.contact_rows import (
    CARD_SCOPE,
    CATEGORY_SCOPE,
    HEAD_SCOPE,
    RowSnapshot,
    capture,
    full_scope,
    swap,
)
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import insert_contacts, load_contacts, now_iso, replace_contact

# Card fields the editor changes; their names are what `user_edited` records
# (the same names services.merge locks).
EDITABLE_FIELDS = ("display_name", "name", "nicknames", "emails", "phones", "addresses",
                   "organisations", "title", "role", "categories", "birthday", "note")
_IDS = "(SELECT value FROM json_each(?))"
_COLS = list(s.contacts.c.keys())


class ContactNotFoundError(LookupError):
    """The contact is gone (deleted meanwhile); the message is for the user."""


@dataclass(frozen=True)
class HeadFields:
    """What the app knows about a contact beyond its card."""

    circle_user: Circle | None = None  # the user's decision; None: go with the suggestion
    dont_pitch: bool = False
    cadence_days: int | None = None  # None: the circle's default; 0: no reminders


@dataclass(frozen=True)
class EditableContact:
    contact: Contact
    head: HeadFields
    suggested: Circle  # what the app would pick without a decision


# -- validation (shared with the editor, so the CLI or a test sees the same rules) ------

def email_problem(address: str) -> str | None:
    text = address.strip()
    if not text:
        return None
    local, at, domain = text.rpartition("@")
    if not at:
        return f"“{text}” has no @."
    if not local or not domain:
        return f"“{text}” needs a name before and a domain after the @."
    if any(ch.isspace() for ch in text):
        return f"“{text}” contains a space."
    return None


def phone_problem(number: str) -> str | None:
    text = number.strip()
    if text and not any(ch.isdigit() for ch in text):
        return f"“{text}” has no digits."
    return None


def display_name_for(contact: Contact) -> str:
    """The name to list the contact under: FN, else N, else ORG, e-mail or phone."""
    for candidate in (contact.display_name, contact.name.formatted(), contact.org,
                      *(e.address for e in contact.emails), *(p.number for p in contact.phones)):
        if candidate.strip():
            return candidate.strip()
    return ""


def edited_fields(before: Contact, after: Contact) -> list[str]:
    return [f for f in EDITABLE_FIELDS if getattr(before, f) != getattr(after, f)]


# -- reading ---------------------------------------------------------------------------

def load_editable(engine: Engine, contact_id: int) -> EditableContact:
    with engine.connect() as conn:
        contact = load_contacts(conn, [contact_id]).get(contact_id)
        head = conn.execute(s.contacts.select().where(s.contacts.c.id == contact_id)).first()
    if contact is None or head is None:
        raise ContactNotFoundError("This contact was deleted meanwhile.")
    return EditableContact(
        contact,
        HeadFields(Circle(head.circle_user) if head.circle_user else None,
                   bool(head.dont_pitch), head.cadence_days),
        Circle(head.circle_suggested))


def category_names(engine: Engine, ids: Sequence[int] | None = None) -> list[str]:
    """Every category in use (on `ids` when given), once (case-insensitively), sorted."""
    sql = "SELECT DISTINCT name FROM categories"
    params: tuple[str, ...] = ()
    if ids is not None:
        sql, params = f"{sql} WHERE contact_id IN {_IDS}", (json.dumps(list(ids)),)
    with engine.connect() as conn:
        names = [str(r[0]) for r in conn.exec_driver_sql(sql, params)]
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def all_dont_pitch(engine: Engine, ids: Sequence[int]) -> bool:
    """True when every one of `ids` is marked "don't pitch" (and there is at least one)."""
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            f"SELECT COUNT(*), COALESCE(MIN(dont_pitch), 0) FROM contacts WHERE id IN {_IDS}",
            (json.dumps(list(ids)),)).one()
    return bool(row[0]) and bool(row[1])


# -- single-contact changes ---------------------------------------------------------------

def _prepared(contact: Contact) -> Contact:
    name = display_name_for(contact)
    if not name:
        raise ValueError("A contact needs a name, an organisation, an e-mail address or a phone "
                         "number.")
    contact.display_name = name
    return contact


def _head_values(head: HeadFields) -> dict[str, Any]:
    if head.cadence_days is not None and head.cadence_days < 0:
        raise ValueError("The keep-in-touch interval cannot be negative.")
    return {"circle_user": head.circle_user.value if head.circle_user else None,
            "dont_pitch": head.dont_pitch, "cadence_days": head.cadence_days}


def save_contact(engine: Engine, contact: Contact, head: HeadFields) -> RowSnapshot:
    """Store the edited `contact` (its `id` says which) and its head fields."""
    assert contact.id is not None
    cid = contact.id
    contact = _prepared(contact)
    with write_transaction(engine) as conn:
        before = capture(conn, [cid], CARD_SCOPE)
        old = load_contacts(conn, [cid]).get(cid)
        if old is None:
            raise ContactNotFoundError("This contact was deleted meanwhile; nothing was saved.")
        row = before.rows["contacts"][0]
        edited = set(json.loads(row[_COLS.index("user_edited")])) | set(
            edited_fields(old, contact))
        contact.uid = old.uid  # the card's identity never changes by editing
        replace_contact(conn, contact)  # content_hash stays: see the module doc
        conn.execute(update(s.contacts).where(s.contacts.c.id == cid).values(
            user_edited=json.dumps(sorted(edited)), **_head_values(head)))
        _after_change(conn, [cid], before.decided() or head.circle_user is not None)
    return before


def create_contact(engine: Engine, contact: Contact, head: HeadFields) -> tuple[int, RowSnapshot]:
    """Store a new contact with a fresh UID; returns its id and the (empty) before-state."""
    contact = _prepared(contact)
    contact.uid = f"urn:uuid:{uuid.uuid4()}"
    with write_transaction(engine) as conn:
        (cid,) = insert_contacts(conn, [contact])
        before = RowSnapshot((cid,), tuple(t.name for t in full_scope()),
                             {t.name: () for t in full_scope()})
        # Everything on a card the user typed is theirs: a later import must not rewrite it.
        conn.execute(update(s.contacts).where(s.contacts.c.id == cid).values(
            user_edited=json.dumps(sorted(EDITABLE_FIELDS)), **_head_values(head)))
        _after_change(conn, [cid], head.circle_user is not None)
    return cid, before


# -- many contacts at once -----------------------------------------------------------------

def delete_contacts(engine: Engine, ids: Sequence[int]) -> RowSnapshot:
    """Delete `ids` with everything they own (history, photos, duplicates, snoozes)."""
    with write_transaction(engine) as conn:
        before = capture(conn, ids, full_scope())
        conn.exec_driver_sql(f"DELETE FROM contacts WHERE id IN {_IDS}",
                             (json.dumps(before.present()),))
        if before.decided():  # fewer decisions can retire a learned rule
            learn_and_refresh(conn)
    return before


def add_category(engine: Engine, ids: Sequence[int], name: str) -> RowSnapshot:
    """Add category `name` to every contact in `ids` that lacks it (case-insensitively)."""
    name = _category(name)
    with write_transaction(engine) as conn:
        before = capture(conn, ids, CATEGORY_SCOPE)
        has = {r[1] for r in before.rows["categories"] if r[3].casefold() == name.casefold()}
        last: dict[int, int] = {}
        for _id, cid, position, _name in before.rows["categories"]:
            last[cid] = max(last.get(cid, -1), position)
        changed = [cid for cid in before.present() if cid not in has]
        if changed:
            conn.exec_driver_sql("INSERT INTO categories (contact_id, position, name) "
                                 "VALUES (?, ?, ?)",
                                 [(cid, last.get(cid, -1) + 1, name) for cid in changed])
        _mark_categories_edited(conn, before, changed)
    return before


def remove_category(engine: Engine, ids: Sequence[int], name: str) -> RowSnapshot:
    """Remove category `name` (case-insensitively) from every contact in `ids`."""
    name = _category(name)
    with write_transaction(engine) as conn:
        before = capture(conn, ids, CATEGORY_SCOPE)
        rows = [r for r in before.rows["categories"] if r[3].casefold() == name.casefold()]
        if rows:
            conn.exec_driver_sql(f"DELETE FROM categories WHERE id IN {_IDS}",
                                 (json.dumps([r[0] for r in rows]),))
        _mark_categories_edited(conn, before, sorted({r[1] for r in rows}))
    return before


def set_dont_pitch(engine: Engine, ids: Sequence[int], value: bool) -> RowSnapshot:
    with write_transaction(engine) as conn:
        before = capture(conn, ids, HEAD_SCOPE)
        conn.exec_driver_sql(
            f"UPDATE contacts SET dont_pitch = ?, updated_at = ? WHERE id IN {_IDS}",
            (value, now_iso(), json.dumps(before.present())))
    return before


def restore(engine: Engine, snapshot: RowSnapshot) -> RowSnapshot:
    """Undo (or redo) a change: put `snapshot` back, return what it replaced."""
    with write_transaction(engine) as conn:
        replaced = swap(conn, snapshot)
        decided = snapshot.decided() or replaced.decided()
        _after_change(conn, snapshot.present(), decided)
    return replaced


# -- helpers ---------------------------------------------------------------------------

def _category(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValueError("Type a category name.")
    if "," in name:
        raise ValueError("A category name cannot contain a comma.")
    return name


def _mark_categories_edited(conn: Connection, before: RowSnapshot,
                            changed: Sequence[int]) -> None:
    if not changed:
        return
    wanted = set(changed)
    edited_col = _COLS.index("user_edited")
    now = now_iso()
    conn.exec_driver_sql(
        "UPDATE contacts SET user_edited = ?, updated_at = ? WHERE id = ?",
        [(json.dumps(sorted({*json.loads(r[edited_col]), "categories"})), now, r[0])
         for r in before.rows["contacts"] if r[0] in wanted])
    # Categories are circle signals ("Family", "Clients").
    _after_change(conn, changed, before.decided())


def _after_change(conn: Connection, ids: Sequence[int], decided: bool) -> None:
    """Suggestions follow the card; a decided contact's fields also teach the rules."""
    if ids:
        refresh_suggestions(conn, ids)
    if decided:
        learn_and_refresh(conn)
