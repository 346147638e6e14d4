"""The contact list's right-click menu: the Contact menu's own actions.

Features add their actions to `window.contact_menu` only; this menu is built
from it on each right-click, so menu bar, shortcuts and context menu can never
disagree. `install_contact_context_menu` is idempotent: any feature may call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

_INSTALLED = "contactContextMenuInstalled"


def contact_context_menu(window: MainWindow) -> QMenu:
    """A new menu holding the Contact menu's actions and submenus (owned by the window)."""
    menu = QMenu(window)
    menu.setObjectName("contactContextMenu")
    for action in window.contact_menu.actions():
        menu.addAction(action)  # the same QAction objects: same state, same shortcuts
    return menu


def install_contact_context_menu(window: MainWindow) -> None:
    table = window.table
    if table.property(_INSTALLED):
        return
    table.setProperty(_INSTALLED, True)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = contact_context_menu(window)
        if menu.isEmpty():
            menu.deleteLater()
            return
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(table.viewport().mapToGlobal(pos))

    table.customContextMenuRequested.connect(show)
