"""The Review page's list: a table over the flat `ReviewModel` that reads as a tree.

Group title rows span the whole row and carry a fold arrow; contacts are indented
under them. Folding works as in a tree: Left (or -) folds a group or goes up to
it, Right (or +) unfolds it or goes into it, a click on the arrow or a double
click on the title toggles it. Single command keys (`KEYS`) become the `command`
signal instead of type-ahead.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyleOption,
    QTableView,
    QWidget,
)

from relmanager.ui.review_model import COLUMNS, OPEN_ROLE, Column, ReviewModel

KEYS: dict[Qt.Key, str] = {
    Qt.Key.Key_Return: "accept", Qt.Key.Key_Enter: "accept", Qt.Key.Key_A: "accept",
    Qt.Key.Key_Space: "accept_one", Qt.Key.Key_F: "friend", Qt.Key.Key_P: "professional",
    Qt.Key.Key_B: "both", Qt.Key.Key_S: "skip", Qt.Key.Key_U: "undo",
}
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier,
          Qt.KeyboardModifier.KeypadModifier)
_FOLD = (Qt.Key.Key_Left, Qt.Key.Key_Minus)
_UNFOLD = (Qt.Key.Key_Right, Qt.Key.Key_Plus)
INDENT = 20  # a contact's name starts this much further in than its group's title
WIDTHS = ((Column.NAME, 260), (Column.EMAIL, 260), (Column.SUGGESTED, 100),
          (Column.CONFIDENCE, 90))

_Index = QModelIndex | QPersistentModelIndex


def _arrow(view: QWidget, size: int, opened: bool | None) -> QPixmap:
    """The style's tree fold arrow (open, closed; None: a blank as wide as an arrow and
    a tree's indent, so contacts read as under their group's title)."""
    ratio = view.devicePixelRatioF()
    width = size if opened is not None else size + INDENT
    pixmap = QPixmap(round(width * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    if opened is not None:
        option = QStyleOption()
        option.initFrom(view)
        option.rect = QRect(0, 0, size, size)
        option.state = QStyle.StateFlag.State_Children | QStyle.StateFlag.State_Enabled
        if opened:
            option.state |= QStyle.StateFlag.State_Open
        painter = QPainter(pixmap)
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorBranch, option,
                                   painter, view)
        painter.end()
    return pixmap


class ReviewTree(QTableView):
    """The queue; single keys become commands (`command` signal) instead of type-ahead."""

    command = Signal(str)

    def __init__(self, model: ReviewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review_model = model
        self.setModel(model)
        # The fold arrow (a blank as wide before contacts) is the first column's
        # decoration: drawn by Qt, no Python paint per cell.
        size = self.fontMetrics().height()
        self.setIconSize(QSize(size, size))
        self.indent = size + 8  # a click this far into a title row (un)folds the group
        model.decorations = (_arrow(self, size, False), _arrow(self, size, True),
                             _arrow(self, size, None))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as in a tree
        self.setCornerButtonEnabled(False)
        rows = self.verticalHeader()
        rows.hide()
        # Fixed, uniform rows: the view never measures a row's contents.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 2)  # as compact as a tree
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in WIDTHS:
            self.setColumnWidth(column, width)
        # The organisation takes the spare width; confidence stays beside the circle.
        header.setSectionResizeMode(Column.ORGANISATION, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self.span_group_rows)
        model.rowsInserted.connect(self._keep_spans)
        model.rowsRemoved.connect(self._keep_spans)

    # -- group rows --------------------------------------------------------------------
    def span_group_rows(self) -> None:
        """Each group's title across the row (one span per group: hundreds, not 58k)."""
        self.clearSpans()
        for row in self.review_model.group_rows():
            self.setSpan(row, 0, 1, COLUMNS)

    def _keep_spans(self) -> None:
        # The view moves spans with inserted rows only when they start after the
        # insertion; re-spanning costs one call per group and keeps it exact.
        self.span_group_rows()

    def is_group_row(self, index: _Index) -> bool:
        return index.isValid() and index.data(OPEN_ROLE) is not None

    def toggle(self, index: _Index) -> None:
        g = self.review_model.group_number(index)
        if g is not None and self.is_group_row(index):
            self.review_model.set_open(g, not self.review_model.is_open(g))

    # -- keys and mouse -----------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        plain = event.modifiers() in _PLAIN
        name = KEYS.get(key)
        if name is not None and plain:
            self.command.emit(name)
            event.accept()
            return
        if plain and (key in _FOLD or key in _UNFOLD):
            self._fold_key(key in _UNFOLD)
            event.accept()
            return
        super().keyPressEvent(event)

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # Home / End: the first / last row, as in a tree (a table stays in the row).
        if action in (QAbstractItemView.CursorAction.MoveHome,
                      QAbstractItemView.CursorAction.MoveEnd):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(action, modifiers)

    def _fold_key(self, unfold: bool) -> None:
        """Left/Right as in a tree: fold or go up; unfold or go into the group."""
        model = self.review_model
        current = self.currentIndex()
        g = model.group_number(current)
        if g is None:
            return
        head = model.index(model.group_rows()[g], 0)
        if not self.is_group_row(current):
            if not unfold:
                self._go(head)
            return
        if unfold and model.is_open(g):
            below = model.index(head.row() + 1, 0)
            if below.isValid() and not self.is_group_row(below):
                self._go(below)
            return
        model.set_open(g, unfold)

    def _go(self, index: QModelIndex) -> None:
        if index.isValid():
            flags = (self.selectionModel().SelectionFlag.ClearAndSelect
                     | self.selectionModel().SelectionFlag.Rows)
            self.selectionModel().setCurrentIndex(index, flags)
            self.scrollTo(index)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        on_arrow = (self.is_group_row(index) and event.button() == Qt.MouseButton.LeftButton
                    and event.position().x() - self.visualRect(index).left() < self.indent)
        super().mousePressEvent(event)
        if on_arrow:
            self.toggle(index)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        if self.is_group_row(index) and event.button() == Qt.MouseButton.LeftButton:
            self.toggle(index)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)
