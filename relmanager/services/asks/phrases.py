"""The phrase rules behind ask detection, compiled once, listable for the UI.

Rules are written per language in `rules_<lang>.py` as plain tuples against
*folded* text (lower-case, accents removed, "ß" kept, typographic quotes made
ASCII; see `text.fold`). Two conventions keep them readable:

* a literal space means "any run of whitespace" (line breaks included), and
  " ?" means "optional whitespace";
* `<gN>` means "up to N more words here", e.g. `would you <g3>invest`.

Every rule starts and ends on a word boundary. Gaps are bounded and no rule
nests unbounded repeats, so matching stays linear (no catastrophic backtracking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from relmanager.domain.asks import AskKind, RuleInfo, RuleRole
from relmanager.services.asks import rules_de, rules_en, rules_es, rules_fr
from relmanager.services.asks.scan import Anchor, RuleIndex, anchors_of
from relmanager.services.asks.tables import AskTable, GuardTable

_GAP = re.compile(r"<g([1-9])>")

ASK_EXPLANATIONS = {
    AskKind.PITCH: "pitches a product or service",
    AskKind.BUY: "asks the reader to buy",
    AskKind.INVEST: "asks the reader to invest",
    AskKind.REFER: "asks for a referral or introduction",
    AskKind.HIRE: "asks for a job or to be hired",
    AskKind.REVIEW: "asks for a review, rating or endorsement",
    AskKind.PAID_EVENT: "asks the reader to sign up for an event, course or newsletter",
}
WEAK_EXPLANATIONS = {
    AskKind.PITCH: "sounds like a sales pitch",
    AskKind.BUY: "mentions something for sale",
    AskKind.INVEST: "mentions fundraising",
    AskKind.REFER: "looks for referrals",
    AskKind.HIRE: "mentions a job search",
    AskKind.REVIEW: "mentions a review site",
    AskKind.PAID_EVENT: "mentions an event, course, sign-up or price",
}
GUARD_EXPLANATIONS = {
    "negation": "says this is not an ask",
    "offer": "offers to give, not ask",
    "thanks": "thanks the reader for something already done",
    "favour": "a shared plan or personal favour, not business",
}
STRONG = 1.0  # one strong rule alone makes a message an ask


class Scope(StrEnum):
    """Which ask matches a guard cancels."""

    AFTER = "after"  # later in the same clause ("not trying to sell you anything")
    CLAUSE = "clause"  # anywhere in the same clause ("happy to refer you")
    OVERLAP = "overlap"  # only matches it overlaps ("thanks for recommending me")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    lang: str
    role: RuleRole
    kind: AskKind | None
    phrase: str
    explanation: str
    weight: float
    pattern: re.Pattern[str]
    anchors: frozenset[Anchor] | None
    scope: Scope = Scope.CLAUSE

    def info(self) -> RuleInfo:
        return RuleInfo(self.rule_id, self.lang, self.role, self.kind, self.phrase,
                        self.explanation, self.weight)


def compile_rule_pattern(source: str) -> re.Pattern[str]:
    expanded = _GAP.sub(lambda m: r"(?:\S+\s+){0,%s}?".replace("%s", m.group(1)), source)
    expanded = expanded.replace(" ?", r"\s*").replace(" ", r"\s+")
    return re.compile(r"(?<!\w)(?:" + expanded + r")(?!\w)")


def _ask_rules(lang: str, table: AskTable) -> list[Rule]:
    rules = []
    for name, kind, weight, phrase, source in table:
        explanation = (ASK_EXPLANATIONS if weight >= STRONG else WEAK_EXPLANATIONS)[kind]
        rules.append(Rule(f"{lang}.{kind.value}.{name}", lang, RuleRole.ASK, kind, phrase,
                          explanation, weight, compile_rule_pattern(source), anchors_of(source)))
    return rules


def _guard_rules(lang: str, table: GuardTable) -> list[Rule]:
    rules = []
    for name, guard, phrase, source in table:
        role = {"negation": RuleRole.NEGATION, "favour": RuleRole.FAVOUR}.get(guard, RuleRole.OFFER)
        scope = {"negation": Scope.AFTER, "thanks": Scope.OVERLAP}.get(guard, Scope.CLAUSE)
        rules.append(Rule(f"{lang}.{guard}.{name}", lang, role, None, phrase,
                          GUARD_EXPLANATIONS[guard], 0.0, compile_rule_pattern(source),
                          anchors_of(source), scope))
    return rules


_LANGS = (("en", rules_en), ("de", rules_de), ("fr", rules_fr), ("es", rules_es))


@cache
def ask_rules() -> tuple[Rule, ...]:
    return tuple(r for lang, mod in _LANGS for r in _ask_rules(lang, mod.ASKS))


@cache
def guard_rules() -> tuple[Rule, ...]:
    return tuple(r for lang, mod in _LANGS for r in _guard_rules(lang, mod.GUARDS))


@cache
def rule_index() -> RuleIndex[Rule]:
    """Ask and guard rules together, so a message is walked once."""
    return RuleIndex((*ask_rules(), *guard_rules()))


def list_rules(lang: str | None = None) -> tuple[RuleInfo, ...]:
    """Every rule the detector uses, for a "why was this flagged" view."""
    return tuple(r.info() for r in (*ask_rules(), *guard_rules()) if lang in (None, r.lang))


def rule_by_id(rule_id: str) -> RuleInfo | None:
    return next((r.info() for r in (*ask_rules(), *guard_rules()) if r.rule_id == rule_id), None)
