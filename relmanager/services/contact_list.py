"""The contact list as the window needs it: ordered ids, then rows on demand.

The list view asks for a few dozen rows at a time, so the query that runs on
every keystroke returns only ids; row details are fetched per visible block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from relmanager.domain import Circle
from relmanager.store import schema as s
from relmanager.store.normalize import fold

BLOCK = 500


class SortKey(StrEnum):
    NAME = "name"
    CIRCLE = "circle"
    ORGANISATION = "organisation"
    EMAIL = "email"
    LAST_CONTACT = "last_contact"


@dataclass(frozen=True)
class ListQuery:
    circle: Circle | None = None
    search: str = ""
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class ContactRow:
    id: int
    display_name: str
    circle: Circle
    circle_is_user: bool
    org: str
    email: str
    last_contact: str  # ISO date or ""
    has_photo: bool


def _effective_circle() -> Any:
    return func.coalesce(s.contacts.c.circle_user, s.contacts.c.circle_suggested)


def _first_org() -> Any:
    o = s.organisations.c
    return (select(o.name).where(o.contact_id == s.contacts.c.id)
            .order_by(o.position).limit(1).scalar_subquery())


def _first_email() -> Any:
    e = s.emails.c
    return (select(e.normalized).where(e.contact_id == s.contacts.c.id)
            .order_by(e.position).limit(1).scalar_subquery())


def _last_contact() -> Any:
    i = s.interactions.c
    return (select(func.max(i.occurred_on)).where(i.contact_id == s.contacts.c.id)
            .scalar_subquery())


def _search_filter(text: str) -> Any:
    """Every word must appear in a name, e-mail, phone, organisation, note or category."""
    c = s.contacts.c
    clauses = []
    for word in fold(text).split():
        like = f"%{word}%"
        digits = "".join(ch for ch in word if ch.isdigit())
        clauses.append(or_(
            c.sort_key.like(like), func.lower(c.note).like(like),
            s.contacts.c.id.in_(select(s.emails.c.contact_id)
                                .where(s.emails.c.normalized.like(like))),
            s.contacts.c.id.in_(select(s.organisations.c.contact_id)
                                .where(func.lower(s.organisations.c.name).like(like))),
            s.contacts.c.id.in_(select(s.categories.c.contact_id)
                                .where(func.lower(s.categories.c.name).like(like))),
            *([s.contacts.c.id.in_(select(s.phones.c.contact_id)
                                   .where(s.phones.c.normalized.like(f"%{digits}%")))]
              if len(digits) >= 3 else []),
        ))
    return and_(*clauses)


def contact_ids(engine: Engine, query: ListQuery) -> list[int]:
    c = s.contacts.c
    order = {
        SortKey.NAME: c.sort_key,
        SortKey.CIRCLE: _effective_circle(),
        SortKey.ORGANISATION: func.lower(func.coalesce(_first_org(), "")),
        SortKey.EMAIL: func.coalesce(_first_email(), ""),
        SortKey.LAST_CONTACT: func.coalesce(_last_contact(), ""),
    }[query.sort]
    stmt = select(c.id).order_by(order.desc() if query.descending else order, c.sort_key, c.id)
    if query.circle is not None:
        stmt = stmt.where(_effective_circle() == query.circle.value)
    if query.search.strip():
        stmt = stmt.where(_search_filter(query.search))
    with engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def fetch_rows(engine: Engine, ids: list[int]) -> dict[int, ContactRow]:
    with engine.connect() as conn:
        return _fetch(conn, ids)


def _fetch(conn: Connection, ids: list[int]) -> dict[int, ContactRow]:
    c = s.contacts.c
    out: dict[int, ContactRow] = {}
    for start in range(0, len(ids), BLOCK):
        part = ids[start:start + BLOCK]
        emails = _first_by_contact(conn, s.emails.c.address, s.emails, part)
        orgs = _first_by_contact(conn, s.organisations.c.name, s.organisations, part)
        photos = set(conn.execute(select(s.photos.c.contact_id).where(
            s.photos.c.contact_id.in_(part), s.photos.c.data.is_not(None))).scalars())
        last = dict(conn.execute(
            select(s.interactions.c.contact_id, func.max(s.interactions.c.occurred_on))
            .where(s.interactions.c.contact_id.in_(part))
            .group_by(s.interactions.c.contact_id)).all())
        for row in conn.execute(select(c.id, c.display_name, c.circle_user, c.circle_suggested)
                                .where(c.id.in_(part))):
            out[row.id] = ContactRow(
                id=row.id, display_name=row.display_name,
                circle=Circle(row.circle_user or row.circle_suggested),
                circle_is_user=row.circle_user is not None, org=orgs.get(row.id, ""),
                email=emails.get(row.id, ""), last_contact=last.get(row.id, "") or "",
                has_photo=row.id in photos)
    return out


def _first_by_contact(conn: Connection, column: Any, table: Any, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    rows = conn.execute(select(table.c.contact_id, column).where(table.c.contact_id.in_(ids))
                        .order_by(table.c.contact_id, table.c.position.desc()))
    for cid, value in rows:
        out[cid] = value  # position descending: the first one is written last
    return out


def circle_reasons(engine: Engine, contact_id: int) -> list[str]:
    with engine.connect() as conn:
        row = conn.execute(select(s.contacts.c.circle_user, s.contacts.c.circle_reasons)
                           .where(s.contacts.c.id == contact_id)).first()
    if row is None:
        return []
    if row.circle_user:
        return ["you chose this circle"]
    return list(json.loads(row.circle_reasons))
