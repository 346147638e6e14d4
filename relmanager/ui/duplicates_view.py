"""The "Duplicates" page: pairs the importer was not sure about; merge or dismiss them.

Pairs load off the GUI thread. Merges and dismissals go on the main window's
undo stack, so Ctrl+Z works anywhere; the page reloads through `reload()`
(the feature calls it whenever the window's data changes).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager.services.duplicates import Candidate, ContactBrief, DuplicateError, first_photo
from relmanager.services.duplicates import list_candidates as load_candidates
from relmanager.ui import messages
from relmanager.ui.merge_commands import DismissCommand, MergeCommand, report_failure
from relmanager.ui.merge_dialog import MergeDialog, photo_pixmap
from relmanager.ui.plain import plain_label
from relmanager.ui.tasks import Task

log = logging.getLogger(__name__)

EMPTY_TEXT = ("No possible duplicates. When an import finds two cards that may be one person "
              "(the same e-mail or phone under another name), it keeps both and lists them "
              "here for you to decide.")
INTRO_TEXT = ("relmanager was not sure whether these are the same person, so it kept them "
              "apart. Compare and merge them (Enter), or mark them as not duplicates.")
LOADING_TEXT = "Looking for possible duplicates…"
HEADERS = ("Contact", "Possible duplicate", "Why listed")
THUMB_PX = 32
_CACHE_MAX = 400  # thumbnails kept; a page shows a few dozen


def side_text(brief: ContactBrief) -> str:
    """Name, then how to reach them: a DisplayRole string (item views never render HTML)."""
    values = brief.emails or brief.phones
    reach = f"{values[0]} +{len(values) - 1}" if len(values) > 1 else "".join(values)
    details = " · ".join(x for x in (reach, brief.org) if x)
    return f"{brief.display_name}\n{details}" if details else brief.display_name


class CandidateModel(QAbstractTableModel):
    """The listed pairs; photos are read and scaled only for rows that are shown."""

    def __init__(self, photo_loader: Callable[[int], bytes | None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.candidates: list[Candidate] = []
        self._photo_loader = photo_loader
        self._thumbs: dict[int, QPixmap | None] = {}
        self._blank = QPixmap(THUMB_PX, THUMB_PX)
        self._blank.fill(Qt.GlobalColor.transparent)

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.beginResetModel()
        self.candidates = candidates
        self._thumbs.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.candidates)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        candidate = self.candidates[index.row()]
        brief = (candidate.a, candidate.b, None)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return side_text(brief) if brief is not None else candidate.reason
        if role == Qt.ItemDataRole.DecorationRole and brief is not None:
            # Rows without a picture get a blank one: names line up down the column.
            return (self._thumb(brief.id) if brief.has_photo else None) or self._blank
        return None

    def _thumb(self, contact_id: int) -> QPixmap | None:
        if contact_id not in self._thumbs:
            if len(self._thumbs) >= _CACHE_MAX:
                self._thumbs.clear()
            self._thumbs[contact_id] = photo_pixmap(self._photo_loader(contact_id), THUMB_PX)
        return self._thumbs[contact_id]


class DuplicatesView(QWidget):
    """The page. `on_change` runs after a merge, a dismissal or their undo."""

    count_changed = Signal(int)

    def __init__(self, engine: Engine, undo_stack: QUndoStack,
                 on_change: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesView")
        self.engine = engine
        self.undo_stack = undo_stack
        self.on_change = on_change
        self.merge_dialog: MergeDialog | None = None
        self._task: Task | None = None
        self._reload_again = False
        # Commands outlive any dialog on the stack: their errors go to this page's window.
        self._on_error = report_failure(self)

        self.model = CandidateModel(lambda cid: first_photo(engine, cid), self)
        self.table = self._build_table()
        self.message = plain_label(LOADING_TEXT, selectable=False)
        self.message.setObjectName("duplicatesMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(32)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.table)
        self.intro = plain_label(INTRO_TEXT, selectable=False)
        self.intro.hide()

        self.compare_button = QPushButton("Co&mpare and merge…")
        self.compare_button.clicked.connect(self.compare_selected)
        self.dismiss_button = QPushButton("&Not duplicates")
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.compare_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("duplicatesList")
        table.setAccessibleName("Possible duplicates")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setIconSize(QSize(THUMB_PX, THUMB_PX))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(
            max(2 * table.fontMetrics().lineSpacing(), THUMB_PX) + 10)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((320, 370)):
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.doubleClicked.connect(lambda *_: self.compare_selected())
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        table.installEventFilter(self)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter on the list compares the current pair."""
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.compare_selected()
            return True
        return super().eventFilter(watched, event)

    # -- loading ---------------------------------------------------------------------
    def reload(self) -> None:
        if self._task is not None and self._task.running:
            self._reload_again = True
            return
        engine = self.engine
        task = Task(lambda _task: load_candidates(engine), self)
        task.succeeded.connect(self._show)
        task.failed.connect(self._load_failed)
        task.finished.connect(self._loaded)
        self._task = task
        task.start_in_turn()

    def is_loading(self) -> bool:
        return self._task is not None and self._task.running

    def _loaded(self) -> None:
        if self._task is not None:  # one Task per reload: free it, or they pile up
            self._task.deleteLater()
            self._task = None
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _load_failed(self, exc: object) -> None:
        self.message.setText("Possible duplicates could not be loaded; details are in the log. "
                             "Press F5 (View ▸ Refresh) to try again.")
        self.stack.setCurrentWidget(self.message)
        self.intro.hide()
        log.warning("Loading possible duplicates failed: %s", type(exc).__name__)

    def _show(self, candidates: object) -> None:
        assert isinstance(candidates, list)
        current = self.current_candidate()
        keep = (current.a.id, current.b.id) if current else None
        row = max(self.table.currentIndex().row(), 0)
        had_focus = self.table.hasFocus()
        self.model.set_candidates(candidates)
        self.intro.setVisible(bool(candidates))
        if not candidates:
            self.message.setText(EMPTY_TEXT)
            self.stack.setCurrentWidget(self.message)
        else:
            self.stack.setCurrentWidget(self.table)
            # Only the pair that was current is looked for (not a list of all 16k pairs).
            kept = next((n for n, c in enumerate(candidates) if (c.a.id, c.b.id) == keep),
                        None) if keep else None
            self.table.selectRow(kept if kept is not None else min(row, len(candidates) - 1))
            if had_focus or self.isVisible():
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()
        self.count_changed.emit(len(candidates))

    def row_count(self) -> int:
        return self.model.rowCount() if self.stack.currentWidget() is self.table else 0

    def current_candidate(self) -> Candidate | None:
        index = self.table.currentIndex()
        return self.model.candidates[index.row()] if index.isValid() else None

    def _update_buttons(self) -> None:
        has = self.current_candidate() is not None and self.stack.currentWidget() is self.table
        self.compare_button.setEnabled(has)
        self.dismiss_button.setEnabled(has)

    # -- actions ------------------------------------------------------------------------
    def compare_selected(self) -> None:
        candidate = self.current_candidate()
        if candidate is not None:
            self.compare(candidate.a.id, candidate.b.id)

    def compare(self, keep_id: int, other_id: int) -> MergeDialog | None:
        """Open the merge dialog for two contacts; accepting it pushes the merge."""
        try:
            dialog = MergeDialog(self.engine, keep_id, other_id, self.window())
        except DuplicateError as exc:
            messages.warning(self, str(exc))
            self.reload()
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._merge(dialog))
        dialog.finished.connect(self._merge_dialog_closed)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merge_dialog_closed(self) -> None:
        self.merge_dialog = None

    def _merge(self, dialog: MergeDialog) -> None:
        self.undo_stack.push(MergeCommand(self.engine, dialog.keep_id, dialog.other_id,
                                          dialog.choices(), dialog.names,
                                          on_change=self.on_change, on_error=self._on_error))

    def dismiss_selected(self) -> None:
        candidate = self.current_candidate()
        if candidate is not None:
            names = (candidate.a.display_name, candidate.b.display_name)
            self.undo_stack.push(DismissCommand(self.engine, candidate.id, names,
                                                on_change=self.on_change,
                                                on_error=self._on_error))
