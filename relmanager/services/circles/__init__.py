"""Circle suggestions: friend, professional, both or unsorted, with reasons.

    suggest(contact, rules) -> CircleSuggestion       pure, ~µs per contact
    refresh_suggestions(conn, contact_ids=None)       store: compute + write
    refresh_batch(conn, batch_id)                     after an import batch
    learn_from_decisions(conn) -> list[Rule]          recompute learned rules
    learn_and_refresh(conn)                           after a user decision
    list_rules(conn) / remove_rule(conn, id) / restore_rule(conn, id)

Weights and thresholds: `weights.py`. The user's decision always wins and is
never written here.
"""

from relmanager.services.circles.learn import (
    learn_and_refresh,
    learn_from_decisions,
    list_rules,
    remove_rule,
    restore_rule,
)
from relmanager.services.circles.refresh import (
    refresh_batch,
    refresh_matching,
    refresh_suggestions,
)
from relmanager.services.circles.rules import Rule, RuleIndex, RuleSignal
from relmanager.services.circles.suggest import suggest

__all__ = [
    "Rule", "RuleIndex", "RuleSignal", "learn_and_refresh", "learn_from_decisions",
    "list_rules", "refresh_batch", "refresh_matching", "refresh_suggestions", "remove_rule",
    "restore_rule", "suggest",
]
