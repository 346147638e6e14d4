"""The Review page after a big import: groups unfold a bounded amount per event-loop
turn (and end up as one synchronous unfold left them), the model answers the view
cheaply and the same as before, and an import's window work is split over turns."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import Engine

from relmanager.services.circles import refresh_suggestions
from relmanager.services.circles.review import review_queue
from relmanager.services.importer import import_files
from relmanager.store import write_transaction
from relmanager.ui import review_queue as review_queue_module
from relmanager.ui.main_window import MainWindow
from relmanager.ui.review_model import (
    CONTACT_ID_ROLE,
    GROUP_KEY_ROLE,
    Column,
    ReviewModel,
    group_title,
    percent,
)
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


def expanded(page) -> list[bool]:  # type: ignore[no-untyped-def]
    return [page.tree.isExpanded(page.model.index(r, 0)) for r in range(page.model.rowCount())]


def spanned(page) -> list[bool]:  # type: ignore[no-untyped-def]
    return [page.tree.isFirstColumnSpanned(r, QModelIndex())
            for r in range(page.model.rowCount())]


def test_groups_unfold_over_several_turns_and_end_as_before(
        qtbot, window: MainWindow, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    grouped_book(engine, window)
    monkeypatch.setattr(review_queue_module, "TURN_ROWS", 5)
    monkeypatch.setattr(review_queue_module, "TURN_SPANS", 2)
    monkeypatch.setattr(review_queue_module, "EXPAND_ROWS", 12)
    page = window.circles.review
    window.circles.show_review()
    page.reload()
    groups = page.model.rowCount()
    assert groups >= 5 and all(len(g.items) == 4 for g in page.model.queue.groups), \
        [(g.reason, len(g.items)) for g in page.model.queue.groups]
    # At once: the first group open with the cursor on its first contact, the first
    # group rows readable across the row; the rest comes in the next turns.
    assert expanded(page)[:2] == [True, False]
    assert spanned(page) == [True, True] + [False] * (groups - 2)
    assert page.current_item() is page.model.queue.groups[0].items[0]
    assert page._unfolding.isActive()
    qtbot.waitUntil(lambda: not page._unfolding.isActive(), timeout=5_000)
    # Then as the one-turn unfold did: every group row spanned, groups open while the
    # budget (12 rows: three groups of four) lasted.
    assert spanned(page) == [True] * groups
    assert expanded(page) == [True] * 3 + [False] * (groups - 3)
    assert page.current_item() is page.model.queue.groups[0].items[0]

    # A group the user folded stays folded when the queue is read again.
    page.tree.collapse(page.model.index(1, 0))
    page.reload()
    qtbot.waitUntil(lambda: not page._unfolding.isActive(), timeout=5_000)
    assert expanded(page) == [True, False, True, True] + [False] * (groups - 4)


def test_a_new_queue_stops_the_previous_unfolding(
        qtbot, window: MainWindow, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    grouped_book(engine, window)
    monkeypatch.setattr(review_queue_module, "TURN_ROWS", 1)
    monkeypatch.setattr(review_queue_module, "TURN_SPANS", 1)
    page = window.circles.review
    window.circles.show_review()
    page.reload()
    page._apply(page.model.queue.without({page.model.queue.groups[0].items[0].id}))
    qtbot.waitUntil(lambda: not page._unfolding.isActive(), timeout=5_000)
    assert spanned(page) == [True] * page.model.rowCount()
    assert all(expanded(page))
    assert page.model.rowCount(page.model.index(0, 0)) == 3


def test_model_answers_as_the_queue_says_on_the_corpus(engine: Engine, corpus: Path) -> None:
    """Every row and role the view asks for, on real cards: texts, ids, parents."""
    files = [p for p in sorted(corpus.glob("*.vcf")) if p.name != "folker__LargeFile.vcf"]
    assert import_files(engine, files).created > 50
    queue = review_queue(engine)
    model = ReviewModel()
    model.set_queue(queue)
    assert model.rowCount() == len(queue.groups) > 3
    display = Qt.ItemDataRole.DisplayRole
    for g, group in enumerate(queue.groups):
        head = model.index(g, 0)
        assert model.parent(head) == QModelIndex()
        assert head.data(display) == group_title(group)
        assert head.data(Qt.ItemDataRole.FontRole).bold()
        assert model.index(g, Column.EMAIL).data(display) == ""
        assert head.data(GROUP_KEY_ROLE) == group.key
        assert head.data(CONTACT_ID_ROLE) is None
        assert head.data(Qt.ItemDataRole.DecorationRole) is None
        assert model.rowCount(head) == len(group.items)
        assert not model.index(len(group.items), 0, head).isValid()
        for r, item in enumerate(group.items):
            row = [model.index(r, c, head) for c in Column]
            assert [i.data(display) for i in row] == [
                item.name, item.email, item.org, item.circle.label, percent(item.confidence)]
            assert row[0].data(Qt.ItemDataRole.AccessibleTextRole) == item.name
            assert model.parent(row[2]) == head
            assert model.rowCount(row[0]) == 0 and not model.index(0, 0, row[0]).isValid()
            assert row[0].data(CONTACT_ID_ROLE) == item.id
            assert row[Column.CONFIDENCE].data(Qt.ItemDataRole.TextAlignmentRole) == int(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            assert row[0].data(Qt.ItemDataRole.TextAlignmentRole) is None
            assert model.item(row[1]) is item
    assert not model.index(len(queue.groups), 0).isValid()
    assert not model.index(0, len(Column)).isValid()


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
    with qtbot.waitSignal(window.import_flow.finished, timeout=30_000):
        window.import_files([str(corpus / "ezvcard__John_Doe_IPHONE.vcf")])
    assert seen[:2] == ["refresh", "finished summary"]
    assert window.import_flow.summary.isVisible()
    assert gc.get_freeze_count() > frozen
    assert gc.get_threshold()[2] >= 100  # full collections ten times rarer
    assert sys.getswitchinterval() <= 0.0005  # the GUI thread gets the GIL sooner
    window.import_flow.summary.close()
    window.import_flow.summary.deleteLater()
    gc.unfreeze()  # the rest of the test run collects as usual
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)
