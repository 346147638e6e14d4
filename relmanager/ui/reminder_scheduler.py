"""Wake up when the next reminder is due, and only then.

One single-shot QTimer is armed to the next due moment (the services compute
it). QTimer counts on the monotonic clock, which stops while the machine
sleeps and ignores changes of the wall clock, so a once-a-minute watchdog
compares how far the wall clock moved with how far the monotonic clock moved:
when they disagree (sleep, resume, clock or time-zone change) the timer is
re-armed, and a moment that passed meanwhile fires at once. The watchdog only
runs while something is scheduled; idle with nothing ahead, nothing ticks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from sqlalchemy import Engine

from relmanager.services.reminders import DueItem, due, next_due_moment
from relmanager.ui.tasks import Task

log = logging.getLogger(__name__)

MAX_INTERVAL_MS = 2**31 - 2  # QTimer takes an int: stay below 2**31 - 1
WATCHDOG_MS = 60_000  # at most once a minute
DRIFT = timedelta(seconds=5)  # wall vs monotonic disagreement that means sleep/clock change
EARLY = timedelta(seconds=2)  # coarse timers may fire a little early
DEBOUNCE_MS = 250  # many data changes in a row: recompute once


def local_now() -> datetime:
    return datetime.now().astimezone()


def interval_ms(delay: timedelta) -> int:
    """A timer interval for `delay`: never negative, never past what QTimer takes."""
    ms = int(delay.total_seconds() * 1000) + 1  # +1: land just after the moment, not before
    return max(0, min(ms, MAX_INTERVAL_MS))


class ReminderScheduler(QObject):
    """Emits `due(items)` when the next reminder moment comes (items may be empty
    only if the data changed in the meantime; then nothing is emitted)."""

    due = Signal(object)  # list[DueItem]
    rearmed = Signal(object)  # datetime | None: the moment the timer now waits for

    def __init__(self, engine: Engine, now: Callable[[], datetime] = local_now,
                 monotonic: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.now = now
        self.monotonic = monotonic
        self.target: datetime | None = None
        self._generation = 0
        self._fire_pending = False
        self._task: Task | None = None
        self._anchor: tuple[datetime, float] | None = None
        self.timer = self._timer("reminder", self._on_timer)
        self.timer.setSingleShot(True)
        self.watchdog = self._timer("reminder clock watchdog", self.check_clock)
        self.watchdog.setInterval(WATCHDOG_MS)
        self.debounce = self._timer("reminder resync", self.resync)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.setTimerType(Qt.TimerType.CoarseTimer)

    def _timer(self, name: str, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # seconds are plenty; fewer wakeups
        timer.timeout.connect(slot)
        return timer

    # -- arming --------------------------------------------------------------
    def schedule_resync(self) -> None:
        """After a data change: recompute soon, once for a burst of changes."""
        self.debounce.start()

    def resync(self) -> None:
        """Recompute the next due moment (off the GUI thread) and re-arm the timer."""
        self._compute(fire=False)

    def _compute(self, fire: bool) -> None:
        """One worker run: who is due now (when firing) and the next moment; the
        newest run wins. Over a big book both take a while: never on the GUI thread."""
        self.debounce.stop()
        self._generation += 1
        fire = self._fire_pending = fire or self._fire_pending  # a newer run still fires
        generation, now, engine = self._generation, self.now(), self.engine

        def work(_task: Task) -> tuple[int, datetime, list[DueItem], datetime | None]:
            items = due(engine, now.date()) if fire else []
            return generation, now, items, next_due_moment(engine, now)

        task = Task(work, self)
        task.succeeded.connect(self._computed)
        task.failed.connect(self._compute_failed)
        task.finished.connect(task.deleteLater)
        self._task = task
        task.start_in_turn()  # beside the pages' loads, not at the same time

    def _computed(self, result: tuple[int, datetime, list[DueItem], datetime | None]) -> None:
        generation, now, items, target = result
        if generation != self._generation:
            return
        self._fire_pending = False
        if items:
            log.info("Reminder: %d due", len(items))
            self.due.emit(items)
        self.target = target
        self._arm(now)

    def _compute_failed(self, exc: object) -> None:
        if self.sender() is not self._task:
            return
        log.error("Could not work out the next reminder (%s); retrying in a minute", exc)
        now = self.now()
        self.target = now + timedelta(minutes=1)
        self._arm(now)

    def stop(self) -> None:
        self._generation += 1  # a run still in flight is ignored
        self._fire_pending = False
        for timer in (self.timer, self.watchdog, self.debounce):
            timer.stop()
        self.target = None

    def _arm(self, now: datetime) -> None:
        self._anchor = (now, self.monotonic())
        if self.target is None:
            self.timer.stop()
            self.watchdog.stop()
            log.info("No reminder ahead: the reminder timer is off")
        else:
            self.timer.start(interval_ms(self.target - now))
            if not self.watchdog.isActive():
                self.watchdog.start()
            log.info("Next reminder at %s", self.target.isoformat(timespec="minutes"))
        self.rearmed.emit(self.target)

    # -- firing --------------------------------------------------------------
    def _on_timer(self) -> None:
        now = self.now()
        if self.target is not None and now >= self.target - EARLY:
            self._fire(now)
        else:  # a clamped interval ran out, or the clock moved: not there yet
            self.resync()

    def _fire(self, now: datetime) -> None:
        self.target = None  # until the worker says what comes next
        self._compute(fire=True)

    def check_clock(self) -> None:
        """The watchdog: re-arm after sleep or a clock change; fire what was missed."""
        if self._anchor is None:
            return
        now, mono = self.now(), self.monotonic()
        wall0, mono0 = self._anchor
        drift = (now - wall0) - timedelta(seconds=mono - mono0)
        if self.target is not None and now >= self.target - EARLY:
            log.info("Reminder moment passed while the timer waited (drift %s)", drift)
            self._fire(now)
        elif abs(drift) > DRIFT:
            log.info("Clock moved %s against the timer (sleep or clock change): re-arming",
                     drift)
            self.resync()
