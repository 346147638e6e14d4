"""Background loads started in turn: one at a time, in order, each once the GUI thread
has handled what was already queued for it; the pool counts them busy until done."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThreadPool

from relmanager.ui.tasks import Task


class _Mark(QObject):
    """Notes when the GUI thread handles an event posted to it."""

    def __init__(self) -> None:
        super().__init__()
        self.handled_at: float | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.User:
            self.handled_at = time.perf_counter()
            return True
        return super().event(event)


def test_loads_run_one_at_a_time_after_the_gui_queue(qtbot) -> None:
    runs: list[tuple[str, float, float, str]] = []
    results: list[str] = []

    def work(name: str):  # type: ignore[no-untyped-def]
        def run(_task: Task) -> str:
            start = time.perf_counter()
            time.sleep(0.05)
            runs.append((name, start, time.perf_counter(), threading.current_thread().name))
            return name
        return run

    mark = _Mark()
    QCoreApplication.postEvent(mark, QEvent(QEvent.Type.User))  # queued before the loads
    tasks = [Task(work(name)) for name in ("due", "duplicates", "review")]
    for task in tasks:
        task.succeeded.connect(results.append)
        task.start_in_turn()
    assert all(t.running for t in tasks)
    assert QThreadPool.globalInstance().activeThreadCount() >= 1  # busy until all are done
    qtbot.waitUntil(lambda: len(results) == 3, timeout=5_000)
    assert results == ["due", "duplicates", "review"]
    assert [r[0] for r in runs] == results
    # One after another, never two at once, none on the GUI thread.
    assert all(a[2] <= b[1] for a, b in pairwise(runs))
    assert threading.main_thread().name not in {r[3] for r in runs}
    assert mark.handled_at is not None and mark.handled_at <= runs[0][1]
    assert not any(t.running for t in tasks)
    # A later load starts a new round.
    again: list[str] = []
    late = Task(work("again"))
    late.succeeded.connect(again.append)
    late.start_in_turn()
    qtbot.waitUntil(lambda: again == ["again"], timeout=5_000)


def test_a_failing_load_does_not_stop_the_next(qtbot) -> None:
    failures: list[BaseException] = []
    results: list[int] = []

    def boom(_task: Task) -> int:
        raise ValueError("disk gone")

    first, second = Task(boom), Task(lambda _task: 42)
    first.failed.connect(failures.append)
    second.succeeded.connect(results.append)
    first.start_in_turn()
    second.start_in_turn()
    qtbot.waitUntil(lambda: results == [42], timeout=5_000)
    assert [str(e) for e in failures] == ["disk gone"]
