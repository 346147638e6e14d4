"""Help ▸ About."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from relmanager import APP_DISPLAY_NAME, __version__
from relmanager.ui.resources import app_icon


def about_text(data_dir: str) -> str:
    return (
        f"{APP_DISPLAY_NAME} {__version__}\n\n"
        "Keep friends and business contacts apart: sort your address book into "
        "circles, give before you ask, and keep in touch.\n\n"
        f"Data folder: {data_dir}\n"
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}"
    )


class AboutDialog(QDialog):
    def __init__(self, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_DISPLAY_NAME}")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        text = QLabel(about_text(data_dir))
        text.setTextFormat(Qt.TextFormat.PlainText)  # the data path is user-controlled text
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setObjectName("aboutText")
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
