"""Edit, create and delete contacts, and bulk actions on a selection (all undoable).

Wiring: `self.editing = EditingFeature(self)` in the main window. Actions go
into Contact (and so into the list's context menu) and File ▸ Export
selection…; the table opens the editor on double-click and Enter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox

from relmanager.services.contact_edit import (
    ContactNotFoundError,
    all_dont_pitch,
    category_names,
    load_editable,
)
from relmanager.ui import messages
from relmanager.ui.contact_commands import ContactCommands, plural
from relmanager.ui.context_menu import install_contact_context_menu

if TYPE_CHECKING:  # the editor and the category dialog load when first opened (issue #8)
    from relmanager.ui.contact_editor import ContactEditor

log = logging.getLogger(__name__)

# Above this many selected contacts the "Don't pitch" check mark is not looked up on
# every selection change (it is when the action runs): selecting 50k rows stays instant.
PITCH_STATE_LIMIT = 500
NEW = 0  # key of the "new contact" editor in `editors`


class EditingFeature(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.commands = ContactCommands(window)
        self.editors: dict[int, ContactEditor] = {}
        self._build_actions()
        table = window.table
        table.doubleClicked.connect(lambda index: self.edit_contact(
            window.model.contact_id(index.row())))
        table.installEventFilter(self)
        # Selection changes come in bursts (refresh, shift-click); update once after them.
        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(0)
        self._update_timer.timeout.connect(self.update_actions)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        window.data_changed.connect(self._selection_changed)
        install_contact_context_menu(window)  # right-click shows the Contact menu
        self.update_actions()

    # -- actions -----------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, keys: list[Any],
                slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.window.contact_menu
        self.new_action = self._action(menu, "&New contact…", ["Ctrl+N"], self.new_contact)
        self.edit_action = self._action(menu, "&Edit…", ["F2", "Ctrl+Return"],
                                        self.edit_current)
        self.delete_action = self._action(menu, "&Delete…",
                                          [QKeySequence.StandardKey.Delete],
                                          self.delete_selected)
        menu.addSeparator()
        categories = menu.addMenu("Cate&gories")
        self.add_category_action = self._action(categories, "&Add…", [],
                                                lambda: self.change_category(True))
        self.remove_category_action = self._action(categories, "&Remove…", [],
                                                   lambda: self.change_category(False))
        self.pitch_action = self._action(menu, "Don't &pitch", ["Ctrl+D"],
                                         self.toggle_dont_pitch)
        self.pitch_action.setCheckable(True)
        self.pitch_action.setToolTip("Never ask these contacts for business")
        self.export_selection_action = QAction("Export &selection…", self.window)
        self.export_selection_action.triggered.connect(self.export_selection)
        file_actions = self.window.file_menu.actions()
        after = file_actions.index(self.window.export_action) + 1
        self.window.file_menu.insertAction(
            file_actions[after] if after < len(file_actions) else None,
            self.export_selection_action)

    def selected_count(self) -> int:
        """Selected rows, counted from the selection's ranges (no index per row)."""
        ranges = self.window.table.selectionModel().selection()
        return sum(r.bottom() - r.top() + 1 for r in ranges)

    def _selection_changed(self) -> None:
        self._enable(self.window.table.selectionModel().hasSelection())
        self._update_timer.start()  # the counts and the check mark, once per burst

    def _enable(self, selected: bool) -> None:
        self.edit_action.setEnabled(self.window.current_contact_id() is not None)
        for action in (self.delete_action, self.add_category_action,
                       self.remove_category_action, self.pitch_action,
                       self.export_selection_action):
            action.setEnabled(selected)

    def update_actions(self) -> None:
        n = self.selected_count()
        self._enable(n > 0)
        self.delete_action.setText(f"&Delete {plural(n)}…" if n > 1 else "&Delete…")
        self.pitch_action.setChecked(0 < n <= PITCH_STATE_LIMIT and all_dont_pitch(
            self.window.engine, self.window.selected_contact_ids()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter on a contact row opens the editor (Ctrl+Return and F2 are actions)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)):
            self.edit_current()
            return True
        return super().eventFilter(watched, event)

    # -- editor -----------------------------------------------------------------------------
    def edit_current(self) -> None:
        cid = self.window.current_contact_id()
        if cid is not None:
            self.edit_contact(cid)

    def edit_contact(self, cid: int) -> ContactEditor | None:
        if cid in self.editors:  # already open: bring it forward rather than open twice
            self.editors[cid].raise_()
            self.editors[cid].activateWindow()
            return self.editors[cid]
        try:
            editable = load_editable(self.window.engine, cid)
        except ContactNotFoundError as exc:
            messages.warning(self.window, str(exc))
            self.window.refresh()
            return None
        from relmanager.ui.contact_editor import ContactEditor  # noqa: PLC0415

        return self._open(cid, ContactEditor(editable, category_names(self.window.engine),
                                             self.window))

    def new_contact(self) -> ContactEditor:
        if NEW in self.editors:
            self.editors[NEW].raise_()
            return self.editors[NEW]
        from relmanager.ui.contact_editor import ContactEditor  # noqa: PLC0415

        return self._open(NEW, ContactEditor(None, category_names(self.window.engine),
                                             self.window))

    def _open(self, key: int, editor: ContactEditor) -> ContactEditor:
        self.editors[key] = editor
        editor.accepted.connect(lambda: self._save(key, editor))
        editor.rejected.connect(lambda: self._close(key, editor))
        editor.setWindowModality(Qt.WindowModality.WindowModal)
        editor.show()
        editor.activateWindow()  # its Enter/Ctrl+Enter/Esc, not the window's shortcuts
        return editor

    def _save(self, key: int, editor: ContactEditor) -> None:
        contact, head = editor.edited()

        def failed(exc: BaseException) -> None:
            # Nothing typed is lost: the same editor comes back with the message.
            self.commands.runner.report_failure(exc)
            editor.show()
            editor.activateWindow()

        if key == NEW:
            self.commands.create(contact, head, lambda: self._close(key, editor), failed)
        else:
            self.commands.save(contact, head, lambda: self._close(key, editor), failed)

    def _close(self, key: int, editor: ContactEditor) -> None:
        if self.editors.get(key) is editor:
            del self.editors[key]
        editor.deleteLater()

    # -- delete and bulk actions --------------------------------------------------------------
    def delete_selected(self) -> None:
        ids = self.window.selected_contact_ids()
        if not ids:
            return
        name = self._name(ids[0])
        if not self.confirm_delete(len(ids), name):
            return
        self.commands.delete(ids, name, self._neighbour(ids))

    def confirm_delete(self, count: int, name: str) -> bool:
        what = f"“{name}”" if count == 1 else plural(count)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete contacts",
                          f"Delete {what}? You can undo this with Ctrl+Z.",
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("confirmDelete")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("Their history, photos and notes go with them.")
        delete = box.addButton("&Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.setEscapeButton(cancel)
        box.exec()
        chosen = box.clickedButton() is delete
        box.deleteLater()
        return chosen

    def _name(self, cid: int) -> str:
        row = self.window.model.row_of(cid)
        data = self.window.model.row_data(row) if row is not None else None
        return data.display_name if data is not None else "contact"

    def _neighbour(self, ids: list[int]) -> int | None:
        """The contact to select once `ids` are gone: the next one below, else above."""
        model = self.window.model
        gone = set(ids)
        rows = [r for cid in ids if (r := model.row_of(cid)) is not None] \
            if len(ids) < 50 else [r for r in range(model.rowCount())
                                   if model.contact_id(r) in gone]
        if not rows:
            return None
        for row in [*range(max(rows) + 1, model.rowCount()), *range(min(rows) - 1, -1, -1)]:
            if model.contact_id(row) not in gone:
                return int(model.contact_id(row))
        return None

    def change_category(self, adding: bool) -> None:
        ids = self.window.selected_contact_ids()
        if not ids:
            return
        names = category_names(self.window.engine, None if adding else ids)
        from relmanager.ui.category_dialog import CategoryDialog  # noqa: PLC0415

        dialog = CategoryDialog(adding, len(ids), names, self.window)
        accepted = dialog.exec() == CategoryDialog.DialogCode.Accepted
        name = dialog.category()
        dialog.deleteLater()
        if not accepted:
            return
        if adding:
            self.commands.add_category(ids, name)
        else:
            self.commands.remove_category(ids, name)

    def toggle_dont_pitch(self) -> None:
        ids = self.window.selected_contact_ids()
        if ids:
            self.commands.set_dont_pitch(ids, not all_dont_pitch(self.window.engine, ids))

    def export_selection(self) -> None:
        ids = self.window.selected_contact_ids()
        if ids:
            self.window.export_flow.start_selection(ids)
