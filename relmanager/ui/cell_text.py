"""Cell text laid out once and drawn many times: QStaticText per (text, font, width).

The stock item delegate lays out a cell's text with QTextLayout about three
times per paint (size hint, elision check, drawing). A QStaticText is laid out
when made and then only replays its glyphs; the list keeps the recent ones, so
a cell repainted (hover, selection, scrolling by a line) costs no layout, and a
cell seen for the first time costs one. Plain text only: contact data is never
read as rich text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QStaticText, QTextOption, QTransform

KEEP = 3000  # texts per generation: the screens around the current one, twice over
FREE_AT_ONCE = 500  # texts of a dropped generation freed together (~0.4 ms); divides KEEP

_IDENTITY = QTransform()


def _option() -> QTextOption:
    # What the style gives the stock delegate's text layout in a left-to-right view.
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.ManualWrap)
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)
    option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return option


class CellTexts:
    """Laid-out texts for one font, with their natural width and layout height.

    Two generations instead of an LRU: a lookup is one or two dict hits, and the
    texts of the screens last painted survive a switch of generations."""

    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self._metrics = QFontMetricsF(self.font)
        self._option = _option()
        self._new: dict[tuple[str, int], tuple[QStaticText, float, int]] = {}
        self._old: dict[tuple[str, int], tuple[QStaticText, float, int]] = {}
        # The generation dropped last, freed FREE_AT_ONCE texts per FREE_AT_ONCE texts
        # added: freeing 3,000 QStaticText at once took 2-3 ms of the frame that
        # switched generations. (Not one per text added: a free paired with every
        # allocation keeps Python's young-object count from rising, so the young
        # collection, when it comes, walks thousands of objects in one frame.)
        self._dying: dict[tuple[str, int], tuple[QStaticText, float, int]] = {}

    def get(self, text: str, width: int) -> tuple[QStaticText, float, int]:
        """`text` as drawn in `width` pixels: elided with "…" when it does not fit
        (as the stock delegate does), its natural width (before eliding) and the
        height the style centres it by."""
        key = (text, width)
        found = self._new.get(key)
        if found is None:
            found = self._old.get(key)
            if found is None:
                found = self._make(text, width)
            if self._dying and len(self._new) % FREE_AT_ONCE == 0:
                for _ in range(min(FREE_AT_ONCE, len(self._dying))):
                    self._dying.popitem()
            if len(self._new) >= KEEP:
                # KEEP additions since the last switch freed all of `_dying`
                self._dying = self._old
                self._old, self._new = self._new, {}
            self._new[key] = found
        return found

    def _make(self, text: str, width: int) -> tuple[QStaticText, float, int]:
        whole = self._static(text)
        size = whole.size()
        natural = size.width()
        if natural > width:  # the stock delegate's test: the line's natural width
            elided = self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            whole = self._static(elided)
        # QRectF.toSize() rounds half away from zero (qRound) before the style centres it
        return whole, natural, int(size.height() + 0.5)

    def _static(self, text: str) -> QStaticText:
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.setTextOption(self._option)
        static.prepare(_IDENTITY, self.font)
        return static
