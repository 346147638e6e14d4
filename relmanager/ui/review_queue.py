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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
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
from relmanager.ui.review_model import ReviewModel, Row, percent
from relmanager.ui.review_view import ReviewTree
from relmanager.ui.tasks import Task

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

log = logging.getLogger(__name__)

HINT = ("Enter or A: accept group (or selected rows)   Space: accept one   "
        "F / P / B: friend / professional / both   S or ↓: skip   U: undo")
ASYNC_MIN = 5000  # queued contacts from which the queue is re-read in the background
# Groups open, in order, while they hold fewer than about this many contacts; the
# rest start folded (hundreds of group titles stay in view below the first ones).
EXPAND_ROWS = 2000
FREE_SLICE = 2000  # rows freed per step in the background


def _read_queue(engine: Engine) -> ReviewQueue:
    """The queue, with the id set the page needs computed here, off the GUI thread."""
    queue = review_queue(engine)
    _ = queue.ids, queue.count  # cached on the queue
    return queue


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
        self._freeing: Task | None = None
        self._load_again = False
        self.commands = ReviewActions(self)
        self._collapsed: set[str] = set()  # groups the user folded: stay folded on reload
        self.model.folding.connect(self._folded)

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
        tree = ReviewTree(self.model)
        tree.setObjectName("reviewTree")
        tree.setAccessibleName("Contacts to review")
        tree.command.connect(self.run_command)
        tree.selectionModel().currentChanged.connect(lambda *_: self._explain())
        return tree

    def _folded(self, key: str, folded: bool) -> None:
        if folded:
            self._collapsed.add(key)
        else:
            self._collapsed.discard(key)

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
        self._loader.start_in_turn()

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
            else:  # (old | ids) & (ids | decided), without two 58k-item unions
                session = set(ids)
                session |= self._session & queue.decided_ids
                self._session = session
        self._free_in_background(*self.model.set_queue(queue, self._open_groups(queue)))
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

    def _free_in_background(self, queue: ReviewQueue, rows: list[Row]) -> None:
        """Free a replaced queue off the GUI thread: 58k items took 30-60 ms to free,
        at every re-read after a decision. In slices, so the GIL changes hands."""
        if not rows and not queue.groups:
            return
        junk: list[Any] = [queue, rows]
        del queue, rows

        def work(_task: Task) -> None:
            rows_, queue_ = junk.pop(), junk.pop()
            while rows_:
                del rows_[-FREE_SLICE:]
            groups = list(queue_.groups)
            del queue_
            while groups:
                del groups[-1]  # one group's items at a time

        self._freeing = Task(work)  # a reference while it runs (see Task)
        self._freeing.start_in_turn()

    def _open_groups(self, queue: ReviewQueue) -> list[bool]:
        """Groups open in order while EXPAND_ROWS contacts last (the first whatever its
        size), except those the user folded; the rest start folded."""
        budget = EXPAND_ROWS
        opened = []
        for group in queue.groups:
            open_ = budget > 0 and group.key not in self._collapsed
            if open_:
                budget -= len(group.items)
            opened.append(open_)
        return opened

    def _place_cursor(self, prefer: list[int]) -> None:
        index = QModelIndex()
        for cid in prefer:
            index = self.model.index_of_contact(cid)
            if index.isValid():
                break
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
            below = self.model.index(1, 0)
            if self.model.is_open(0) and self.model.item(below) is not None:
                index = below  # the first group's first contact
        self.set_current(index)

    def set_current(self, index: QModelIndex) -> None:
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        if index.isValid():
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
