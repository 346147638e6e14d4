"""Editable lists for the contact editor: e-mails, phones, addresses.

Each row remembers the stored item it came from, so what the editor does not
show (labels, item groups, unknown parameters) survives an edit of the row,
and an untouched row is saved exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain import Address, Email, Phone

KIND_TYPES = ("home", "work", "cell")
EMAIL_KINDS = ("home", "work", "other")
PHONE_KINDS = ("cell", "home", "work", "other")
ADDRESS_KINDS = ("home", "work", "other")

Item = Email | Phone | Address


def kind_of(types: tuple[str, ...], kinds: tuple[str, ...]) -> str:
    """The combo choice for stored TYPE values (first known one wins)."""
    return next((k for k in kinds if k in types), "other")


def with_kind(types: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """`types` with its home/work/cell replaced by `kind` (others like INTERNET kept)."""
    kept = tuple(t for t in types if t not in KIND_TYPES)
    return kept if kind == "other" else (*kept, kind)


def _kind_combo(kinds: tuple[str, ...], noun: str, number: int) -> QComboBox:
    combo = QComboBox()
    for kind in kinds:
        combo.addItem(kind.capitalize(), kind)
    combo.setAccessibleName(f"Type of {noun} {number}")
    return combo


def _remove_button(noun: str, number: int) -> QToolButton:
    button = QToolButton()
    button.setText("✕")
    button.setToolTip(f"Remove this {noun}")
    button.setAccessibleName(f"Remove {noun} {number}")
    return button


class _Row(QWidget):
    """One item: a type combo, its text field(s) and a remove button."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, noun: str, number: int, kinds: tuple[str, ...],
                 original: Item | None) -> None:
        super().__init__()
        self.noun = noun
        self.original = original
        self.kind = _kind_combo(kinds, noun, number)
        if original is not None:
            self.kind.setCurrentIndex(kinds.index(kind_of(original.types, kinds)))
        self.kind.currentIndexChanged.connect(self.changed)
        self.remove = _remove_button(noun, number)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _field(self, text: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self.changed)
        return edit

    def set_number(self, number: int) -> None:
        self.kind.setAccessibleName(f"Type of {self.noun} {number}")
        self.remove.setAccessibleName(f"Remove {self.noun} {number}")

    def first_field(self) -> QLineEdit:
        raise NotImplementedError

    def is_blank(self) -> bool:
        raise NotImplementedError

    def state(self) -> tuple[str, ...]:
        raise NotImplementedError

    def item(self) -> Item | None:
        raise NotImplementedError

    def _types(self) -> tuple[str, ...]:
        base = self.original.types if self.original is not None else ()
        return with_kind(base, str(self.kind.currentData()))

    def _kind_changed(self) -> bool:
        return self.original is None or self._types() != self.original.types


class ValueRow(_Row):
    """An e-mail or phone: one text field."""

    def __init__(self, noun: str, number: int, kinds: tuple[str, ...], original: Item | None,
                 placeholder: str) -> None:
        super().__init__(noun, number, kinds, original)
        self.text = self._field(_value(original) if original else "", placeholder)
        self.set_number(number)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.text, 1)
        row.addWidget(self.remove)

    def set_number(self, number: int) -> None:
        super().set_number(number)
        self.text.setAccessibleName(f"{self.noun.capitalize()} {number}")

    def first_field(self) -> QLineEdit:
        return self.text

    def is_blank(self) -> bool:
        return not self.text.text().strip()

    def state(self) -> tuple[str, ...]:
        return (str(self.kind.currentData()), self.text.text())

    def item(self) -> Item | None:
        text = self.text.text().strip()
        original = self.original
        if not text:
            return None
        if original is None:
            return Email(text, self._types()) if self.noun == "e-mail" \
                else Phone(text, self._types())
        if not self._kind_changed() and text == _value(original):
            return original
        label = None if self._kind_changed() else original.label
        if isinstance(original, Email):
            return replace(original, address=text, types=self._types(), label=label)
        assert isinstance(original, Phone)
        return replace(original, number=text, types=self._types(), label=label)


def _value(item: Item) -> str:
    return item.address if isinstance(item, Email) else \
        item.number if isinstance(item, Phone) else item.one_line()


ADDRESS_PARTS = (("street", "Street"), ("postal_code", "Postcode"), ("locality", "City"),
                 ("region", "Region"), ("country", "Country"))


class AddressRow(_Row):
    """An address: street on one line, postcode, city, region and country below."""

    def __init__(self, noun: str, number: int, kinds: tuple[str, ...],
                 original: Item | None) -> None:
        super().__init__(noun, number, kinds, original)
        self.parts: dict[str, QLineEdit] = {}
        for key, label in ADDRESS_PARTS:
            text = getattr(original, key) if original is not None else ""
            self.parts[key] = self._field(text, label)
            self.parts[key].setCursorPosition(0)  # show where a long value starts
        # Street; postcode and city; region and country: every part gets room to show.
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 6)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.parts["street"], 0, 1, 1, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.parts["postal_code"], 1, 1)
        grid.addWidget(self.parts["locality"], 1, 2)
        grid.addWidget(self.parts["region"], 2, 1)
        grid.addWidget(self.parts["country"], 2, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.set_number(number)

    def set_number(self, number: int) -> None:
        super().set_number(number)
        for (_key, label), edit in zip(ADDRESS_PARTS, self.parts.values(), strict=True):
            edit.setAccessibleName(f"{label} of address {number}")

    def first_field(self) -> QLineEdit:
        return self.parts["street"]

    def is_blank(self) -> bool:
        return not any(e.text().strip() for e in self.parts.values())

    def state(self) -> tuple[str, ...]:
        return (str(self.kind.currentData()), *(e.text() for e in self.parts.values()))

    def item(self) -> Item | None:
        if self.is_blank():
            return None
        values = {k: e.text().strip() for k, e in self.parts.items()}
        original = self.original if isinstance(self.original, Address) else Address()
        if self.original is not None and not self._kind_changed() and all(
                getattr(original, k) == v for k, v in values.items()):
            return self.original
        label = None if self._kind_changed() else original.label
        return replace(original, types=self._types(), label=label,
                       street=values["street"], postal_code=values["postal_code"],
                       locality=values["locality"], region=values["region"],
                       country=values["country"])


class RowList(QWidget):
    """Rows of one kind with an "Add …" button; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, noun: str, kinds: tuple[str, ...], placeholder: str = "") -> None:
        super().__init__()
        self.noun = noun
        self.kinds = kinds
        self.placeholder = placeholder
        self.rows: list[_Row] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self.add_button = QPushButton(f"Add {noun}")
        self.add_button.setAccessibleName(f"Add {noun}")
        self.add_button.clicked.connect(self._add_and_focus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._column)
        footer = QHBoxLayout()
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        outer.addLayout(footer)
        self._renumber()

    def set_items(self, items: Sequence[Item]) -> None:
        for item in items:
            self.add_row(item)

    def add_row(self, original: Item | None = None) -> _Row:
        number = len(self.rows) + 1
        row: _Row
        if self.noun == "address":
            row = AddressRow(self.noun, number, self.kinds, original)
        else:
            row = ValueRow(self.noun, number, self.kinds, original, self.placeholder)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self.rows.append(row)
        self._column.addWidget(row)
        self._renumber()
        self.changed.emit()
        return row

    def _add_and_focus(self) -> None:
        self.add_row().first_field().setFocus()

    def _remove(self, row: _Row) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self._renumber()
        self.changed.emit()
        # Keyboard users land on the next row (or the Add button), not nowhere.
        target = self.rows[min(index, len(self.rows) - 1)].first_field() if self.rows \
            else self.add_button
        target.setFocus()

    def _renumber(self) -> None:
        """Screen readers hear "E-mail 2" for the second row, also after a removal."""
        for number, row in enumerate(self.rows, start=1):
            row.set_number(number)
        # A form label's mnemonic lands on the first row, or on "Add …" when empty.
        self.setFocusProxy(self.rows[0].first_field() if self.rows else self.add_button)

    def items(self) -> list[Item]:
        return [item for row in self.rows if (item := row.item()) is not None]

    def state(self) -> tuple[tuple[str, ...], ...]:
        return tuple(row.state() for row in self.rows if not row.is_blank())
