"""After a refresh (an import, an edit elsewhere) the detail pane shows the current
contact as it is now, read once, whether its row moved or stayed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import Engine

from relmanager.store import write_transaction
from relmanager.ui.main_window import MainWindow
from tests.factories import make_contact, store


def detail_text(window: MainWindow) -> str:
    return " ".join(label.text() for label in window.detail.findChildren(QLabel))


def test_refresh_shows_the_current_contact_anew_once(
        qtbot, window: MainWindow, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    [ada, _bob] = store(engine, make_contact("Ada Lovelace", "ada@x.example", "Old Org"),
                        make_contact("Bob Builder", "bob@x.example"))
    window.refresh()
    assert window.current_contact_id() == ada
    shown: list[int] = []
    show = window.detail.show_contact
    monkeypatch.setattr(window.detail, "show_contact",
                        lambda contact, *a: (shown.append(contact.id), show(contact, *a)))

    # Same row: the card changed underneath.
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("UPDATE organisations SET name = 'New Org' WHERE contact_id = ?",
                             (ada,))
    window.refresh()
    assert shown == [ada]
    assert "New Org" in detail_text(window) and "Old Org" not in detail_text(window)

    # Another row: a new contact sorts before her; she stays current, shown once.
    store(engine, make_contact("Aaron Aardvark", "aaron@x.example"))
    window.refresh()
    assert window.current_contact_id() == ada
    assert window.model.row_of(ada) == 1
    assert shown == [ada, ada]
    assert "Ada Lovelace" in detail_text(window)
