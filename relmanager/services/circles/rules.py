"""Learned rules ("every @acme.example contact I sorted is professional") as pure data.

A rule ties one normalised value of one signal to a circle:

- `email_domain`: the lower-case domain of a company e-mail address (never a
  free-mail provider or a placeholder such as example.com);
- `org`: the organisation name, folded (case, accents, spacing);
- `category`: a CATEGORIES entry, folded.

`RuleIndex` is the lookup form the suggester uses (built once per refresh).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from relmanager.domain import Circle
from relmanager.services.circles.domains import domain_of, is_company_domain
from relmanager.services.circles.vocab import fold_key


class RuleSignal(StrEnum):
    EMAIL_DOMAIN = "email_domain"
    ORG = "org"
    CATEGORY = "category"


@dataclass(frozen=True)
class Rule:
    id: int | None
    signal: RuleSignal
    value: str  # normalised (see `normalise`)
    circle: Circle
    evidence_count: int
    created_at: str = ""
    removed: bool = False

    def describe(self, shown_value: str | None = None) -> str:
        """The reason shown on contacts that follow this rule."""
        value = shown_value or self.value
        people = "contact" if self.evidence_count == 1 else "contacts"
        where = {RuleSignal.EMAIL_DOMAIN: f"at {value}", RuleSignal.ORG: f"at {value}",
                 RuleSignal.CATEGORY: f"in category {value}"}[self.signal]
        return f"you sorted {self.evidence_count} {people} {where} as {self.circle.value}"


def rule_from_row(row: Any) -> Rule:
    """A `circle_rules` row (SQLAlchemy Row or anything with those attributes)."""
    return Rule(id=row.id, signal=RuleSignal(row.signal), value=row.value,
                circle=Circle(row.circle), evidence_count=row.evidence_count,
                created_at=row.created_at, removed=bool(row.removed))


def normalise(signal: RuleSignal, text: str) -> str:
    """The stored form of a value; '' when the value can never make a rule."""
    if signal is RuleSignal.EMAIL_DOMAIN:
        domain = domain_of(text) if "@" in text else text.strip().lower()
        return domain if is_company_domain(domain) else ""
    return fold_key(text)


@dataclass
class RuleIndex:
    """Active rules by signal and value, for fast lookups per contact."""

    email_domain: dict[str, Rule] = field(default_factory=dict)
    org: dict[str, Rule] = field(default_factory=dict)
    category: dict[str, Rule] = field(default_factory=dict)

    @classmethod
    def build(cls, rules: Iterable[Rule] | None) -> RuleIndex:
        index = cls()
        for rule in rules or ():
            if rule.removed or rule.circle is Circle.UNSORTED:
                continue
            index.table(rule.signal)[rule.value] = rule
        return index

    def table(self, signal: RuleSignal) -> dict[str, Rule]:
        if signal is RuleSignal.EMAIL_DOMAIN:
            return self.email_domain
        if signal is RuleSignal.ORG:
            return self.org
        return self.category

    def __bool__(self) -> bool:
        return bool(self.email_domain or self.org or self.category)


EMPTY_INDEX = RuleIndex()
