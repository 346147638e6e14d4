"""The labelled message sets: shape, and precision/recall of `is_ask`.

`heldout.jsonl` was written before any rule was tuned and is never used for
tuning; `train.jsonl` is what the rules were tuned on. See tests/data/asks/README.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from relmanager.services.asks import AskKind, TextField, detect
from tests.asks.conftest import Labelled

LANGS = {"en", "de", "fr", "es"}
KINDS = {k.value for k in AskKind}


def _scores(cases: list[Labelled]) -> dict[str, float]:
    tp = fp = fn = tn = kind_ok = 0
    for case in cases:
        finding = detect(case.subject, case.body)
        if finding.is_ask and case.is_ask:
            tp += 1
            kind_ok += finding.kind == case.kind
        elif finding.is_ask:
            fp += 1
        elif case.is_ask:
            fn += 1
        else:
            tn += 1
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "kind_accuracy": kind_ok / tp if tp else 0.0,
    }


def test_sets_are_big_enough_and_well_formed(train: list[Labelled], heldout: list[Labelled]) -> None:
    assert len(train) + len(heldout) >= 200
    assert len(heldout) >= 60
    for case in (*train, *heldout):
        assert case.lang in LANGS
        assert case.body.strip()
        assert (case.kind in KINDS) if case.is_ask else case.kind is None
        assert case.note
    for cases in (train, heldout):
        assert set(Counter(c.lang for c in cases)) == LANGS
        assert {c.kind for c in cases if c.is_ask} == KINDS


def test_sets_do_not_share_messages(train: list[Labelled], heldout: list[Labelled]) -> None:
    assert not {c.body for c in train} & {c.body for c in heldout}


@pytest.mark.parametrize("name", ["heldout", "train"])
def test_precision_and_recall(
    name: str, request: pytest.FixtureRequest, record_property: Callable[[str, object], None]
) -> None:
    cases: list[Labelled] = request.getfixturevalue(name)
    scores = _scores(cases)
    print(f"\n{name}: {scores}")  # shown with -s; recorded in junit XML too
    record_property(f"{name}_scores", scores)
    assert scores["precision"] >= 0.9
    assert scores["recall"] >= 0.9


def test_every_evidence_span_points_at_its_text(
    train: list[Labelled], heldout: list[Labelled]
) -> None:
    for case in (*train, *heldout):
        finding = detect(case.subject, case.body)
        spans = [*finding.evidence, *(s.span for s in finding.set_aside),
                 *(s.because for s in finding.set_aside)]
        for span in spans:
            source = case.subject if span.field is TextField.SUBJECT else case.body
            assert source[span.start:span.end] == span.text
