"""Paints the contact list's cells as QStyledItemDelegate does, with less work.

Scrolling paints every cell of a new page once, ~110 per screen. The stock
delegate asks the model for seven roles per cell and lays each text out about
three times (size hint, elision, drawing). Here a plain cell (not selected,
focused, hovered or being edited) is drawn directly: its text, picture and font
from one `ContactTableModel.cell` call, the text from a QStaticText laid out
once (`CellTexts`), at the places the style would put them, so the pixels do
not change (tests compare both). Every other cell, and a view set up
differently (right-to-left, wrapping, another elide mode), goes the stock way,
with `initStyleOption` filling the option from the same one call.

The table's grid is drawn here too, as filled one-pixel rectangles beside each
cell: QTableView strokes each grid line pixel by pixel, which cost as much as
the text of a page.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from relmanager.ui.cell_text import CellTexts
from relmanager.ui.contact_avatars import SIZE
from relmanager.ui.contact_table import ContactTableModel

_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration
_S = QStyle.StateFlag
# States the stock style draws something extra for: those cells go the stock way.
_SPECIAL = (_S.State_Selected | _S.State_HasFocus | _S.State_MouseOver | _S.State_Editing
            | _S.State_Open)
_NO_PEN = object()  # `_pens` miss


def _half(n: int) -> int:
    """n / 2 rounded toward zero, as QStyle.alignedRect centres (C++ int division)."""
    return n // 2 if n >= 0 else -(-n // 2)


class _ViewWatch(QObject):
    """Before each paint of the list, lets the delegate check the view's set-up
    (reading it per cell would cost more than drawing the cell)."""

    def __init__(self, delegate: ContactDelegate, view: QTableView) -> None:
        super().__init__(delegate)
        self._delegate = delegate
        self._view = view
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self._delegate.view_painting(self._view)
        return False


class ContactDelegate(QStyledItemDelegate):
    def __init__(self, model: ContactTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._fonts: dict[tuple[str, str], tuple[QFont, QFontMetrics]] = {}
        # Laid-out texts in the view's font and in the model's (bold) cell font: the
        # model gives one QFont object for every overdue date, so `is` tells them apart
        # (QFont.key() is a string built per call).
        self._plain_texts: CellTexts | None = None
        self._cell_fonts: dict[int, tuple[QFont, CellTexts]] = {}  # by id(model font)
        self._pens: dict[object, QColor | None] = {}  # by option.state; None: stock way
        self._fast = False  # the view was checked (and passed) before this paint
        self._margin = 3  # the style's text and picture margin, read with the view
        self._grid: QColor | None = None  # drawn here, in this colour
        self._view: QTableView | None = None
        if isinstance(parent, QTableView):
            self._view = parent
            self._watch = _ViewWatch(self, parent)
            self._take_grid(parent, parent.style())

    def release_grid(self) -> None:
        """Give the grid back to the view (when another delegate takes over)."""
        if self._view is not None and self._grid is not None:
            self._view.setGridStyle(Qt.PenStyle.SolidLine)
        self._grid = None

    # -- per paint of the view ---------------------------------------------------------
    def view_painting(self, view: QTableView) -> None:
        """The view is about to paint: read what per-cell drawing depends on."""
        if view.itemDelegate() is not self:
            self.release_grid()
            self._fast = False
            return
        self._pens.clear()  # the palette or the window's activity may have changed
        font = view.font()
        if self._plain_texts is None or self._plain_texts.font != font:
            self._plain_texts = CellTexts(font)
            self._cell_fonts.clear()
        # Two screens per fetch (see contact_table.BLOCK): rows shown plus two, twice.
        self._model.set_block(2 * (view.viewport().height()
                                   // max(1, view.verticalHeader().defaultSectionSize()) + 2))
        self._fast = (view.model() is self._model
                      and view.layoutDirection() == Qt.LayoutDirection.LeftToRight
                      and view.textElideMode() == Qt.TextElideMode.ElideRight
                      and not view.wordWrap() and view.iconSize().height() <= SIZE)
        style = view.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                         view) + 1
        self._take_grid(view, style)

    def _take_grid(self, view: QTableView, style: QStyle) -> None:
        """Draw the grid here when it is a solid, opaque one in a left-to-right view
        (where a filled rectangle gives exactly the view's pixels); else the view does."""
        if self._grid is not None and view.gridStyle() != Qt.PenStyle.NoPen:
            self._grid = None  # someone chose another line style: theirs to draw
        option = QStyleOptionViewItem()
        option.initFrom(view)
        colour = QColor.fromRgba(
            style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view) & 0xFFFFFFFF)
        can = (view.showGrid() and colour.alpha() == 255
               and view.layoutDirection() == Qt.LayoutDirection.LeftToRight)
        if can and (self._grid is not None or view.gridStyle() == Qt.PenStyle.SolidLine):
            if self._grid is None:
                view.setGridStyle(Qt.PenStyle.NoPen)
            self._grid = colour
        elif not can:
            self.release_grid()

    # -- per cell ------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        x, y, w, h = cast(tuple[int, int, int, int], option.rect.getRect())
        grid = self._grid
        if grid is not None:  # the cell's right and bottom lines, as the view draws them
            painter.fillRect(x + w, y, 1, h + 1, grid)
            painter.fillRect(x, y + h, w, 1, grid)
        if not self._fast:
            super().paint(painter, option, index)
            return
        state = option.state
        pen = self._pens.get(state, _NO_PEN)
        if pen is _NO_PEN:
            pen = self._pens[state] = self._pen(option)
        if pen is None:
            super().paint(painter, option, index)
            return
        text, picture, cell_font = self._model.cell(index.row(), index.column())
        texts = self._plain_texts
        assert texts is not None  # made before `_fast` is set
        if cell_font is not None:
            found = self._cell_fonts.get(id(cell_font))
            if found is None or found[0] is not cell_font:
                resolved = self._resolved(cell_font, texts.font)[0]
                found = self._cell_fonts[id(cell_font)] = (cell_font, CellTexts(resolved))
            texts = found[1]
        margin = self._margin
        painter.setClipRect(x, y, w, h)  # as the style does: nothing beyond the cell
        if picture is not None:
            # The style's layout: the picture centred in its margins, the text after it.
            painter.drawPixmap(x + margin, y + _half(h - SIZE), picture)
            x += SIZE + 2 * margin
            w -= SIZE + 2 * margin
        if text:
            static, _natural, height = texts.get(text, w - 2 * margin)
            painter.setPen(pen)
            painter.setFont(texts.font)
            painter.drawStaticText(x + margin, y + _half(h - height), static)
        painter.setClipping(False)

    def _pen(self, option: QStyleOptionViewItem) -> QColor | None:
        """The text colour of a plain cell in this state; None if the state is not plain."""
        state = option.state
        if state & _SPECIAL or not state & _S.State_Enabled:
            return None
        group = (QPalette.ColorGroup.Normal if state & _S.State_Active
                 else QPalette.ColorGroup.Inactive)
        return option.palette.color(group, QPalette.ColorRole.Text)

    # -- the stock way -------------------------------------------------------------------
    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802
                        index: QModelIndex | QPersistentModelIndex) -> None:
        model = self._model
        if index.model() is not model:  # only ever our model's cells; be safe anyway
            super().initStyleOption(option, index)
            return
        text, picture, font = model.cell(index.row(), index.column())
        option.index = index  # type: ignore[assignment]
        features = option.features | _HAS_DISPLAY  # every cell has text, maybe ""
        if picture is not None:
            features |= _HAS_DECORATION
            option.icon = QIcon(picture)
            option.decorationSize = picture.deviceIndependentSize().toSize()
        option.features = features
        option.text = text
        if font is not None:
            option.font, option.fontMetrics = self._resolved(font, option.font)

    def _resolved(self, font: QFont, base: QFont) -> tuple[QFont, QFontMetrics]:
        # What the stock delegate does per cell (resolve against the view's font,
        # then measure it), once per font.
        key = (font.key(), base.key())
        found = self._fonts.get(key)
        if found is None:
            resolved = font.resolve(base)
            found = self._fonts[key] = (resolved, QFontMetrics(resolved))
        return found
