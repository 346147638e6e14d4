"""One contact's next reminder agrees with `due` and reads well in the detail pane."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.reminders import due, set_category_cadence, set_paused, snooze
from relmanager.services.reminders.next_for_contact import next_reminder
from tests.reminders.helpers import add

TODAY = date(2026, 6, 1)


def test_overdue_contact_matches_the_due_list(engine: Engine) -> None:
    cid = add(engine, "Maria Friend", circle=Circle.FRIEND, met=date(2026, 3, 1))
    nxt = next_reminder(engine, cid, TODAY)
    assert nxt.due_on == date(2026, 4, 30)
    assert nxt.overdue_days == 32
    [item] = [i for i in due(engine, TODAY) if i.contact_id == cid]
    assert (item.due_date, item.overdue_days) == (nxt.due_on, nxt.overdue_days)
    assert nxt.text == "overdue by 32 days (since 30 Apr 2026), every 60 days"


def test_upcoming_and_today(engine: Engine) -> None:
    cid = add(engine, "Paul Pro", circle=Circle.PROFESSIONAL, met=date(2026, 5, 1))
    assert next_reminder(engine, cid, TODAY).text == (
        "due in 89 days (29 Aug 2026), every 120 days")
    assert next_reminder(engine, cid, date(2026, 8, 29)).text == "due today, every 120 days"


def test_never_contacted_uses_the_same_spread_as_due(engine: Engine) -> None:
    cid = add(engine, "New Friend", circle=Circle.FRIEND, added=date(2026, 1, 1))
    nxt = next_reminder(engine, cid, TODAY)
    assert nxt.due_on is not None
    hits = [i for i in due(engine, nxt.due_on) if i.contact_id == cid]
    assert hits and hits[0].overdue_days == 0


def test_group_zero_and_own_zero_mean_no_reminders(engine: Engine) -> None:
    grouped = add(engine, "Book Clubber", circle=Circle.FRIEND, categories=["Book club"])
    own = add(engine, "Quiet One", circle=Circle.FRIEND, cadence=0)
    set_category_cadence(engine, "book CLUB", 0)
    assert next_reminder(engine, grouped, TODAY).text == "no reminders for this contact"
    assert next_reminder(engine, own, TODAY).due_on is None


def test_snooze_moves_it_and_pause_is_said(engine: Engine) -> None:
    cid = add(engine, "Maria Friend", circle=Circle.FRIEND, met=date(2026, 3, 1))
    snooze(engine, cid, date(2026, 6, 8))
    set_paused(engine, True)
    nxt = next_reminder(engine, cid, TODAY)
    assert nxt.due_on == date(2026, 6, 8)
    assert nxt.text == ("due in 7 days (8 Jun 2026), every 60 days, snoozed"
                        " — reminders are paused")
