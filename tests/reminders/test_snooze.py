"""Snooze moves the due date without counting as contact; logging resets it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, func, select

from relmanager.domain import InteractionKind
from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import log_interaction
from relmanager.services.ledger import ledger
from relmanager.services.reminders import (
    ONE_DAY,
    ONE_WEEK,
    clear_snooze,
    due,
    snooze,
    snooze_for,
    snoozed_until,
)
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import delete_contacts
from tests.reminders.helpers import add

TODAY = date(2026, 6, 1)  # Ana's last contact was 2026-03-01: due 2026-04-30


def test_snooze_one_day_then_due_again(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    assert snooze_for(engine, cid, TODAY, ONE_DAY) == TODAY + timedelta(days=1)
    assert due(engine, TODAY) == []
    [item] = due(engine, TODAY + timedelta(days=1))
    assert item.due_date == TODAY + timedelta(days=1)
    assert item.overdue_days == 0
    assert item.snoozed_until == TODAY + timedelta(days=1)
    assert item.reason == "last contact 93 days ago (cadence 60 days), snoozed until 2 Jun"
    assert due(engine, TODAY + timedelta(days=3))[0].overdue_days == 2


def test_snooze_is_not_contact(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    snooze_for(engine, cid, TODAY, ONE_WEEK)
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(s.interactions)).scalar()
    assert n == 1
    assert ledger(engine, cid, TODAY).last_contact_on == date(2026, 3, 1)
    [item] = due(engine, TODAY + ONE_WEEK)
    assert item.last_contact_on == date(2026, 3, 1)


def test_custom_date_and_clear(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    snooze(engine, cid, date(2026, 7, 15))
    assert snoozed_until(engine, cid) == date(2026, 7, 15)
    assert due(engine, date(2026, 7, 14)) == []
    assert len(due(engine, date(2026, 7, 15))) == 1
    assert clear_snooze(engine, cid)
    assert not clear_snooze(engine, cid)
    assert len(due(engine, TODAY)) == 1


def test_snooze_never_brings_a_reminder_forward(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=TODAY)
    snooze(engine, cid, TODAY + timedelta(days=1))
    assert due(engine, TODAY + timedelta(days=1)) == []
    assert due(engine, TODAY + timedelta(days=60))[0].snoozed_until is None


def test_logging_after_a_snooze_resets_and_forgets_the_snooze(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    snooze(engine, cid, date(2026, 12, 1))  # far away
    log_interaction(engine, cid, InteractionKind.MESSAGE, TODAY)
    assert snoozed_until(engine, cid) is None
    [item] = due(engine, TODAY + timedelta(days=60))
    assert item.due_date == TODAY + timedelta(days=60)
    assert item.snoozed_until is None


def test_backdated_log_older_than_last_contact_keeps_the_snooze(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    snooze(engine, cid, date(2026, 6, 10))
    log_interaction(engine, cid, InteractionKind.GAVE, date(2026, 2, 1))
    assert snoozed_until(engine, cid) == date(2026, 6, 10)
    assert due(engine, TODAY) == []


def test_snooze_a_contact_never_contacted(engine: Engine) -> None:
    cid = add(engine, "New Person", added=date(2026, 1, 1))
    first = due(engine, date(2026, 5, 1))[0].due_date
    snooze(engine, cid, date(2026, 5, 8))
    assert due(engine, date(2026, 5, 7)) == []
    assert due(engine, date(2026, 5, 8))[0].snoozed_until == date(2026, 5, 8)
    assert first < date(2026, 5, 8)


def test_snooze_unknown_contact(engine: Engine) -> None:
    with pytest.raises(ContactNotFoundError):
        snooze(engine, 999, TODAY)


def test_deleting_the_contact_removes_its_snooze(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    snooze(engine, cid, TODAY)
    with write_transaction(engine) as conn:
        delete_contacts(conn, [cid])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.snoozes)).scalar() == 0
