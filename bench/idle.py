"""Idle cost of the app when nothing is due: timer wakeups and CPU time.

    .venv/bin/python -m bench.idle [--seconds 60] [--contacts 500]

Builds the real MainWindow (with the reminders feature: Due page, tray, scheduler)
over a fresh database where everyone was contacted recently (nothing due, the next
reminder weeks away), lets it sit, and counts every QTimerEvent delivered in the
process (an application-wide event filter) and the CPU time from /proc/self/stat.
Two phases: the window shown, then hidden (as when it lives in the tray).
Prints one JSON object. Target: no timer more than once a minute, CPU ~0.
Uses the offscreen platform unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    """utime + stime of this process (fields 14 and 15 of /proc/self/stat)."""
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class TimerCounter(QObject):
    """Every QTimerEvent in the process, per object, with when it came."""

    def __init__(self) -> None:
        super().__init__()
        self.times: dict[str, list[float]] = defaultdict(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Timer:
            parent = watched.parent()
            owner = type(parent).__name__ if parent is not None else "-"
            kind = watched.metaObject().className()  # the C++ class, e.g. Qt's QPMCache
            name = f"{kind}:{watched.objectName() or '?'} in {owner}"
            self.times[name].append(time.monotonic())
        return False


def build_book(engine: Any, contacts: int) -> None:
    from relmanager.domain import Circle, InteractionKind
    from relmanager.services.contacts import set_circle
    from relmanager.services.interactions import log_many
    from relmanager.store import write_transaction
    from relmanager.store.contacts import insert_contacts
    from tests.factories import make_contact

    with write_transaction(engine) as conn:
        ids = insert_contacts(conn, [make_contact(f"Person {n}", f"p{n}@example.org")
                                     for n in range(contacts)])
    circles = (Circle.FRIEND, Circle.PROFESSIONAL, Circle.BOTH)
    for n, cid in enumerate(ids):
        set_circle(engine, cid, circles[n % 3])
    log_many(engine, ids, InteractionKind.MET, date.today() - timedelta(days=5))


def sit(seconds: float, counter: TimerCounter) -> dict[str, Any]:
    counter.times.clear()
    cpu0, wall0 = cpu_seconds(), time.monotonic()
    loop = QEventLoop()
    end = QTimer()
    end.setObjectName("bench end of phase")
    end.setSingleShot(True)
    end.timeout.connect(loop.quit)
    end.start(int(seconds * 1000))
    loop.exec()
    cpu, wall = cpu_seconds() - cpu0, time.monotonic() - wall0
    per_object = {name: {"events": len(ts), "shortest_gap_s": round(min(
        (b - a for a, b in pairwise(ts)), default=0.0), 1)}
        for name, ts in counter.times.items() if "bench end" not in name}
    total = sum(v["events"] for v in per_object.values())
    return {"seconds": round(wall, 1), "cpu_s": round(cpu, 3),
            "cpu_percent": round(100 * cpu / wall, 3), "timer_events": total,
            "timer_events_per_minute": round(60 * total / wall, 2),
            "by_object": per_object}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--contacts", type=int, default=500)
    args = parser.parse_args()

    from relmanager.paths import app_paths
    from relmanager.store import open_database
    from relmanager.ui.app import make_application
    from relmanager.ui.main_window import MainWindow

    app = make_application()
    with tempfile.TemporaryDirectory(prefix="relmanager-idle-") as tmp:
        paths = app_paths(Path(tmp) / "home")
        engine = open_database(paths.database, paths.backups)
        build_book(engine, args.contacts)
        window = MainWindow(engine, paths)
        window.show()
        settle = QEventLoop()
        QTimer.singleShot(3000, settle.quit)  # first load, debounced resync, paint
        settle.exec()
        counter = TimerCounter()
        app.installEventFilter(counter)
        scheduler = window.reminders.scheduler
        result: dict[str, Any] = {
            "platform": app.platformName(), "contacts": args.contacts,
            "due_now": len(window.reminders.view.items),
            "next_reminder": scheduler.target.isoformat() if scheduler.target else None,
            "reminder_timer_ms": scheduler.timer.remainingTime(),
            "shown": sit(args.seconds, counter)}
        window.hide()
        result["hidden"] = sit(args.seconds, counter)
        app.removeEventFilter(counter)
        window.close()
        engine.dispose()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
