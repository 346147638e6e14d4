"""Settings ▸ Ask guard: the ask budget and the long-silence caution."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QWidget
from sqlalchemy import Engine

from relmanager import settings
from relmanager.ui.settings_pages import SettingsPage, compact_form, days_spin, note_label

MAX_ASKS = 99


class AskGuardPage(SettingsPage):
    title = "&Ask guard"

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("askGuardPage")
        self._engine = engine
        with engine.connect() as conn:
            self._before = (settings.get(conn, settings.ASK_BUDGET_COUNT),
                            settings.get(conn, settings.ASK_BUDGET_DAYS),
                            settings.get(conn, settings.ASK_SILENCE_DAYS))
        count, days, silence = self._before

        budget = QGroupBox("Ask budget")
        budget_form = QFormLayout(budget)
        budget_form.addRow(note_label(
            "Contacts who are both friend and professional: the guard cautions you when "
            "an ask would go over this budget."))
        self.budget_count = QSpinBox()
        self.budget_count.setRange(0, MAX_ASKS)
        self.budget_count.setSpecialValueText("no asks")
        self.budget_count.setSuffix(" ask(s)")
        self.budget_count.setValue(count)
        self.budget_count.setAccessibleName("Asks allowed per window")
        self.budget_days = days_spin(days, "Budget window in days", minimum=1)
        row = QHBoxLayout()
        row.addWidget(self.budget_count)
        row.addWidget(QLabel("in"))
        row.addWidget(self.budget_days)
        row.addStretch(1)
        budget_form.addRow("At mo&st", row)
        label = budget_form.labelForField(row)
        if isinstance(label, QLabel):
            label.setBuddy(self.budget_count)

        silence_box = QGroupBox("Give before you ask")
        silence_form = compact_form(QFormLayout(silence_box))
        silence_form.addRow(note_label(
            "Asking someone you have not been in touch with for a long time gets a caution."))
        self.silence_days = days_spin(silence, "Long silence in days", minimum=1)
        silence_form.addRow("&Long silence after", self.silence_days)

        self.page_layout.addWidget(budget)
        self.page_layout.addWidget(silence_box)
        self.page_layout.addWidget(self.error)
        self.page_layout.addStretch(1)

    def apply(self) -> str:
        now = (self.budget_count.value(), self.budget_days.value(), self.silence_days.value())
        for setting, old, new in zip((settings.ASK_BUDGET_COUNT, settings.ASK_BUDGET_DAYS,
                                      settings.ASK_SILENCE_DAYS), self._before, now, strict=True):
            if old != new:
                settings.put(self._engine, setting, new)
        return ""
