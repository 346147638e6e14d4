"""Paints the contact list's cells exactly as QStyledItemDelegate does, from one call
into the model per cell.

The stock delegate asks the model for seven roles per cell (font, alignment,
colours, check state, picture, text, background): at ~110 cells per screen that
was a quarter of each repaint, spent calling into Python. Here `initStyleOption`
fills the same option fields from `ContactTableModel.cell`; layout and drawing
stay Qt's own, so the pixels do not change (tests compare both).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QFont, QFontMetrics, QIcon
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from relmanager.ui.contact_table import ContactTableModel

_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay
_HAS_DECORATION = QStyleOptionViewItem.ViewItemFeature.HasDecoration


class ContactDelegate(QStyledItemDelegate):
    def __init__(self, model: ContactTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._fonts: dict[tuple[str, str], tuple[QFont, QFontMetrics]] = {}

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
