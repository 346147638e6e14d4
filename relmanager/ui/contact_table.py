"""The contact list model: a QAbstractTableModel over contact summaries.

Qt shows DisplayRole strings as plain text in item views, which is what we
want for untrusted contact data; we never return rich text or tooltips built
from contact fields.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from relmanager.domain import Circle
from relmanager.services.contacts import ContactSummary

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    CIRCLE = 1
    ORGANISATION = 2
    EMAIL = 3


HEADERS = {
    Column.NAME: "Name",
    Column.CIRCLE: "Circle",
    Column.ORGANISATION: "Organisation",
    Column.EMAIL: "E-mail",
}

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ContactTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ContactSummary] = []

    def set_rows(self, rows: list[ContactSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def contact_id(self, row: int) -> int:
        return self._rows[row].id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if section < len(Column) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CONTACT_ID_ROLE:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _display(row, Column(index.column()))


def _display(row: ContactSummary, column: Column) -> str:
    if column is Column.NAME:
        return row.display_name
    if column is Column.CIRCLE:
        return Circle(row.circle).label
    if column is Column.ORGANISATION:
        return row.org
    return row.emails[0] if row.emails else ""
