"""The review queue and bulk decisions on a real database: grouping, order, undo, learning."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, select

from relmanager.domain import Circle
from relmanager.services.circles import list_rules, refresh_suggestions, remove_rule
from relmanager.services.circles.review import (
    NO_SIGNAL_GROUP,
    ReviewQueue,
    decide_circles,
    restore_circles,
    review_queue,
    set_circles,
)
from relmanager.services.contacts import ContactNotFoundError, set_circle
from relmanager.services.importer import import_files
from relmanager.store import schema as s
from relmanager.store import write_transaction
from tests.factories import make_contact, store

GENERATOR = Path(__file__).resolve().parents[3] / "shared" / "bench" / "gen_vcards.py"


def with_category(name: str, category: str, email: str = "") -> object:
    contact = make_contact(name, email)
    contact.categories = [category]
    return contact


def snapshot(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Everything a decision can touch: decisions, suggestions, rules (with ids)."""
    c = s.contacts.c
    with engine.connect() as conn:
        contacts = [tuple(r) for r in conn.execute(
            select(c.id, c.circle_user, c.circle_suggested, c.circle_confidence,
                   c.circle_reasons).order_by(c.id))]
        rules = [tuple(r) for r in conn.execute(
            select(s.circle_rules).order_by(s.circle_rules.c.id))]
    return contacts, rules


def suggested(engine: Engine, cid: int) -> tuple[str, list[str], str | None]:
    c = s.contacts.c
    with engine.connect() as conn:
        row = conn.execute(select(c.circle_suggested, c.circle_reasons, c.circle_user)
                           .where(c.id == cid)).one()
    return row[0], json.loads(row[1]), row[2]


def group_of(queue: ReviewQueue, cid: int) -> str:
    return next(g.reason for g in queue.groups if cid in g.ids)


def acme_book(engine: Engine, n: int = 4) -> list[int]:
    ids = store(engine, *(make_contact(f"P{i} Acme", f"p{i}@acme.example") for i in range(n)))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    return ids


def test_queue_groups_by_main_reason_and_orders_by_confidence(engine: Engine) -> None:
    family = store(engine, *(with_category(f"F{i} Kin", "Family") for i in range(3)))
    acme = store(engine, *(make_contact(f"A{i} Works", f"a{i}@acme.example") for i in range(3)))
    (gmail,) = store(engine, make_contact("Gia Mail", "gia@gmail.com"))
    (nothing,) = store(engine, make_contact("No Signal", phone="+49 30 1234567"))
    (lonely,) = store(engine, with_category("Lone Wolf", "Kollegen"))
    (decided,) = store(engine, with_category("Done Already", "Family"))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    set_circle(engine, decided, Circle.FRIEND)

    queue = review_queue(engine)
    reasons = [g.reason for g in queue.groups]
    assert reasons[0] == "category Family"  # 0.9 confidence, the most certain
    assert queue.groups[0].circle is Circle.FRIEND
    assert sorted(queue.groups[0].ids) == sorted(family)  # the decided one is not in the queue
    assert group_of(queue, acme[0]) == "company e-mail domain acme.example"
    assert group_of(queue, gmail) == "personal e-mail address"
    # a category only one contact has is grouped by kind, not on its own
    assert group_of(queue, lonely) == "a category"
    assert reasons[-1] == NO_SIGNAL_GROUP and queue.groups[-1].ids == [nothing]
    assert queue.groups[-1].circle is Circle.UNSORTED
    confidences = [g.confidence for g in queue.groups[:-1]]
    assert confidences == sorted(confidences, reverse=True)
    assert queue.count == 9 and decided not in queue.ids


def test_rows_in_a_group_are_most_confident_first(engine: Engine) -> None:
    strong = make_contact("Zed Strong", "zed@acme.example", org="Acme GmbH")
    strong.categories = ["Clients"]
    store(engine, with_category("Amy Weak", "Clients"), strong,
          with_category("Bea Weak", "Clients"))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    (group,) = review_queue(engine).groups
    assert group.reason == "category Clients"
    assert [i.name for i in group.items] == ["Zed Strong", "Amy Weak", "Bea Weak"]
    assert group.items[0].confidence > group.items[1].confidence
    assert group.items[0].email == "zed@acme.example" and group.items[0].org == "Acme GmbH"


def test_same_reason_different_circle_is_a_different_group(engine: Engine) -> None:
    both = with_category("Bo Both", "Family")
    both.categories.append("Clients")  # type: ignore[attr-defined]
    plain = store(engine, both, *(with_category(f"F{i} Kin", "Family") for i in range(3)))
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    queue = review_queue(engine)
    circles = {g.circle for g in queue.groups}
    assert Circle.BOTH in circles and Circle.FRIEND in circles
    for group in queue.groups:
        assert {i.circle for i in group.items} == {group.circle}
    assert plain[0] not in next(g for g in queue.groups if g.circle is Circle.FRIEND).ids


def test_set_and_restore_circles_learn_and_unlearn(engine: Engine) -> None:
    ids = acme_book(engine)
    before = snapshot(engine)
    previous = set_circles(engine, ids[:2], Circle.PROFESSIONAL)
    assert previous.decisions == {ids[0]: None, ids[1]: None}
    with engine.connect() as conn:
        (rule,) = list_rules(conn)
    assert rule.value == "acme.example"
    circle, reasons, user = suggested(engine, ids[3])
    assert (circle, user) == ("professional", None)
    assert reasons[0] == "you sorted 2 contacts at acme.example as professional"
    assert group_of(review_queue(engine), ids[3]) == reasons[0]

    restore_circles(engine, previous)
    assert snapshot(engine) == before  # decisions, suggestions and rules as they were


def test_undo_keeps_a_removed_rule_removed(engine: Engine) -> None:
    ids = acme_book(engine, 8)
    set_circles(engine, ids[:2], Circle.PROFESSIONAL)
    with engine.connect() as conn:
        (rule,) = list_rules(conn)
    with write_transaction(engine) as conn:
        remove_rule(conn, rule.id or 0)
    before = snapshot(engine)
    # New, different evidence revives the removed rule with a new circle...
    previous = set_circles(engine, ids[2:8], Circle.FRIEND)
    with engine.connect() as conn:
        (revived,) = list_rules(conn)
    assert revived.circle is Circle.FRIEND and not revived.removed
    # ...and undoing that decision puts the user's removal back, not a live rule.
    restore_circles(engine, previous)
    assert snapshot(engine) == before
    with engine.connect() as conn:
        assert list_rules(conn) == []


def test_changing_a_decision_and_undo(engine: Engine) -> None:
    ids = acme_book(engine)
    set_circles(engine, ids[:3], Circle.PROFESSIONAL)
    before = snapshot(engine)
    previous = decide_circles(engine, {ids[0]: Circle.FRIEND, ids[1]: None, 999: Circle.BOTH})
    assert previous.decisions == {ids[0]: Circle.PROFESSIONAL, ids[1]: Circle.PROFESSIONAL}
    assert suggested(engine, ids[0])[2] == "friend" and suggested(engine, ids[1])[2] is None
    with engine.connect() as conn:
        assert list_rules(conn) == []  # 1 professional, 1 friend: no agreement left
    restore_circles(engine, previous)
    assert snapshot(engine) == before


def test_set_circle_on_missing_contact_raises(engine: Engine) -> None:
    try:
        set_circle(engine, 4242, Circle.FRIEND)
    except ContactNotFoundError:
        pass
    else:
        raise AssertionError("no error for a missing contact")
    assert set_circles(engine, [4242], Circle.FRIEND).decisions == {}


def test_generated_book_queue_and_bulk_accept_are_fast(engine: Engine, tmp_path: Path) -> None:
    """5k generated contacts: read the queue, accept everything, undo, in a few seconds."""
    book = tmp_path / "book.vcf"
    subprocess.run([sys.executable, str(GENERATOR), "--cards", "5000", "--photos", "0",
                    "--out", str(book)], check=True, capture_output=True, timeout=120)
    import_files(engine, [book])
    t0 = time.perf_counter()
    queue = review_queue(engine)
    queue_s = time.perf_counter() - t0
    assert queue.count == 5000
    assert len(queue.groups) < 200  # groups, not one row each
    assert all(g.reason for g in queue.groups)
    before = snapshot(engine)
    t0 = time.perf_counter()
    previous = decide_circles(engine, {i.id: i.circle for g in queue.groups for i in g.items})
    accept_s = time.perf_counter() - t0
    assert review_queue(engine).count == 0
    t0 = time.perf_counter()
    restore_circles(engine, previous)
    undo_s = time.perf_counter() - t0
    assert snapshot(engine) == before
    print(f"\n5k: queue {queue_s:.3f}s, accept all {accept_s:.3f}s, undo {undo_s:.3f}s, "
          f"{len(queue.groups)} groups")
    assert queue_s < 2 and accept_s < 15 and undo_s < 15
