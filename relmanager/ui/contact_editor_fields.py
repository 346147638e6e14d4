"""Compound fields of the contact editor: birthday, categories, circle, keep-in-touch."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from relmanager.domain import Birthday, Circle

NO_YEAR = 0


class BirthdayEdit(QWidget):
    """Day, month and an optional year; both day and month empty means no birthday."""

    changed = Signal()

    def __init__(self, birthday: Birthday | None) -> None:
        super().__init__()
        self.day = QSpinBox()
        self.day.setRange(0, 31)
        self.day.setSpecialValueText("Day")
        self.day.setAccessibleName("Birthday day")
        self.month = QComboBox()
        self.month.setAccessibleName("Birthday month")
        self.month.addItem("Month", 0)
        for number in range(1, 13):
            self.month.addItem(calendar.month_name[number], number)
        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 9999)
        self.year.setSpecialValueText("No year")
        self.year.setAccessibleName("Birth year (optional)")
        self.year.setToolTip("Leave at “No year” when you do not know the year.")
        if birthday is not None:
            self.day.setValue(birthday.day)
            self.month.setCurrentIndex(birthday.month)
            self.year.setValue(birthday.year or NO_YEAR)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.day)
        row.addWidget(self.month, 1)
        row.addWidget(self.year)
        self.setFocusProxy(self.day)
        self.day.valueChanged.connect(self.changed)
        self.month.currentIndexChanged.connect(self.changed)
        self.year.valueChanged.connect(self.changed)

    def state(self) -> tuple[int, int, int]:
        return (self.day.value(), int(self.month.currentData()), self.year.value())

    def problem(self) -> str | None:
        day, month, year = self.state()
        if not day and not month:
            return None if year == NO_YEAR else "Birthday: choose the day and month too."
        if not day or not month:
            return "Birthday: choose both the day and the month."
        try:
            date(year or 2000, month, day)  # 2000: a leap year, so 29 February is fine
        except ValueError:
            if month == 2 and day == 29:
                return f"Birthday: {year} has no 29 February."
            return f"Birthday: {calendar.month_name[month]} has no day {day}."
        return None

    def birthday(self) -> Birthday | None:
        day, month, year = self.state()
        if not day or not month or self.problem():
            return None
        return Birthday(month, day, year or None)


class _LastWordCompleter(QCompleter):
    """Completes the category being typed after the last comma, keeps the ones before."""

    def __init__(self, names: list[str], edit: QLineEdit) -> None:
        super().__init__(QStringListModel(names), edit)
        self._edit = edit
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802  (Qt override)
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:  # type: ignore[no-untyped-def]  # noqa: N802
        head = self._edit.text().rsplit(",", 1)[0] if "," in self._edit.text() else ""
        chosen = str(index.data())
        return f"{head}, {chosen}" if head else chosen


def category_line(names: list[str], text: str = "") -> QLineEdit:
    """A comma-separated categories field completing from `names`."""
    edit = QLineEdit(text)
    edit.setPlaceholderText("e.g. Family, Book club")
    edit.setAccessibleName("Categories, separated by commas")
    edit.setCompleter(_LastWordCompleter(names, edit))
    return edit


def split_categories(text: str) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def circle_combo(decision: Circle | None, suggested: Circle) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName("Circle")
    combo.addItem(f"As suggested ({suggested.label})", None)
    for circle in Circle:
        combo.addItem(circle.label, circle.value)  # Qt hands a StrEnum back as plain str
    combo.setCurrentIndex(0 if decision is None else list(Circle).index(decision) + 1)
    return combo


def chosen_circle(combo: QComboBox) -> Circle | None:
    value = combo.currentData()
    return Circle(value) if value else None


CADENCE_DEFAULT, CADENCE_NEVER, CADENCE_EVERY = 0, 1, 2


class CadenceEdit(QWidget):
    """Keep in touch: the circle's default, never, or every N days."""

    changed = Signal()

    def __init__(self, days: int | None) -> None:
        super().__init__()
        self.mode = QComboBox()
        self.mode.setAccessibleName("Keep-in-touch reminders")
        self.mode.addItems(["Circle default", "Never remind me", "Every…"])
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setSuffix(" days")
        self.days.setValue(days if days else 90)
        self.days.setAccessibleName("Remind me every so many days")
        self.mode.setCurrentIndex(CADENCE_DEFAULT if days is None
                                  else CADENCE_NEVER if days == 0 else CADENCE_EVERY)
        self.days.setEnabled(self.mode.currentIndex() == CADENCE_EVERY)
        self.mode.currentIndexChanged.connect(
            lambda i: self.days.setEnabled(i == CADENCE_EVERY))
        self.mode.currentIndexChanged.connect(self.changed)
        self.days.valueChanged.connect(self.changed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mode, 1)
        row.addWidget(self.days)
        self.setFocusProxy(self.mode)

    def value(self) -> int | None:
        mode = self.mode.currentIndex()
        if mode == CADENCE_DEFAULT:
            return None
        return 0 if mode == CADENCE_NEVER else self.days.value()

    def state(self) -> tuple[int, int]:
        return (self.mode.currentIndex(), self.days.value() if self.days.isEnabled() else 0)
