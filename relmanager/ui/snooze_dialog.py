"""Pick the day a snoozed reminder comes back."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

MAX_SNOOZE = timedelta(days=3650)


class SnoozeDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze until")
        label = QLabel("Remind me again on:")
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.calendar = QCalendarWidget()
        self.calendar.setAccessibleName("Day to be reminded again")
        self.calendar.setGridVisible(True)
        tomorrow = today + timedelta(days=1)
        self.calendar.setMinimumDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        last = today + MAX_SNOOZE
        self.calendar.setMaximumDate(QDate(last.year, last.month, last.day))
        week = today + timedelta(days=7)
        self.calendar.setSelectedDate(QDate(week.year, week.month, week.day))
        self.calendar.activated.connect(lambda _d: self.accept())  # Enter / double-click
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Snooze")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def chosen_date(self) -> date:
        picked = self.calendar.selectedDate()
        return date(picked.year(), picked.month(), picked.day())


def ask_snooze_date(parent: QWidget | None, today: date) -> date | None:
    dialog = SnoozeDialog(today, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen_date()
        return None
    finally:
        dialog.deleteLater()
