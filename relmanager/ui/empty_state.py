"""What a new user sees before importing anything: how to get started."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from relmanager.ui.resources import app_icon

ICON_PX = 96
COLUMN_PX = 480


class EmptyState(QWidget):
    import_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(ICON_PX, ICON_PX))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        icon.setMinimumHeight(ICON_PX + 8)

        title = QLabel("Your address book is empty")
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        body = QLabel(
            "Import your contacts from a vCard (.vcf) file exported from your phone, "
            "Google Contacts, Outlook or Thunderbird. relmanager will suggest who is a "
            "friend, who is a professional contact and who is both, so you never "
            "pitch a friend by mistake.")
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.import_button = QPushButton("Import vCards…")
        self.import_button.setDefault(True)
        self.import_button.setAccessibleName("Import vCard files")
        self.import_button.clicked.connect(self.import_clicked)

        hint = QLabel("or drop .vcf files onto this window (File ▸ Import…, Ctrl+I)")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # greyed: secondary information

        # A fixed-width column: word-wrapped labels only get their full height
        # when the layout can ask them height-for-width (no alignment flags).
        column = QWidget()
        column.setFixedWidth(COLUMN_PX)
        inner = QVBoxLayout(column)
        for widget in (icon, title, body):
            inner.addWidget(widget)
        inner.addSpacing(12)
        inner.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(hint)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)
