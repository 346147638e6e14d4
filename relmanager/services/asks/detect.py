"""Detect a business ask in a message: phrase rules, guards, a small additive score.

How it decides, in the order the code does it:

1. Only the sender's own words count: quoted replies, forwarded messages,
   signatures and "Re:" subjects are blanked (`text.mask_*`).
2. Every ask rule of every language runs over the folded text. A strong rule
   (weight 1.0) is an ask on its own; weaker hints ("our service", "€49",
   "webinar") only count together.
3. Guards set matches aside: a negation cancels what follows it in the same
   clause ("not trying to sell you anything"), an offer cancels its clause
   ("happy to refer you"), thanks cancel the words they thank for.
4. Each rule counts once; the message is an ask when the kept weights reach 1.0,
   and its kind is the kind with the most weight.

All of it is kept as evidence or set-aside spans, so the UI can show why.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from relmanager.domain.asks import (
    AskFinding,
    AskKind,
    EvidenceSpan,
    IgnoredRegion,
    RuleRole,
    SetAside,
    TextField,
)
from relmanager.services.asks.phrases import STRONG, Rule, Scope, rule_index
from relmanager.services.asks.scan import RuleIndex
from relmanager.services.asks.text import Segments, fold, mask_body, mask_subject, segment

# Where languages' rules match the same words ("Kickstarter"), show the first one's.
_LANG_ORDER = {"en": 0, "de": 1, "fr": 2, "es": 3}
_MAX_QUOTE = 80  # evidence quotes longer than this are shortened for display


class _Hit(NamedTuple):  # a tuple: hundreds are made per long message
    rule: Rule
    start: int
    end: int


def detect(subject: str, body: str) -> AskFinding:
    """Find a business ask in the sender's own words of `subject` and `body`."""
    evidence: list[EvidenceSpan] = []
    set_aside: list[SetAside] = []
    ignored: list[IgnoredRegion] = []
    for field, text in ((TextField.SUBJECT, subject), (TextField.BODY, body)):
        if not text.strip():
            continue
        kept, dropped, regions = _scan(field, text)
        evidence.extend(kept)
        set_aside.extend(dropped)
        ignored.extend(regions)
    return _decide(evidence, set_aside, ignored)


def _scan(
    field: TextField, text: str
) -> tuple[list[EvidenceSpan], list[SetAside], tuple[IgnoredRegion, ...]]:
    folded = fold(text)
    if field is TextField.SUBJECT:
        prepared, regions = mask_subject(text, folded)
    else:
        prepared, regions = mask_body(text, folded)
    if not prepared.strip():
        return [], [], regions
    hits = _hits(rule_index(), prepared)
    asks, seen = [], set()
    for hit in hits:
        # The same words found by two languages' tables ("webinar") are one piece of evidence.
        key = (hit.start, hit.end, hit.rule.kind)
        if hit.rule.role is RuleRole.ASK and key not in seen:
            seen.add(key)
            asks.append(hit)
    if not asks:
        return [], [], regions
    segments = segment(prepared)
    guards_by_clause: defaultdict[int, list[_Hit]] = defaultdict(list)
    for guard in hits:
        if guard.rule.role is not RuleRole.ASK:
            guards_by_clause[segments.clause_of(guard.start)].append(guard)
    kept: list[EvidenceSpan] = []
    dropped: list[SetAside] = []
    for hit in asks:
        span = _span(field, text, hit)
        clause = segments.clause_of(hit.start)
        # An overlapping "thanks for …" may start one clause earlier than the ask it covers.
        nearby = (*guards_by_clause.get(clause - 1, ()), *guards_by_clause.get(clause, ()))
        cancel = next((g for g in nearby if _cancels(g, hit, clause, segments)), None)
        if cancel is None:
            kept.append(span)
        else:
            dropped.append(SetAside(span, _span(field, text, cancel)))
    return kept, dropped, regions


def _hits(index: RuleIndex[Rule], prepared: str) -> list[_Hit]:
    return sorted(
        (_Hit(rule, start, end) for rule, start, end in index.matches(prepared)),
        key=lambda h: (h.start, _LANG_ORDER.get(h.rule.lang, 9), h.rule.rule_id),
    )


def _cancels(guard: _Hit, ask: _Hit, ask_clause: int, segments: Segments) -> bool:
    if guard.rule.scope is Scope.OVERLAP:
        return guard.start < ask.end and ask.start < guard.end
    if segments.clause_of(guard.start) != ask_clause:
        return False
    if guard.rule.scope is Scope.AFTER:
        return ask.end > guard.start
    return True


def _span(field: TextField, text: str, hit: _Hit) -> EvidenceSpan:
    original = text[hit.start:hit.end]
    shown = " ".join(original.split())
    if len(shown) > _MAX_QUOTE:
        shown = shown[: _MAX_QUOTE - 1] + "…"
    return EvidenceSpan(
        field=field,
        start=hit.start,
        end=hit.end,
        text=original,
        rule_id=hit.rule.rule_id,
        phrase=hit.rule.phrase,
        explanation=f'{hit.rule.explanation}: "{shown}"',
        kind=hit.rule.kind,
        weight=hit.rule.weight,
    )


def _decide(
    evidence: list[EvidenceSpan], set_aside: list[SetAside], ignored: list[IgnoredRegion]
) -> AskFinding:
    shown = _distinct(_ordered(evidence))
    per_kind = _score(shown)
    score = round(sum(per_kind.values()), 3)
    is_ask = score >= STRONG
    kind = None
    if is_ask:
        first_seen: dict[AskKind, int] = {}
        for i, span in enumerate(shown):
            if span.kind is not None:
                first_seen.setdefault(span.kind, i)
        kind = max(per_kind, key=lambda k: (per_kind[k], -first_seen.get(k, 0)))
    return AskFinding(
        is_ask=is_ask,
        kind=kind,
        evidence=tuple(shown),
        score=score,
        set_aside=tuple(_distinct_set_aside(set_aside)),
        ignored=tuple(ignored),
    )


def _score(spans: list[EvidenceSpan]) -> dict[AskKind, float]:
    """Weight per kind; a hint counts once however often, or in however many languages.

    The same idea in two languages' tables ("kickstarter" is a word in all four)
    shares its rule name, and overlapping matches of one kind count once.
    """
    per_kind: defaultdict[AskKind, float] = defaultdict(float)
    used_names: set[tuple[AskKind, str]] = set()
    taken: list[EvidenceSpan] = []
    for span in sorted(spans, key=lambda s: -s.weight):
        if span.kind is None:
            continue
        name = (span.kind, span.rule_id.rsplit(".", 1)[-1])
        if name in used_names or any(_overlap(span, t) and t.kind is span.kind for t in taken):
            continue
        used_names.add(name)
        taken.append(span)
        per_kind[span.kind] += span.weight
    return dict(per_kind)


def _overlap(a: EvidenceSpan, b: EvidenceSpan) -> bool:
    return a.field is b.field and a.start < b.end and b.start < a.end


def _distinct(spans: list[EvidenceSpan]) -> list[EvidenceSpan]:
    """One span per place and kind: "Kickstarter" matched by four languages shows once."""
    seen: set[tuple[TextField, int, int, AskKind | None]] = set()
    out = []
    for span in spans:
        key = (span.field, span.start, span.end, span.kind)
        if key not in seen:
            seen.add(key)
            out.append(span)
    return out


def _distinct_set_aside(items: list[SetAside]) -> list[SetAside]:
    seen: set[tuple[TextField, int, int]] = set()
    out = []
    for item in sorted(items, key=lambda s: (s.span.field is not TextField.SUBJECT, s.span.start)):
        key = (item.span.field, item.span.start, item.span.end)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _ordered(spans: list[EvidenceSpan]) -> list[EvidenceSpan]:
    # Subject first, then by position; stronger rules first where spans start together.
    return sorted(spans, key=lambda s: (s.field is not TextField.SUBJECT, s.start, -s.weight))
