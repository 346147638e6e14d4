"""Contact ▸ Log touch…: logs for the selection, shows in the ledger, undo removes exactly it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import Engine

from relmanager.domain import InteractionKind
from relmanager.services.interactions import history, log_interaction
from relmanager.ui.log_touch_dialog import LogTouchDialog, who
from tests.factories import make_contact, store


def the_dialog(window) -> LogTouchDialog:
    dialogs = [d for d in window.findChildren(LogTouchDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def kinds(engine: Engine, contact_id: int) -> list[tuple[InteractionKind, str]]:
    with engine.connect() as conn:
        return [(i.kind, i.note) for i in history(conn, [contact_id]).get(contact_id, [])]


def pane_text(window, name: str) -> str:
    label = window.detail.findChild(QLabel, name)
    return label.text() if label is not None else ""


def select_rows(window, rows: list[int]) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(window.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_log_touch_for_two_contacts_then_undo_and_redo(qtbot, window, engine) -> None:
    ann, ben = store(engine, make_contact("Ann Archer", "ann@example.org"),
                     make_contact("Ben Baker", "ben@example.org"))
    log_interaction(engine, ann, InteractionKind.MET, date(2025, 12, 1), "lunch")
    window.refresh()
    select_rows(window, [0, 1])

    qtbot.keyClick(window.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = the_dialog(window)
    assert dialog.findChild(QLabel, "logTouchHeader").text() == (
        "Log a touch with Ann Archer and Ben Baker.")
    assert dialog.date.date().toPython() == date.today()
    assert dialog.date.maximumDate().toPython() == date.today()
    dialog.set_kind(InteractionKind.GAVE)
    qtbot.keyClicks(dialog.note, "lent a ladder")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert kinds(engine, ann) == [(InteractionKind.MET, "lunch"),
                                  (InteractionKind.GAVE, "lent a ladder")]
    assert kinds(engine, ben) == [(InteractionKind.GAVE, "lent a ladder")]
    assert window.statusBar().currentMessage() == (
        "Logged a touch (gave) with Ann Archer and Ben Baker — Ctrl+Z undoes")
    assert window.undo_stack.undoText() == "Log touch (gave) with Ann Archer and Ben Baker"
    assert "You gave once in the last year." in pane_text(window, "ledgerSummary")

    window.undo_stack.undo()
    assert kinds(engine, ann) == [(InteractionKind.MET, "lunch")]  # the earlier one stays
    assert kinds(engine, ben) == []
    assert "Nothing given, received or asked" in pane_text(window, "ledgerSummary")

    window.undo_stack.redo()
    assert kinds(engine, ben) == [(InteractionKind.GAVE, "lent a ladder")]
    assert len(kinds(engine, ann)) == 2


def test_detail_pane_button_logs_for_that_contact_only(qtbot, window, engine) -> None:
    ann, ben = store(engine, make_contact("Ann Archer"), make_contact("Ben Baker"))
    window.refresh()
    select_rows(window, [0, 1])
    window.table.setCurrentIndex(window.model.index(1, 0))
    button = window.detail.findChild(object, "logTouchButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert "Ben Baker" in dialog.findChild(QLabel, "logTouchHeader").text()
    dialog.set_kind(InteractionKind.CALL)
    dialog.accept()
    assert kinds(engine, ben) == [(InteractionKind.CALL, "")]
    assert kinds(engine, ann) == []
    assert pane_text(window, "recentTimeline").endswith("· Call")


def test_cancel_logs_nothing_and_nothing_selected_says_so(qtbot, window, engine) -> None:
    window.log_touch.log_touch_for_selection()
    assert window.statusBar().currentMessage() == "Select a contact to log a touch with"
    [ann] = store(engine, make_contact("Ann Archer"))
    window.refresh()
    window.log_touch.log_touch_for_selection()
    dialog = the_dialog(window)
    dialog.reject()
    assert kinds(engine, ann) == []
    assert window.undo_stack.count() == 0


def test_many_names_are_summarised() -> None:
    assert who(["A"]) == "A"
    assert who(["A", "B", "C", "D", "E", "F"]) == "6 contacts (A, B, C, D and 2 more)"
