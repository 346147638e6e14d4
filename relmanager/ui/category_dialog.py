"""Contact ▸ Categories ▸ Add…/Remove…: ask for one category name, with completion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relmanager.ui.contact_commands import plural


class CategoryDialog(QDialog):
    """`adding`: add to `count` contacts; otherwise remove from them."""

    def __init__(self, adding: bool, count: int, names: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryDialog")
        self.setWindowTitle("Add category" if adding else "Remove category")
        prompt = (f"Add a category to {plural(count)}:" if adding
                  else f"Remove a category from {plural(count)}:")
        label = QLabel(prompt)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.name = QLineEdit()
        self.name.setAccessibleName("Category")
        self.name.setPlaceholderText(", ".join(names[:3]) if names else "e.g. Book club")
        completer = QCompleter(names, self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        label.setBuddy(self.name)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("&Add" if adding else "&Remove",
                                         QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.ok.setDefault(True)  # only once in the dialog: Enter accepts
        self.name.textChanged.connect(self._check)
        self._check()
        self.setMinimumWidth(360)

    def category(self) -> str:
        return " ".join(self.name.text().split())

    def _check(self) -> None:
        text = self.category()
        problem = "A category name cannot contain a comma." if "," in text else ""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok.setEnabled(bool(text) and not problem)

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()
