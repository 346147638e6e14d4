"""The list's delegate paints exactly what Qt's stock delegate (and the table's own
grid) paints from the model's roles: photos, badges, overdue dates in bold, long
names cut short, many scripts, the selection and focus, dark palettes, right to left."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPalette
from PySide6.QtWidgets import QStyledItemDelegate
from sqlalchemy import Engine, insert

from relmanager.domain import Circle
from relmanager.services.contacts import set_circle
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.ui.cell_text import KEEP, CellTexts
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


NAMES = ("Αλέξανδρος Νικολάου", "Алексей Петров", "عمر الخطيب", "黄婷婷", "이민준",
         "Ólafur Trần", "Zoë Zhang", "Anna Müller", "Bob O'Brien", "Chloé Dubois")


def _book(engine: Engine) -> list[int]:
    """Thirty people: scripts, long names and companies (cut short), photos, badges,
    circles, and catch-ups that are overdue (bold) or not."""
    contacts = []
    for n in range(30):
        name = NAMES[n % len(NAMES)] + f" {n}"
        if n % 7 == 3:
            name = "Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen " + name
        org = ("Ünïcode Ørg & Söhne, a company with a long, long name" if n % 4 == 1
               else "Acme" if n % 4 == 2 else "")
        contact = (with_photo(name, image_bytes(f"#{(n * 40) % 256:02x}4080"))
                   if n % 5 == 0 else make_contact(name, f"p{n}@example.org", org))
        contact.uid = f"uid-{n}"
        contacts.append(contact)
    ids = store(engine, *contacts)
    for n, cid in enumerate(ids):
        if n % 3:
            set_circle(engine, cid, (Circle.FRIEND, Circle.PROFESSIONAL, Circle.BOTH)[n % 3])
    with write_transaction(engine) as conn:
        conn.execute(insert(s.interactions), [
            {"contact_id": cid, "kind": "call",
             "occurred_on": (date.today() - timedelta(days=10 + 13 * n)).isoformat(),
             "created_at": "2026-01-01T00:00:00+00:00"} for n, cid in enumerate(ids) if n % 2])
    return ids


def _compare(qtbot, window) -> tuple[QImage, QImage]:
    table = window.table
    ours = table.itemDelegate()
    assert isinstance(ours, ContactDelegate)
    stock = QStyledItemDelegate(table)
    mine = _shot(qtbot, window, ours)
    theirs = _shot(qtbot, window, stock)
    table.setItemDelegate(ours)
    table.viewport().repaint()
    stock.deleteLater()
    return mine, theirs


def test_a_page_of_many_scripts_looks_the_same_as_with_the_stock_delegate(
        qtbot, window, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _book(engine)
    window.resize(1100, 700)
    window.refresh()
    table = window.table
    table.setFocus()
    table.selectRow(4)  # selected, and the current cell has the focus frame
    qtbot.wait(10)
    stock_way: list[tuple[int, int]] = []
    ours = table.itemDelegate()
    init = ours.initStyleOption
    monkeypatch.setattr(ours, "initStyleOption", lambda option, index: (
        stock_way.append((index.row(), index.column())), init(option, index))[1])
    mine, theirs = _compare(qtbot, window)
    assert mine == theirs
    # Only selected rows (and a cell under the pointer, wherever earlier tests left
    # it) went the stock way; the rest of the page was drawn directly.
    selected = {i.row() for i in table.selectionModel().selectedRows()}
    assert 4 in selected
    assert {(r, c) for r in selected for c in range(5)} <= set(stock_way)
    assert len({cell for cell in stock_way if cell[0] not in selected}) <= 1
    assert len(set(stock_way)) <= 5 * len(selected) + 1 < 5 * 20
    assert table.gridStyle() == Qt.PenStyle.NoPen  # the delegate draws the grid again
    # Texts too wide for their column were cut short with "…".
    model = window.model
    long_row = next(r for r in range(model.rowCount())
                    if model.index(r, 0).data().startswith("Maximiliana"))
    assert table.visualRect(model.index(long_row, 0)).width() < 230


def test_dark_palette_and_another_window_state_look_the_same_too(
        qtbot, window, engine: Engine) -> None:
    _book(engine)
    window.refresh()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
                         (QPalette.ColorRole.Text, "#e8e8e8"),
                         (QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff")):
        dark.setColor(role, QColor(colour))
    window.table.setPalette(dark)
    window.table.selectRow(2)
    mine, theirs = _compare(qtbot, window)
    assert mine == theirs
    # The text is the palette's light text, not black on black.
    assert any(mine.pixelColor(x, y).lightness() > 200
               for x in range(40, 200) for y in range(26, 50))


def test_right_to_left_goes_the_stock_way_with_the_views_own_grid(
        qtbot, window, engine: Engine) -> None:
    _book(engine)
    window.refresh()
    table = window.table
    table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    mine, theirs = _compare(qtbot, window)
    assert mine == theirs
    assert table.gridStyle() == Qt.PenStyle.SolidLine  # drawn by the view, mirrored
    table.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    mine, theirs = _compare(qtbot, window)
    assert mine == theirs
    assert table.gridStyle() == Qt.PenStyle.NoPen


def test_texts_are_laid_out_once_and_cut_short_like_the_style_does(qapp) -> None:
    font = QFont()
    texts = CellTexts(font)
    metrics = QFontMetricsF(font)
    name = "Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen"
    whole, natural, height = texts.get(name, 1000)
    assert whole.text() == name and natural == pytest.approx(metrics.horizontalAdvance(name))
    assert height == round(metrics.height() + 0.49)
    cut, _, _ = texts.get(name, 120)
    assert cut.text().endswith("…") and len(cut.text()) < len(name)
    assert cut.text() == metrics.elidedText(name, Qt.TextElideMode.ElideRight, 120)
    assert cut.textFormat() == Qt.TextFormat.PlainText  # never rich text from contacts
    assert texts.get(name, 120)[0] is cut  # laid out once
    for n in range(KEEP + 1):  # a new generation keeps what was just used
        texts.get(str(n), 100)
    assert texts.get(str(KEEP), 100)[0] is texts.get(str(KEEP), 100)[0]
