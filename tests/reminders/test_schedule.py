"""When the app should wake up (DST-safe local mornings) and the once-a-day digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from relmanager.domain import Birthday, Circle
from relmanager.services.reminders import (
    ReminderKind,
    digest,
    mark_digest_sent,
    next_due_moment,
    set_paused,
    set_time_of_day,
    should_send_digest,
    snooze,
)
from relmanager.services.reminders.config import TIME_OF_DAY
from relmanager.settings import put
from tests.reminders.helpers import add

BERLIN = ZoneInfo("Europe/Berlin")


def test_next_moment_across_spring_dst_change(engine: Engine) -> None:
    # Due 2027-03-28, the day Berlin moves from CET (+1) to CEST (+2).
    add(engine, "Ana Friend", met=date(2027, 3, 28) - timedelta(days=60))
    now = datetime(2027, 3, 27, 20, 0, tzinfo=BERLIN)
    moment = next_due_moment(engine, now)
    assert moment == datetime(2027, 3, 28, 9, 0, tzinfo=BERLIN)
    assert moment is not None
    assert moment.utcoffset() == timedelta(hours=2)
    assert moment.astimezone(UTC) == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    assert moment.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=12)


def test_next_moment_across_autumn_dst_change(engine: Engine) -> None:
    add(engine, "Ana Friend", met=date(2027, 10, 31) - timedelta(days=60))
    now = datetime(2027, 10, 30, 12, 0, tzinfo=BERLIN)  # CEST
    moment = next_due_moment(engine, now)
    assert moment is not None
    assert moment.astimezone(UTC) == datetime(2027, 10, 31, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert (moment.hour, moment.minute) == (9, 0)


def test_today_before_and_after_the_reminder_time(engine: Engine) -> None:
    add(engine, "Ana Friend", met=date(2026, 1, 1))  # long overdue
    morning = datetime(2026, 6, 1, 7, 30, tzinfo=BERLIN)
    assert next_due_moment(engine, morning) == datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    # Already fired today: next is tomorrow morning (the daily digest), never "now".
    noon = datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN)
    assert next_due_moment(engine, noon) == datetime(2026, 6, 2, 9, 0, tzinfo=BERLIN)
    set_time_of_day(engine, time(18, 30))
    assert next_due_moment(engine, noon) == datetime(2026, 6, 1, 18, 30, tzinfo=BERLIN)


def test_next_moment_skips_to_the_first_due_day(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 6, 1))  # due 2026-07-31
    now = datetime(2026, 6, 2, 10, 0, tzinfo=BERLIN)
    assert next_due_moment(engine, now) == datetime(2026, 7, 31, 9, 0, tzinfo=BERLIN)
    snooze(engine, cid, date(2026, 8, 5))
    assert next_due_moment(engine, now) == datetime(2026, 8, 5, 9, 0, tzinfo=BERLIN)
    add(engine, "Bea Birthday", birthday=Birthday(7, 4), met=date(2026, 6, 1))
    assert next_due_moment(engine, now) == datetime(2026, 7, 4, 9, 0, tzinfo=BERLIN)


def test_next_moment_none_when_paused_or_nobody_has_reminders(engine: Engine) -> None:
    now = datetime(2026, 6, 1, 12, 0, tzinfo=BERLIN)
    assert next_due_moment(engine, now) is None
    add(engine, "Uma Unsorted", circle=None, met=date(2026, 1, 1))
    assert next_due_moment(engine, now) is None
    add(engine, "Ana Friend", met=date(2026, 1, 1))
    set_paused(engine, True)
    assert next_due_moment(engine, now) is None


def test_naive_now_gives_naive_local_moment_and_bad_time_setting_falls_back(
        engine: Engine) -> None:
    add(engine, "Ana Friend", met=date(2026, 1, 1))
    put(engine, TIME_OF_DAY, "25:99")
    assert next_due_moment(engine, datetime(2026, 6, 1, 8, 0)) == datetime(2026, 6, 1, 9, 0)


def test_digest_groups_by_circle(engine: Engine) -> None:
    add(engine, "Paul Pro", circle=Circle.PROFESSIONAL, met=date(2025, 1, 1))
    add(engine, "Fay Friend", met=date(2026, 1, 1))
    add(engine, "Fred Friend", met=date(2026, 2, 1))
    add(engine, "Bo Both", circle=Circle.BOTH, met=date(2026, 5, 1), birthday=Birthday(6, 1))
    d = digest(engine, date(2026, 6, 1))
    assert [(g.circle, [i.display_name for i in g.items]) for g in d.groups] == [
        (Circle.FRIEND, ["Fay Friend", "Fred Friend"]),
        (Circle.BOTH, ["Bo Both"]),
        (Circle.PROFESSIONAL, ["Paul Pro"])]
    assert d.groups[0].title == "Friend (2)"
    assert [i.kind for i in d.groups[1].items] == [ReminderKind.BIRTHDAY]
    assert d.summary == ("3 to get in touch with (2 friends, 1 professional contact) and 1 birthday.")
    assert digest(engine, date(2025, 1, 2)).summary == "Nobody is due today."


def test_digest_at_most_once_per_day(engine: Engine) -> None:
    day = date(2026, 6, 1)
    assert should_send_digest(engine, day)
    mark_digest_sent(engine, day)
    assert not should_send_digest(engine, day)
    assert not should_send_digest(engine, day - timedelta(days=1))  # clock went back
    assert should_send_digest(engine, day + timedelta(days=1))
    set_paused(engine, True)
    assert not should_send_digest(engine, day + timedelta(days=1))
