"""The user's circle decisions in bulk, undoable, with learning kept consistent.

    previous = set_circles(engine, ids, Circle.FRIEND)   # or None: clear the decision
    previous = decide_circles(engine, {1: Circle.FRIEND, 2: Circle.BOTH})
    restore_circles(engine, previous)                     # exactly as before

A decision changes what the app learns (`learn.py`): sorting a second
acme.example contact creates a rule, changing one may retire or revive a rule.
`PreviousCircles` therefore holds the old decisions *and* the old rows of every
rule the change touched (including removed ones), so undoing a decision also
undoes what was learned from it, and a rule the user removed stays removed.

Each call is one transaction with a handful of statements whatever the number
of contacts: ids travel as one JSON array (`json_each`), not one query each.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, select

from relmanager.domain import Circle
from relmanager.services.circles.learn import RuleKey, changed_keys, learn_and_refresh, list_rules
from relmanager.services.circles.refresh import refresh_matching
from relmanager.services.circles.rules import Rule
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import now_iso

_IDS = "SELECT value FROM json_each(?)"


@dataclass(frozen=True)
class PreviousCircles:
    """What `restore_circles` needs to put everything back."""

    decisions: dict[int, Circle | None] = field(default_factory=dict)  # per existing contact
    rules: dict[RuleKey, Rule | None] = field(default_factory=dict)  # None: did not exist

    @property
    def count(self) -> int:
        return len(self.decisions)


def set_circles(engine: Engine, ids: Iterable[int], circle: Circle | None) -> PreviousCircles:
    """Decide one circle for many contacts (None clears their decisions)."""
    return decide_circles(engine, dict.fromkeys(ids, circle))


def decide_circles(engine: Engine, decisions: Mapping[int, Circle | None]) -> PreviousCircles:
    """Record decisions (contact id -> circle or None), relearn, re-suggest.

    Unknown ids are ignored; the result lists only contacts that exist.
    """
    with write_transaction(engine) as conn:
        old = _current_decisions(conn, list(decisions))
        if not old:
            return PreviousCircles()
        _write_decisions(conn, {cid: decisions[cid] for cid in old})
        before = _all_rules(conn)
        learn_and_refresh(conn)
        after = _all_rules(conn)
    touched = {key: before.get(key) for key in before.keys() | after.keys()
               if before.get(key) != after.get(key)}
    return PreviousCircles(old, touched)


def restore_circles(engine: Engine, previous: PreviousCircles) -> None:
    """Undo `decide_circles`/`set_circles`: old decisions, old rules, old suggestions."""
    if not previous.decisions and not previous.rules:
        return
    with write_transaction(engine) as conn:
        _write_decisions(conn, previous.decisions)
        active_before = list_rules(conn)
        _put_back_rules(conn, previous.rules)
        keys = changed_keys(active_before, list_rules(conn))
        if keys:
            refresh_matching(conn, keys)
        # A no-op when nothing else changed meanwhile; otherwise it brings the
        # rules in line with the decisions as they now are.
        learn_and_refresh(conn)


def _current_decisions(conn: Connection, ids: list[int]) -> dict[int, Circle | None]:
    rows = conn.exec_driver_sql(
        f"SELECT id, circle_user FROM contacts WHERE id IN ({_IDS})", (json.dumps(ids),))
    return {int(cid): Circle(value) if value else None for cid, value in rows}


def _write_decisions(conn: Connection, decisions: Mapping[int, Circle | None]) -> None:
    by_circle: dict[Circle | None, list[int]] = defaultdict(list)
    for cid, circle in decisions.items():
        by_circle[circle].append(cid)
    now = now_iso()
    for circle, ids in by_circle.items():  # at most five statements
        conn.exec_driver_sql(
            f"UPDATE contacts SET circle_user = ?, updated_at = ? WHERE id IN ({_IDS})",
            (circle.value if circle else None, now, json.dumps(ids)))


def _all_rules(conn: Connection) -> dict[RuleKey, Rule]:
    return {(r.signal, r.value): r for r in list_rules(conn, include_removed=True)}


def _put_back_rules(conn: Connection, rules: Mapping[RuleKey, Rule | None]) -> None:
    table = s.circle_rules
    for signal, value in rules:
        conn.execute(delete(table).where(table.c.signal == signal.value,
                                         table.c.value == value))
    taken = {int(r[0]) for r in conn.execute(select(table.c.id))}
    for rule in rules.values():
        if rule is None:
            continue
        values = {"signal": rule.signal.value, "value": rule.value, "circle": rule.circle.value,
                  "evidence_count": rule.evidence_count, "removed": rule.removed,
                  "created_at": rule.created_at or now_iso()}
        if rule.id is not None and rule.id not in taken:
            values["id"] = rule.id  # keeps "restore rule 5" (rules dialog undo) valid
        conn.execute(insert(table).values(**values))
