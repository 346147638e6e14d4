"""The contact list model: a QAbstractTableModel over contact ids with a row cache.

Holding only ids keeps a 50k-contact list cheap to filter and sort (the
database orders, the FTS5 index filters, `ContactList` remembers the order);
rows are fetched a block at a time (with their photos' bytes) when the view
first paints them, photos are decoded only for painted rows (`AvatarCache`),
and the list's delegate reads a whole cell with one `cell` call. DisplayRole
strings are shown as plain text by item views, and no tooltip is ever built
from contact data.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from sqlalchemy import Engine

from relmanager.services.contact_list import (
    ContactList,
    ContactRow,
    ListQuery,
    SortKey,
    fetch_block,
    photo_data,
)
from relmanager.services.reminders.config import ReminderConfig, read_config
from relmanager.ui.contact_avatars import AvatarCache

_Index = QModelIndex | QPersistentModelIndex

# Rows fetched at once (only those not cached) when no view says how many it shows.
# A fetch costs ~0.7 ms plus ~40 µs a row (more with photos), paid by the frame that
# first paints the block: the list's delegate sets `block` to two screens (plus two
# rows each), so paging down fetches two screens every other frame instead of three
# screens (up to 13 ms) every third frame (issue #8: frames over 16 ms). One screen
# per frame made every frame pay the fixed cost: +1 ms median for a similar p99.
BLOCK = 75
MIN_BLOCK = 8
CACHE_ROWS = 4000
# Rows beyond CACHE_ROWS dropped together, not one per row fetched: a free paired
# with every allocation keeps Python's young-object count from rising, so its young
# collection, when it came, walked ~12,000 objects (8-10 ms) in one frame.
EVICT_AT_ONCE = 500


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
# data() runs ~800 times per painted screen (the delegate asks each cell for ~8
# roles): plain ints and one set lookup reject the roles we do not serve first.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ID = int(CONTACT_ID_ROLE)
_SERVED = frozenset((_DISPLAY, _ACCESSIBLE, _DECORATION, _FONT, _ID))
_NAME, _NEXT_DUE = int(Column.NAME), int(Column.NEXT_DUE)
_COLUMNS = len(Column)


class ContactTableModel(QAbstractTableModel):
    # After every set_query/reload, also when the ids stayed the same (no reset then).
    query_applied = Signal()

    def __init__(self, engine: Engine | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.query = ListQuery()
        self.today = ""  # ISO; next-due dates before it are shown as overdue
        self._ids: array[int] = array("q")  # 8 bytes per contact, no int objects
        self._loaded = False  # ids read at least once (set_query or reload)
        self._cache: OrderedDict[int, ContactRow] = OrderedDict()
        self._list = ContactList(engine) if engine is not None else None
        self._config: ReminderConfig | None = None
        self.avatars = AvatarCache(self._load_photos)
        self._bold = QFont()
        self._bold.setBold(True)
        self.block = BLOCK  # rows per fetch; see `set_block`

    def set_block(self, rows: int) -> None:
        """Fetch `rows` rows at a time (the view's screenful plus a margin)."""
        self.block = max(MIN_BLOCK, rows)

    # -- loading -----------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        assert self._list is not None
        self.query = query
        self._show_ids(self._list.ids(query))
        self.query_applied.emit()

    def _show_ids(self, ids: array[int], changed: bool = False) -> None:
        self._loaded = True
        if not changed and ids == self._ids:  # same contacts (a longer word): keep view state
            self._ids = ids
            return
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
            self._show_ids(self._list.ids(self.query), changed=True)
            self.query_applied.emit()

    def _load_photos(self, ids: list[int]) -> dict[int, bytes]:
        return photo_data(self.engine, ids) if self.engine is not None else {}

    def set_rows(self, rows: list[ContactRow]) -> None:
        """Show these rows directly (tests, previews)."""
        self.beginResetModel()
        self._ids = array("q", (r.id for r in rows))
        self._loaded = True
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
        block = self._missing_around(row)
        if self._config is None:
            self._config = read_config(self.engine)
        rows, photos = fetch_block(self.engine, block, self._config)
        self._cache.update(rows)
        if len(self._cache) > CACHE_ROWS + EVICT_AT_ONCE:
            while len(self._cache) > CACHE_ROWS:
                self._cache.popitem(last=False)
        self.avatars.offer(photos)
        return self._cache.get(cid)

    def _missing_around(self, row: int) -> list[int]:
        """Up to `block` ids around `row` not in the cache: the rows after it (the
        view paints downwards), then, when those are mostly there (scrolling up), the
        rows before it. Rows already cached are not read again."""
        cache, ids, block = self._cache, self._ids, self.block
        missing = [cid for cid in ids[row:row + block] if cid not in cache]
        if len(missing) < block // 2 and row > 0:
            start = max(0, row - (block - len(missing)))
            missing[:0] = [cid for cid in ids[start:row] if cid not in cache]
        return missing

    # -- Qt model API --------------------------------------------------------------
    # The view calls these from C++ for every painted cell: plain ints, no enum work.
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else _COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS.get(Column(section)) if section < len(Column) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SERVED:
            return None
        r = index.row()
        if not 0 <= r < len(self._ids) or not index.isValid():
            return None
        if role == _ID:
            return self._ids[r]
        column = index.column()
        if (role == _DECORATION and column != _NAME) or (role == _FONT and column != _NEXT_DUE):
            return None
        return self._value(self._cache.get(self._ids[r]) or self.row_data(r), column, role)

    def cell(self, r: int, column: int) -> tuple[str, QPixmap | None, QFont | None]:
        """A painted cell's text, picture and font in one call (what `data` gives for
        DisplayRole, DecorationRole and FontRole), for `ContactDelegate`."""
        row = self._cache.get(self._ids[r]) or self.row_data(r)
        if row is None:
            return "", None, None
        return (_TEXT[column](row), self._picture(row) if column == _NAME else None,
                self._font(row) if column == _NEXT_DUE else None)

    def _value(self, row: ContactRow | None, column: int, role: int) -> Any:
        if row is None:
            return "" if role == _DISPLAY else None
        if role == _DECORATION:
            return self._picture(row)
        if role == _FONT:
            return self._font(row)
        return _TEXT[column](row)

    def _picture(self, row: ContactRow) -> QPixmap:
        return self.avatars.pixmap(row.id, row.display_name, row.circle, row.has_photo)

    def _font(self, row: ContactRow) -> QFont | None:
        """Bold when the catch-up is overdue (the next due column)."""
        return self._bold if row.next_due and row.next_due < self.today else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(Column(column))
        if key is None or self.engine is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.query.sort, self.query.descending):
            return  # the view re-applies its sort on setup: nothing to redo
        query = ListQuery(self.query.circle, self.query.search, key, descending)
        if not self._loaded:
            # The view sorts while it is being set up, before the first `reload`:
            # remember the order, read 50k ids once, when the data is wanted.
            self.query = query
            return
        self.set_query(query)


_TEXT = (  # by column number
    lambda row: row.display_name,
    lambda row: row.circle.label,
    lambda row: row.org,
    lambda row: row.last_contact,
    lambda row: row.next_due,
)
