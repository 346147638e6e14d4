"""Possible duplicates in the main window: the "Duplicates" page and the merge actions.

Wired with one line in the main window. Adds View ▸ Possible duplicates
(Alt+4), a tab whose title carries the count, and Contact ▸ Merge selected…
for any two contacts picked in the list. Every merge and dismissal is a
command on the window's undo stack; the page reloads whenever the window's
data changes (imports, edits, undo).

Finding candidates in a 50k book takes seconds of background work and then a
model fill on the GUI thread, so nothing is loaded at start-up: the page loads
the first time it is shown, or on the first data change after start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from relmanager.ui.duplicates_view import DuplicatesView

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow
    from relmanager.ui.merge_dialog import MergeDialog

TAB_TITLE = "Duplicates"
STATUS_MS = 6000


def tab_title(count: int) -> str:
    return f"{TAB_TITLE} ({count})" if count else TAB_TITLE


class DuplicatesFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = DuplicatesView(window.engine, window.undo_stack, window.refresh, window)
        window.add_page(self.view, TAB_TITLE)
        self.view.count_changed.connect(self._retitle)
        self._loaded = False
        self._startup_refresh_seen = False
        window.data_changed.connect(self._data_changed)
        window.pages.currentChanged.connect(self._page_changed)
        self._build_actions()

    def _data_changed(self) -> None:
        if not self._startup_refresh_seen and not self._loaded:
            # The window's own first refresh (features are installed before it): that is
            # start-up, not a change; wait until the page is wanted.
            self._startup_refresh_seen = True
            if self.window.pages.currentWidget() is not self.view:
                return
        self._load()

    def _page_changed(self) -> None:
        if not self._loaded and self.window.pages.currentWidget() is self.view:
            self._load()

    def _load(self) -> None:
        self._loaded = True
        self.view.reload()

    def _build_actions(self) -> None:
        w = self.window
        self.show_action = QAction("Possible duplicate&s", w)
        self.show_action.setShortcut(QKeySequence("Alt+4"))
        self.show_action.triggered.connect(self.show)
        # Beside the other pages (Contacts Alt+1, Due Alt+2…), before the circle filters.
        separator = next((a for a in w.view_menu.actions() if a.isSeparator()), None)
        if separator is None:
            w.view_menu.addAction(self.show_action)
        else:
            w.view_menu.insertAction(separator, self.show_action)

        self.merge_action = QAction("&Merge selected…", w)
        self.merge_action.triggered.connect(self.merge_selected)
        w.contact_menu.addAction(self.merge_action)
        # Greyed out in the menu unless exactly two are selected; the action itself
        # stays enabled between menu openings, and explains itself when misused.
        w.contact_menu.aboutToShow.connect(
            lambda: self.merge_action.setEnabled(len(w.selected_contact_ids()) == 2))
        w.contact_menu.aboutToHide.connect(lambda: self.merge_action.setEnabled(True))

    def show(self) -> None:
        self.window.show_page(self.view)
        self.view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _retitle(self, count: int) -> None:
        index = self.window.pages.indexOf(self.view)
        if index >= 0:
            self.window.pages.setTabText(index, tab_title(count))

    def merge_selected(self) -> MergeDialog | None:
        """Compare and merge the two contacts selected in the list (the older one is kept)."""
        ids = self.window.selected_contact_ids()
        if len(ids) != 2:
            self.window.statusBar().showMessage(
                "Select exactly two contacts in the list to merge them.", STATUS_MS)
            return None
        keep, other = sorted(ids)
        return self.view.compare(keep, other)
