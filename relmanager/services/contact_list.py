"""The contact list as the window needs it: ordered ids, then rows on demand.

Ordering 50k contacts is the expensive part, and it only changes when the
data, the circle filter or the sort column does: `ContactList` keeps the
ordered ids per (circle, sort) and a keystroke only asks the FTS5 index which
contacts match (see store/search_index.py), then keeps those in list order.
Row details are fetched per visible block.
"""

from __future__ import annotations

import json
import re
from array import array
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from relmanager.domain import Circle
from relmanager.services.reminders.config import ReminderConfig
from relmanager.services.reminders.due_dates import next_due_dates
from relmanager.store import schema as s
from relmanager.store.search_index import CONTACT_SHIFT, TABLE, digits, fold

MAX_ORDERS = 4  # (circle, sort) orders kept; each is 8 bytes per contact (+4 once searched)
FEW_MATCHES = 4  # under 1/4 of the list matching, positions beat testing every id
SPARSE = 4  # no position table when ids run this far beyond the number of contacts
MIN_TRIGRAM = 3  # shorter words cannot use the trigram index: they match name starts
_PHONE_QUERY = re.compile(r"[\d\s()+\-./]+")


class SortKey(StrEnum):
    NAME = "name"
    CIRCLE = "circle"
    ORGANISATION = "organisation"
    LAST_CONTACT = "last_contact"
    NEXT_DUE = "next_due"


@dataclass(frozen=True)
class ListQuery:
    circle: Circle | None = None
    search: str = ""
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True, slots=True)  # tens of thousands cached: one object each, not two
class ContactRow:
    id: int
    display_name: str
    circle: Circle
    circle_is_user: bool
    org: str
    email: str
    last_contact: str  # ISO date or ""
    has_photo: bool
    next_due: str = ""  # ISO date or "" (no keep-in-touch reminders)


# -- search ---------------------------------------------------------------------------
def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_WORD_START = "(sort_key LIKE ? ESCAPE '\\' OR sort_key LIKE ? ESCAPE '\\')"


def search_sql(text: str) -> tuple[str, tuple[str, ...]] | None:
    """SQL (and parameters) for the ids of contacts matching every word of `text`.

    A word of three or more characters is a substring anywhere in a name, note,
    e-mail, phone, organisation or category; a phone-like word also matches
    the bare digits ("555-1234" finds "+1 555 123 4"). A whole query made of
    phone characters is one number ("555 12 34"). Shorter words cannot use the
    trigram index: alone, the first one matches the start of the name (an index
    range, so the first keystroke is instant); beside others, the start of any
    word of the name ("mary jo" finds "Mary Jones").
    """
    match = f"SELECT rowid >> {CONTACT_SHIFT} FROM {TABLE} WHERE {TABLE} MATCH ?"
    number = digits(text)
    if _PHONE_QUERY.fullmatch(text.strip() or "x") and len(number) >= MIN_TRIGRAM:
        return match, (_phrase(number),)
    words = fold(text).split()
    if not words:
        return None
    long_words = [w for w in words if len(w) >= MIN_TRIGRAM]
    short = [w for w in words if len(w) < MIN_TRIGRAM]
    params: list[str] = []
    if long_words:
        selects = []
        for word in long_words:
            terms = [_phrase(word)]
            number = digits(word)
            if len(number) >= MIN_TRIGRAM and number != word:
                terms.append(_phrase(number))
            selects.append(match)
            params.append(" OR ".join(terms))
        sql = " INTERSECT ".join(selects)
        if not short:
            return sql, tuple(params)
        where = f"id IN ({sql})"
    else:
        first = short.pop(0)
        where = "sort_key >= ? AND sort_key < ?"
        params += [first, first + "\U0010ffff"]
    for word in short:
        like = _like_escape(word)
        where += f" AND {_WORD_START}"
        params += [f"{like}%", f"% {like}%"]
    return f"SELECT id FROM contacts WHERE {where}", tuple(params)


def matching_ids(conn: Connection, text: str) -> set[int] | None:
    """Ids of contacts matching every word of `text`; None when there is nothing to match."""
    query = search_sql(text)
    if query is None:
        return None
    sql, params = query
    conn.exec_driver_sql("SELECT 1")  # begin the read transaction the raw cursor joins
    raw = conn.connection.driver_connection
    assert raw is not None
    # Tens of thousands of ids as one comma-separated string, split and parsed in C:
    # a row (and a tuple) per id through the cursor took five times as long.
    (joined,) = raw.execute(f"WITH found(m) AS ({sql}) SELECT group_concat(m) FROM found",
                            params).fetchone()
    return set(map(int, joined.split(","))) if joined else set()


# -- order ------------------------------------------------------------------------------
def _effective_circle() -> Any:
    return func.coalesce(s.contacts.c.circle_user, s.contacts.c.circle_suggested)


def _first_org() -> Any:
    o = s.organisations.c
    return (select(o.name).where(o.contact_id == s.contacts.c.id)
            .order_by(o.position).limit(1).scalar_subquery())


def _last_contact() -> Any:
    i = s.interactions.c
    return (select(func.max(i.occurred_on)).where(i.contact_id == s.contacts.c.id)
            .scalar_subquery())


def ordered_ids(conn: Connection, circle: Circle | None, sort: SortKey,
                descending: bool) -> array[int]:
    """Every contact (of `circle`) in list order. Empty values sort last either way.

    An array of 8-byte ids (not a list of int objects): 50k ids stay 400 KB, and
    they come through the plain cursor, skipping SQLAlchemy's per-row work.
    """
    c = s.contacts.c
    stmt = select(c.id)
    if circle is not None:
        stmt = stmt.where(_effective_circle() == circle.value)
    if sort is SortKey.NEXT_DUE:
        return _by_next_due(conn, stmt, descending)
    if sort is SortKey.NAME:
        order = [c.sort_key.desc() if descending else c.sort_key]
    else:
        value = {SortKey.CIRCLE: _effective_circle(),
                 SortKey.ORGANISATION: func.lower(func.coalesce(_first_org(), "")),
                 SortKey.LAST_CONTACT: func.coalesce(_last_contact(), "")}[sort]
        order = [value == "", value.desc() if descending else value, c.sort_key]
    return _raw_ids(conn, stmt.order_by(*order, c.id))


def _raw_ids(conn: Connection, stmt: Any) -> array[int]:
    compiled = stmt.compile(dialect=conn.dialect)
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    conn.exec_driver_sql("SELECT 1")  # begin the read transaction the raw cursor joins
    raw = conn.connection.driver_connection
    assert raw is not None
    # All ids as one JSON array parsed in C: a row (and a tuple) per id through the
    # cursor took twice as long, and this runs on the GUI thread after every change.
    # The aggregate takes the rows in the subquery's order (SQLite never flattens an
    # ordered subquery into an aggregate; tests compare with a row-by-row read).
    (joined,) = raw.execute(f"SELECT json_group_array(id) FROM ({compiled})", params).fetchone()
    return array("q", json.loads(joined))


def _by_next_due(conn: Connection, stmt: Any, descending: bool) -> array[int]:
    by_name = _raw_ids(conn, stmt.order_by(s.contacts.c.sort_key, s.contacts.c.id))
    due = next_due_dates(conn)
    dated = sorted((i for i in by_name if i in due), key=due.__getitem__, reverse=descending)
    return array("q", dated + [i for i in by_name if i not in due])


class _Order:
    """One list order, and where each contact stands in it (built on the first search)."""

    __slots__ = ("_at", "_top", "ids")

    def __init__(self, ids: array[int]) -> None:
        self.ids = ids
        self._at: array[int] | None = None  # contact id -> position, -1 if not listed
        self._top = -1

    def matching(self, wanted: set[int]) -> array[int]:
        """The ids of `wanted` in this order."""
        ids = self.ids
        at = self._positions() if len(wanted) * FEW_MATCHES < len(ids) else None
        if at is None:
            # filter() with the set's own __contains__ runs in C: ~1 ms for 50k ids.
            return array("q", filter(wanted.__contains__, ids))
        # Few matches: look up their positions instead of testing every listed id.
        # Every step is a C-level map/filter/sort; ids out of range or not listed drop out.
        found = filter((-1).__lt__, map(at.__getitem__, filter(self._top.__ge__, wanted)))
        return array("q", map(ids.__getitem__, sorted(found)))

    def _positions(self) -> array[int] | None:
        if self._at is None:
            top = max(self.ids, default=0)
            if top > SPARSE * len(self.ids) + 1024:
                return None  # ids mostly deleted: the table would be mostly holes
            at = array("i", [-1]) * (top + 1)
            for position, cid in enumerate(self.ids):
                at[cid] = position
            self._at, self._top = at, top
        return self._at


class ContactList:
    """Ordered ids per (circle, sort), kept until `invalidate` (data changed)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._ordered: dict[tuple[Circle | None, SortKey, bool], _Order] = {}

    def invalidate(self) -> None:
        self._ordered.clear()

    def ids(self, query: ListQuery) -> array[int]:
        """The ids `query` shows, in order. Without a search this is the cached array
        itself (no copy per keystroke): callers must not change it."""
        key = (query.circle, query.sort, query.descending)
        with self.engine.connect() as conn:
            order = self._ordered.get(key)
            if order is None:
                # Only the latest few orders: each is 400 KB at 50k contacts.
                while len(self._ordered) >= MAX_ORDERS:
                    del self._ordered[next(iter(self._ordered))]
                order = self._ordered[key] = _Order(ordered_ids(conn, *key))
            wanted = matching_ids(conn, query.search)
        return order.ids if wanted is None else order.matching(wanted)


def contact_ids(engine: Engine, query: ListQuery) -> list[int]:
    return list(ContactList(engine).ids(query))


# -- rows -------------------------------------------------------------------------------
_CIRCLES = {c.value: c for c in Circle}
# One statement per block through the plain cursor: the view asks for a block
# while it paints, so this must stay well inside one frame.
_ROWS_SQL = (
    "SELECT c.id, c.display_name, coalesce(c.circle_user, c.circle_suggested), "
    "c.circle_user IS NOT NULL, "
    "(SELECT o.name FROM organisations o WHERE o.contact_id = c.id ORDER BY o.position "
    "LIMIT 1), "
    "(SELECT e.address FROM emails e WHERE e.contact_id = c.id ORDER BY e.position LIMIT 1), "
    "(SELECT max(i.occurred_on) FROM interactions i WHERE i.contact_id = c.id), "
    "(SELECT p.data FROM photos p WHERE p.contact_id = c.id AND p.data IS NOT NULL "
    "ORDER BY p.position LIMIT 1) "
    "FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?))")


def fetch_block(engine: Engine, ids: list[int], config: ReminderConfig | None = None,
                ) -> tuple[dict[int, ContactRow], dict[int, bytes]]:
    """Rows for `ids`, and the first stored photo of those that have one (what
    `photo_data` gives), read together: the list shows both for the same block.
    Pass the reminder `config` when fetching block after block."""
    with engine.connect() as conn:
        due = next_due_dates(conn, ids, config)
        conn.exec_driver_sql("SELECT 1")  # begin the read transaction the raw cursor joins
        raw = conn.connection.driver_connection
        assert raw is not None
        found = raw.execute(_ROWS_SQL, (json.dumps(ids),)).fetchall()
    rows = {cid: ContactRow(id=cid, display_name=name, circle=_CIRCLES[circle],
                            circle_is_user=bool(is_user), org=org or "", email=email or "",
                            last_contact=last or "", has_photo=photo is not None,
                            next_due=due.get(cid, ""))
            for cid, name, circle, is_user, org, email, last, photo in found}
    return rows, {row[0]: row[7] for row in found if row[7] is not None}


def photo_data(engine: Engine, ids: list[int]) -> dict[int, bytes]:
    """The first stored photo of each of `ids` that has one (for list thumbnails)."""
    p = s.photos.c
    out: dict[int, bytes] = {}
    with engine.connect() as conn:
        rows = conn.execute(select(p.contact_id, p.data)
                            .where(p.contact_id.in_(ids), p.data.is_not(None))
                            .order_by(p.contact_id, p.position.desc()))
        for cid, data in rows:
            out[cid] = data
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
