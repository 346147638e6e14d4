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
from functools import cache

from relmanager.domain.asks import (
    AskFinding,
    AskKind,
    EvidenceSpan,
    IgnoredRegion,
    RuleRole,
    SetAside,
    TextField,
)
from relmanager.services.asks.phrases import (
    STRONG,
    Rule,
    Scope,
    ask_rules,
    guard_rules,
    rule_index,
)
from relmanager.services.asks.scan import RuleIndex
from relmanager.services.asks.text import Segments, fold, mask_body, mask_subject, segment

# Where languages' rules match the same words ("Kickstarter"), show the first one's.
_LANG_ORDER = {"en": 0, "de": 1, "fr": 2, "es": 3}
_MAX_QUOTE = 80  # evidence quotes longer than this are shortened for display


# (start, rank, end, rule): a plain tuple that sorts into reading order by itself,
# since `rank` is the rule's place in (language, rule id) order. Hundreds per long message.
_Hit = tuple[int, int, int, Rule]


@cache
def _ranks() -> dict[int, int]:
    """Each rule's place in (language, rule id) order, by id(): the rules live for the process."""
    rules = sorted((*ask_rules(), *guard_rules()),
                   key=lambda r: (_LANG_ORDER.get(r.lang, 9), r.rule_id))
    return {id(rule): i for i, rule in enumerate(rules)}


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
    asks, guards = _asks_and_guards(_hits(rule_index(), prepared))
    if not asks:
        return [], [], regions
    if not guards:  # nothing can set an ask aside: no need to find clauses
        return [_span(field, text, hit) for hit in asks], [], regions
    kept, dropped = _apply_guards(field, text, segment(prepared), asks, guards)
    return kept, dropped, regions


def _asks_and_guards(hits: list[_Hit]) -> tuple[list[_Hit], list[_Hit]]:
    asks: list[_Hit] = []
    guards: list[_Hit] = []
    seen: set[tuple[int, int, AskKind | None]] = set()
    for hit in hits:
        rule = hit[3]
        if rule.role is not RuleRole.ASK:
            guards.append(hit)
            continue
        # The same words found by two languages' tables ("webinar") are one piece of evidence.
        key = (hit[0], hit[2], rule.kind)
        if key not in seen:
            seen.add(key)
            asks.append(hit)
    return asks, guards


def _apply_guards(
    field: TextField, text: str, segments: Segments, asks: list[_Hit], guards: list[_Hit]
) -> tuple[list[EvidenceSpan], list[SetAside]]:
    clause_of = segments.clause_of
    guards_by_clause: defaultdict[int, list[_Hit]] = defaultdict(list)
    for guard in guards:
        guards_by_clause[clause_of(guard[0])].append(guard)
    kept: list[EvidenceSpan] = []
    dropped: list[SetAside] = []
    for hit in asks:
        span = _span(field, text, hit)
        clause = clause_of(hit[0])
        # An overlapping "thanks for …" may start one clause earlier than the ask it covers.
        before, here = guards_by_clause.get(clause - 1), guards_by_clause.get(clause)
        if before is None and here is None:
            kept.append(span)
            continue
        nearby = (*(before or ()), *(here or ()))
        cancel = next((g for g in nearby if _cancels(g, hit, clause, segments)), None)
        if cancel is None:
            kept.append(span)
        else:
            dropped.append(SetAside(span, _span(field, text, cancel)))
    return kept, dropped


def _hits(index: RuleIndex[Rule], prepared: str) -> list[_Hit]:
    """Every match, in reading order; where several start together, by language and rule id."""
    rank = _ranks()
    return sorted([(start, rank[id(rule)], end, rule)
                   for rule, start, end in index.matches(prepared)])


def _cancels(guard: _Hit, ask: _Hit, ask_clause: int, segments: Segments) -> bool:
    scope = guard[3].scope
    if scope is Scope.OVERLAP:
        return guard[0] < ask[2] and ask[0] < guard[2]
    if segments.clause_of(guard[0]) != ask_clause:
        return False
    if scope is Scope.AFTER:
        return ask[2] > guard[0]
    return True


def _span(field: TextField, text: str, hit: _Hit) -> EvidenceSpan:
    start, _, end, rule = hit
    original = text[start:end]
    shown = " ".join(original.split())
    if len(shown) > _MAX_QUOTE:
        shown = shown[: _MAX_QUOTE - 1] + "…"
    # Positional arguments: a frozen dataclass is built noticeably faster that way.
    return EvidenceSpan(field, start, end, original, rule.rule_id, rule.phrase,
                        f'{rule.explanation}: "{shown}"', rule.kind, rule.weight)


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
    # Spans counted so far, per field and kind: only those can overlap a span "of one kind".
    taken: defaultdict[tuple[TextField, AskKind], list[tuple[int, int]]] = defaultdict(list)
    for span in sorted(spans, key=lambda s: -s.weight):
        kind = span.kind
        if kind is None:
            continue
        name = (kind, span.rule_id.rsplit(".", 1)[-1])
        if name in used_names:
            continue
        start, end = span.start, span.end
        same_kind = taken[(span.field, kind)]
        if any(start < t_end and t_start < end for t_start, t_end in same_kind):
            continue
        used_names.add(name)
        same_kind.append((start, end))
        per_kind[kind] += span.weight
    return dict(per_kind)


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
