"""Learning rules from the user's circle decisions, and managing them.

Rules are recomputed from the decisions (`contacts.circle_user`) every time,
so changing or clearing a decision can retire a rule as well as create one.

When a rule is learned: at least `LEARN_MIN_DECISIONS` decided contacts share
a value (a company e-mail domain, an ORG, a category that does not already
name a circle), and for each side (friend, professional) at least
`LEARN_AGREEMENT` of them agree. Free-mail providers and placeholder domains
never become rules: sharing gmail.com says nothing.

Removing a rule is the user saying "not this": the row stays with
`removed=1` and the same conclusion is never learned again, however many more
contacts the user sorts. Only if the decisions later point to a *different*
circle for that value is the row revived with the new circle (new evidence,
new rule). `restore_rule` undoes a removal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select, update

from relmanager.domain import Circle
from relmanager.services.circles.refresh import refresh_matching
from relmanager.services.circles.rules import Rule, RuleSignal, normalise, rule_from_row
from relmanager.services.circles.vocab import category_kind
from relmanager.services.circles.weights import LEARN_AGREEMENT, LEARN_MIN_DECISIONS
from relmanager.store import schema as s
from relmanager.store.contacts import now_iso

RuleKey = tuple[RuleSignal, str]

_DECIDED = "SELECT id FROM contacts WHERE circle_user IS NOT NULL"
_VALUE_QUERIES: tuple[tuple[RuleSignal, str], ...] = (
    (RuleSignal.EMAIL_DOMAIN, f"SELECT contact_id, normalized FROM emails "
                              f"WHERE contact_id IN ({_DECIDED})"),
    (RuleSignal.ORG, f"SELECT contact_id, name FROM organisations "
                     f"WHERE contact_id IN ({_DECIDED})"),
    (RuleSignal.CATEGORY, f"SELECT contact_id, name FROM categories "
                          f"WHERE contact_id IN ({_DECIDED})"),
)


def list_rules(conn: Connection, *, include_removed: bool = False) -> list[Rule]:
    """Learned rules, newest first (removed ones only when asked for)."""
    query = select(s.circle_rules).order_by(s.circle_rules.c.id.desc())
    if not include_removed:
        query = query.where(s.circle_rules.c.removed == False)  # noqa: E712
    return [rule_from_row(row) for row in conn.execute(query)]


def _set_removed(conn: Connection, rule_id: int, removed: bool) -> Rule | None:
    row = conn.execute(select(s.circle_rules).where(s.circle_rules.c.id == rule_id)).first()
    if row is None:
        return None
    conn.execute(update(s.circle_rules).where(s.circle_rules.c.id == rule_id)
                 .values(removed=removed))
    return rule_from_row(row)


def remove_rule(conn: Connection, rule_id: int, *, refresh: bool = True) -> bool:
    """Stop applying a rule (it is not learned again; see the module doc).

    With `refresh`, the suggestions of contacts it applied to are recomputed.
    False when there is no such rule.
    """
    rule = _set_removed(conn, rule_id, True)
    if rule is not None and refresh:
        refresh_matching(conn, [(rule.signal, rule.value)])
    return rule is not None


def restore_rule(conn: Connection, rule_id: int, *, refresh: bool = True) -> bool:
    """Undo `remove_rule`."""
    rule = _set_removed(conn, rule_id, False)
    if rule is not None and refresh:
        refresh_matching(conn, [(rule.signal, rule.value)])
    return rule is not None


def _decided_values(conn: Connection) -> tuple[dict[int, Circle], dict[RuleKey, set[int]]]:
    decisions = {int(cid): Circle(value) for cid, value in conn.exec_driver_sql(
        "SELECT id, circle_user FROM contacts WHERE circle_user IS NOT NULL")}
    holders: dict[RuleKey, set[int]] = defaultdict(set)
    if not decisions:
        return decisions, holders
    for signal, sql in _VALUE_QUERIES:
        for cid, text in conn.exec_driver_sql(sql):
            if signal is RuleSignal.CATEGORY and category_kind(text) is not None:
                continue  # already a signal of its own
            value = normalise(signal, text)
            if value:
                holders[(signal, value)].add(int(cid))
    return decisions, holders


def _conclusion(circles: list[Circle]) -> tuple[Circle, int]:
    """The circle the decisions agree on, and how many decisions support it."""
    n = len(circles)
    friend = sum(c.is_friend for c in circles) / n >= LEARN_AGREEMENT
    pro = sum(c.is_professional for c in circles) / n >= LEARN_AGREEMENT
    circle = Circle.from_flags(friend, pro)
    support = sum((not friend or c.is_friend) and (not pro or c.is_professional)
                  for c in circles)
    return circle, support


def learned_from(conn: Connection) -> dict[RuleKey, tuple[Circle, int]]:
    """What the current decisions support, before looking at stored rules."""
    decisions, holders = _decided_values(conn)
    out: dict[RuleKey, tuple[Circle, int]] = {}
    for key, ids in holders.items():
        if len(ids) < LEARN_MIN_DECISIONS:
            continue
        circle, support = _conclusion([decisions[i] for i in ids])
        if circle is not Circle.UNSORTED and support >= LEARN_MIN_DECISIONS:
            out[key] = (circle, support)
    return out


def learn_from_decisions(conn: Connection) -> list[Rule]:
    """Recompute the rules from the user's decisions; returns the active rules."""
    learned = learned_from(conn)
    stored = {(r.signal, r.value): r for r in list_rules(conn, include_removed=True)}
    now = now_iso()
    table = s.circle_rules
    for key, (circle, support) in learned.items():
        old = stored.get(key)
        if old is None:
            conn.execute(insert(table).values(signal=key[0].value, value=key[1],
                                              circle=circle.value, evidence_count=support,
                                              created_at=now, removed=False))
        elif old.circle is not circle:  # a new conclusion: revived even if removed
            conn.execute(update(table).where(table.c.id == old.id).values(
                circle=circle.value, evidence_count=support, created_at=now, removed=False))
        elif old.evidence_count != support:  # a removed rule stays removed, but counts
            conn.execute(update(table).where(table.c.id == old.id)
                         .values(evidence_count=support))
    gone = [r.id for key, r in stored.items() if not r.removed and key not in learned]
    if gone:
        conn.execute(delete(table).where(table.c.id.in_(gone)))
    return list_rules(conn)


def changed_keys(before: Iterable[Rule], after: Iterable[Rule]) -> list[RuleKey]:
    """(signal, value) pairs whose active rule appeared, vanished or changed."""
    old = {(r.signal, r.value): (r.circle, r.evidence_count) for r in before}
    new = {(r.signal, r.value): (r.circle, r.evidence_count) for r in after}
    return [k for k in old.keys() | new.keys() if old.get(k) != new.get(k)]


def learn_and_refresh(conn: Connection) -> list[Rule]:
    """After a user decision: relearn, then refresh contacts whose rules changed.

    Cheap enough for a click: only contacts sharing a changed domain, ORG or
    category are recomputed. Returns the active rules.
    """
    before = list_rules(conn)
    after = learn_from_decisions(conn)
    keys = changed_keys(before, after)
    if keys:
        refresh_matching(conn, keys)
    return after
