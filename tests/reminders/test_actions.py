"""Undoable reminder actions: each undo puts back exactly what its action changed."""

from __future__ import annotations

from datetime import date, timedelta

from relmanager.domain import InteractionKind
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders import due, snooze, snoozed_until
from relmanager.services.reminders.actions import (
    log_touches,
    remove_interactions,
    restore_snoozes,
    snooze_many,
    snooze_rows,
)
from tests.reminders.helpers import add

TODAY = date(2026, 11, 24)


def test_undoing_a_touch_removes_only_that_touch(engine) -> None:
    ada = add(engine, "Ada Lovelace", met=TODAY - timedelta(days=100))
    bob = add(engine, "Bob Builder", met=TODAY - timedelta(days=90))
    added = log_touches(engine, [ada, bob], InteractionKind.MET, TODAY)
    assert len(added) == 2 and due(engine, TODAY) == []
    log_interaction(engine, ada, InteractionKind.CALL, TODAY)  # logged some other way
    assert remove_interactions(engine, added) == 2
    assert [it.contact_id for it in due(engine, TODAY)] == [bob]  # Ada's call still counts


def test_undoing_a_snooze_restores_the_snooze_it_replaced(engine) -> None:
    ada = add(engine, "Ada Lovelace", met=TODAY - timedelta(days=100))
    bob = add(engine, "Bob Builder", met=TODAY - timedelta(days=90))
    snooze(engine, ada, TODAY + timedelta(days=1))
    before = snooze_rows(engine, [ada, bob])
    assert before[bob] is None and before[ada] is not None
    snooze_many(engine, [ada, bob], TODAY + timedelta(days=30))
    assert snoozed_until(engine, bob) == TODAY + timedelta(days=30)
    restore_snoozes(engine, before)
    assert snoozed_until(engine, ada) == TODAY + timedelta(days=1)
    assert snoozed_until(engine, bob) is None
