"""Judging recipients: friends, the do-not-pitch flag, the ask budget, give before you ask."""

from __future__ import annotations

from datetime import date

import pytest

from relmanager.domain import Circle, Interaction, InteractionKind
from relmanager.services.asks import (
    AskFinding,
    AskKind,
    AskPolicy,
    GuardLevel,
    PastInteraction,
    RecipientContext,
    detect,
    judge,
)

TODAY = date(2026, 11, 23)
ASK = AskFinding(is_ask=True, kind=AskKind.INVEST, score=1.0)
NO_ASK = AskFinding(is_ask=False, kind=None)
K = InteractionKind


def _maria(circle: Circle | None = Circle.PROFESSIONAL, *, dont_pitch: bool = False,
           contact_id: int | None = 7) -> RecipientContext:
    return RecipientContext("maria@example.com", "Maria", contact_id, circle, dont_pitch)


def _past(*items: tuple[InteractionKind, str]) -> list[PastInteraction]:
    return [PastInteraction(kind, date.fromisoformat(day)) for kind, day in items]


HEALTHY = _past((K.GAVE, "2026-03-01"), (K.INTRODUCED, "2026-06-01"), (K.CALL, "2026-10-20"))


def test_not_an_ask_is_ok_for_everyone() -> None:
    for recipient in (_maria(Circle.FRIEND, dont_pitch=True), _maria(None, contact_id=None)):
        result = judge(recipient, NO_ASK, [], AskPolicy(), TODAY)
        assert result.level is GuardLevel.OK
        assert result.reasons == ()


def test_professional_with_healthy_history_passes_quietly() -> None:
    result = judge(_maria(), ASK, HEALTHY, AskPolicy(), TODAY)
    assert result.level is GuardLevel.OK
    assert result.reasons == ()
    assert (result.email, result.contact_id, result.circle) == (
        "maria@example.com", 7, Circle.PROFESSIONAL)


def test_friend_circle_warns() -> None:
    result = judge(_maria(Circle.FRIEND), ASK, HEALTHY, AskPolicy(), TODAY)
    assert result.level is GuardLevel.WARN
    assert result.reasons == ("Maria is in your friend circle",)


def test_dont_pitch_flag_warns() -> None:
    result = judge(_maria(dont_pitch=True), ASK, HEALTHY, AskPolicy(), TODAY)
    assert result.level is GuardLevel.WARN
    assert 'Maria is marked "do not pitch"' in result.reasons


def test_both_within_budget_is_ok_with_a_neutral_note() -> None:
    result = judge(_maria(Circle.BOTH), ASK, HEALTHY, AskPolicy(), TODAY)
    assert result.level is GuardLevel.OK
    assert result.reasons == (
        "Maria is a friend as well as a professional contact: this uses your ask budget "
        "(0 of 1 ask in the last 90 days)",
    )


def test_both_over_budget_warns_with_the_date() -> None:
    history = [*HEALTHY, *_past((K.GAVE, "2026-09-01"), (K.ASKED, "2026-10-01"))]
    result = judge(_maria(Circle.BOTH), ASK, history, AskPolicy(), TODAY)
    assert result.level is GuardLevel.WARN
    assert result.reasons[0] == (
        "you already asked Maria on 2026-10-01 (budget: 1 ask per 90 days)")


def test_asks_outside_the_window_do_not_count() -> None:
    history = [*HEALTHY, *_past((K.GAVE, "2026-05-01"), (K.ASKED, "2026-08-01"))]
    result = judge(_maria(Circle.BOTH), ASK, history, AskPolicy(), TODAY)
    assert result.level is GuardLevel.OK


def test_budget_is_configurable_and_counts_several_asks() -> None:
    history = [*HEALTHY, *_past((K.GAVE, "2026-01-01"), (K.GAVE, "2026-01-02"),
                                (K.GAVE, "2026-01-03"), (K.ASKED, "2026-09-01"),
                                (K.ASKED, "2026-11-01"))]
    policy = AskPolicy(ask_budget_count=2, ask_budget_days=120)
    result = judge(_maria(Circle.BOTH), ASK, history, policy, TODAY)
    assert result.level is GuardLevel.WARN
    assert result.reasons[0] == (
        "you already asked Maria 2 times in the last 120 days, most recently on 2026-11-01 "
        "(budget: 2 asks per 120 days)")
    relaxed = AskPolicy(ask_budget_count=3, ask_budget_days=120)
    assert judge(_maria(Circle.BOTH), ASK, history, relaxed, TODAY).level is GuardLevel.OK


def test_professional_over_budget_is_a_caution() -> None:
    history = [*HEALTHY, *_past((K.GAVE, "2026-09-01"), (K.ASKED, "2026-11-01"))]
    result = judge(_maria(), ASK, history, AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == ("you already asked Maria on 2026-11-01 (budget: 1 ask per 90 days)",)


def test_give_before_you_ask() -> None:
    history = _past((K.MET, "2026-10-01"), (K.RECEIVED, "2026-10-05"))
    result = judge(_maria(), ASK, history, AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == ("give before you ask: you have never given Maria anything",)


def test_more_asks_than_gives() -> None:
    history = _past((K.GAVE, "2025-12-01"), (K.ASKED, "2026-02-01"), (K.CALL, "2026-11-01"))
    result = judge(_maria(), ASK, history, AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == (
        "give before you ask: you have asked Maria 1 time and given 1 time",)


def test_long_silence() -> None:
    history = _past((K.GAVE, "2024-05-01"), (K.CALL, "2025-01-03"))
    result = judge(_maria(), ASK, history, AskPolicy(long_silence_days=365), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == (
        "you have not been in touch with Maria since 2025-01-03 (689 days): "
        "reconnect before you ask",)


def test_no_history_at_all() -> None:
    result = judge(_maria(), ASK, [], AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == ("give before you ask: you have never given Maria anything",
                              "no interaction with Maria on record")


def test_unknown_address() -> None:
    result = judge(_maria(None, contact_id=None), ASK, [], AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == (
        "maria@example.com is not in your contacts: you have no history with them",)
    assert result.contact_id is None and result.circle is None


def test_unsorted_contact() -> None:
    result = judge(_maria(Circle.UNSORTED), ASK, HEALTHY, AskPolicy(), TODAY)
    assert result.level is GuardLevel.CAUTION
    assert result.reasons == (
        "Maria is not sorted into a circle yet: friend, professional or both?",)


def test_warnings_come_before_cautions() -> None:
    result = judge(_maria(Circle.FRIEND, dont_pitch=True), ASK, [], AskPolicy(), TODAY)
    assert result.level is GuardLevel.WARN
    assert result.reasons == (
        'Maria is marked "do not pitch"',
        "Maria is in your friend circle",
        "give before you ask: you have never given Maria anything",
        "no interaction with Maria on record",
    )


def test_display_name_falls_back_to_email() -> None:
    nameless = RecipientContext("bob@example.com", "", 3, Circle.FRIEND)
    assert judge(nameless, ASK, HEALTHY, AskPolicy(), TODAY).reasons == (
        "bob@example.com is in your friend circle",)


def test_future_interactions_are_ignored() -> None:
    history = [*HEALTHY, *_past((K.ASKED, "2026-12-24"))]
    assert judge(_maria(Circle.BOTH), ASK, history, AskPolicy(), TODAY).level is GuardLevel.OK


def test_accepts_store_interactions() -> None:
    history = [Interaction(7, K.GAVE, date(2026, 10, 1)), Interaction(7, K.CALL, date(2026, 11, 1))]
    assert judge(_maria(), ASK, history, AskPolicy(), TODAY).level is GuardLevel.OK


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="ask policy"):
        AskPolicy(ask_budget_days=0)


def test_end_to_end_detect_then_judge() -> None:
    finding = detect("Quick one", "Would you consider investing in my café? Happy to send numbers.")
    result = judge(_maria(Circle.FRIEND), finding, HEALTHY, AskPolicy(), TODAY)
    assert finding.kind is AskKind.INVEST
    assert result.level is GuardLevel.WARN
