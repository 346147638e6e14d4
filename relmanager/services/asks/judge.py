"""Judge one recipient of a message that contains an ask: ok, caution or warn, and why.

The rules follow the product's reasons to exist: don't pitch friends, respect a
"do not pitch" flag, don't wear people out (an ask budget per window), give
before you ask, and don't open with an ask after a long silence. Reasons are
plain sentences naming the contact, ready for the compose dialog and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from relmanager.domain.asks import (
    AskFinding,
    AskPolicy,
    GuardLevel,
    InteractionLike,
    Judgement,
    RecipientContext,
)
from relmanager.domain.circles import Circle
from relmanager.domain.interactions import InteractionKind

# Giving, in the ledger's terms: a favour, a gift, an introduction made for them.
_GIVING = frozenset({InteractionKind.GAVE, InteractionKind.INTRODUCED})

_Reason = tuple[GuardLevel, str]


def judge(
    recipient: RecipientContext,
    finding: AskFinding,
    history: Iterable[InteractionLike],
    policy: AskPolicy | None = None,
    today: date | None = None,
) -> Judgement:
    """How risky this ask is for this recipient; `today` defaults to the local date."""
    if not finding.is_ask:
        return _judgement(recipient, [])
    policy = policy or AskPolicy()
    today = today or date.today()
    if recipient.contact_id is None or recipient.circle is None:
        return _judgement(recipient, [(
            GuardLevel.CAUTION,
            f"{recipient.email} is not in your contacts: you have no history with them",
        )])
    past = sorted(
        (i for i in history if i.occurred_on <= today), key=lambda i: i.occurred_on
    )
    reasons = [*_circle_reasons(recipient), *_budget_reasons(recipient, past, policy, today)]
    reasons += _reciprocity_reasons(recipient, past)
    reasons += _silence_reasons(recipient, past, policy, today)
    return _judgement(recipient, reasons)


def _circle_reasons(recipient: RecipientContext) -> list[_Reason]:
    name = recipient.name
    reasons: list[_Reason] = []
    if recipient.dont_pitch:
        reasons.append((GuardLevel.WARN, f'{name} is marked "do not pitch"'))
    if recipient.circle is Circle.FRIEND:
        reasons.append((GuardLevel.WARN, f"{name} is in your friend circle"))
    elif recipient.circle is Circle.UNSORTED:
        reasons.append((
            GuardLevel.CAUTION,
            f"{name} is not sorted into a circle yet: friend, professional or both?",
        ))
    return reasons


def _budget_reasons(
    recipient: RecipientContext,
    past: list[InteractionLike],
    policy: AskPolicy,
    today: date,
) -> list[_Reason]:
    """Count past asks in the window; friends (and "both") get a warning, others a caution."""
    name = recipient.name
    since = today - timedelta(days=policy.ask_budget_days)
    asks = [
        i.occurred_on for i in past if i.kind == InteractionKind.ASKED and i.occurred_on > since
    ]
    budget = f"budget: {_plural(policy.ask_budget_count, 'ask')} per {policy.ask_budget_days} days"
    friendish = recipient.circle is not None and recipient.circle.is_friend
    if len(asks) >= policy.ask_budget_count:
        level = GuardLevel.WARN if friendish else GuardLevel.CAUTION
        if not asks:
            return [(level, f"you allow no asks to {name} ({budget})")]
        if len(asks) == 1:
            return [(level, f"you already asked {name} on {asks[0].isoformat()} ({budget})")]
        return [(level, (
            f"you already asked {name} {len(asks)} times in the last "
            f"{policy.ask_budget_days} days, most recently on {asks[-1].isoformat()} ({budget})"
        ))]
    if recipient.circle is Circle.BOTH:
        used = f"{len(asks)} of {_plural(policy.ask_budget_count, 'ask')}"
        return [(GuardLevel.OK, (
            f"{name} is a friend as well as a professional contact: this uses your ask budget "
            f"({used} in the last {policy.ask_budget_days} days)"
        ))]
    return []


def _reciprocity_reasons(recipient: RecipientContext, past: list[InteractionLike]) -> list[_Reason]:
    name = recipient.name
    gave = sum(1 for i in past if i.kind in _GIVING)
    asked = sum(1 for i in past if i.kind == InteractionKind.ASKED)
    if gave == 0:
        return [(GuardLevel.CAUTION, f"give before you ask: you have never given {name} anything")]
    if asked >= gave:
        return [(GuardLevel.CAUTION, (
            f"give before you ask: you have asked {name} {_plural(asked, 'time')} "
            f"and given {_plural(gave, 'time')}"
        ))]
    return []


def _silence_reasons(
    recipient: RecipientContext,
    past: list[InteractionLike],
    policy: AskPolicy,
    today: date,
) -> list[_Reason]:
    name = recipient.name
    if not past:
        return [(GuardLevel.CAUTION, f"no interaction with {name} on record")]
    last = past[-1].occurred_on
    days = (today - last).days
    if days > policy.long_silence_days:
        return [(GuardLevel.CAUTION, (
            f"you have not been in touch with {name} since {last.isoformat()} ({days} days): "
            f"reconnect before you ask"
        ))]
    return []


def _judgement(recipient: RecipientContext, reasons: list[_Reason]) -> Judgement:
    level = max((lvl for lvl, _ in reasons), key=lambda lvl: lvl.severity, default=GuardLevel.OK)
    ordered = sorted(reasons, key=lambda r: -r[0].severity)  # stable: rule order within a level
    return Judgement(
        email=recipient.email,
        contact_id=recipient.contact_id,
        circle=recipient.circle,
        level=level,
        reasons=tuple(text for _, text in ordered),
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
