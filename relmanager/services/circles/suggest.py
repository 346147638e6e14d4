"""Turning a contact's evidence into a suggested circle, a confidence and reasons.

Pure and fast (no I/O): the rules in `weights.py` applied to `signals.collect`.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable

from relmanager.domain import Circle, CircleSuggestion, Contact
from relmanager.services.circles.rules import Rule, RuleIndex
from relmanager.services.circles.signals import Evidence, collect
from relmanager.services.circles.weights import (
    BOTH_MIN,
    BOTH_MIN_VS_EXPLICIT,
    EXPLICIT,
    FRIEND_KINDS_ON_COMPANY_CARD,
    LEAD_MIN,
    MAX_REASONS,
    WEIGHTS,
    Kind,
    Side,
)

NO_SIGNALS_REASON = "nothing on the card points to friend or professional"
TOO_LITTLE_REASON = "too little to go on for a circle"
BOTH_WAYS_REASON = "the little evidence there is points both ways"
COMPANY_CARD_REASON = "personal details do not make a company card a friend"
NO_SIGNALS = CircleSuggestion(Circle.UNSORTED, 0.0, (NO_SIGNALS_REASON,))

# kind → (weight, friend side, explicit, counts for a friend on a company card): one
# lookup per piece of evidence (hashing an enum member runs Python code each time).
_KIND_INFO: dict[Kind, tuple[float, bool, bool, bool]] = {
    kind: (weight, side is Side.FRIEND, kind in EXPLICIT, kind in FRIEND_KINDS_ON_COMPANY_CARD)
    for kind, (side, weight) in WEIGHTS.items()}
_BY_WEIGHT = operator.itemgetter(0)


def suggest(contact: Contact, rules: RuleIndex | Iterable[Rule] | None = None) -> CircleSuggestion:
    """The suggested circle for one contact; the user's decision is not looked at.

    Pass a `RuleIndex` (built once) when suggesting for many contacts.
    """
    index = rules if isinstance(rules, RuleIndex) else RuleIndex.build(rules)
    evidence = collect(contact, index)
    if not evidence:
        return NO_SIGNALS
    return decide(evidence)


def decide(evidence: Evidence) -> CircleSuggestion:
    company = Kind.SHOW_AS_COMPANY in evidence or Kind.COMPANY_CARD in evidence
    friend_miss = pro_miss = 1.0
    friend_explicit = pro_explicit = ignored = False
    ranked: list[tuple[float, bool, str]] = []  # (weight, is_friend_side, reason)
    for kind, reason in evidence.items():
        weight, is_friend, explicit, on_company_card = _KIND_INFO[kind]
        if is_friend:
            if company and not on_company_card:
                ignored = True
                continue
            friend_miss *= 1.0 - weight
            friend_explicit = friend_explicit or explicit
            ranked.append((weight, True, reason))
        else:
            pro_miss *= 1.0 - weight
            pro_explicit = pro_explicit or explicit
            ranked.append((weight, False, reason))
    ranked.sort(key=_BY_WEIGHT, reverse=True)
    friend, pro = 1.0 - friend_miss, 1.0 - pro_miss
    lead_is_friend = friend > pro
    lead_score, other_score = (friend, pro) if lead_is_friend else (pro, friend)
    if lead_score < LEAD_MIN:
        return CircleSuggestion(Circle.UNSORTED, 0.0,
                                _cap((TOO_LITTLE_REASON, *(r for _, _, r in ranked))))
    lead_explicit, other_explicit = ((friend_explicit, pro_explicit) if lead_is_friend
                                     else (pro_explicit, friend_explicit))
    both_bar = BOTH_MIN_VS_EXPLICIT if lead_explicit and not other_explicit else BOTH_MIN
    if other_score >= both_bar:
        return CircleSuggestion(Circle.BOTH, round(other_score, 2),
                                _cap(tuple(r for _, _, r in ranked)))
    if friend == pro:
        return CircleSuggestion(Circle.UNSORTED, 0.0,
                                _cap((BOTH_WAYS_REASON, *(r for _, _, r in ranked))))
    circle = Circle.FRIEND if lead_is_friend else Circle.PROFESSIONAL
    reasons = _cap(tuple(r for _, f, r in ranked if f is lead_is_friend))
    if ignored:
        reasons = (*reasons[:MAX_REASONS - 1], COMPANY_CARD_REASON)
    confidence = lead_score * (1.0 - other_score / 2.0)
    return CircleSuggestion(circle, round(confidence, 2), reasons)


def _cap(reasons: tuple[str, ...]) -> tuple[str, ...]:
    return reasons[:MAX_REASONS]
