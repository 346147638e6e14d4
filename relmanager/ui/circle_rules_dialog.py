"""Tools ▸ Learned rules…: what the app learned from your circle decisions.

Each rule reads as the reason contacts following it carry ("you sorted 2
contacts at acme.example as professional") with how many undecided contacts
it suggests a circle for. Remove (Del) stops a rule; its contacts are
re-suggested at once, and Ctrl+Z (the window's undo) brings it back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from relmanager.services.circles.rule_usage import RuleUsage, rule_usage
from relmanager.ui.circle_commands import remove_learned_rule

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

RULE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY = ("No learned rules yet. When you sort two or more contacts that share a company "
         "e-mail domain, an organisation or a category into the same circle, the app "
         "suggests that circle for the others too, and the rule appears here.")


class CircleRulesDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("circleRulesDialog")
        self.setWindowTitle("Learned rules")
        self.resize(640, 360)
        intro = QLabel("Rules the app learned from the circles you chose. Removing a rule "
                       "stops it; it is not learned again from the same decisions.")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("rulesTable")
        self.table.setAccessibleName("Learned rules")
        self.table.setHorizontalHeaderLabels(["Rule", "Suggests a circle for"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(EMPTY)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.remove_button = QPushButton("&Remove rule")
        self.remove_button.setAccessibleName("Remove the selected rule")
        self.remove_button.setToolTip("Remove the selected rule (Del)")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        window.data_changed.connect(self.reload)  # an undo elsewhere brings rules back
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Del removes the selected rule; Ctrl+Z undoes (the window's Undo shortcut does
        not reach a dialog). Keys the table ignores arrive here."""
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() in (
                Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.window_.undo_stack.undo()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def reload(self) -> None:
        keep, keep_row = self.selected_rule_id(), max(self.table.currentRow(), 0)
        rows = rule_usage(self.window_.engine)
        self.table.setRowCount(len(rows))
        for row, usage in enumerate(rows):
            self._fill(row, usage)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        target = next((r for r, u in enumerate(rows) if u.rule.id == keep), keep_row)
        if rows:
            self.table.selectRow(min(target, len(rows) - 1))
        self._update_buttons()

    def _fill(self, row: int, usage: RuleUsage) -> None:
        # QTableWidgetItem text is drawn as plain text; the value comes from contacts.
        rule = QTableWidgetItem(usage.description)
        rule.setData(RULE_ID_ROLE, usage.rule.id)
        n = usage.affected
        count = QTableWidgetItem(f"{n} contact{'s' if n != 1 else ''}")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, 0, rule)
        self.table.setItem(row, 1, count)

    def selected_rule_id(self) -> int | None:
        items = self.table.selectedItems()
        rule = next((i for i in items if i.column() == 0), None)
        return int(rule.data(RULE_ID_ROLE)) if rule is not None else None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_rule_id() is not None)

    def remove_selected(self) -> None:
        rule_id = self.selected_rule_id()
        if rule_id is None:
            return
        item = self.table.item(self.table.currentRow(), 0)
        description = item.text() if item is not None else "learned rule"
        window = self.window_
        if remove_learned_rule(self, window.engine, window.undo_stack, rule_id,
                               description=description, changed=window.refresh):
            window.statusBar().showMessage(
                f"Removed the rule; its contacts are suggested afresh. "
                f"{QKeySequence(QKeySequence.StandardKey.Undo).toString()} brings it back.",
                10_000)
