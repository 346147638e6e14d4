"""Message boxes that never interpret text as HTML.

QMessageBox guesses "rich text" from the string; file names and card text
are untrusted, so every box built here is explicitly plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relmanager import APP_DISPLAY_NAME

STATUS_MS = 10_000  # how long a status-bar message about something just done stays


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, details: str = "") -> int:
    box = QMessageBox(icon, APP_DISPLAY_NAME, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    return box.exec()


def info(parent: QWidget | None, text: str, details: str = "") -> None:
    _box(parent, QMessageBox.Icon.Information, text, details)


def warning(parent: QWidget | None, text: str, details: str = "") -> None:
    _box(parent, QMessageBox.Icon.Warning, text, details)


def error(parent: QWidget | None, text: str, details: str = "") -> None:
    _box(parent, QMessageBox.Icon.Critical, text, details)
