"""The Review page: confirm suggested circles group by group, from the keyboard.

Keys (on the list): Enter or A accepts the current group (or the selected
rows), Space accepts one contact and moves on, F / P / B put the selection
(or the whole group, on a group row) in friend / professional / both, S or
Down skips, U undoes (as does Ctrl+Z). Every decision is one undoable command
(`circle_commands`); the list is re-read after each change, so contacts that
now follow a freshly learned rule regroup under it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager.services.circles.review import (
    ReviewItem,
    ReviewQueue,
    queue_size,
    review_queue,
)
from relmanager.ui.review_actions import ReviewActions
from relmanager.ui.review_model import Column, ReviewModel, percent
from relmanager.ui.tasks import Task

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

log = logging.getLogger(__name__)

KEYS: dict[Qt.Key, str] = {
    Qt.Key.Key_Return: "accept", Qt.Key.Key_Enter: "accept", Qt.Key.Key_A: "accept",
    Qt.Key.Key_Space: "accept_one", Qt.Key.Key_F: "friend", Qt.Key.Key_P: "professional",
    Qt.Key.Key_B: "both", Qt.Key.Key_S: "skip", Qt.Key.Key_U: "undo",
}
HINT = ("Enter or A: accept group (or selected rows)   Space: accept one   "
        "F / P / B: friend / professional / both   S or ↓: skip   U: undo")
ASYNC_MIN = 5000  # queued contacts from which the queue is re-read in the background
EXPAND_ROWS = 2000  # groups are unfolded up to about this many rows; the rest on the way
# Laying out rows costs the view calls into the model per row: 2000 rows and 500 spanned
# group rows at once froze the window for a quarter second after an import. They are
# done a bounded amount per event-loop turn instead (a group unfolds in one go).
TURN_ROWS = 600  # rows unfolded per turn
TURN_SPANS = 150  # group rows spanned per turn
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier,
          Qt.KeyboardModifier.KeypadModifier)


def _read_queue(engine: Engine) -> ReviewQueue:
    """The queue, with the id set the page needs computed here, off the GUI thread."""
    queue = review_queue(engine)
    _ = queue.ids, queue.count  # cached on the queue
    return queue


class ReviewTree(QTreeView):
    """The queue; single keys become commands (`command` signal) instead of type-ahead."""

    command = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        name = KEYS.get(Qt.Key(event.key()))
        if name is not None and event.modifiers() in _PLAIN:
            self.command.emit(name)
            event.accept()
            return
        super().keyPressEvent(event)


class ReviewPage(QWidget):
    applied = Signal()  # a freshly read queue is on screen
    """View ▸ Review circles. `reload()` re-reads the queue; the window's
    `data_changed` calls it (or marks it stale while the page is hidden)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("reviewPage")
        self.window_ = window
        self.model = ReviewModel(self)
        self._session: set[int] = set()
        self._new_session = True
        self._stale = True
        self.prefer: list[int] = []  # where the cursor goes after the next reload
        self.pending_removal: set[int] = set()  # just decided: drop before re-reading
        self.async_min = ASYNC_MIN
        self._loader: Task | None = None
        self._load_again = False
        self.commands = ReviewActions(self)
        self._collapsed: set[str] = set()
        self._spanned = self._unfolded = self._unfold_budget = 0  # see _unfold_step
        self._unfolding = QTimer(self)
        self._unfolding.setInterval(0)
        self._unfolding.timeout.connect(self._unfold_step)

        self.progress = QLabel()
        self.progress.setObjectName("reviewProgress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setAccessibleName("Review progress")
        font = self.progress.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.progress.setFont(font)
        hint = QLabel(HINT)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn as secondary text

        self.tree = self._build_tree()
        self.why = QLabel()
        self.why.setObjectName("reviewWhy")
        self.why.setTextFormat(Qt.TextFormat.PlainText)  # reasons quote contact data
        self.why.setWordWrap(True)
        self.why.setAccessibleName("Why this circle")
        self.why.setMinimumHeight(self.why.fontMetrics().height() * 2 + 4)

        self.done = QLabel("Nothing to review: every contact's circle is your decision.\n"
                           "New suggestions appear here after an import.")
        self.done.setTextFormat(Qt.TextFormat.PlainText)
        self.done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget()
        self.body.addWidget(self.tree)
        self.body.addWidget(self.done)

        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(hint)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.why)
        layout.addLayout(self._build_buttons())

    def _build_tree(self) -> ReviewTree:
        tree = ReviewTree()
        tree.setObjectName("reviewTree")
        tree.setAccessibleName("Contacts to review")
        tree.setModel(self.model)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setUniformRowHeights(True)
        tree.setAllColumnsShowFocus(True)
        tree.setAlternatingRowColors(True)
        header = tree.header()
        header.setStretchLastSection(False)
        for column, width in ((Column.NAME, 260), (Column.EMAIL, 260),
                              (Column.SUGGESTED, 100), (Column.CONFIDENCE, 90)):
            tree.setColumnWidth(column, width)
        # The organisation takes the spare width; confidence stays beside the circle.
        header.setSectionResizeMode(Column.ORGANISATION, QHeaderView.ResizeMode.Stretch)
        tree.command.connect(self.run_command)
        tree.collapsed.connect(lambda i: self._collapsed.add(self.model.group(i).key))  # type: ignore[union-attr]
        tree.expanded.connect(lambda i: self._collapsed.discard(self.model.group(i).key))  # type: ignore[union-attr]
        tree.selectionModel().currentChanged.connect(lambda *_: self._explain())
        return tree

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, accessible in (
                ("accept", "Accept group", "Accept the group or the selected contacts"),
                ("accept_one", "Accept one", "Accept this contact's suggestion"),
                ("friend", "Friend", "Put in friends"),
                ("professional", "Professional", "Put in professional"),
                ("both", "Both", "Put in both"),
                ("skip", "Skip", "Skip to the next contact"),
                ("undo", "Undo", "Undo the last decision")):
            button = QPushButton(text)
            button.setAccessibleName(accessible)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the list keeps the keyboard
            button.clicked.connect(lambda _=False, n=name: self.run_command(n))
            self.buttons[name] = button
            row.addWidget(button)
            if name in ("accept_one", "both"):
                row.addSpacing(12)
        row.addStretch(1)
        return row

    # -- loading -------------------------------------------------------------------
    def start_session(self) -> None:
        """Count progress from the queue as it is at the next reload (after an import)."""
        self._new_session = True

    def on_data_changed(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        if self.pending_removal:  # our own decision: show it at once, regroup after
            self._apply(self.model.queue.without(self.pending_removal), keep_session=True)
            self.pending_removal = set()
        self.reload_soon()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload_soon()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        """Read the queue now (small books, first show, tests)."""
        self._stale = False
        self._apply(review_queue(self.window_.engine))

    def reload_soon(self) -> None:
        """Read the queue; off the GUI thread when it is large (about 1 s at 50k)."""
        size = self.model.queue.count or queue_size(self.window_.engine)
        if size < self.async_min:
            self.reload()
            return
        if not self.model.queue.count:
            self.progress.setText(f"Reading {size} suggestions…")
        if self._loader is not None and self._loader.running:
            self._load_again = True  # what it reads may predate the latest change
            return
        engine = self.window_.engine
        self._stale = False
        self._load_again = False
        self._loader = Task(lambda _task: _read_queue(engine))  # outlives a closed page
        self._loader.succeeded.connect(self._loaded)
        self._loader.start()

    def _loaded(self, queue: ReviewQueue) -> None:
        if self._load_again:
            self.reload_soon()
        elif not self.commands.busy:
            self._apply(queue)

    def _apply(self, queue: ReviewQueue, *, keep_session: bool = False) -> None:
        current = self.current_item()
        prefer = self.prefer or ([current.id] if current else [])
        self.prefer = []
        ids = queue.ids
        if not keep_session:
            if self._new_session or (ids and not self._session & ids):
                self._session = set(ids)  # nothing left from the last round: a new one
                self._new_session = False
            else:  # (on a new session this would be `ids` again: 58k-item sets, skipped)
                self._session = (self._session | ids) & (ids | queue.decided_ids)
        self.model.set_queue(queue)
        self._spanned = self._unfolded = 0
        self._unfold_budget = EXPAND_ROWS  # expanding lays out every child: 50k rows, a second
        self._unfolding.stop()
        if self._unfold_step():  # the first groups now: the cursor goes there
            self._unfolding.start()
        self.body.setCurrentWidget(self.tree if queue.groups else self.done)
        reviewed = len(self._session & queue.decided_ids)
        total = len(self._session)
        groups = len(queue.groups)
        tabs = self.window_.pages
        tabs.setTabText(tabs.indexOf(self), f"Review ({queue.count})" if queue.count
                        else "Review")
        self.progress.setText(
            f"{reviewed} of {total} reviewed  ·  {queue.count} to go in {groups} "
            f"group{'s' if groups != 1 else ''}" if total else "Nothing to review")
        self._place_cursor(prefer)
        self.applied.emit()

    def _unfold_step(self) -> bool:
        """Unfold the next groups (up to TURN_ROWS rows; a first one whatever its size),
        then span the next group rows; False (and the timer stopped) once all is done.
        Unfolding comes first: right after a reset the view only notes an unfold, and the
        first span lays out all rows once."""
        groups = self.model.queue.groups
        rows = 0
        while self._unfolded < len(groups) and self._unfold_budget > 0:
            size = len(groups[self._unfolded].items)
            if rows and rows + size > TURN_ROWS:
                break  # the next turn
            if groups[self._unfolded].key not in self._collapsed:
                self.tree.expand(self.model.index(self._unfolded, 0))
                self._unfold_budget -= size
                rows += size
            self._unfolded += 1
        end = min(self._spanned + TURN_SPANS, len(groups))
        for row in range(self._spanned, end):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self._spanned = end
        more = end < len(groups) or (self._unfold_budget > 0 and self._unfolded < len(groups))
        if not more:
            self._unfolding.stop()
        return more

    def _place_cursor(self, prefer: list[int]) -> None:
        index = QModelIndex()
        for cid in prefer:
            index = self.model.index_of_contact(cid)
            if index.isValid():
                break
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
            if self.tree.isExpanded(index) and self.model.rowCount(index):
                index = self.model.index(0, 0, index)
        self.set_current(index)

    def set_current(self, index: QModelIndex) -> None:
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        if index.isValid():
            if index.parent().isValid():
                self.tree.expand(index.parent())  # the next group may still be folded
            self.tree.selectionModel().setCurrentIndex(index, flags)
            self.tree.scrollTo(index)
        self._explain()

    # -- what the cursor is on -------------------------------------------------------
    def current_item(self) -> ReviewItem | None:
        return self.model.item(self.tree.currentIndex())

    def _explain(self) -> None:
        index = self.tree.currentIndex()
        item, group = self.model.item(index), self.model.group(index)
        if item is not None:
            self.why.setText(f"Why {item.circle.label} ({percent(item.confidence)} sure): "
                             + "; ".join(item.reasons))
        elif group is not None:
            self.why.setText(f"{len(group.items)} contacts suggested {group.circle.label}, "
                             f"mainly because: {group.reason}. Enter accepts them all; "
                             "F, P or B puts them all in another circle.")
        else:
            self.why.setText("")

    def run_command(self, name: str) -> None:
        self.commands.run(name)

    def set_busy(self, text: str) -> None:
        """While a big decision is saved in the background: say so, take no keys."""
        self.tree.setEnabled(not text)
        for button in self.buttons.values():
            button.setEnabled(not text)
        if text:
            self.progress.setText(text)
        else:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
