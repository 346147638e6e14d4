"""What an import did: counts, every card that failed and why, and Undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.ui.plain import plain_label

if TYPE_CHECKING:  # the importer loads with the first import, not at start-up
    from relmanager.services.importer import ImportResult


def headline(result: ImportResult) -> str:
    if result.cancelled:
        return "Import cancelled. Nothing was changed."
    if not result.cards_seen:
        return "No contacts found. Nothing was changed."
    parts = [f"{result.created} new"]
    if result.merged:
        parts.append(f"{result.merged} merged into existing contacts")
    if result.unchanged:
        parts.append(f"{result.unchanged} already up to date")
    return f"Read {result.cards_seen} cards: " + ", ".join(parts) + "."


def details(result: ImportResult) -> str:
    lines = []
    if result.failed:
        lines.append(f"{result.failed} cards could not be imported; the list below says why. "
                     "Everything else was imported.")
    if result.possible_duplicates:
        lines.append(f"{result.possible_duplicates} contacts look like possible duplicates "
                     "of others; they were kept apart so you can decide.")
    file_errors = [e for e in result.errors if e.card_index is None]
    if file_errors:
        lines.append(f"{len(file_errors)} files could not be read.")
    return "\n".join(lines)


class ImportSummaryDialog(QDialog):
    undo_requested = Signal(int)

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle("Import finished" if not result.cancelled else "Import cancelled")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        for text, bold in ((headline(result), True), (details(result), False)):
            if not text:
                continue
            layout.addWidget(plain_label(text, bold=bold))

        self.errors = QTableWidget(len(result.errors), 4)
        self.errors.setObjectName("importErrors")
        self.errors.setAccessibleName("Cards that could not be imported")
        self.errors.setHorizontalHeaderLabels(["File", "Card", "Line", "Reason"])
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.verticalHeader().hide()
        self.errors.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for row, error in enumerate(result.errors):
            # Card numbers are shown 1-based to people; the JSON keeps 0-based.
            card = "" if error.card_index is None else str(error.card_index + 1)
            line = "" if error.line is None else str(error.line)
            for col, text in enumerate((Path(error.file).name, card, line, error.reason)):
                self.errors.setItem(row, col, QTableWidgetItem(text))  # shown as plain text
        self.errors.setVisible(bool(result.errors))
        layout.addWidget(self.errors)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.undo_button: QPushButton | None = None
        if result.batch_id is not None and (result.created or result.merged):
            self.undo_button = buttons.addButton("Undo this import",
                                                 QDialogButtonBox.ButtonRole.ActionRole)
            self.undo_button.clicked.connect(self._undo)
        layout.addWidget(buttons)

    def _undo(self) -> None:
        assert self.import_result.batch_id is not None
        self.undo_requested.emit(self.import_result.batch_id)
        self.accept()
