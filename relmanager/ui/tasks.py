"""Run core work off the GUI thread; results come back on the GUI thread.

The core takes plain callables (progress, should_cancel) and knows nothing of
Qt; this module adapts them: progress becomes a queued signal, cancel a
threading.Event the worker polls.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
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

    def _run(self) -> None:
        try:
            result = self._fn(self)
        except Exception as exc:
            log.error("Background task failed:\n%s", traceback.format_exc())
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)

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
