"""The give/take ledger per contact, and what each group is worth.

Built from the typed interaction log: `gave`, `received` and `asked` entries
make the balance; every kind counts as contact. "The last year" is the 365
days up to and including `today`; interactions dated after `today` are left out.

Phrases are plain language for the detail pane and the group report, e.g.
"you asked 3 times and gave once in the last year" and
"you have given more than you asked — nice".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Engine, text

from relmanager.domain import InteractionKind
from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import history

YEAR = timedelta(days=365)
BALANCE_KINDS = (InteractionKind.GAVE, InteractionKind.RECEIVED, InteractionKind.ASKED)


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def balance_summary(asked: int, gave: int, received: int) -> str:
    """E.g. "you asked 3 times and gave once in the last year"."""
    parts = [f"{verb} {times(n)}" for verb, n in
             (("asked", asked), ("gave", gave), ("received", received)) if n]
    if not parts:
        return "nothing given, received or asked in the last year"
    joined = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"you {joined} in the last year"


def balance_verdict(asked: int, gave: int, received: int) -> str:
    """The give-before-you-ask reading of a contact's balance."""
    if asked > gave:
        return "you have asked more than you gave — give before you ask again"
    if gave > asked:
        return "you have given more than you asked — nice"
    if gave:
        return "you give as much as you ask"
    if received:
        return "they have given more than you gave back — a chance to return the favour"
    return "log what you give and ask to see the balance"


@dataclass(frozen=True)
class LedgerEntry:
    occurred_on: date
    kind: InteractionKind
    note: str = ""


@dataclass(frozen=True)
class Ledger:
    contact_id: int
    display_name: str
    today: date
    counts: dict[InteractionKind, int] = field(default_factory=dict)  # the last year
    totals: dict[InteractionKind, int] = field(default_factory=dict)  # all time
    timeline: tuple[LedgerEntry, ...] = ()  # gave/received/asked, newest first, all time
    last_contact_on: date | None = None

    @property
    def since(self) -> date:
        return self.today - YEAR + timedelta(days=1)

    @property
    def gave(self) -> int:
        return self.counts.get(InteractionKind.GAVE, 0)

    @property
    def received(self) -> int:
        return self.counts.get(InteractionKind.RECEIVED, 0)

    @property
    def asked(self) -> int:
        return self.counts.get(InteractionKind.ASKED, 0)

    @property
    def summary(self) -> str:
        return balance_summary(self.asked, self.gave, self.received)

    @property
    def verdict(self) -> str:
        return balance_verdict(self.asked, self.gave, self.received)


def ledger(engine: Engine, contact_id: int, today: date) -> Ledger:
    since = today - YEAR
    with engine.connect() as conn:
        row = conn.execute(text("SELECT display_name FROM contacts WHERE id = :id"),
                           {"id": contact_id}).first()
        if row is None:
            raise ContactNotFoundError(f"no contact with id {contact_id}")
        entries = [e for e in history(conn, [contact_id]).get(contact_id, [])
                   if e.occurred_on <= today]
    counts: dict[InteractionKind, int] = {}
    totals: dict[InteractionKind, int] = {}
    for e in entries:
        totals[e.kind] = totals.get(e.kind, 0) + 1
        if e.occurred_on > since:
            counts[e.kind] = counts.get(e.kind, 0) + 1
    timeline = tuple(LedgerEntry(e.occurred_on, e.kind, e.note)
                     for e in reversed(entries) if e.kind in BALANCE_KINDS)
    last = max((e.occurred_on for e in entries), default=None)
    return Ledger(contact_id, row.display_name, today, counts, totals, timeline, last)


# --------------------------------------------------------------------------- groups


@dataclass(frozen=True)
class GroupValue:
    """One group (vCard CATEGORIES value, exact spelling) over the last year."""

    name: str
    contacts: int
    contacts_in_touch: int  # with any interaction in the last year
    interactions: int  # any kind, the last year
    gave: int = 0
    received: int = 0
    asked: int = 0

    @property
    def per_contact(self) -> float:
        return self.interactions / self.contacts if self.contacts else 0.0

    @property
    def summary(self) -> str:
        people = f"{self.contacts} contact{'s' if self.contacts != 1 else ''}"
        return (f"{people}, {self.interactions} interaction"
                f"{'s' if self.interactions != 1 else ''} in the last year with "
                f"{self.contacts_in_touch} of them")

    @property
    def verdict(self) -> str:
        """Which groups are worth your time: a plain reading of give and take."""
        if not self.interactions:
            return "no contact with anyone here in the last year — still worth your time?"
        if self.asked > self.gave:
            return "you ask more than you give here"
        if self.received > self.gave:
            return "this group gives you more than you give back"
        if self.gave > self.received + self.asked:
            return "you give a lot here — make sure it gives something back"
        if self.contacts_in_touch * 2 < self.contacts:
            return "you are in touch with fewer than half of this group"
        return "a balanced group you are in touch with"


_GROUP_CONTACTS = "SELECT name, count(DISTINCT contact_id) FROM categories GROUP BY name"
_GROUP_ACTIVITY = """
SELECT cat.name, i.kind, count(*), count(DISTINCT i.contact_id)
FROM categories cat JOIN interactions i ON i.contact_id = cat.contact_id
WHERE i.occurred_on > :since AND i.occurred_on <= :today
GROUP BY cat.name, i.kind
"""
_GROUP_TOUCHED = """
SELECT cat.name, count(DISTINCT cat.contact_id)
FROM categories cat
WHERE EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = cat.contact_id
              AND i.occurred_on > :since AND i.occurred_on <= :today)
GROUP BY cat.name
"""


def group_report(engine: Engine, today: date) -> list[GroupValue]:
    """Every group with its contacts and last year's give/take, busiest groups first."""
    params = {"since": (today - YEAR).isoformat(), "today": today.isoformat()}
    with engine.connect() as conn:
        members: dict[str, int] = {r[0]: r[1] for r in conn.execute(text(_GROUP_CONTACTS))}
        touched: dict[str, int] = {r[0]: r[1] for r in conn.execute(text(_GROUP_TOUCHED),
                                                                      params)}
        activity = conn.execute(text(_GROUP_ACTIVITY), params).all()
    per_kind: dict[str, dict[str, int]] = {}
    for name, kind, n, _people in activity:
        per_kind.setdefault(name, {})[kind] = n
    out = []
    for name, contacts in members.items():
        kinds = per_kind.get(name, {})
        out.append(GroupValue(
            name=name, contacts=contacts, contacts_in_touch=touched.get(name, 0),
            interactions=sum(kinds.values()), gave=kinds.get(InteractionKind.GAVE.value, 0),
            received=kinds.get(InteractionKind.RECEIVED.value, 0),
            asked=kinds.get(InteractionKind.ASKED.value, 0)))
    return sorted(out, key=lambda g: (-g.per_contact, -g.interactions, g.name.casefold()))
