"""Ask guard types: what a message asks for, and how each recipient should be warned.

Pure data shared by `services.asks`, the CLI (`check-ask`) and the compose dialog.
A finding keeps its evidence (which words, which rule, why) so every flag can be
explained to the user; a judgement keeps plain-text reasons for the same purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from relmanager.domain.circles import Circle
from relmanager.domain.interactions import InteractionKind


class AskKind(StrEnum):
    """What a message asks the reader for."""

    PITCH = "pitch"  # sales pitch: a demo, a call about "our services", an "opportunity"
    BUY = "buy"  # buy/order/pre-order something the writer sells
    INVEST = "invest"  # invest, back, crowdfund
    REFER = "refer"  # refer the writer, introduce them for business, spread the word
    HIRE = "hire"  # hire the writer, pass on their CV, "are you hiring?"
    REVIEW = "review"  # review, rating, testimonial, endorsement, vote
    PAID_EVENT = "paid_event"  # paid event, webinar, course, newsletter sign-up

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AskKind.PITCH: "sales pitch",
    AskKind.BUY: "asks to buy",
    AskKind.INVEST: "asks to invest or back",
    AskKind.REFER: "asks for a referral or introduction",
    AskKind.HIRE: "asks for a job or to be hired",
    AskKind.REVIEW: "asks for a review or testimonial",
    AskKind.PAID_EVENT: "asks to sign up for an event, course or newsletter",
}


class TextField(StrEnum):
    SUBJECT = "subject"
    BODY = "body"


class RuleRole(StrEnum):
    """What a rule does: find an ask, or set an ask aside."""

    ASK = "ask"
    NEGATION = "negation"  # "not trying to sell you anything"
    OFFER = "offer"  # giving, not asking: "happy to refer you", "let me buy you a coffee"
    FAVOUR = "favour"  # a shared plan or personal favour: "buy the tickets together"


class GuardLevel(StrEnum):
    OK = "ok"
    CAUTION = "caution"
    WARN = "warn"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {GuardLevel.OK: 0, GuardLevel.CAUTION: 1, GuardLevel.WARN: 2}


@dataclass(frozen=True)
class EvidenceSpan:
    """A piece of text that made (or nearly made) the message an ask.

    `start`/`end` index the original subject or body, so
    `text_of(field)[start:end] == text` always holds.
    """

    field: TextField
    start: int
    end: int
    text: str
    rule_id: str
    phrase: str  # the rule in readable form, e.g. "back my/our campaign"
    explanation: str  # e.g. 'asks the reader to invest: "back my campaign"'
    kind: AskKind | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class SetAside:
    """An ask-like match that did not count, and the words that cancelled it."""

    span: EvidenceSpan
    because: EvidenceSpan  # the negation or offer that set it aside


@dataclass(frozen=True)
class IgnoredRegion:
    """Text not written by the sender for this message: quotes, signatures."""

    field: TextField
    start: int
    end: int
    reason: str  # e.g. "quoted reply", "signature after '-- '"


@dataclass(frozen=True)
class AskFinding:
    is_ask: bool
    kind: AskKind | None
    evidence: tuple[EvidenceSpan, ...] = ()
    score: float = 0.0
    set_aside: tuple[SetAside, ...] = ()
    ignored: tuple[IgnoredRegion, ...] = ()

    @property
    def summary(self) -> str:
        if not self.is_ask or self.kind is None:
            return "no business ask found"
        return self.kind.label


@dataclass(frozen=True)
class RuleInfo:
    """One detection rule as the UI lists it ("why was this flagged")."""

    rule_id: str
    lang: str  # "en", "de", "fr", "es" or "any"
    role: RuleRole
    kind: AskKind | None
    phrase: str
    explanation: str
    weight: float


@dataclass(frozen=True)
class RecipientContext:
    """Who a message goes to, as far as the address book knows.

    `circle` is None when the address matches no contact (`contact_id` is None then too).
    """

    email: str
    display_name: str = ""
    contact_id: int | None = None
    circle: Circle | None = None
    dont_pitch: bool = False

    @property
    def name(self) -> str:
        return self.display_name.strip() or self.email


class InteractionLike(Protocol):
    """Anything with a kind and a date: `Interaction` rows or `PastInteraction`."""

    @property
    def kind(self) -> InteractionKind: ...

    @property
    def occurred_on(self) -> date: ...


@dataclass(frozen=True)
class PastInteraction:
    """The two facts the ask guard needs from one logged interaction."""

    kind: InteractionKind
    occurred_on: date


@dataclass(frozen=True)
class AskPolicy:
    ask_budget_count: int = 1  # asks allowed per window to a "both" contact
    ask_budget_days: int = 90
    long_silence_days: int = 365

    def __post_init__(self) -> None:
        if self.ask_budget_count < 0 or self.ask_budget_days < 1 or self.long_silence_days < 1:
            raise ValueError("ask policy needs a budget >= 0 and windows of at least one day")


@dataclass(frozen=True)
class Judgement:
    email: str
    contact_id: int | None
    circle: Circle | None
    level: GuardLevel
    reasons: tuple[str, ...] = ()
