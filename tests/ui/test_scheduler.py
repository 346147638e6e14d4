"""The reminder timer: armed to the next due moment, clamped, re-armed after data and
clock changes. The clocks are injected; nothing sleeps (the computing runs on a
worker thread; tests wait for `rearmed`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from relmanager.domain import InteractionKind
from relmanager.services.interactions import log_interaction
from relmanager.ui.reminder_scheduler import (
    MAX_INTERVAL_MS,
    WATCHDOG_MS,
    ReminderScheduler,
    interval_ms,
)
from tests.reminders.helpers import add

ZONE = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 24)


class Clocks:
    """A wall clock and a monotonic clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.wall = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, delta: timedelta, *, asleep: bool = False) -> None:
        self.wall += delta
        if not asleep:  # the monotonic clock stands still while the machine sleeps
            self.mono += delta.total_seconds()


@pytest.fixture
def clocks() -> Clocks:
    return Clocks(datetime(2026, 11, 24, 12, 0, tzinfo=ZONE))


@pytest.fixture
def scheduler(qtbot, engine, clocks):
    sched = ReminderScheduler(engine, clocks.now, clocks.monotonic)
    yield sched
    sched.stop()


def resync(qtbot, scheduler) -> None:
    with qtbot.waitSignal(scheduler.rearmed, timeout=5000):
        scheduler.resync()


def test_interval_is_clamped_below_the_qtimer_limit() -> None:
    assert interval_ms(timedelta(days=60)) == MAX_INTERVAL_MS < 2**31 - 1
    assert interval_ms(timedelta(seconds=-30)) == 0
    assert interval_ms(timedelta(hours=21)) == 21 * 3600 * 1000 + 1


def test_timer_is_armed_to_tomorrow_morning(qtbot, scheduler, engine, clocks) -> None:
    add(engine, "Ada Lovelace", met=TODAY - timedelta(days=59))  # due tomorrow
    resync(qtbot, scheduler)
    assert scheduler.target == datetime(2026, 11, 25, 9, 0, tzinfo=ZONE)
    assert scheduler.timer.isSingleShot() and scheduler.timer.isActive()
    assert abs(scheduler.timer.interval() - 21 * 3600 * 1000) < 5
    assert scheduler.watchdog.interval() >= 60_000 == WATCHDOG_MS


def test_nothing_ahead_means_no_timer_at_all(qtbot, scheduler) -> None:
    resync(qtbot, scheduler)
    assert scheduler.target is None
    assert not scheduler.timer.isActive() and not scheduler.watchdog.isActive()


def test_a_far_moment_is_clamped_and_rearmed_without_firing(qtbot, scheduler, engine,
                                                           clocks) -> None:
    add(engine, "Ada Lovelace", met=TODAY - timedelta(days=30))  # due in 30 days (> 24.8)
    resync(qtbot, scheduler)
    assert scheduler.target == datetime(2026, 12, 24, 9, 0, tzinfo=ZONE)
    assert scheduler.timer.interval() == MAX_INTERVAL_MS
    clocks.advance(timedelta(milliseconds=MAX_INTERVAL_MS))  # the clamped wait ran out
    with qtbot.assertNotEmitted(scheduler.due), qtbot.waitSignal(scheduler.rearmed):
        scheduler.timer.timeout.emit()
    assert scheduler.timer.isActive()
    assert scheduler.timer.interval() < MAX_INTERVAL_MS  # the rest of the way


def test_firing_emits_who_is_due_and_arms_the_next_morning(qtbot, scheduler, engine,
                                                          clocks) -> None:
    ada = add(engine, "Ada Lovelace", met=TODAY - timedelta(days=59))
    resync(qtbot, scheduler)
    clocks.advance(timedelta(hours=21))
    with qtbot.waitSignal(scheduler.rearmed), qtbot.waitSignal(scheduler.due) as fired:
        scheduler.timer.timeout.emit()
    assert [it.contact_id for it in fired.args[0]] == [ada]
    assert scheduler.target == datetime(2026, 11, 26, 9, 0, tzinfo=ZONE)  # the daily digest


def test_waking_from_sleep_past_the_moment_fires_at_once(qtbot, scheduler, engine,
                                                        clocks) -> None:
    add(engine, "Ada Lovelace", met=TODAY - timedelta(days=59))
    resync(qtbot, scheduler)
    clocks.advance(timedelta(days=2), asleep=True)  # the timer's clock did not move
    with qtbot.waitSignal(scheduler.rearmed), qtbot.waitSignal(scheduler.due):
        scheduler.check_clock()
    assert scheduler.target == datetime(2026, 11, 27, 9, 0, tzinfo=ZONE)


def test_a_clock_change_rearms_to_the_same_moment(qtbot, scheduler, engine, clocks) -> None:
    add(engine, "Ada Lovelace", met=TODAY - timedelta(days=59))
    resync(qtbot, scheduler)
    clocks.advance(timedelta(hours=5), asleep=True)  # e.g. the user set the clock forward
    with qtbot.waitSignal(scheduler.rearmed), qtbot.assertNotEmitted(scheduler.due):
        scheduler.check_clock()
    assert abs(scheduler.timer.interval() - 16 * 3600 * 1000) < 5
    # No drift: the watchdog leaves the timer alone.
    with qtbot.assertNotEmitted(scheduler.rearmed):
        clocks.advance(timedelta(minutes=1))
        scheduler.check_clock()


def test_a_data_change_rearms_after_a_short_debounce(qtbot, scheduler, engine) -> None:
    ada = add(engine, "Ada Lovelace", met=TODAY - timedelta(days=59))
    resync(qtbot, scheduler)
    log_interaction(engine, ada, InteractionKind.MET, TODAY)  # due again in 60 days
    with qtbot.waitSignal(scheduler.rearmed, timeout=2000) as rearmed:
        scheduler.schedule_resync()
        scheduler.schedule_resync()  # a burst of changes: one recompute
    assert rearmed.args[0] == datetime(2027, 1, 23, 9, 0, tzinfo=ZONE)


def test_the_window_rearms_the_scheduler_when_data_changes(qtbot, window, engine) -> None:
    scheduler = window.reminders.scheduler
    qtbot.waitUntil(lambda: scheduler._anchor is not None, timeout=3000)  # first run
    assert scheduler.target is None  # an empty book: nothing ahead
    add(engine, "Ada Lovelace", met=date.today() - timedelta(days=30))
    window.refresh()
    qtbot.waitUntil(lambda: scheduler.target is not None, timeout=3000)
    assert scheduler.target.date() == date.today() + timedelta(days=30)
    assert scheduler.timer.isActive()
