"""The list's delegate paints exactly what Qt's stock delegate paints from the model's
roles: photos, badges, overdue dates in bold, long names cut short, the selection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QStyledItemDelegate
from sqlalchemy import Engine, insert

from relmanager.domain import Circle
from relmanager.services.contacts import set_circle
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.ui.contact_delegate import ContactDelegate
from tests.factories import make_contact, store
from tests.ui.test_contact_list_ui import image_bytes, with_photo


def _shot(qtbot, window, delegate: QStyledItemDelegate) -> QImage:
    table = window.table
    table.setItemDelegate(delegate)
    qtbot.wait(10)
    table.viewport().repaint()
    return table.viewport().grab().toImage()


def test_cells_look_the_same_as_with_the_stock_delegate(
        qtbot, window, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    long_name = "Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen " * 2
    ids = store(engine, with_photo("Ada Lovelace", image_bytes("#d00000")),
                make_contact("Bob Builder", "bob@gmail.com", "Builders & Sons Ltd"),
                make_contact(long_name.strip(), "max@example.org", "Ünïcode Ørg"),
                make_contact("Zoë Zhang", "zoe@example.org"))
    set_circle(engine, ids[1], Circle.FRIEND)  # every 60 days: overdue below
    set_circle(engine, ids[3], Circle.PROFESSIONAL)  # every 120 days: not yet due
    long_ago = (date.today() - timedelta(days=100)).isoformat()
    with write_transaction(engine) as conn:
        conn.execute(insert(s.interactions), [
            {"contact_id": cid, "kind": "call", "occurred_on": long_ago,
             "created_at": "2026-01-01T00:00:00+00:00"} for cid in (ids[1], ids[3])])
    window.refresh()
    table = window.table
    assert isinstance(table.itemDelegate(), ContactDelegate)
    table.setFocus()
    table.selectRow(1)
    model = window.model
    row = {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1): r for r in range(4)}
    assert model.index(row[ids[1]], 4).data(Qt.ItemDataRole.FontRole).bold()
    ours = table.itemDelegate()
    stock = QStyledItemDelegate(table)
    asked: set[tuple[int, int]] = set()
    cell = model.cell
    monkeypatch.setattr(model, "cell", lambda r, c: asked.add((r, c)) or cell(r, c))
    mine = _shot(qtbot, window, ours)
    assert asked == {(r, c) for r in range(4) for c in range(5)}  # one call per cell
    theirs = _shot(qtbot, window, stock)
    assert mine == theirs
    table.setItemDelegate(ours)
    stock.deleteLater()
