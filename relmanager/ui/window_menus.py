"""The main window's menu bar: File, Edit, Contact, View, Tools, Help.

Features add their own actions to these menus (see `MainWindow`); this builds the
menus and the window's own actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from relmanager import APP_DISPLAY_NAME
from relmanager.domain import Circle
from relmanager.ui.undo_actions import undo_redo_actions

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

# View ▸ filters: menu text, circle (None: everyone), shortcut.
CIRCLE_FILTERS: tuple[tuple[str, Circle | None, str], ...] = (
    ("&All contacts", None, "Ctrl+0"),
    ("&Friends", Circle.FRIEND, "Ctrl+1"),
    ("&Professional", Circle.PROFESSIONAL, "Ctrl+2"),
    ("&Both", Circle.BOTH, "Ctrl+3"),
    ("&Unsorted", Circle.UNSORTED, "Ctrl+4"),
)


def menu_action(parent: QObject, menu: object, text: str, shortcut: object,
                slot: Callable[..., object]) -> QAction:
    """An action in `menu` (with `shortcut` unless None) that calls `slot`."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
    action.triggered.connect(slot)
    menu.addAction(action)  # type: ignore[attr-defined]
    return action


def build_menus(window: MainWindow) -> None:
    def add(menu: object, text: str, shortcut: object, slot: Callable[..., object]) -> QAction:
        return menu_action(window, menu, text, shortcut, slot)

    bar = window.menuBar()
    file_menu = window.file_menu = bar.addMenu("&File")
    window.import_action = add(file_menu, "&Import vCards…", "Ctrl+I", window.choose_import_files)
    window.export_action = add(file_menu, "&Export…", "Ctrl+E", window.choose_export)
    file_menu.addSeparator()
    window.quit_action = add(file_menu, "&Quit", QKeySequence.StandardKey.Quit,
                             window.quit_requested)

    edit_menu = window.edit_menu = bar.addMenu("&Edit")
    undo, redo = undo_redo_actions(window, window.undo_stack, window.busy_checks)
    window.undo_action, window.redo_action = undo, redo
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    add(edit_menu, "Select &All", QKeySequence.StandardKey.SelectAll, window.table.selectAll)
    add(edit_menu, "&Find…", QKeySequence.StandardKey.Find, window.focus_search)

    window.contact_menu = bar.addMenu("&Contact")

    view_menu = window.view_menu = bar.addMenu("&View")
    add(view_menu, "&Contacts", "Alt+1", lambda: window.show_page(window.stack))
    view_menu.addSeparator()
    group = QActionGroup(window)
    group.setExclusive(True)
    for text, circle, shortcut in CIRCLE_FILTERS:
        action = add(view_menu, text, shortcut,
                     lambda _=False, c=circle: window.set_circle_filter(c))
        action.setCheckable(True)
        action.setChecked(circle is None)
        group.addAction(action)
        window.filter_actions[circle] = action
    view_menu.addSeparator()
    add(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh, window.refresh)
    window.tools_menu = bar.addMenu("&Tools")

    help_menu = window.help_menu = bar.addMenu("&Help")
    add(help_menu, f"&About {APP_DISPLAY_NAME}", None, window.show_about)
