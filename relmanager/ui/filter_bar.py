"""Search as you type and circle filter chips with counts, above the list.

Typing is debounced by one event-loop turn: keystrokes that arrive together
(fast typing, a paste, a slow search still running) run only the latest
query. Clearing (Esc, the clear button) applies at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLineEdit, QToolButton, QWidget

from relmanager.domain import Circle

CHIPS: tuple[tuple[str, Circle | None], ...] = (
    ("All", None), ("Friends", Circle.FRIEND), ("Professional", Circle.PROFESSIONAL),
    ("Both", Circle.BOTH), ("Unsorted", Circle.UNSORTED),
)


class SearchField(QLineEdit):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()  # Esc clears first; a second Esc goes to the window
            return
        super().keyPressEvent(event)


class FilterBar(QWidget):
    search_changed = Signal(str)
    circle_changed = Signal(object)  # Circle | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchField()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search names, e-mails, phones, organisations, notes…")
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(0)
        self._debounce.timeout.connect(self._emit_search)
        self.search.textChanged.connect(self._text_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addWidget(self.search, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.chips: dict[Circle | None, QToolButton] = {}
        self.total = 0  # contacts in the book, as of the last `set_counts`
        for text, circle in CHIPS:
            chip = QToolButton()
            chip.setCheckable(True)
            chip.setAutoRaise(True)
            chip.setText(text)
            chip.setAccessibleName(f"Show {text.lower()}")
            chip.setChecked(circle is None)
            chip.clicked.connect(lambda _=False, c=circle: self.circle_changed.emit(c))
            self.group.addButton(chip)
            self.chips[circle] = chip
            layout.addWidget(chip)

    def _text_changed(self, text: str) -> None:
        if text:
            self._debounce.start()  # restarts: only the text after the last keystroke runs
        else:
            self._debounce.stop()
            self.search_changed.emit(text)

    def _emit_search(self) -> None:
        self.search_changed.emit(self.search.text())

    @property
    def search_pending(self) -> bool:
        return self._debounce.isActive()

    def flush(self) -> None:
        """Apply typed text now rather than on the next event-loop turn."""
        if self._debounce.isActive():
            self._debounce.stop()
            self._emit_search()

    def set_counts(self, counts: dict[Circle, int]) -> None:
        total = self.total = sum(counts.values())
        for text, circle in CHIPS:
            n = total if circle is None else counts.get(circle, 0)
            self.chips[circle].setText(f"{text} {n}")

    def select_circle(self, circle: Circle | None) -> None:
        self.chips[circle].setChecked(True)
