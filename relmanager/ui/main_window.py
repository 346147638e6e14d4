"""The main window: wiring only. Features live in their own views and services."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager import APP_DISPLAY_NAME
from relmanager.domain import Circle
from relmanager.paths import AppPaths
from relmanager.services.contact_list import ListQuery, circle_reasons
from relmanager.services.contacts import count_by_circle
from relmanager.store.contacts import load_contacts
from relmanager.ui.about import AboutDialog
from relmanager.ui.circles_feature import CirclesFeature
from relmanager.ui.compose_feature import ComposeFeature
from relmanager.ui.contact_list_feature import ContactListFeature
from relmanager.ui.contact_table import ContactTableModel
from relmanager.ui.detail_pane import DetailPane
from relmanager.ui.duplicates_feature import DuplicatesFeature
from relmanager.ui.editing_feature import EditingFeature
from relmanager.ui.empty_state import EmptyState
from relmanager.ui.export_flow import ExportFlow
from relmanager.ui.filter_bar import FilterBar
from relmanager.ui.import_flow import ImportFlow
from relmanager.ui.import_summary import headline
from relmanager.ui.log_touch_feature import LogTouchFeature
from relmanager.ui.messages import STATUS_MS
from relmanager.ui.reminders_feature import RemindersFeature
from relmanager.ui.resources import app_icon
from relmanager.ui.settings_feature import SettingsFeature
from relmanager.ui.turns import run_in_turns
from relmanager.ui.window_layout import restore_layout, save_layout
from relmanager.ui.window_menus import CIRCLE_FILTERS, build_menus

if TYPE_CHECKING:  # importer and exporter load with their first use (issue #8)
    from relmanager.services.exporter import ExportResult
    from relmanager.services.importer import ImportResult

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Hosts the contact list and the feature pages; features plug in with `add_page`
    and the menu attributes (`file_menu`, `edit_menu`, `contact_menu`, `view_menu`,
    `tools_menu`), and listen to `data_changed`, emitted after every `refresh`."""

    shown = Signal()
    data_changed = Signal()
    # Made by window_menus.build_menus; features add their actions to these menus.
    file_menu: QMenu
    edit_menu: QMenu
    contact_menu: QMenu
    view_menu: QMenu
    tools_menu: QMenu
    help_menu: QMenu
    import_action: QAction
    export_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction

    def __init__(self, engine: Engine, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.paths = paths
        self.undo_stack = QUndoStack(self)
        # Features whose changes are written off the GUI thread say here when they are busy.
        self.busy_checks: list[Callable[[], bool]] = []
        self._announced = False
        self._refreshes = 0  # counts `refresh` calls: see `refresh_in_turns`
        self.filter_actions: dict[Circle | None, QAction] = {}  # View ▸ one per circle
        self.import_flow = ImportFlow(engine, self)
        self.import_flow.refresh_in_turns = self.refresh_in_turns
        self.import_flow.data_changed.connect(self.refresh)
        self.import_flow.finished.connect(self._on_import_finished)
        self.export_flow = ExportFlow(engine, self)
        self.export_flow.finished.connect(self._on_export_finished)

        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setWindowIcon(app_icon())
        self.resize(1100, 680)
        self.setAcceptDrops(True)

        self.model = ContactTableModel(engine, self)
        self.table = self._build_table()
        self.filter_bar = FilterBar()
        self.filter_bar.search_changed.connect(self.set_search)
        self.filter_bar.circle_changed.connect(self.set_circle_filter)
        self.detail = DetailPane()

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter_bar)
        column.addWidget(self.table)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.empty_state = EmptyState()
        self.empty_state.import_clicked.connect(self.choose_import_files)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.splitter)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.stack, "Contact&s")
        self.setCentralWidget(self.pages)

        build_menus(self)
        restore_layout(self.engine, self, self.splitter, self.table)
        self._install_features()
        self.refresh()

    def _install_features(self) -> None:
        """Each feature adds its own menu actions, pages and signal connections."""
        self.compose = ComposeFeature(self)
        self.log_touch = LogTouchFeature(self)
        self.settings_feature = SettingsFeature(self)
        self.reminders = RemindersFeature(self)
        self.duplicates = DuplicatesFeature(self)
        self.circles = CirclesFeature(self)
        self.contact_list = ContactListFeature(self)
        self.editing = EditingFeature(self)

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("contactTable")
        table.setAccessibleName("Contacts")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((240, 100, 200, 240)):
            table.setColumnWidth(col, width)
        table.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        return table

    # -- data --------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload counts, the list and the detail pane after any data change."""
        self._refreshes += 1  # steps of a `refresh_in_turns` still waiting are moot
        total = self._refresh_counts()
        self._refresh_selection(self._refresh_list(total), total)

    def refresh_in_turns(self, then: Callable[[], object] | None = None) -> None:
        """`refresh` in four event-loop turns (counts; the list; the selected contact
        and status; `data_changed`, which starts the pages re-reading), then `then`
        in a fifth: after a big import no turn stalls the window (issue #8). A
        `refresh` in between makes the steps left moot; `then` runs either way."""
        self._refreshes += 1
        mine = self._refreshes
        got: dict[str, Any] = {}  # what one step hands the next
        run_in_turns(self, [
            lambda: got.update(total=self._refresh_counts()),
            lambda: got.update(current=self._refresh_list(got["total"])),
            lambda: self._refresh_selection(got["current"], got["total"], announce=False),
            self.data_changed.emit,
        ], lambda: mine == self._refreshes, then)

    def _refresh_counts(self) -> int:
        counts = count_by_circle(self.engine)
        total = sum(counts.values())
        self.filter_bar.set_counts(counts)
        for text, circle, _ in CIRCLE_FILTERS:
            n = total if circle is None else counts[circle]
            self.filter_actions[circle].setText(f"{text} ({n})")
        return total

    def _refresh_list(self, total: int) -> int | None:
        """Reload the list; the contact to select afterwards."""
        current = self._table_current_id()
        self.model.reload()
        self.stack.setCurrentWidget(self.splitter if total else self.empty_state)
        if current is None and self.model.rowCount():
            current = self.model.contact_id(0)  # keyboard users start on a contact
        return current

    def _refresh_selection(self, current: int | None, total: int, announce: bool = True) -> None:
        self._select(current)
        self._update_status(total)
        if announce:
            self.data_changed.emit()

    # -- pages -------------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> None:
        """A feature view (Due, Review, Duplicates…) as a tab beside the contacts."""
        self.pages.addTab(widget, title)

    def show_page(self, widget: QWidget) -> None:
        self.pages.setCurrentWidget(widget)
        if self.isMinimized() or not self.isVisible():
            self.activate([])

    def _update_status(self, total: int | None = None) -> None:
        if total is None:
            total = self.filter_bar.total  # counted by the last refresh: not per keystroke
        shown = self.model.rowCount()
        query = self.model.query
        if not total:
            message = "No contacts yet"
        elif query.circle is None and not query.search.strip():
            message = f"{total} contacts"
        else:
            message = f"{shown} of {total} contacts"
            if query.circle is not None:
                message += f" ({query.circle.value})"
        self.statusBar().showMessage(message)

    def set_circle_filter(self, circle: Circle | None) -> None:
        self.filter_actions[circle].setChecked(True)
        self.filter_bar.select_circle(circle)
        q = self.model.query
        self.model.set_query(ListQuery(circle, q.search, q.sort, q.descending))
        self._update_status()

    def set_search(self, text: str) -> None:
        q = self.model.query
        self.model.set_query(ListQuery(q.circle, text, q.sort, q.descending))
        self._update_status()

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def contacts_page_shown(self) -> bool:
        return self.pages.currentWidget() is self.stack

    # Contact actions (Del, Ctrl+D, Ctrl+Shift+1…) act on these two. Off the Contacts
    # tab they are empty: a shortcut pressed on the Due tab must not change a contact
    # the user cannot see.
    def current_contact_id(self) -> int | None:
        return self._table_current_id() if self.contacts_page_shown() else None

    def selected_contact_ids(self) -> list[int]:
        if not self.contacts_page_shown():
            return []
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.contact_id(r) for r in rows]

    def _table_current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.contact_id(index.row()) if index.isValid() else None

    def _select(self, contact_id: int | None) -> None:
        row = self.model.row_of(contact_id) if contact_id is not None else None
        if row is None:
            self.detail.show_nothing()
            return
        before = self.table.currentIndex()
        self.table.selectRow(row)
        if before.isValid() and before.row() == row:  # no currentRowChanged: show it here
            self.show_current()

    def show_current(self) -> None:
        cid = self._table_current_id()
        if cid is None:
            self.detail.show_nothing()
            return
        with self.engine.connect() as conn:
            contact = load_contacts(conn, [cid]).get(cid)
        row = self.model.row_of(cid)
        summary = self.model.row_data(row) if row is not None else None
        if contact is None or summary is None:
            self.detail.show_nothing()
            return
        self.detail.show_contact(contact, summary.circle, summary.circle_is_user,
                                 circle_reasons(self.engine, cid))

    # -- import / export ---------------------------------------------------------
    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import vCards", "", "vCard files (*.vcf *.vcard);;All files (*)")
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        self.import_flow.start(files)

    def _on_import_finished(self, result: ImportResult) -> None:
        self.statusBar().showMessage(headline(result), STATUS_MS)

    def choose_export(self) -> None:
        self.export_flow.start(count_by_circle(self.engine))

    def _on_export_finished(self, result: ExportResult) -> None:
        self.statusBar().showMessage(f"Exported {result.count} contacts to {result.path}",
                                     STATUS_MS)

    # -- other launches, drag and drop -----------------------------------------
    def activate(self, files: list[str]) -> None:
        """Another launch asked us to come forward (and maybe import files)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if files:
            self.import_files(files)

    def dragEnterEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
        if event.mimeData().hasUrls() and any(
                u.isLocalFile() and u.toLocalFile().lower().endswith((".vcf", ".vcard"))
                for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    # -- window events -----------------------------------------------------------
    def quit_requested(self) -> None:
        """File ▸ Quit: really quit, even when a tray keeps the app alive on close."""
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def show_about(self) -> None:
        AboutDialog(str(self.paths.home), self).exec()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._announced:
            self._announced = True
            log.info("Main window shown")
            self.shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        save_layout(self.engine, self, self.splitter, self.table)
        log.info("Main window closed")
        super().closeEvent(event)
