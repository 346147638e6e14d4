"""Birthday reminders: year-less dates, 29 February, windows across New Year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from relmanager.domain import Birthday, Circle, InteractionKind
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders import ReminderKind, due, set_contact_cadence
from relmanager.services.reminders import birthdays as bd
from relmanager.services.reminders.config import (
    BIRTHDAY_GRACE_DAYS,
    BIRTHDAY_LEAD_DAYS,
    BIRTHDAYS,
)
from relmanager.settings import put
from tests.reminders.helpers import add

RECENT = date(2026, 12, 1)  # a recent contact, so no keep-in-touch item gets in the way


def _birthdays(engine: Engine, today: date) -> list[tuple[str, str, date, int]]:
    return [(it.display_name, it.reason, it.due_date, it.overdue_days)
            for it in due(engine, today) if it.kind is ReminderKind.BIRTHDAY]


def test_occurrence_of_29_february() -> None:
    assert bd.occurrence(2, 29, 2028) == date(2028, 2, 29)
    assert bd.occurrence(2, 29, 2027) == date(2027, 2, 28)
    assert bd.occurrence(2, 29, 2100) == date(2100, 2, 28)  # not a leap year
    assert bd.occurrence(12, 31, 2027) == date(2027, 12, 31)


def test_window_keys_include_29_feb_on_28_feb_of_common_years() -> None:
    assert 229 in bd.window_month_days(date(2027, 2, 28), 0, 0)
    assert 229 not in bd.window_month_days(date(2028, 2, 28), 0, 0)
    assert bd.window_month_days(date(2027, 1, 1), 1, 1) == {1231, 101, 102}


def test_birthday_today_with_and_without_year(engine: Engine) -> None:
    add(engine, "Maria Year", birthday=Birthday(6, 5, 1986), met=date(2026, 6, 1))
    add(engine, "Nora Noyear", birthday=Birthday(6, 5), met=date(2026, 6, 1))
    assert sorted(_birthdays(engine, date(2026, 6, 5))) == [
        ("Maria Year", "birthday today (turns 40)", date(2026, 6, 5), 0),
        ("Nora Noyear", "birthday today", date(2026, 6, 5), 0)]
    assert _birthdays(engine, date(2026, 6, 4)) == []


def test_29_february_in_leap_and_common_years(engine: Engine) -> None:
    add(engine, "Maria Leap", birthday=Birthday(2, 29, 1988), met=RECENT)
    put(engine, BIRTHDAY_LEAD_DAYS, 3)
    put(engine, BIRTHDAY_GRACE_DAYS, 0)
    # 2028 is a leap year: the day itself.
    assert _birthdays(engine, date(2028, 2, 29)) == [
        ("Maria Leap", "birthday today (turns 40)", date(2028, 2, 29), 0)]
    assert _birthdays(engine, date(2028, 2, 26)) == [
        ("Maria Leap", "Maria Leap's birthday is on 29 Feb (turns 40)", date(2028, 2, 29), -3)]
    # 2027 is not: remembered on 28 Feb, never 1 Mar.
    assert _birthdays(engine, date(2027, 2, 28)) == [
        ("Maria Leap", "birthday today (born on 29 Feb, no 29 Feb this year; turns 39)",
         date(2027, 2, 28), 0)]
    assert _birthdays(engine, date(2027, 2, 27)) == [
        ("Maria Leap", "Maria Leap's birthday is tomorrow, 29 Feb "
         "(remembered on 28 Feb this year; turns 39)", date(2027, 2, 28), -1)]
    assert _birthdays(engine, date(2027, 3, 1)) == []


def test_birthday_across_new_year(engine: Engine) -> None:
    add(engine, "Sylvester Eve", birthday=Birthday(12, 31), met=RECENT)
    add(engine, "Jan First", birthday=Birthday(1, 1, 2000), met=RECENT)
    put(engine, BIRTHDAY_LEAD_DAYS, 1)
    put(engine, BIRTHDAY_GRACE_DAYS, 1)
    assert sorted(_birthdays(engine, date(2026, 12, 31))) == [
        ("Jan First", "Jan First's birthday is tomorrow, 1 Jan (turns 27)", date(2027, 1, 1), -1),
        ("Sylvester Eve", "birthday today", date(2026, 12, 31), 0)]
    assert sorted(_birthdays(engine, date(2027, 1, 1))) == [
        ("Jan First", "birthday today (turns 27)", date(2027, 1, 1), 0),
        ("Sylvester Eve", "birthday was yesterday, on 31 Dec", date(2026, 12, 31), 1)]


def test_logging_contact_dismisses_the_birthday(engine: Engine) -> None:
    cid = add(engine, "Maria Year", birthday=Birthday(6, 5, 1986), met=date(2026, 6, 1))
    log_interaction(engine, cid, InteractionKind.MESSAGE, date(2026, 6, 5))
    assert _birthdays(engine, date(2026, 6, 5)) == []
    assert _birthdays(engine, date(2026, 6, 6)) == []  # grace day too


def test_birthdays_follow_the_contact_reminder_switches(engine: Engine) -> None:
    friend = add(engine, "Fay Friend", birthday=Birthday(6, 5), met=date(2026, 6, 1))
    add(engine, "Uma Unsorted", circle=None, birthday=Birthday(6, 5), met=date(2026, 6, 1))
    assert [n for n, *_ in _birthdays(engine, date(2026, 6, 5))] == ["Fay Friend"]
    set_contact_cadence(engine, friend, 0)
    assert _birthdays(engine, date(2026, 6, 5)) == []
    set_contact_cadence(engine, friend, None)
    put(engine, BIRTHDAYS, False)
    assert _birthdays(engine, date(2026, 6, 5)) == []


def test_birthday_and_catch_up_for_the_same_contact(engine: Engine) -> None:
    add(engine, "Maria Year", circle=Circle.BOTH, birthday=Birthday(6, 5, 1986),
        met=date(2026, 1, 1))
    kinds = [it.kind for it in due(engine, date(2026, 6, 5))]
    assert kinds == [ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY]  # overdue first


def test_implausible_birth_years_give_no_age() -> None:
    assert bd.age_on(1604, date(2026, 1, 1)) is None  # Apple's "year omitted" marker
    assert bd.age_on(2027, date(2026, 1, 1)) is None
    assert bd.age_on(1990, date(2026, 1, 1)) == 36
