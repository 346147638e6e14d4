"""Import and export from the window: off the GUI thread, with summary, undo, cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QPushButton

from relmanager.domain import Circle
from relmanager.services.contacts import set_circle
from relmanager.ui.import_summary import ImportSummaryDialog
from tests.factories import make_contact, store

TIMEOUT = 30_000


def names(window) -> list[str]:
    return [window.model.index(r, 0).data() for r in range(window.model.rowCount())]


def summary_texts(dialog: ImportSummaryDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_import_shows_contacts_and_a_summary_listing_failed_cards(qtbot, window, corpus) -> None:
    files = [str(corpus / "ezvcard__John_Doe_IPHONE.vcf"), str(corpus / "calcard__063.vcf")]
    with qtbot.waitSignal(window.import_flow.finished, timeout=TIMEOUT) as done:
        window.import_files(files)
    result = done.args[0]
    assert (result.created, result.failed) == (3, 1)
    assert "Mr. John Richter James Doe Sr." in names(window)
    assert window.stack.currentWidget() is window.splitter

    summary = window.import_flow.summary
    assert summary.isVisible()
    assert "Read 4 cards: 3 new" in summary_texts(summary)
    table = summary.errors
    assert table.rowCount() == 1
    row = [table.item(0, c).text() for c in range(4)]
    assert row[:3] == ["calcard__063.vcf", "3", "9"] and row[3]

    with qtbot.waitSignal(window.import_flow.data_changed, timeout=TIMEOUT):
        summary.undo_button.click()
    assert names(window) == []
    assert window.stack.currentWidget() is window.empty_state
    assert window.statusBar().currentMessage() == (
        f"Undid import {result.batch_id}: removed 3 contacts, restored 0 merged contacts.")


def test_cancelled_import_changes_nothing(qtbot, window, corpus) -> None:
    with qtbot.waitSignal(window.import_flow.finished, timeout=TIMEOUT) as done:
        window.import_files([str(corpus / "folker__LargeFile.vcf")])
        cancel = window.import_flow.dialog.findChild(QPushButton)
        assert cancel.text() == "Cancel"
        cancel.click()
    assert done.args[0].cancelled
    assert names(window) == []
    assert "cancelled" in summary_texts(window.import_flow.summary)


def test_dropping_vcf_files_on_the_window_imports_them(qtbot, window, corpus) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus / "ezvcard__gmail-list.vcf"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    # Qt only routes Drop events that come from a real drag, so call the handler.
    with qtbot.waitSignal(window.import_flow.finished, timeout=TIMEOUT):
        window.dropEvent(event)
    assert event.isAccepted()
    assert len(names(window)) == 3


def test_export_writes_the_chosen_circle(qtbot, window, engine, tmp_path: Path) -> None:
    maria, _ = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                     make_contact("Bob Builder", "bob@acme.example"))
    set_circle(engine, maria, Circle.FRIEND)
    out = tmp_path / "friends.vcf"
    with qtbot.waitSignal(window.export_flow.finished, timeout=TIMEOUT) as done:
        window.export_flow.export_to(out, Circle.FRIEND, "4.0")
    assert done.args[0].count == 1
    text = out.read_text()
    assert "Maria Rossi" in text and "Bob Builder" not in text and "VERSION:4.0" in text
    assert "Exported 1 contacts" in window.statusBar().currentMessage()
