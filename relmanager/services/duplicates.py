"""Possible duplicates: list them, or say "not duplicates" (undoably).

The importer keeps two cards apart when it is not sure they are one person
(same e-mail or phone, another name) and records the pair in
`duplicate_candidates`. Here the user decides; merging a pair is
`services.contact_merge`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, func, or_, select, update

from relmanager.store import schema as s
from relmanager.store import write_transaction

_IN_CHUNK = 500
MAX_PHOTO_BYTES = 2_000_000  # larger pictures are not decoded for a thumbnail


class DuplicateError(LookupError):
    """A candidate or contact that is not there (any more); the message is for the user."""


@dataclass(frozen=True, slots=True)  # tens of thousands after a big import: no dict each
class ContactBrief:
    """What the duplicates list shows of one side."""

    id: int
    display_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    org: str
    has_photo: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    a: ContactBrief  # the contact that was there first: kept by default
    b: ContactBrief
    reason: str


# -- listing and dismissing -------------------------------------------------------

def list_candidates(engine: Engine) -> list[Candidate]:
    """Pairs still to decide: not dismissed, both contacts existing, one row per pair."""
    dc = s.duplicate_candidates.c
    with engine.connect() as conn:
        rows = conn.execute(select(dc.id, dc.contact_a, dc.contact_b, dc.reason, dc.dismissed)
                            .order_by(dc.id)).all()
        pairs: dict[frozenset[int], Any] = {}
        dismissed: set[frozenset[int]] = set()
        for row in rows:
            pair = frozenset((row.contact_a, row.contact_b))
            if len(pair) < 2:
                continue
            if row.dismissed:
                dismissed.add(pair)
            pairs.setdefault(pair, row)
        wanted = [row for pair, row in pairs.items() if pair not in dismissed]
        briefs = _briefs(conn, {i for row in wanted for i in (row.contact_a, row.contact_b)})
    return [Candidate(row.id, briefs[row.contact_a], briefs[row.contact_b], row.reason)
            for row in wanted if row.contact_a in briefs and row.contact_b in briefs]


def _briefs(conn: Connection, ids: Iterable[int]) -> dict[int, ContactBrief]:
    ids = sorted(ids)
    names: dict[int, str] = {}
    photos: set[int] = set()
    values: dict[Table, dict[int, list[str]]] = {}
    columns = ((s.emails, s.emails.c.address), (s.phones, s.phones.c.number),
               (s.organisations, s.organisations.c.name))
    for table, _ in columns:
        values[table] = defaultdict(list)
    for start in range(0, len(ids), _IN_CHUNK):
        part = ids[start:start + _IN_CHUNK]
        for cid, name in conn.execute(select(s.contacts.c.id, s.contacts.c.display_name)
                                      .where(s.contacts.c.id.in_(part))):
            names[cid] = name
        for table, column in columns:
            for cid, value in conn.execute(
                    select(table.c.contact_id, column).where(table.c.contact_id.in_(part))
                    .order_by(table.c.contact_id, table.c.position)):
                values[table][cid].append(value)
        photos.update(conn.execute(select(s.photos.c.contact_id).where(
            s.photos.c.contact_id.in_(part), s.photos.c.data.is_not(None))).scalars())
    return {cid: ContactBrief(cid, name, tuple(values[s.emails][cid]),
                              tuple(values[s.phones][cid]),
                              (values[s.organisations][cid] or [""])[0], cid in photos)
            for cid, name in names.items()}


def dismiss(engine: Engine, candidate_id: int) -> list[int]:
    """"Not a duplicate": hide this pair for good. Returns the rows changed (for undo)."""
    dc = s.duplicate_candidates.c
    with write_transaction(engine) as conn:
        row = conn.execute(select(dc.contact_a, dc.contact_b)
                           .where(dc.id == candidate_id)).first()
        if row is None:
            raise DuplicateError("This possible duplicate is not listed any more.")
        a, b = row
        same_pair = or_(and_(dc.contact_a == a, dc.contact_b == b),
                        and_(dc.contact_a == b, dc.contact_b == a))
        ids = list(conn.execute(select(dc.id).where(same_pair, dc.dismissed.is_(False)))
                   .scalars())
        if ids:
            conn.execute(update(s.duplicate_candidates).where(dc.id.in_(ids))
                         .values(dismissed=True))
    return ids


def undismiss(engine: Engine, candidate_ids: Sequence[int]) -> None:
    """Undo `dismiss`: list the pair again."""
    dc = s.duplicate_candidates.c
    with write_transaction(engine) as conn:
        conn.execute(update(s.duplicate_candidates).where(dc.id.in_(list(candidate_ids)))
                     .values(dismissed=False))


def first_photo(engine: Engine, contact_id: int) -> bytes | None:
    """The contact's first inline picture (for a thumbnail), unless absurdly large."""
    p = s.photos.c
    with engine.connect() as conn:
        row = conn.execute(select(p.data).where(
            p.contact_id == contact_id, p.data.is_not(None),
            func.length(p.data) <= MAX_PHOTO_BYTES).order_by(p.position).limit(1)).first()
    return bytes(row[0]) if row is not None else None
