"""Circles in the window: the Review page, Contact ▸ Set circle, Tools ▸ Learned rules.

Wired with one line in MainWindow (`self.circles = CirclesFeature(self)`); this
object adds its own page, menu actions, context menu and import hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject
from PySide6.QtGui import QAction, QKeySequence

from relmanager.domain import Circle
from relmanager.ui.circle_commands import decide
from relmanager.ui.context_menu import install_contact_context_menu
from relmanager.ui.messages import STATUS_MS
from relmanager.ui.review_queue import ReviewPage
from relmanager.ui.window_menus import menu_action

if TYPE_CHECKING:
    from relmanager.services.importer import ImportResult
    from relmanager.ui.circle_rules_dialog import CircleRulesDialog
    from relmanager.ui.main_window import MainWindow

SET_CIRCLE: tuple[tuple[str, Circle | None, str], ...] = (
    ("&Friend", Circle.FRIEND, "Ctrl+Shift+1"),
    ("&Professional", Circle.PROFESSIONAL, "Ctrl+Shift+2"),
    ("&Both", Circle.BOTH, "Ctrl+Shift+3"),
    ("&Clear my decision", None, "Ctrl+Shift+0"),
)


class CirclesFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.review = ReviewPage(window)
        window.add_page(self.review, "Review")
        window.data_changed.connect(self.review.on_data_changed)
        window.import_flow.finished.connect(self._on_import_finished)
        self._show_review_when_read = False
        self.review.applied.connect(self._review_applied)
        self.rules_dialog: CircleRulesDialog | None = None

        self.review_action = self._action(window.view_menu, "Re&view circles", "Alt+3",
                                          self.show_review)
        menu = window.contact_menu.addMenu("Set &circle")
        menu.setObjectName("setCircleMenu")
        self.set_circle_menu = menu
        self.set_circle_actions: dict[Circle | None, QAction] = {}
        for text, circle, shortcut in SET_CIRCLE:
            action = self._action(menu, text, shortcut,
                                  lambda _=False, c=circle: self.set_selected(c))
            self.set_circle_actions[circle] = action
        self.rules_action = self._action(window.tools_menu, "&Learned rules…", None,
                                         self.show_rules)
        install_contact_context_menu(window)

    def _action(self, menu: object, text: str, shortcut: str | None,
                slot: Callable[..., object]) -> QAction:
        return menu_action(self.window, menu, text, shortcut, slot)

    def show_review(self) -> None:
        self.window.show_page(self.review)

    def set_selected(self, circle: Circle | None) -> None:
        """Contact ▸ Set circle on the selected contacts (undoable)."""
        window = self.window
        ids = window.selected_contact_ids()
        if not ids:
            window.statusBar().showMessage("Select one or more contacts first.", STATUS_MS)
            return
        command = decide(window, window.engine, window.undo_stack,
                         dict.fromkeys(ids, circle), lambda: self._refresh_keeping(ids))
        if command is not None:
            undo = QKeySequence(QKeySequence.StandardKey.Undo).toString()
            window.statusBar().showMessage(f"{command.text()}. {undo} undoes it.", STATUS_MS)

    def _refresh_keeping(self, ids: list[int]) -> None:
        """Refresh, then select `ids` again: a second Ctrl+Shift+… acts on the same contacts
        (refresh alone keeps only the current row)."""
        window = self.window
        current = window.current_contact_id()
        window.refresh()
        model = window.model
        wanted = set(ids)
        selection = QItemSelection()
        last = model.columnCount() - 1
        for row in range(model.rowCount()):
            if model.contact_id(row) in wanted:
                selection.select(model.index(row, 0), model.index(row, last))
        if selection.isEmpty():
            return
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        window.table.selectionModel().select(selection, flags)
        current_row = model.row_of(current) if current is not None else None
        if current_row is not None:  # keep the current row without touching the selection
            window.table.selectionModel().setCurrentIndex(
                model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def show_rules(self) -> None:
        if self.rules_dialog is not None:
            self.rules_dialog.raise_()
            self.rules_dialog.activateWindow()
            return
        from relmanager.ui.circle_rules_dialog import CircleRulesDialog  # noqa: PLC0415

        dialog = CircleRulesDialog(self.window)
        dialog.finished.connect(self._rules_closed)
        self.rules_dialog = dialog
        dialog.open()

    def _rules_closed(self) -> None:
        if self.rules_dialog is not None:
            self.rules_dialog.deleteLater()
            self.rules_dialog = None

    def _on_import_finished(self, result: ImportResult) -> None:
        """New contacts with suggestions: show them for review."""
        if result.cancelled or result.dry_run or not result.created:
            return
        self.review.start_session()
        # Off the GUI thread for big books: reading 58k suggestions took seconds,
        # frozen, right after the import. The page opens once the queue is read.
        self._show_review_when_read = True
        self.review.reload_soon()

    def _review_applied(self) -> None:
        if self._show_review_when_read:
            self._show_review_when_read = False
            if self.review.model.queue.count:
                self.show_review()
