"""Learned rules as the "Learned rules" dialog shows them: sentence and reach.

    for usage in rule_usage(engine):
        usage.rule.id, usage.description, usage.affected

`description` is the reason contacts following the rule carry ("you sorted 2
contacts at Acme GmbH as professional"), with the value as the user typed it
rather than its folded key. `affected` counts the contacts the rule suggests a
circle for: they hold the value and have no decision of their own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from relmanager.services.circles.domains import domain_of
from relmanager.services.circles.learn import list_rules
from relmanager.services.circles.rules import Rule, RuleSignal
from relmanager.services.circles.vocab import fold_key

_HOLDERS = {
    RuleSignal.EMAIL_DOMAIN: "SELECT e.contact_id, e.normalized, c.circle_user IS NULL "
                             "FROM emails e JOIN contacts c ON c.id = e.contact_id",
    RuleSignal.ORG: "SELECT o.contact_id, o.name, c.circle_user IS NULL "
                    "FROM organisations o JOIN contacts c ON c.id = o.contact_id",
    RuleSignal.CATEGORY: "SELECT g.contact_id, g.name, c.circle_user IS NULL "
                         "FROM categories g JOIN contacts c ON c.id = g.contact_id",
}


@dataclass(frozen=True)
class RuleUsage:
    rule: Rule
    shown_value: str  # as written on a contact: "Acme GmbH", not "acme gmbh"
    affected: int  # undecided contacts holding the value

    @property
    def description(self) -> str:
        return self.rule.describe(self.shown_value)


def rule_usage(engine: Engine) -> list[RuleUsage]:
    """Active rules, newest first, with what they apply to (one scan per signal)."""
    with engine.connect() as conn:
        rules = list_rules(conn)
        by_signal: dict[RuleSignal, dict[str, Rule]] = defaultdict(dict)
        for rule in rules:
            by_signal[rule.signal][rule.value] = rule
        shown: dict[int, str] = {}
        holders: dict[int, set[int]] = defaultdict(set)
        for signal, values in by_signal.items():
            _scan(conn, signal, values, shown, holders)
    return [RuleUsage(r, shown.get(r.id or 0, r.value), len(holders[r.id or 0])) for r in rules]


def _scan(conn: Connection, signal: RuleSignal, rules: dict[str, Rule],
          shown: dict[int, str], holders: dict[int, set[int]]) -> None:
    for cid, text, undecided in conn.exec_driver_sql(_HOLDERS[signal]):
        key = domain_of(text) if signal is RuleSignal.EMAIL_DOMAIN else fold_key(text)
        rule = rules.get(key)
        if rule is None:
            continue
        rid = rule.id or 0
        shown.setdefault(rid, key if signal is RuleSignal.EMAIL_DOMAIN else text.strip())
        if undecided:
            holders[rid].add(int(cid))
