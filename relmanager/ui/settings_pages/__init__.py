"""Pages of Tools ▸ Settings. Each loads on construction and writes only in `apply()`,
so Cancel leaves everything as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

MAX_DAYS = 3650


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("settingsError")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e; font-weight: bold;")
    label.hide()
    return label


def note_label(text: str) -> QLabel:
    """Grey help text under a control."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    # Softer than normal text, but more legible than a disabled label.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def compact_form(form: QFormLayout) -> QFormLayout:
    """Spin boxes and time fields keep their natural width instead of spanning the page."""
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def days_spin(value: int, accessible: str, *, zero_text: str = "",
              minimum: int = 0) -> QSpinBox:
    """A day count; with `zero_text`, 0 shows as that (e.g. "No reminders")."""
    spin = QSpinBox()
    spin.setRange(minimum, MAX_DAYS)
    spin.setPrefix("every " if zero_text else "")
    spin.setSuffix(" days")
    if zero_text:
        spin.setSpecialValueText(zero_text)
    spin.setValue(value)
    spin.setAccessibleName(accessible)
    spin.setMinimumWidth(170)
    return spin


class SettingsPage(QWidget):
    """`check()` validates without writing; `apply()` writes and returns an error
    text when something could not be saved (the dialog then stays open)."""

    title = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error_label()
        self.page_layout = QVBoxLayout(self)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def check(self) -> str:
        return ""

    def apply(self) -> str:
        raise NotImplementedError

    @property
    def changes_due(self) -> bool:
        """True when `apply()` changed what is due (the window refreshes)."""
        return False
