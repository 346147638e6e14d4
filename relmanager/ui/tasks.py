"""Run core work off the GUI thread; results come back on the GUI thread.

The core takes plain callables (progress, should_cancel) and knows nothing of
Qt; this module adapts them: progress becomes a queued signal, cancel a
threading.Event the worker polls.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(object)


class Task(QObject):
    """A running piece of work. Keep a reference until `finished` fires."""

    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, fn: Callable[[Task], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self.progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self.running = False

    # Called from the worker thread.
    def report(self, value: object) -> None:
        self._signals.progress.emit(value)

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    # Called from the GUI thread.
    def cancel(self) -> None:
        self._cancel.set()

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def start_in_turn(self) -> None:
        """Start after the other background loads started this way (one pool thread
        runs them in order), once the GUI thread has handled what was already queued
        for it (a refresh's repaint): for the pages re-reading after a change."""
        global _in_turn  # noqa: PLW0603  # one per process, made on the GUI thread
        if _in_turn is None:
            _in_turn = _InTurn()
        self.running = True
        _in_turn.add(self)

    def _run(self) -> None:
        try:
            result = self._fn(self)
        except Exception as exc:
            log.error("Background task failed:\n%s", traceback.format_exc())
            self._deliver(self._signals.failed, exc)
        else:
            self._deliver(self._signals.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the Qt side went first (the process is ending): no one waits
            log.debug("Background task result dropped: its receiver is gone")

    def _on_done(self, result: object) -> None:
        self.running = False
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_failed(self, exc: object) -> None:
        self.running = False
        self.failed.emit(exc)
        self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


GATE_S = 0.25  # longest a load waits for the GUI thread to get through its queue


class _InTurn(QObject):
    """Background loads one at a time. Every Python thread running beside the GUI
    thread lengthens each of its waits for the GIL, and the window takes the GIL
    for every model call while it paints: a 1 ms sleep woke 0.7 ms late (median)
    beside one busy thread, 1.7 ms (p95 7 ms) beside three. Loading in order keeps
    it to one; each load first lets the GUI thread handle what is queued for it."""

    _ask = Signal(object)  # a threading.Event for the GUI thread to set
    _ran = Signal(object)  # a Task: its last reference goes on the GUI thread

    def __init__(self) -> None:
        super().__init__()
        self._ask.connect(self._answer)  # queued: emitted from the pool thread
        self._ran.connect(self._drop)
        self._lock = threading.Lock()
        self._queue: deque[Task] = deque()
        self._draining = False

    def add(self, task: Task) -> None:
        with self._lock:
            self._queue.append(task)
            if self._draining:
                return
            self._draining = True
        QThreadPool.globalInstance().start(_Drain(self))

    def drain(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._draining = False
                    return
                task = self._queue.popleft()
            gate = threading.Event()
            self._ask.emit(gate)
            gate.wait(GATE_S)
            task._run()
            # A QObject freed by this thread while the GUI thread delivers its signals
            # crashes: the queued signal holds the task until the GUI thread drops it.
            self._ran.emit(task)
            del task

    @Slot(object)
    def _answer(self, gate: threading.Event) -> None:  # on the GUI thread
        gate.set()

    @Slot(object)
    def _drop(self, _task: Task) -> None:
        pass


_in_turn: _InTurn | None = None


class _Drain(QRunnable):
    def __init__(self, queue: _InTurn) -> None:
        super().__init__()
        self._queue = queue

    def run(self) -> None:
        self._queue.drain()


def close_progress(dialog: QProgressDialog | None) -> None:
    """Close a task's progress dialog without its close counting as Cancel."""
    if dialog is not None:
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()


QUIT_WAIT_MS = 60_000  # an SMTP send times out after 30 s; nothing else takes this long


def finish_background_work(window: QObject, flows: Iterable[Any] = ()) -> bool:
    """At quit, before the engine goes: cancel what can be cancelled (an import or
    export rolls back whole) and let started saves commit, instead of the process
    ending under them and rolling them back unseen. True when all work ended."""
    for flow in flows:
        task = getattr(flow, "task", None)
        if isinstance(task, Task) and task.running:
            task.cancel()
    pools = [*window.findChildren(QThreadPool), QThreadPool.globalInstance()]
    busy = sum(pool.activeThreadCount() for pool in pools)
    if busy:
        log.info("Waiting for %d background task(s) to finish before quitting", busy)
    done = all(pool.waitForDone(QUIT_WAIT_MS) for pool in pools)
    if not done:
        log.warning("Background work still running at quit; its changes may be rolled back")
    return done
