"""The word index finds exactly what a full regex scan finds, only faster."""

from __future__ import annotations

from relmanager.services.asks.phrases import (
    ask_rules,
    guard_rules,
    list_rules,
    rule_by_id,
    rule_index,
)
from relmanager.services.asks.scan import DIGIT, Anchor, anchors_of
from relmanager.services.asks.text import fold, mask_body
from tests.asks.conftest import Labelled


def _set(*anchors: Anchor) -> frozenset[Anchor]:
    return frozenset(anchors)


def test_anchor_extraction() -> None:
    assert anchors_of("invest\\w* in") == _set(Anchor("invest", whole_word=False))
    assert anchors_of("(?:would|could) you") == _set(Anchor("would", whole_word=False),
                                                 Anchor("could", whole_word=False))
    assert anchors_of("i'd love|no need") == _set(Anchor("i", whole_word=True),
                                             Anchor("no", whole_word=True))
    # The apostrophe is optional, so "id love" is one token starting with "i".
    assert anchors_of("i'?d love") == _set(Anchor("i", whole_word=False))
    assert anchors_of("tickets?|(?<=€)\\d+") == _set(Anchor("ticket", whole_word=False),
                                                 Anchor(DIGIT, whole_word=False))
    assert anchors_of("(?:i )?just bought") == _set(Anchor("i", whole_word=True),
                                                Anchor("just", whole_word=True))
    assert anchors_of("[a-z]+ you") is None


def test_every_rule_has_anchors() -> None:
    # An unanchored rule would be scanned in full on every message: keep it that way.
    assert rule_index().unanchored == ()


def test_index_finds_what_a_full_scan_finds(
    train: list[Labelled], heldout: list[Labelled]
) -> None:
    rules = (*ask_rules(), *guard_rules())
    for case in (*train, *heldout):
        text, _ = mask_body(case.body, fold(case.body))
        full = {(r.rule_id, m.start(), m.end()) for r in rules for m in r.pattern.finditer(text)}
        indexed = {(r.rule_id, s, e) for r, s, e in rule_index().matches(text)}
        assert full <= indexed, (case.body, full - indexed)


def test_rules_are_listed_for_the_ui() -> None:
    rules = list_rules()
    assert len(rules) == len(ask_rules()) + len(guard_rules())
    assert {r.lang for r in rules} == {"en", "de", "fr", "es"}
    assert len({r.rule_id for r in rules}) == len(rules)
    assert all(r.phrase and r.explanation for r in rules)
    german = list_rules("de")
    assert german and all(r.lang == "de" for r in german)
    info = rule_by_id("en.invest.back_campaign")
    assert info is not None and info.weight == 1.0
    assert rule_by_id("nope") is None
