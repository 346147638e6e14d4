"""Log a touch (met, call, gave…) with one or more contacts, undoable.

The dialog only collects what to log; `LogTouchCommand` writes it, and its
undo deletes exactly the interactions it added (by id), so an undo never
removes something logged another way (the tray, the CLI, a sent message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from relmanager.domain import InteractionKind
from relmanager.services.interactions import delete_interactions, log_many
from relmanager.ui import messages

log = logging.getLogger(__name__)

# Short names for timelines; long ones say what each kind is for.
KIND_LABELS: dict[InteractionKind, str] = {
    InteractionKind.MET: "Met",
    InteractionKind.CALL: "Call",
    InteractionKind.MESSAGE: "Message",
    InteractionKind.GAVE: "Gave",
    InteractionKind.RECEIVED: "Received",
    InteractionKind.ASKED: "Asked",
    InteractionKind.INTRODUCED: "Introduced",
}
KIND_CHOICES: dict[InteractionKind, str] = {
    InteractionKind.MET: "Met in person",
    InteractionKind.CALL: "Call",
    InteractionKind.MESSAGE: "Message",
    InteractionKind.GAVE: "Gave (a favour, a referral, help)",
    InteractionKind.RECEIVED: "Received (they helped me)",
    InteractionKind.ASKED: "Asked (a favour or a business ask)",
    InteractionKind.INTRODUCED: "Introduced (them to someone, or someone to them)",
}
MAX_NOTE = 500
NAMES_SHOWN = 4


def who(names: Sequence[str]) -> str:
    """ "Maria Rossi", "Ann and Ben", "5 contacts (Ann, Ben, Cal, Dan and 1 more)"."""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    shown = ", ".join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    return f"{len(names)} contacts ({shown}{f' and {rest} more' if rest > 0 else ''})"


@dataclass(frozen=True)
class TouchEntry:
    contact_ids: tuple[int, ...]
    kind: InteractionKind
    occurred_on: date
    note: str = ""


class LogTouchDialog(QDialog):
    """Collects one `TouchEntry`; `entry()` after it was accepted."""

    def __init__(self, contact_ids: Sequence[int], names: Sequence[str],
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logTouchDialog")
        self.setWindowTitle("Log touch")
        self._ids = tuple(contact_ids)
        today = today or date.today()

        header = QLabel(f"Log a touch with {who(names)}.")
        header.setTextFormat(Qt.TextFormat.PlainText)
        header.setWordWrap(True)
        header.setObjectName("logTouchHeader")

        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of touch")
        for kind, text in KIND_CHOICES.items():
            self.kind.addItem(text, kind.value)
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setAccessibleName("Date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        # A touch is something that happened: the ledger ignores future dates.
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Optional, e.g. coffee at the station, sent the book")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setMinimumWidth(320)

        form = QFormLayout()
        form.addRow("&What", self.kind)
        form.addRow("W&hen", self.date)
        form.addRow("&Note", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Log")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.setFocus()

    def set_kind(self, kind: InteractionKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind.value))

    def entry(self) -> TouchEntry:
        d = self.date.date()
        return TouchEntry(self._ids, InteractionKind(self.kind.currentData()),
                          date(d.year(), d.month(), d.day()), self.note.text().strip())


class LogTouchCommand(QUndoCommand):
    """Logs `entry` on redo, deletes exactly those interactions on undo.

    The first redo happens before the push (so errors reach the user, not the
    undo stack): pass the ids that first log created as `logged_ids`.
    """

    def __init__(self, engine: Engine, entry: TouchEntry, logged_ids: Sequence[int],
                 label: str, on_change: Callable[[], None]) -> None:
        # "&" in a name would become a mnemonic in Edit ▸ Undo.
        super().__init__(f"Log touch ({entry.kind.value}) with {label}".replace("&", "&&"))
        self._engine = engine
        self._entry = entry
        self._ids = list(logged_ids)
        self._pending_first_redo = True
        self._skip_next = False
        self._on_change = on_change

    def redo(self) -> None:
        if self._pending_first_redo or self._skip_next:
            self._pending_first_redo = self._skip_next = False
            return
        e = self._entry
        try:
            done = log_many(self._engine, e.contact_ids, e.kind, e.occurred_on, e.note)
        except SQLAlchemyError as exc:
            self._failed("log the touch again", exc)
            return
        self._ids = [i.id for i in done if i.id is not None]
        self._on_change()

    def undo(self) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        try:
            delete_interactions(self._engine, self._ids)
        except SQLAlchemyError as exc:
            self._failed("undo the logged touch", exc)
            return
        self._ids = []
        self._on_change()

    def _failed(self, what: str, exc: Exception) -> None:
        # Nothing changed, but the stack has moved: its next step the other way only
        # brings it back in line (no double log, no undo of nothing).
        self._skip_next = True
        log.warning("Could not %s: %s", what, type(exc).__name__)
        messages.error(None, f"Could not {what}. Nothing was changed.", str(exc))
