"""File ▸ Export: choose circle and vCard version, then write off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QProgressDialog,
    QWidget,
)
from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.ui import messages
from relmanager.ui.tasks import Task, close_progress

if TYPE_CHECKING:
    # The exporter (and the vCard writer) loads in the worker on the first export,
    # not at start-up (issue #8).
    from relmanager.services.exporter import ExportResult

log = logging.getLogger(__name__)


class ExportOptionsDialog(QDialog):
    """`selection`: export that many selected contacts instead of choosing a circle."""

    def __init__(self, counts: dict[Circle, int], parent: QWidget | None = None,
                 selection: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export contacts" if selection is None else "Export selection")
        self.circle = QComboBox()
        self.circle.setAccessibleName("Which contacts")
        if selection is not None:
            self.circle.addItem(f"Selected contacts ({selection})", None)
            self.circle.setEnabled(False)
        else:
            self.circle.addItem(f"All contacts ({sum(counts.values())})", None)
            for circle in Circle:
                self.circle.addItem(f"{circle.label} ({counts.get(circle, 0)})", circle)
        self.version = QComboBox()
        self.version.setAccessibleName("vCard version")
        self.version.addItem("vCard 3.0 (works with most phones and apps)", "3.0")
        self.version.addItem("vCard 4.0", "4.0")
        form = QFormLayout(self)
        form.addRow("&Contacts:", self.circle)
        form.addRow("&Format:", self.version)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> tuple[Circle | None, str]:
        return self.circle.currentData(), self.version.currentData()


class ExportFlow(QObject):
    finished = Signal(object)  # ExportResult

    def __init__(self, engine: Engine, parent: QWidget) -> None:
        super().__init__(parent)
        self.engine = engine
        self.window = parent
        self.task: Task | None = None
        self.dialog: QProgressDialog | None = None

    def start(self, counts: dict[Circle, int]) -> None:
        options = ExportOptionsDialog(counts, self.window)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        circle, version = options.chosen()
        default = f"{circle.value if circle else 'contacts'}.vcf"
        path, _ = QFileDialog.getSaveFileName(self.window, "Export contacts", default,
                                              "vCard files (*.vcf)")
        if path:
            self.export_to(Path(path), circle, version)

    def start_selection(self, ids: Sequence[int]) -> None:
        """File ▸ Export selection: only these contacts."""
        options = ExportOptionsDialog({}, self.window, selection=len(ids))
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        _, version = options.chosen()
        path, _ = QFileDialog.getSaveFileName(self.window, "Export selection", "selection.vcf",
                                              "vCard files (*.vcf)")
        if path:
            self.export_to(Path(path), None, version, ids=list(ids))

    def export_to(self, path: Path, circle: Circle | None, version: str,
                  ids: Sequence[int] | None = None) -> None:
        self.dialog = QProgressDialog("Exporting contacts…", "Cancel", 0, 100, self.window)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)

        def work(task: Task) -> ExportResult:
            from relmanager.services.exporter import export_contacts  # noqa: PLC0415

            return export_contacts(self.engine, path, circle=circle, version=version, ids=ids,
                                   progress=lambda done, total: task.report((done, total)),
                                   should_cancel=task.should_cancel)

        self.task = Task(work, self)
        self.dialog.canceled.connect(self.task.cancel)
        self.task.progress.connect(self._on_progress)
        self.task.succeeded.connect(self._on_done)
        self.task.failed.connect(self._on_failed)
        self.task.start()

    def _on_progress(self, value: tuple[int, int]) -> None:
        done, total = value
        if self.dialog is not None and total:
            self.dialog.setValue(int(100 * done / total))

    def _close(self) -> None:
        close_progress(self.dialog)
        self.dialog = None

    def _on_done(self, result: ExportResult) -> None:
        self._close()
        self.finished.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        from relmanager.services.exporter import ExportCancelledError  # noqa: PLC0415

        self._close()
        if isinstance(exc, ExportCancelledError):
            messages.info(self.window, "Export cancelled. No file was written.")
            return
        messages.error(self.window, "The export failed. No file was written.", str(exc))
