"""File ▸ Import: progress with cancel, work off the GUI thread, a summary after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget
from sqlalchemy import Engine

from relmanager.ui import messages
from relmanager.ui.gui_runtime import ease_gui_thread
from relmanager.ui.import_summary import ImportSummaryDialog
from relmanager.ui.messages import STATUS_MS
from relmanager.ui.tasks import Task, close_progress
from relmanager.ui.turns import NEXT_TURN_MS

if TYPE_CHECKING:
    # The importer (vCard parser, matching, merging) loads in the worker on the first
    # import, not at start-up: the window's first paint does not need it (issue #8).
    from relmanager.services.import_undo import UndoResult
    from relmanager.services.importer import ImportProgress, ImportResult

log = logging.getLogger(__name__)

PROGRESS_STEPS = 1000


class ImportFlow(QObject):
    """Owns one import at a time; tells the window to refresh when data changed."""

    data_changed = Signal()
    finished = Signal(object)  # ImportResult, for tests and the status bar

    def __init__(self, engine: Engine, parent: QWidget) -> None:
        super().__init__(parent)
        self.engine = engine
        self.window = parent
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None
        self.summary: ImportSummaryDialog | None = None
        # How the window refreshes after an import, then runs the callable given:
        # the window sets its stepwise refresh, so no event-loop turn does it all.
        self.refresh_in_turns: Callable[[Callable[[], object]], None] = self._refresh_at_once

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def start(self, files: list[str]) -> None:
        files = [f for f in files if f]
        if not files:
            return
        if self.busy:
            messages.info(self.window, "An import is already running.",
                          "Wait for it to finish, or cancel it first.")
            return
        log.info("Importing %d file(s)", len(files))
        names = ", ".join(Path(f).name for f in files[:3]) + ("…" if len(files) > 3 else "")
        self.dialog = QProgressDialog(f"Importing {names}", "Cancel", 0, PROGRESS_STEPS,
                                      self.window)
        self.dialog.setWindowTitle("Importing contacts")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # small files finish before it would flash
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)

        def work(task: Task) -> ImportResult:
            from relmanager.services.importer import import_files  # noqa: PLC0415

            return import_files(self.engine, files, progress=task.report,
                                should_cancel=task.should_cancel)

        ease_gui_thread()
        self.task = Task(work, self)
        self.dialog.canceled.connect(self.task.cancel)
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.task.start()

    def _on_progress(self, progress: ImportProgress) -> None:
        if self.dialog is None or not progress.bytes_total:
            return
        if self.dialog.wasCanceled() and self.task is not None:  # Esc / window close
            self.task.cancel()
        self.dialog.setValue(int(PROGRESS_STEPS * progress.bytes_done / progress.bytes_total))
        self.dialog.setLabelText(f"Importing {progress.file}: {progress.cards_seen} cards read")

    def _close_dialog(self) -> None:
        close_progress(self.dialog)
        self.dialog = None

    def _on_done(self, result: ImportResult) -> None:
        self._close_dialog()
        ease_gui_thread()  # what the import left: the pages now re-read in the background
        # The summary and what `finished` starts (the review re-reading) come in a turn
        # after the window's refresh steps: it shows a settled window.
        if not result.cancelled and result.batch_id is not None:
            self.refresh_in_turns(lambda: self._show_summary(result))
        else:
            QTimer.singleShot(NEXT_TURN_MS, self, lambda: self._show_summary(result))

    def _refresh_at_once(self, then: Callable[[], object]) -> None:
        self.data_changed.emit()
        QTimer.singleShot(NEXT_TURN_MS, self, then)

    def _show_summary(self, result: ImportResult) -> None:
        self.summary = ImportSummaryDialog(result, self.window)
        self.summary.undo_requested.connect(self.undo)
        self.summary.show()
        # Its own turn too: what `finished` starts (the review counting) is not cheap.
        QTimer.singleShot(NEXT_TURN_MS, self, lambda: self.finished.emit(result))

    def _on_failed(self, exc: BaseException) -> None:
        self._close_dialog()
        messages.error(self.window, "The import failed and nothing was changed.",
                       f"{exc}\n\nDetails are in the log (Help ▸ About shows where).")

    def undo(self, batch_id: int, on_done: Callable[[UndoResult], None] | None = None) -> None:
        def work(_task: Task) -> UndoResult:
            from relmanager.services.import_undo import undo_import  # noqa: PLC0415

            return undo_import(self.engine, batch_id)

        task = Task(work, self)
        task.succeeded.connect(lambda result: self._on_undone(result, on_done))
        task.failed.connect(self._on_undo_failed)
        self.task = task
        task.start()

    def _on_undone(self, result: UndoResult,
                   on_done: Callable[[UndoResult], None] | None) -> None:
        self.data_changed.emit()
        if isinstance(self.window, QMainWindow):
            self.window.statusBar().showMessage(result.describe(), STATUS_MS)
        if on_done:
            on_done(result)

    def _on_undo_failed(self, exc: BaseException) -> None:
        from relmanager.services.import_undo import NothingToUndoError  # noqa: PLC0415

        text = str(exc) if isinstance(exc, NothingToUndoError) else f"Undo failed: {exc}"
        messages.warning(self.window, text)
