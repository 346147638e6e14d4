"""The Review page after a big import: one flat list of group titles and contacts
(shown in one go, folded and unfolded like a tree), a model that answers the view
as the queue says, and an import's window work split over event-loop turns."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from sqlalchemy import Engine

from relmanager.services.circles import refresh_suggestions
from relmanager.services.circles.review import ReviewGroup, ReviewQueue, review_queue
from relmanager.services.importer import import_files
from relmanager.store import write_transaction
from relmanager.ui import review_queue as review_queue_module
from relmanager.ui.main_window import MainWindow
from relmanager.ui.review_model import (
    CONTACT_ID_ROLE,
    GROUP_KEY_ROLE,
    OPEN_ROLE,
    Column,
    ReviewModel,
    group_title,
    percent,
)
from relmanager.ui.review_queue import ReviewPage
from tests.factories import make_contact, store

CATEGORIES = ("Family", "Book club", "Neighbours", "School", "Friends", "Sports club")


def grouped_book(engine: Engine, window: MainWindow) -> None:
    """Six category groups of four (friend) contacts each."""
    contacts = []
    for category in CATEGORIES:
        for n in range(4):
            contact = make_contact(f"{category} Person{n}", f"p{n}.{category[:4]}@gmail.com"
                                   .lower().replace(" ", ""))
            contact.categories = [category]
            contacts.append(contact)
    store(engine, *contacts)
    with write_transaction(engine) as conn:
        refresh_suggestions(conn)
    window.refresh()


def grouped_review(engine: Engine, window: MainWindow) -> ReviewPage:
    """The Review page showing `grouped_book`'s queue."""
    grouped_book(engine, window)
    page = window.circles.review
    window.circles.show_review()
    page.reload()
    return page


def opened(page: ReviewPage) -> list[bool]:
    return [page.model.is_open(g) for g in range(len(page.model.queue.groups))]


def spanned(page: ReviewPage) -> list[bool]:
    return [page.tree.columnSpan(row, 0) == len(Column) for row in page.model.group_rows()]


def titles(page: ReviewPage) -> list[str]:
    """What the list shows in its first column, row by row."""
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_a_big_queue_opens_the_first_groups_in_one_go(
        qtbot, window: MainWindow, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Groups open while the budget lasts (12 rows: three groups of four), the rest show
    their title only; every title reads across the row; the cursor is on the first
    contact at once, and no later event-loop turn is left to lay rows out."""
    grouped_book(engine, window)
    monkeypatch.setattr(review_queue_module, "EXPAND_ROWS", 12)
    page = window.circles.review
    window.circles.show_review()
    page.reload()
    groups = page.model.queue.groups
    assert len(groups) >= 5 and all(len(g.items) == 4 for g in groups), \
        [(g.reason, len(g.items)) for g in groups]
    assert opened(page) == [True] * 3 + [False] * (len(groups) - 3)
    assert spanned(page) == [True] * len(groups)
    assert page.model.rowCount() == len(groups) + 12
    assert page.current_item() is groups[0].items[0]
    assert titles(page)[:6] == [group_title(groups[0]), *(i.name for i in groups[0].items),
                                group_title(groups[1])]
    assert titles(page)[-1] == group_title(groups[-1])  # a folded group: its title only

    # A group the user folded stays folded when the queue is read again.
    qtbot.keyClick(page.tree, Qt.Key.Key_Left)  # from a contact: up to its group
    assert page.current_item() is None and page.model.group(page.tree.currentIndex()) \
        is groups[0]
    page.set_current(page.model.index_of_group(groups[1].key))
    qtbot.keyClick(page.tree, Qt.Key.Key_Left)  # on a title: fold
    assert opened(page)[:3] == [True, False, True]
    assert spanned(page) == [True] * len(groups)
    page.reload()
    assert opened(page) == [True, False, True, True] + [False] * (len(groups) - 4)
    assert spanned(page) == [True] * len(groups)


def test_folding_keeps_the_cursor_and_moves_like_a_tree(
        qtbot, window: MainWindow, engine: Engine) -> None:
    page = grouped_review(engine, window)
    groups = page.model.queue.groups
    assert all(opened(page))
    last = groups[-1].items[-1]
    page.set_current(page.model.index_of_contact(last.id))
    page.set_current(page.model.index_of_group(groups[0].key))
    qtbot.keyClick(page.tree, Qt.Key.Key_Minus)  # fold the first group
    assert titles(page)[:2] == [group_title(groups[0]), group_title(groups[1])]
    assert page.model.group(page.tree.currentIndex()) is groups[0]
    qtbot.keyClick(page.tree, Qt.Key.Key_Right)  # unfold
    assert titles(page)[1] == groups[0].items[0].name
    qtbot.keyClick(page.tree, Qt.Key.Key_Right)  # and into it
    assert page.current_item() is groups[0].items[0]
    qtbot.keyClick(page.tree, Qt.Key.Key_End)
    assert page.current_item() is last
    qtbot.keyClick(page.tree, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    assert len(page.tree.selectionModel().selectedRows()) == page.model.rowCount()
    assert page.model.group(page.tree.currentIndex()) is groups[0] \
        and page.current_item() is None
    # A click on a title's arrow folds it; a double click on a title unfolds it again.
    head = page.model.index_of_group(groups[1].key)
    arrow = page.tree.visualRect(head).topLeft() + QPoint(4, 4)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=arrow)
    assert opened(page)[1] is False
    assert page.model.group(page.tree.currentIndex()) is groups[1]
    qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton,
                      pos=page.tree.visualRect(head).center())
    assert opened(page)[1] is True
    # Reaching a contact of a folded group (the cursor moving on) unfolds it.
    page.model.set_open(len(groups) - 1, False)
    page.set_current(page.model.index_of_contact(last.id))
    assert opened(page)[-1] and page.current_item() is last


def test_a_new_queue_replaces_the_rows_at_once(qtbot, window: MainWindow,
                                               engine: Engine) -> None:
    page = grouped_review(engine, window)
    first = page.model.queue.groups[0]
    page._apply(page.model.queue.without({first.items[0].id}))
    assert spanned(page) == [True] * len(page.model.queue.groups)
    assert all(opened(page))
    assert page.model.queue.groups[0].items == first.items[1:]
    assert titles(page)[1:4] == [i.name for i in first.items[1:]]


def test_model_answers_as_the_queue_says_on_the_corpus(engine: Engine, corpus: Path) -> None:
    """Every row and role the view asks for, on real cards: titles then contacts,
    texts, ids, groups; a folded group keeps its title row only."""
    files = [p for p in sorted(corpus.glob("*.vcf")) if p.name != "folker__LargeFile.vcf"]
    assert import_files(engine, files).created > 50
    queue = review_queue(engine)
    model = ReviewModel()
    arrows = model.decorations = ("closed", "open", "blank")
    model.set_queue(queue, [True] * len(queue.groups))
    assert len(queue.groups) > 3
    assert model.rowCount() == len(queue.groups) + queue.count
    display = Qt.ItemDataRole.DisplayRole
    row = 0
    for g, group in enumerate(queue.groups):
        head = model.index(row, 0)
        assert model.group_rows()[g] == row
        assert head.data(display) == group_title(group)
        assert head.data(Qt.ItemDataRole.FontRole).bold()
        assert model.index(row, Column.EMAIL).data(display) == ""
        assert head.data(GROUP_KEY_ROLE) == group.key
        assert head.data(CONTACT_ID_ROLE) is None
        assert head.data(OPEN_ROLE) is True
        assert head.data(Qt.ItemDataRole.DecorationRole) == arrows[1]
        assert model.index(row, Column.EMAIL).data(Qt.ItemDataRole.DecorationRole) is None
        assert model.group(head) is group and model.item(head) is None
        for r, item in enumerate(group.items, start=row + 1):
            cells = [model.index(r, c) for c in Column]
            assert [i.data(display) for i in cells] == [
                item.name, item.email, item.org, item.circle.label, percent(item.confidence)]
            assert cells[0].data(Qt.ItemDataRole.AccessibleTextRole) == item.name
            assert cells[0].data(CONTACT_ID_ROLE) == item.id
            assert cells[3].data(GROUP_KEY_ROLE) == group.key
            assert cells[0].data(OPEN_ROLE) is None
            assert cells[0].data(Qt.ItemDataRole.DecorationRole) == arrows[2]
            assert cells[Column.CONFIDENCE].data(Qt.ItemDataRole.TextAlignmentRole) == int(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            assert cells[0].data(Qt.ItemDataRole.TextAlignmentRole) is None
            assert model.item(cells[1]) is item and model.group(cells[4]) is group
            assert model.rowCount(cells[0]) == 0
        row += 1 + len(group.items)
    assert not model.index(row, 0).isValid()
    assert not model.index(0, len(Column)).isValid()

    # Folded: the same as a queue read with that group folded from the start.
    model.set_open(1, False)
    assert model.index(model.group_rows()[1], 0).data(Qt.ItemDataRole.DecorationRole) \
        == arrows[0]
    folded = ReviewModel()
    folded.set_queue(queue, [g != 1 for g in range(len(queue.groups))])
    assert model.group_rows() == folded.group_rows()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == \
        [folded.index(r, 0).data() for r in range(folded.rowCount())]
    model.set_open(1, True)
    assert model.rowCount() == len(queue.groups) + queue.count


def test_import_refreshes_first_then_summary_and_review_next_turn(
        qtbot, window: MainWindow, corpus: Path) -> None:
    """The window's refresh and the summary (and the review it opens) come in separate
    event-loop turns; the heap alive at the import is out of the collector's walk, and
    the GUI thread waits less for the GIL while the pages re-read in the background."""
    seen: list[str] = []
    window.data_changed.connect(lambda: seen.append("refresh"))
    window.import_flow.finished.connect(lambda _r: seen.append(
        "finished" + (" summary" if window.import_flow.summary is not None else "")))
    frozen, thresholds, interval = (gc.get_freeze_count(), gc.get_threshold(),
                                    sys.getswitchinterval())

    def after_refresh(_result: object) -> None:
        # Events posted so far (the first refresh step's repaint) run before timers
        # and input; the rest of the refresh (`refresh_in_turns`, which announces
        # `data_changed` last) and the summary must not be among them (a 0 ms single
        # shot would be).
        QCoreApplication.sendPostedEvents()
        seen.append("posted events ran")

    with qtbot.waitSignal(window.import_flow.finished, timeout=30_000):
        window.import_files([str(corpus / "ezvcard__John_Doe_IPHONE.vcf")])
        window.import_flow.task.succeeded.connect(after_refresh)  # runs after the flow's
    assert seen[:3] == ["posted events ran", "refresh", "finished summary"]
    assert window.import_flow.summary.isVisible()
    assert gc.get_freeze_count() > frozen
    assert gc.get_threshold()[2] >= 100  # full collections ten times rarer
    assert sys.getswitchinterval() <= 0.0005  # the GUI thread gets the GIL sooner
    window.import_flow.summary.close()
    window.import_flow.summary.deleteLater()
    gc.unfreeze()  # the rest of the test run collects as usual
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


class _Tracked(ReviewGroup):
    """A group that notes which thread freed it."""

    freed_on: ClassVar[list[str]] = []

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def test_a_replaced_queue_is_freed_off_the_gui_thread(qtbot, window: MainWindow,
                                                       engine: Engine) -> None:
    """Freeing 58k items took 30-60 ms at every re-read: a background thread does it."""
    page = grouped_review(engine, window)
    groups = page.model.queue.groups
    tracked = ReviewQueue(tuple(_Tracked(g.key, g.reason, g.circle, g.items) for g in groups))
    page._apply(tracked)
    assert titles(page)[0] == group_title(groups[0])
    del tracked
    _Tracked.freed_on.clear()
    page.reload()  # the tracked queue is replaced
    assert page.model.queue.groups == groups
    qtbot.waitUntil(lambda: len(_Tracked.freed_on) == len(groups), timeout=5_000)
    assert threading.main_thread().name not in _Tracked.freed_on
