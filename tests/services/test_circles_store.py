"""Suggestions in the store: refresh, learning from decisions, and accuracy on labelled books."""

from __future__ import annotations

import io
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from relmanager.domain import Circle
from relmanager.services.circle_tags import extract_circle
from relmanager.services.circles import (
    RuleSignal,
    learn_and_refresh,
    learn_from_decisions,
    list_rules,
    refresh_batch,
    refresh_suggestions,
    remove_rule,
    restore_rule,
    suggest,
)
from relmanager.services.circles.refresh import active_rules
from relmanager.services.circles.rules import RuleIndex
from relmanager.services.contacts import list_summaries
from relmanager.services.importer import import_files
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import load_contacts, set_user_circle
from relmanager.vcard import CardError, card_to_contact, read_cards
from tests.factories import make_contact, store

DATA = Path(__file__).resolve().parents[1] / "data" / "circles"
sys.path.insert(0, str(DATA))
from generated_labels import intended_circle, load_generator, people  # noqa: E402


def stored(engine: Engine, cid: int) -> tuple[str, float, list[str], str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(s.contacts).where(s.contacts.c.id == cid)).one()
    return row.circle_suggested, row.circle_confidence, json.loads(row.circle_reasons), \
        row.circle_user


def decide(engine: Engine, cid: int, circle: Circle) -> None:
    with write_transaction(engine) as conn:
        set_user_circle(conn, cid, circle)
        learn_and_refresh(conn)


def test_refresh_writes_suggestions_and_never_the_decision(engine: Engine) -> None:
    a, b = store(engine, make_contact("Ann Lee", "ann@gmail.com"),
                 make_contact("Bob Roe", "bob@acme.example", org="Acme GmbH"))
    with write_transaction(engine) as conn:
        set_user_circle(conn, b, Circle.FRIEND)
        assert refresh_suggestions(conn) == 2
        assert refresh_suggestions(conn) == 0  # nothing changed, nothing written
    assert stored(engine, a)[0] == "friend"
    circle, confidence, reasons, user = stored(engine, b)
    assert (circle, user) == ("professional", "friend")  # the decision is untouched
    assert confidence > 0.5 and "works at Acme GmbH" in reasons


def test_learned_domain_rule_is_followed(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"P{i} X", f"p{i}@acme.example") for i in range(3)))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    decide(engine, ids[0], Circle.PROFESSIONAL)
    with engine.connect() as conn:
        assert list_rules(conn) == []  # one decision is not a rule
    decide(engine, ids[1], Circle.PROFESSIONAL)
    with engine.connect() as conn:
        (rule,) = list_rules(conn)
    assert (rule.signal, rule.value, rule.circle, rule.evidence_count) == (
        RuleSignal.EMAIL_DOMAIN, "acme.example", Circle.PROFESSIONAL, 2)
    circle, confidence, reasons, _ = stored(engine, ids[2])
    assert circle == "professional" and confidence > 0.5
    assert reasons[0] == "you sorted 2 contacts at acme.example as professional"


def test_free_mail_domain_never_becomes_a_rule(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"G{i} X", f"g{i}@gmail.com") for i in range(4)))
    for cid in ids[:3]:
        decide(engine, cid, Circle.PROFESSIONAL)
    with engine.connect() as conn:
        assert list_rules(conn, include_removed=True) == []


def test_org_and_category_rules(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"O{i} X", org="Nordwind Logistics") for i in range(3)))
    contact = make_contact("C1 X")
    contact.categories = ["Book club Tuesday"]
    other = make_contact("C2 X")
    other.categories = ["book club  tuesday"]
    c1, c2 = store(engine, contact, other)
    for cid in (*ids[:2], c1, c2):
        decide(engine, cid, Circle.FRIEND)
    with engine.connect() as conn:
        rules = {(r.signal, r.value): r.circle for r in list_rules(conn)}
    assert rules == {(RuleSignal.ORG, "nordwind logistics"): Circle.FRIEND,
                     (RuleSignal.CATEGORY, "book club tuesday"): Circle.FRIEND}
    assert "you sorted 2 contacts at Nordwind Logistics as friend" in stored(engine, ids[2])[2]


def test_removed_rule_stops_applying_and_stays_removed(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"P{i} X", f"p{i}@acme.example") for i in range(4)))
    decide(engine, ids[0], Circle.PROFESSIONAL)
    decide(engine, ids[1], Circle.PROFESSIONAL)
    with engine.connect() as conn:
        (rule,) = list_rules(conn)
    with write_transaction(engine) as conn:
        assert remove_rule(conn, rule.id or 0)
        assert not remove_rule(conn, 999)
    _, confidence, reasons, _ = stored(engine, ids[3])
    assert not any(r.startswith("you sorted") for r in reasons) and confidence <= 0.5
    decide(engine, ids[2], Circle.PROFESSIONAL)  # more of the same evidence
    with engine.connect() as conn:
        assert list_rules(conn) == []
        assert list_rules(conn, include_removed=True)[0].removed
    with write_transaction(engine) as conn:
        assert restore_rule(conn, rule.id or 0)
    assert stored(engine, ids[3])[2][0] == "you sorted 3 contacts at acme.example as professional"


def test_rule_retires_when_decisions_change(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"P{i} X", f"p{i}@acme.example") for i in range(3)))
    decide(engine, ids[0], Circle.PROFESSIONAL)
    decide(engine, ids[1], Circle.PROFESSIONAL)
    decide(engine, ids[1], Circle.FRIEND)  # changed their mind: 1 vs 1, no agreement
    with engine.connect() as conn:
        assert list_rules(conn, include_removed=True) == []
    assert not stored(engine, ids[2])[2][0].startswith("you sorted")


def test_user_decision_wins_in_listings(engine: Engine) -> None:
    (cid,) = store(engine, make_contact("Ann Lee", "ann@acme.example", org="Acme GmbH"))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
        set_user_circle(conn, cid, Circle.FRIEND)
        refresh_suggestions(conn)
    (summary,) = list_summaries(engine)
    assert (summary.circle, summary.circle_source) == ("friend", "user")


def test_import_suggests_circles_and_refresh_agrees(engine: Engine, tmp_path: Path) -> None:
    book = tmp_path / "book.vcf"
    book.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\n"
                     b"EMAIL;TYPE=WORK:ann@acme.example\r\nORG:Acme GmbH\r\nEND:VCARD\r\n")
    result = import_files(engine, [book])
    circle, confidence, reasons, _ = stored(engine, 1)
    assert circle == "professional" and confidence > 0.5 and reasons
    with write_transaction(engine) as conn:  # the importer already wrote what refresh computes
        assert refresh_batch(conn, result.batch_id) == 0


def _corpus_contacts(corpus: Path) -> list[tuple[str, int, object]]:
    out = []
    for path in sorted(corpus.glob("*.vcf")):
        with path.open("rb") as handle:
            for card in read_cards(handle):
                if not isinstance(card, CardError):
                    contact, _ = extract_circle(card_to_contact(card)[0])
                    out.append((path.name, card.index, contact))
    return out


def _report(title: str, right: Counter[str], total: Counter[str]) -> float:
    print(f"\n{title}: " + ", ".join(
        f"{c} {right[c]}/{total[c]} = {right[c] / total[c]:.1%}" for c in sorted(total)))
    return sum(right.values()) / sum(total.values())


def test_accuracy_on_hand_labelled_corpus(corpus: Path) -> None:
    labels = json.loads((DATA / "corpus_labels.json").read_text(encoding="utf-8"))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    seen: Counter[tuple[str, str]] = Counter()
    unsorted_confidences = []
    for name, _, contact in _corpus_contacts(corpus):
        file_labels = labels[name]
        display = contact.display_name  # type: ignore[attr-defined]
        label = file_labels.get("*") or file_labels[display]
        if isinstance(label, list):  # same name twice in one file: labels in card order
            label = label[seen[(name, display)]]
        seen[(name, display)] += 1
        suggestion = suggest(contact)  # type: ignore[arg-type]
        if label == "unsorted":
            unsorted_confidences.append(suggestion.confidence)
            continue
        total[label] += 1
        right[label] += suggestion.circle.value == label
    accuracy = _report(f"corpus ({sum(total.values())} with signals, "
                       f"{len(unsorted_confidences)} without)", right, total)
    assert accuracy >= 0.9
    assert max(unsorted_confidences) <= 0.5


def test_accuracy_on_generated_book() -> None:
    gen = load_generator()
    n = 2000
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    cards = (card for card, *_ in gen.generate(n, 1, 0.0, "3.0", 0.0))
    for text, person in zip(cards, people(gen, n), strict=True):
        card = next(iter(read_cards(io.BytesIO(text.encode()))))
        assert not isinstance(card, CardError)
        suggestion = suggest(card_to_contact(card)[0])
        label = intended_circle(person)
        if label == "unsorted":
            assert suggestion.confidence <= 0.5
            continue
        total[label] += 1
        right[label] += suggestion.circle.value == label
    assert _report(f"generated ({n} cards)", right, total) >= 0.9


@pytest.mark.slow
def test_light_loader_agrees_with_full_contacts(engine: Engine, corpus: Path) -> None:
    """refresh_suggestions reads a few columns; the answer must equal the full contact's."""
    files = [p for p in sorted(corpus.glob("*.vcf")) if p.name != "folker__LargeFile.vcf"]
    import_files(engine, files)
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
        rules = RuleIndex.build(active_rules(conn))
        ids = [r[0] for r in conn.execute(select(s.contacts.c.id))]
        full = load_contacts(conn, ids)
    for cid, contact in full.items():
        circle, confidence, reasons, _ = stored(engine, cid)
        expected = suggest(contact, rules)
        assert (circle, confidence, tuple(reasons)) == (
            expected.circle.value, expected.confidence, expected.reasons), contact.display_name


def test_learning_keeps_unsorted_decisions_out_of_rules(engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"P{i} X", f"p{i}@acme.example") for i in range(2)))
    with write_transaction(engine) as conn:
        for cid in ids:
            set_user_circle(conn, cid, Circle.UNSORTED)
        assert learn_from_decisions(conn) == []
