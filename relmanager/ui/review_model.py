"""Two-level item model over a `ReviewQueue`: groups, then their contacts.

A group row's internal id is 0; a contact row's is its group's row + 1, so
`parent()` needs no lookup. Display strings are plain text (item views never
interpret them as HTML), and no tooltip is built from contact data.

The view calls `index`, `rowCount` and `data` from C++ for every row it lays
out or paints (tens of thousands after an import), so these stay lean: group
sizes are kept in a list, and roles the model has nothing for return at once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from relmanager.services.circles.review import ReviewGroup, ReviewItem, ReviewQueue

_Index = QModelIndex | QPersistentModelIndex

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_KEY_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    NAME = 0
    EMAIL = 1
    ORGANISATION = 2
    SUGGESTED = 3
    CONFIDENCE = 4


HEADERS = ("Name", "E-mail", "Organisation", "Suggested", "Confidence")
_COLUMNS = len(HEADERS)  # not len(Column): an Enum's len is a slow call per index()
_BY_NUMBER = tuple(Column)  # Column(n) is a slow call per painted cell
_TEXT_ROLES = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole))
_ROLES = frozenset(int(r) for r in (*_TEXT_ROLES, Qt.ItemDataRole.FontRole,
                                    Qt.ItemDataRole.TextAlignmentRole,
                                    CONTACT_ID_ROLE, GROUP_KEY_ROLE))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def group_title(group: ReviewGroup) -> str:
    n = len(group.items)
    people = "contact" if n == 1 else "contacts"
    return (f"{group.reason}  ·  {n} {people}  →  {group.circle.label}"
            f"  ·  {percent(group.confidence)} sure on average")


class ReviewModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.queue = ReviewQueue(())
        self._sizes: list[int] = []  # items per group, by group row
        self._titles: dict[int, str] = {}  # by group row: the mean confidence sums all items
        self._bold = QFont()
        self._bold.setBold(True)

    def set_queue(self, queue: ReviewQueue) -> None:
        self.beginResetModel()
        self.queue = queue
        self._sizes = [len(g.items) for g in queue.groups]
        self._titles = {}
        self.endResetModel()

    # -- lookups -------------------------------------------------------------------
    def group(self, index: _Index) -> ReviewGroup | None:
        """The group of a group row or of a contact row."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        groups = self.queue.groups
        return groups[row] if 0 <= row < len(groups) else None

    def item(self, index: _Index) -> ReviewItem | None:
        """The contact of a contact row (None for a group row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        group = self.group(index)
        if group is None or not 0 <= index.row() < len(group.items):
            return None
        return group.items[index.row()]

    def index_of_contact(self, contact_id: int) -> QModelIndex:
        for g, group in enumerate(self.queue.groups):
            for r, item in enumerate(group.items):
                if item.id == contact_id:
                    return self.createIndex(r, 0, g + 1)
        return QModelIndex()

    def index_of_group(self, key: str) -> QModelIndex:
        for g, group in enumerate(self.queue.groups):
            if group.key == key:
                return self.createIndex(g, 0, 0)
        return QModelIndex()

    # -- Qt model API --------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid():
            if parent.internalId():  # a contact row has no children
                return QModelIndex()
            group = parent.row()
            if 0 <= row < self._sizes[group] and 0 <= column < _COLUMNS:
                return self.createIndex(row, column, group + 1)
            return QModelIndex()
        if 0 <= row < len(self._sizes) and 0 <= column < _COLUMNS:
            return self.createIndex(row, column, 0)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        group = index.internalId() if index.isValid() else 0
        return self.createIndex(group - 1, 0, 0) if group else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        if not parent.isValid():
            return len(self._sizes)
        if parent.internalId() == 0 and parent.column() == 0:
            return self._sizes[parent.row()]
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Decoration, colours, check state…: asked for every painted cell, nothing to say.
        if role not in _ROLES or (group := self.group(index)) is None:
            return None
        item = self.item(index)
        if role == GROUP_KEY_ROLE:
            return group.key
        if role == CONTACT_ID_ROLE:
            return item.id if item else None
        if item is None:
            return self._group_data(index.row(), group, _BY_NUMBER[index.column()], role)
        if role in _TEXT_ROLES:
            return _item_text(item, _BY_NUMBER[index.column()])
        right = role == Qt.ItemDataRole.TextAlignmentRole and index.column() == Column.CONFIDENCE
        return _RIGHT if right else None

    def _group_data(self, row: int, group: ReviewGroup, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role not in _TEXT_ROLES:
            return None
        # The view spans the first column across the row (long reasons stay readable).
        if column is not Column.NAME:
            return ""
        title = self._titles.get(row)
        if title is None:
            title = self._titles[row] = group_title(group)
        return title


def _item_text(item: ReviewItem, column: Column) -> str:
    if column is Column.NAME:
        return item.name
    if column is Column.EMAIL:
        return item.email
    if column is Column.ORGANISATION:
        return item.org
    if column is Column.SUGGESTED:
        return item.circle.label
    return percent(item.confidence)
