"""The contact list's own polish: photo/badge size, column widths, and a message in
the list area when a search or circle filter shows nobody (never a blank table).

Wired into the main window with one line; it reads the window's table, model
and filter bar and keeps out of the window's code otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView

from relmanager import settings
from relmanager.domain import Circle
from relmanager.services.contact_list import ListQuery
from relmanager.ui.contact_avatars import SIZE
from relmanager.ui.contact_delegate import ContactDelegate
from relmanager.ui.contact_table import Column

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

DEFAULT_WIDTHS = {Column.NAME: 230, Column.CIRCLE: 95, Column.ORGANISATION: 200,
                  Column.LAST_CONTACT: 105}  # next due stretches to the edge


WHO = {Circle.FRIEND: "friends", Circle.PROFESSIONAL: "professional contacts",
       Circle.BOTH: "contacts who are both friend and professional",
       Circle.UNSORTED: "unsorted contacts"}


def empty_message(query: ListQuery) -> str:
    """What to tell the user when `query` shows no contact (the book is not empty)."""
    text = query.search.strip()
    if text:
        where = f" among {WHO[query.circle]}" if query.circle else ""
        hint = "Check the spelling or type less, press Esc to clear the search"
        if query.circle:
            hint += ", or show all contacts (Ctrl+0)"
        return f"No contacts match “{text}”{where}.\n{hint}."
    if query.circle:
        return (f"No {WHO[query.circle]} yet.\n"
                "Choose a circle for a contact from the Contact menu, "
                "or show all contacts (Ctrl+0).")
    return ""


class EmptyListMessage(QLabel):
    """A centred, plain-text message over the table's viewport."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table.viewport())
        self.setObjectName("emptyListMessage")
        self.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the user's search text
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setEnabled(False)  # the palette's disabled text: a quiet grey in light and dark
        self.hide()
        table.viewport().installEventFilter(self)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        viewport = self.parentWidget()
        if viewport is None:
            return
        area = viewport.rect().adjusted(24, 24, -24, -24)
        self.setGeometry(area.x(), area.y(), area.width(), min(area.height(), 120))


class ContactListFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        table = window.table
        table.setIconSize(QSize(SIZE, SIZE))
        table.setItemDelegate(ContactDelegate(window.model, table))
        header = table.verticalHeader()
        header.setDefaultSectionSize(max(header.defaultSectionSize(), SIZE + 6))
        # Every row the same height: the view never asks 50k rows for their size.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        with window.engine.connect() as conn:
            remembered = settings.get(conn, settings.WINDOW_COLUMNS)
        if not remembered:
            for column, width in DEFAULT_WIDTHS.items():
                table.setColumnWidth(column, width)
        self.message = EmptyListMessage(table)
        # A reset schedules the view's relayout for the next event-loop turn, and that
        # repaints every row a second time: lay out now, so one paint shows the rows.
        window.model.modelReset.connect(table.doItemsLayout)
        window.model.modelReset.connect(self.update_message)
        window.model.query_applied.connect(self.update_message)  # same rows, new words
        self.update_message()

    def update_message(self) -> None:
        model = self.window.model
        self.message.show_text("" if model.rowCount() else empty_message(model.query))
