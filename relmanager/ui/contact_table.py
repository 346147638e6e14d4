"""The contact list model: a QAbstractTableModel over contact ids with a row cache.

Holding only ids keeps a 50k-contact list cheap to filter and sort (the
database does both); rows are fetched a block at a time when the view first
paints them. DisplayRole strings are shown as plain text by item views, and
no tooltip is ever built from contact data.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from sqlalchemy import Engine

from relmanager.services.contact_list import (
    ContactRow,
    ListQuery,
    SortKey,
    contact_ids,
    fetch_rows,
)

_Index = QModelIndex | QPersistentModelIndex

BLOCK = 200
CACHE_ROWS = 4000


class Column(IntEnum):
    NAME = 0
    CIRCLE = 1
    ORGANISATION = 2
    EMAIL = 3
    LAST_CONTACT = 4


HEADERS = {
    Column.NAME: "Name",
    Column.CIRCLE: "Circle",
    Column.ORGANISATION: "Organisation",
    Column.EMAIL: "E-mail",
    Column.LAST_CONTACT: "Last contact",
}
SORT_KEYS = {
    Column.NAME: SortKey.NAME,
    Column.CIRCLE: SortKey.CIRCLE,
    Column.ORGANISATION: SortKey.ORGANISATION,
    Column.EMAIL: SortKey.EMAIL,
    Column.LAST_CONTACT: SortKey.LAST_CONTACT,
}

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ContactTableModel(QAbstractTableModel):
    def __init__(self, engine: Engine | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.query = ListQuery()
        self._ids: list[int] = []
        self._cache: OrderedDict[int, ContactRow] = OrderedDict()

    # -- loading -----------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        assert self.engine is not None
        self.query = query
        ids = contact_ids(self.engine, query)
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()

    def reload(self) -> None:
        """Data changed underneath (import, edit): drop the cache and re-query."""
        self._cache.clear()
        self.set_query(self.query)

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
        self._cache.update(fetch_rows(self.engine, block))
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
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
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self.row_data(index.row())
        return "" if row is None else _display(row, Column(index.column()))

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
    if column is Column.EMAIL:
        return row.email
    return row.last_contact
