"""Flat table model over a `ReviewQueue`: each group's title row, then its contacts.

Flat on purpose: a tree view lays out every unfolded row through Python calls
(`index`, `parent`, spans) and froze the window for a quarter second after a
58k-contact import; a table view over a flat model shows any number of rows
with one reset and lays out only what it paints (issue #8).

Rows are a list: a group row is the group's number (an int), a contact row its
`ReviewItem`. A folded group keeps only its title row; folding and unfolding
remove and insert its contacts' rows, so the view keeps the cursor and selection
elsewhere. Display strings are plain text (item views never interpret them as
HTML), and no tooltip is built from contact data.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from relmanager.services.circles.review import ReviewGroup, ReviewItem, ReviewQueue

_Index = QModelIndex | QPersistentModelIndex

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
OPEN_ROLE = Qt.ItemDataRole.UserRole + 3  # a group row: True when its contacts are shown


class Column(IntEnum):
    NAME = 0
    EMAIL = 1
    ORGANISATION = 2
    SUGGESTED = 3
    CONFIDENCE = 4


HEADERS = ("Name", "E-mail", "Organisation", "Suggested", "Confidence")
COLUMNS = len(HEADERS)  # not len(Column): an Enum's len is a slow call per cell
_BY_NUMBER = tuple(Column)  # Column(n) is a slow call per painted cell
_TEXT_ROLES = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole))
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ROLES = frozenset(int(r) for r in (*_TEXT_ROLES, Qt.ItemDataRole.FontRole, _DECORATION,
                                    Qt.ItemDataRole.TextAlignmentRole,
                                    CONTACT_ID_ROLE, GROUP_KEY_ROLE, OPEN_ROLE))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Row = int | ReviewItem  # a group's number, or a contact


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def group_title(group: ReviewGroup) -> str:
    n = len(group.items)
    people = "contact" if n == 1 else "contacts"
    return (f"{group.reason}  ·  {n} {people}  →  {group.circle.label}"
            f"  ·  {percent(group.confidence)} sure on average")


class ReviewModel(QAbstractTableModel):
    folding = Signal(str, bool)  # group key, folded: a group was folded or unfolded

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.queue = ReviewQueue(())
        self._rows: list[Row] = []
        self._starts: list[int] = []  # row of each group's title row, by group number
        self._open: list[bool] = []  # by group number
        self._titles: dict[int, str] = {}  # by group number: the mean sums all items
        self._bold = QFont()
        self._bold.setBold(True)
        # First column's decoration (set by the view): a group's fold arrow, closed and
        # open, and a blank that indents contacts under their group's title.
        self.decorations: tuple[Any, Any, Any] = (None, None, None)

    def set_queue(self, queue: ReviewQueue,
                  open_groups: Sequence[bool] = ()) -> tuple[ReviewQueue, list[Row]]:
        """Show `queue`; group n shows its contacts when open_groups[n] (else folded).
        Returns what it replaced, for the caller to free where it costs nothing."""
        replaced = self.queue, self._rows
        self.beginResetModel()
        self.queue = queue
        self._open = [bool(o) for o in open_groups[:len(queue.groups)]]
        self._open += [False] * (len(queue.groups) - len(self._open))
        rows: list[Row] = []
        starts: list[int] = []
        for g, group in enumerate(queue.groups):
            starts.append(len(rows))
            rows.append(g)
            if self._open[g]:
                rows.extend(group.items)  # one C-level copy per group
        self._rows, self._starts, self._titles = rows, starts, {}
        self.endResetModel()
        return replaced

    # -- groups ----------------------------------------------------------------------
    def group_rows(self) -> list[int]:
        """The row of each group's title row, in group order."""
        return list(self._starts)

    def is_open(self, group: int) -> bool:
        return 0 <= group < len(self._open) and self._open[group]

    def set_open(self, group: int, open_: bool) -> None:
        """Show (or hide) the contacts of group number `group`."""
        if not 0 <= group < len(self._open) or self._open[group] == open_:
            return
        items = self.queue.groups[group].items
        first = self._starts[group] + 1
        if items:
            if open_:
                self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
                self._rows[first:first] = items
            else:
                self.beginRemoveRows(QModelIndex(), first, first + len(items) - 1)
                del self._rows[first:first + len(items)]
        self._open[group] = open_
        shift = len(items) if open_ else -len(items)
        for g in range(group + 1, len(self._starts)):
            self._starts[g] += shift
        if items:
            if open_:
                self.endInsertRows()
            else:
                self.endRemoveRows()
        head = self.index(first - 1, 0)
        self.dataChanged.emit(head, head, [OPEN_ROLE])  # the fold arrow turns
        self.folding.emit(self.queue.groups[group].key, not open_)

    def group_number(self, index: _Index) -> int | None:
        """The group number of a group row or of a contact row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return bisect_right(self._starts, index.row()) - 1

    # -- lookups -------------------------------------------------------------------
    def group(self, index: _Index) -> ReviewGroup | None:
        """The group of a group row or of a contact row."""
        g = self.group_number(index)
        return None if g is None else self.queue.groups[g]

    def item(self, index: _Index) -> ReviewItem | None:
        """The contact of a contact row (None for a group row)."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        return None if row.__class__ is int else row  # type: ignore[return-value]

    def index_of_contact(self, contact_id: int) -> QModelIndex:
        """The contact's row, unfolding its group when it is folded (the cursor goes
        there); invalid when the contact is not in the queue."""
        for g, group in enumerate(self.queue.groups):
            for r, item in enumerate(group.items):
                if item.id == contact_id:
                    self.set_open(g, True)
                    return self.index(self._starts[g] + 1 + r, 0)
        return QModelIndex()

    def index_of_group(self, key: str) -> QModelIndex:
        for g, group in enumerate(self.queue.groups):
            if group.key == key:
                return self.index(self._starts[g], 0)
        return QModelIndex()

    # -- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Colours, check state, size…: asked for every painted cell, nothing to say.
        if role not in _ROLES or not index.isValid():
            return None
        row = self._rows[index.row()]
        if row.__class__ is int:
            return self._group_data(row, index.column(), role)
        return self._item_data(row, index, role)  # type: ignore[arg-type]

    def _item_data(self, item: ReviewItem, index: _Index, role: int) -> Any:
        column = index.column()
        if role in _TEXT_ROLES:
            return _item_text(item, _BY_NUMBER[column])
        if role == CONTACT_ID_ROLE:
            return item.id
        if role == GROUP_KEY_ROLE:
            return self.queue.groups[bisect_right(self._starts, index.row()) - 1].key
        if role == _DECORATION:
            return self.decorations[2] if column == Column.NAME else None
        right = role == Qt.ItemDataRole.TextAlignmentRole and column == Column.CONFIDENCE
        return _RIGHT if right else None

    def _group_data(self, g: int, column: int, role: int) -> Any:
        if role in _TEXT_ROLES:
            # The view spans the first column across the row (long reasons stay readable).
            return self._title(g) if column == Column.NAME else ""
        if role == _DECORATION:
            return self.decorations[self._open[g]] if column == Column.NAME else None
        return {Qt.ItemDataRole.FontRole: self._bold, GROUP_KEY_ROLE: self.queue.groups[g].key,
                OPEN_ROLE: self._open[g]}.get(role)

    def _title(self, g: int) -> str:
        title = self._titles.get(g)
        if title is None:
            title = self._titles[g] = group_title(self.queue.groups[g])
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
