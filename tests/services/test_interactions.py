"""Logging several contacts at once, undoing exactly that, and the recent timeline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from relmanager.domain import InteractionKind
from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import (
    delete_interactions,
    history,
    log_interaction,
    log_many,
    recent,
)
from tests.factories import make_contact, store


def test_log_many_then_delete_removes_only_those(engine: Engine) -> None:
    a, b = store(engine, make_contact("Ann A"), make_contact("Ben B"))
    earlier = log_interaction(engine, a, InteractionKind.MET, date(2026, 1, 5))
    logged = log_many(engine, [a, b], InteractionKind.GAVE, date(2026, 2, 1), "a book")
    assert [(i.contact_id, i.kind, i.note) for i in logged] == [
        (a, InteractionKind.GAVE, "a book"), (b, InteractionKind.GAVE, "a book")]
    assert delete_interactions(engine, [i.id for i in logged if i.id is not None]) == 2
    with engine.connect() as conn:
        left = history(conn, [a, b])
    assert left[a] == [earlier]
    assert b not in left


def test_log_many_is_all_or_nothing(engine: Engine) -> None:
    [a] = store(engine, make_contact("Ann A"))
    with pytest.raises(ContactNotFoundError):
        log_many(engine, [a, 9999], InteractionKind.CALL, date(2026, 2, 1))
    with engine.connect() as conn:
        assert history(conn, [a]) == {}


def test_recent_is_newest_first_and_limited(engine: Engine) -> None:
    [a] = store(engine, make_contact("Ann A"))
    for day, kind in ((1, InteractionKind.MET), (9, InteractionKind.ASKED),
                      (3, InteractionKind.CALL)):
        log_interaction(engine, a, kind, date(2026, 3, day))
    with engine.connect() as conn:
        rows = recent(conn, a, limit=2)
    assert [(r.occurred_on.day, r.kind) for r in rows] == [
        (9, InteractionKind.ASKED), (3, InteractionKind.CALL)]


def test_undoing_a_log_never_removes_an_entry_that_reused_its_id(engine: Engine) -> None:
    """Log X, delete X, log Y, undo the delete, undo the log: Y's entry stays."""
    from relmanager.services.contact_edit import delete_contacts, restore  # noqa: PLC0415

    x, y = store(engine, make_contact("Xena Ames", "x@x.example"),
                 make_contact("Yuri Berg", "y@x.example"))
    [logged] = log_many(engine, [x], InteractionKind.MET, date(2026, 11, 1))
    snapshot = delete_contacts(engine, [x])
    log_many(engine, [y], InteractionKind.MESSAGE, date(2026, 11, 2))
    restore(engine, snapshot)
    assert logged.id is not None
    delete_interactions(engine, [logged.id])
    with engine.connect() as conn:
        kept = history(conn, [x, y])
    assert [i.kind for i in kept.get(y, [])] == [InteractionKind.MESSAGE]
    assert kept.get(x, []) == []
