"""Settings ▸ Reminders: cadence per circle and per group, time, birthdays, autostart."""

from __future__ import annotations

import json
import sys
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager import settings
from relmanager.desktop.autostart import Autostart, describe
from relmanager.domain import Circle
from relmanager.services.reminders import config as rc
from relmanager.services.reminders.groups import group_names
from relmanager.ui.settings_pages import SettingsPage, compact_form, days_spin, note_label

NO_REMINDERS = "No reminders"
CIRCLE_ROWS = ((Circle.FRIEND, "&Friends"), (Circle.BOTH, "&Both (friend and professional)"),
               (Circle.PROFESSIONAL, "&Professional"), (Circle.UNSORTED, "&Unsorted"))
NEW_GROUP_DAYS = 30


def app_command() -> list[str]:
    """How autostart runs us: the bundled executable, or this Python with `-m relmanager`."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "relmanager"]


class RemindersPage(SettingsPage):
    title = "&Reminders"

    def __init__(self, engine: Engine, autostart: Autostart, command: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remindersPage")
        self._engine = engine
        self._autostart = autostart
        self._command = command
        with engine.connect() as conn:
            self._before = rc.load_config(conn)
            self._groups = group_names(conn)
        self._autostart_before = autostart.is_enabled()
        self._due_changed = False
        for box in (self._circles_box(), self._groups_box(), self._when_box(command)):
            self.page_layout.addWidget(box)
        self.page_layout.addWidget(self.error)
        self.page_layout.addStretch(1)

    def _circles_box(self) -> QGroupBox:
        circles = QGroupBox("Catch up with each circle")
        form = compact_form(QFormLayout(circles))
        self.circle_spins: dict[Circle, QSpinBox] = {}
        for circle, text in CIRCLE_ROWS:
            spin = days_spin(self._before.circle_cadence[circle],
                             f"Cadence for {circle.label}", zero_text=NO_REMINDERS)
            self.circle_spins[circle] = spin
            form.addRow(text, spin)
        return circles

    def _groups_box(self) -> QGroupBox:
        groups = QGroupBox("Groups with their own cadence")
        column = QVBoxLayout(groups)
        column.addWidget(note_label(
            "A group (vCard category) listed here overrides the circle. A contact in several "
            "groups gets the shortest cadence."))
        self.group_table = QTableWidget(0, 2)
        self.group_table.setObjectName("groupCadences")
        self.group_table.setAccessibleName("Group cadences")
        self.group_table.setHorizontalHeaderLabels(["Group", "Cadence"])
        self.group_table.verticalHeader().hide()
        self.group_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.group_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.group_table.setMinimumHeight(110)
        for name, days in sorted(self._before.category_cadence.items(),
                                 key=lambda kv: kv[0].casefold()):
            self.add_group_row(name, days)
        buttons = QHBoxLayout()
        self.add_group_button = QPushButton("Add &group")
        self.add_group_button.clicked.connect(self._add_empty_group)
        self.remove_group_button = QPushButton("R&emove group")
        self.remove_group_button.clicked.connect(self.remove_selected_groups)
        buttons.addWidget(self.add_group_button)
        buttons.addWidget(self.remove_group_button)
        buttons.addStretch(1)
        column.addWidget(self.group_table)
        column.addLayout(buttons)
        return groups

    def _when_box(self, command: list[str]) -> QGroupBox:
        when = QGroupBox("When")
        when_form = compact_form(QFormLayout(when))
        self.time_edit = QTimeEdit(QTime(self._before.time_of_day.hour,
                                         self._before.time_of_day.minute))
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName("Time of day for reminders")
        when_form.addRow("Remind me a&t", self.time_edit)
        self.birthdays = QCheckBox("Remind me of birt&hdays")
        self.birthdays.setChecked(self._before.birthdays)
        when_form.addRow(self.birthdays)
        self.autostart_box = QCheckBox("&Start relmanager when I log in")
        self.autostart_box.setObjectName("autostartCheckbox")
        self.autostart_box.setChecked(self._autostart_before)
        when_form.addRow(self.autostart_box)
        when_form.addRow(note_label(f"Runs {describe(command)} (starts in the tray)"))
        return when

    # -- the group table -----------------------------------------------------------
    def add_group_row(self, name: str = "", days: int = NEW_GROUP_DAYS) -> int:
        row = self.group_table.rowCount()
        self.group_table.insertRow(row)
        combo = QComboBox()
        combo.setEditable(True)
        combo.setAccessibleName("Group name")
        combo.addItems(self._groups)
        combo.setCurrentText(name)
        editor = combo.lineEdit()
        if not name and editor is not None:
            editor.setPlaceholderText("Choose or type a group")
        spin = days_spin(days, "Cadence for this group", zero_text=NO_REMINDERS)
        self.group_table.setCellWidget(row, 0, combo)
        self.group_table.setCellWidget(row, 1, spin)
        self.group_table.setCurrentCell(row, 0)
        if not name:
            combo.setFocus()
        return row

    def _add_empty_group(self) -> None:
        self.add_group_row()

    def remove_selected_groups(self) -> None:
        rows = {i.row() for i in self.group_table.selectedIndexes()}
        if not rows and self.group_table.currentRow() >= 0:
            rows = {self.group_table.currentRow()}
        for row in sorted(rows, reverse=True):
            self.group_table.removeRow(row)

    def group_cadences(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in range(self.group_table.rowCount()):
            combo = self.group_table.cellWidget(row, 0)
            spin = self.group_table.cellWidget(row, 1)
            assert isinstance(combo, QComboBox) and isinstance(spin, QSpinBox)
            out[combo.currentText().strip()] = spin.value()
        return out

    # -- check and save --------------------------------------------------------------
    def check(self) -> str:
        seen: set[str] = set()
        for row in range(self.group_table.rowCount()):
            combo = self.group_table.cellWidget(row, 0)
            assert isinstance(combo, QComboBox)
            name = combo.currentText().strip()
            if not name:
                return f"Group row {row + 1} has no name: choose a group or remove the row."
            if name.casefold() in seen:
                return f"The group {name!r} is listed twice."
            seen.add(name.casefold())
        return ""

    def _time(self) -> time:
        t = self.time_edit.time()
        return time(t.hour(), t.minute())

    def apply(self) -> str:
        wanted = self.autostart_box.isChecked()
        if wanted != self._autostart_before:
            try:
                if wanted:
                    self._autostart.enable(self._command)
                else:
                    self._autostart.disable()
            except (OSError, ValueError) as exc:
                return f"Could not change starting at login: {exc}"
        before = self._before
        cadences = {c: spin.value() for c, spin in self.circle_spins.items()}
        groups = self.group_cadences()
        for circle, days in cadences.items():
            if days != before.circle_cadence[circle]:
                rc.set_circle_cadence(self._engine, circle, days)
        if groups != before.category_cadence:
            settings.put(self._engine, rc.CADENCE_CATEGORIES,
                         json.dumps(groups, ensure_ascii=False, sort_keys=True))
        if self._time() != before.time_of_day:
            rc.set_time_of_day(self._engine, self._time())
        if self.birthdays.isChecked() != before.birthdays:
            settings.put(self._engine, rc.BIRTHDAYS, self.birthdays.isChecked())
        self._due_changed = (cadences != before.circle_cadence
                             or groups != before.category_cadence
                             or self._time() != before.time_of_day
                             or self.birthdays.isChecked() != before.birthdays)
        return ""

    @property
    def changes_due(self) -> bool:
        return self._due_changed
