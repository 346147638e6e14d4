"""The main window: wiring only. Features live in their own views and services."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QWidget,
)
from sqlalchemy import Engine

from relmanager import APP_DISPLAY_NAME
from relmanager.domain import Circle
from relmanager.paths import AppPaths
from relmanager.services.contacts import count_by_circle, list_summaries
from relmanager.services.exporter import ExportResult
from relmanager.services.importer import ImportResult
from relmanager.ui.about import AboutDialog
from relmanager.ui.contact_table import ContactTableModel
from relmanager.ui.empty_state import EmptyState
from relmanager.ui.export_flow import ExportFlow
from relmanager.ui.import_flow import ImportFlow
from relmanager.ui.import_summary import headline
from relmanager.ui.resources import app_icon

log = logging.getLogger(__name__)

STATUS_MS = 10_000

CIRCLE_FILTERS: tuple[tuple[str, Circle | None, str], ...] = (
    ("&All contacts", None, "Ctrl+0"),
    ("&Friends", Circle.FRIEND, "Ctrl+1"),
    ("&Professional", Circle.PROFESSIONAL, "Ctrl+2"),
    ("&Both", Circle.BOTH, "Ctrl+3"),
    ("&Unsorted", Circle.UNSORTED, "Ctrl+4"),
)


class MainWindow(QMainWindow):
    shown = Signal()

    def __init__(self, engine: Engine, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.paths = paths
        self.undo_stack = QUndoStack(self)
        self.circle_filter: Circle | None = None
        self._announced = False
        self.import_flow = ImportFlow(engine, self)
        self.import_flow.data_changed.connect(self.refresh)
        self.import_flow.finished.connect(self._on_import_finished)
        self.export_flow = ExportFlow(engine, self)
        self.export_flow.finished.connect(self._on_export_finished)

        self.setWindowTitle(APP_DISPLAY_NAME)
        self.setWindowIcon(app_icon())
        self.resize(960, 620)
        self.setAcceptDrops(True)

        self.model = ContactTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("contactTable")
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 220)

        self.empty_state = EmptyState()
        self.empty_state.import_clicked.connect(self.choose_import_files)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.table)
        self.setCentralWidget(self.stack)

        self._build_menus()
        self.refresh()

    # -- menus -----------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.import_action = self._action(file_menu, "&Import vCards…", "Ctrl+I",
                                          self.choose_import_files)
        self.export_action = self._action(file_menu, "&Export…", "Ctrl+E", self.choose_export)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"),
                           QKeySequence(QKeySequence.StandardKey.Redo)])
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        self._action(edit_menu, "Select &All", QKeySequence.StandardKey.SelectAll,
                     self.table.selectAll)

        view_menu = bar.addMenu("&View")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.filter_actions: dict[Circle | None, QAction] = {}
        for text, circle, shortcut in CIRCLE_FILTERS:
            action = self._action(view_menu, text, shortcut,
                                  lambda _=False, c=circle: self.set_circle_filter(c))
            action.setCheckable(True)
            action.setChecked(circle is None)
            group.addAction(action)
            self.filter_actions[circle] = action
        view_menu.addSeparator()
        self._action(view_menu, "&Refresh", QKeySequence.StandardKey.Refresh, self.refresh)

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, f"&About {APP_DISPLAY_NAME}", None, self.show_about)

    def _action(self, menu: object, text: str, shortcut: object,
                slot: Callable[..., object]) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # -- data --------------------------------------------------------------------
    def refresh(self) -> None:
        rows = list_summaries(self.engine, self.circle_filter)
        self.model.set_rows(rows)
        counts = count_by_circle(self.engine)
        total = sum(counts.values())
        self.stack.setCurrentWidget(self.table if total else self.empty_state)
        for text, circle, _ in CIRCLE_FILTERS:
            n = total if circle is None else counts[circle]
            self.filter_actions[circle].setText(f"{text} ({n})")
        shown = len(rows)
        message = (f"{total} contacts" if self.circle_filter is None
                   else f"{shown} of {total} contacts ({self.circle_filter.value})")
        self.statusBar().showMessage(message if total else "No contacts yet")

    def set_circle_filter(self, circle: Circle | None) -> None:
        self.circle_filter = circle
        self.filter_actions[circle].setChecked(True)
        self.refresh()

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
    def show_about(self) -> None:
        AboutDialog(str(self.paths.home), self).exec()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._announced:
            self._announced = True
            log.info("Main window shown")
            self.shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        log.info("Main window closed")
        super().closeEvent(event)

