"""The contact list model: a QAbstractTableModel over contact ids with a row cache.

Holding only ids keeps a 50k-contact list cheap to filter and sort (the
database orders, the FTS5 index filters, `ContactList` remembers the order);
rows are fetched a block at a time when the view first paints them, photos
are decoded only for painted rows (`AvatarCache`). DisplayRole strings are
shown as plain text by item views, and no tooltip is ever built from contact
data.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from sqlalchemy import Engine

from relmanager.services.contact_list import (
    ContactList,
    ContactRow,
    ListQuery,
    SortKey,
    fetch_rows,
    photo_data,
)
from relmanager.services.reminders.config import ReminderConfig, read_config
from relmanager.ui.contact_avatars import AvatarCache

_Index = QModelIndex | QPersistentModelIndex

BLOCK = 100  # rows fetched at once: a few screens, well inside one frame
CACHE_ROWS = 4000


class Column(IntEnum):
    NAME = 0
    CIRCLE = 1
    ORGANISATION = 2
    LAST_CONTACT = 3
    NEXT_DUE = 4


HEADERS = {
    Column.NAME: "Name",
    Column.CIRCLE: "Circle",
    Column.ORGANISATION: "Organisation",
    Column.LAST_CONTACT: "Last contact",
    Column.NEXT_DUE: "Next due",
}
SORT_KEYS = {
    Column.NAME: SortKey.NAME,
    Column.CIRCLE: SortKey.CIRCLE,
    Column.ORGANISATION: SortKey.ORGANISATION,
    Column.LAST_CONTACT: SortKey.LAST_CONTACT,
    Column.NEXT_DUE: SortKey.NEXT_DUE,
}

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROW_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
              Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole)


class ContactTableModel(QAbstractTableModel):
    def __init__(self, engine: Engine | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.query = ListQuery()
        self.today = ""  # ISO; next-due dates before it are shown as overdue
        self._ids: list[int] = []
        self._cache: OrderedDict[int, ContactRow] = OrderedDict()
        self._list = ContactList(engine) if engine is not None else None
        self._config: ReminderConfig | None = None
        self.avatars = AvatarCache(self._load_photos)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading -----------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        assert self._list is not None
        self.query = query
        ids = self._list.ids(query)
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def reload(self) -> None:
        """Data changed underneath (import, edit): drop the caches and re-query."""
        self._cache.clear()
        self.avatars.clear()
        self._config = None  # reminder settings may have changed too
        self.today = date.today().isoformat()
        if self._list is not None:
            self._list.invalidate()
        self.set_query(self.query)

    def _load_photos(self, ids: list[int]) -> dict[int, bytes]:
        return photo_data(self.engine, ids) if self.engine is not None else {}

    def set_rows(self, rows: list[ContactRow]) -> None:
        """Show these rows directly (tests, previews)."""
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._cache = OrderedDict((r.id, r) for r in rows)
        self.endResetModel()

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, contact_id: int) -> int | None:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    def row_data(self, row: int) -> ContactRow | None:
        cid = self._ids[row]
        cached = self._cache.get(cid)
        if cached is not None:
            return cached
        if self.engine is None:
            return None
        start = max(0, row - BLOCK // 4)
        block = self._ids[start:start + BLOCK]
        if self._config is None:
            self._config = read_config(self.engine)
        rows = fetch_rows(self.engine, block, self._config)
        self._cache.update(rows)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        self.avatars.prefetch([r.id for r in rows.values() if r.has_photo])
        return self._cache.get(cid)

    # -- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if section < len(Column) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == CONTACT_ID_ROLE:
            return self._ids[index.row()]
        if role not in _ROW_ROLES:
            return None
        row = self.row_data(index.row())
        if row is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        return self._row_role(row, Column(index.column()), role)

    def _row_role(self, row: ContactRow, column: Column, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column is Column.NAME:
            return self.avatars.pixmap(row.id, row.display_name, row.circle, row.has_photo)
        if role == Qt.ItemDataRole.FontRole and column is Column.NEXT_DUE \
                and row.next_due and row.next_due < self.today:
            return self._bold  # overdue
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column))
        if key is None or self.engine is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(ListQuery(self.query.circle, self.query.search, key, descending))


def _display(row: ContactRow, column: Column) -> str:
    if column is Column.NAME:
        return row.display_name
    if column is Column.CIRCLE:
        return row.circle.label
    if column is Column.ORGANISATION:
        return row.org
    if column is Column.LAST_CONTACT:
        return row.last_contact
    return row.next_due
