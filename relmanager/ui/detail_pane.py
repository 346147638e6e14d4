"""The detail pane: every field of the selected contact, as plain text.

Contact text is untrusted, so every label is PlainText and nothing becomes a
link; e-mail and phone actions are explicit buttons we build.
"""

from __future__ import annotations

import calendar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain import Circle, Contact

PHOTO_PX = 96


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def _typed(value: str, types: tuple[str, ...], label: str | None, pref: bool) -> str:
    kinds = [label] if label else [t for t in types if t not in ("internet", "voice", "pref")]
    suffix = f" ({', '.join(kinds)})" if kinds else ""
    return value + suffix + (" ★" if pref else "")


def _birthday(c: Contact) -> str:
    if c.birthday is None:
        return ""
    b = c.birthday
    text = f"{b.day} {calendar.month_name[b.month]}"
    return f"{text} {b.year}" if b.year else text


class DetailPane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Contact details")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(300)
        self.contact: Contact | None = None
        self._content = QWidget()
        self._layout = QVBoxLayout(self._content)
        self.setWidget(self._content)
        self.show_nothing()

    def _clear(self) -> None:
        # Rebuilding is simpler than diffing fields, and a pane is a few dozen labels.
        old = self._content
        self._content = QWidget()
        self._layout = QVBoxLayout(self._content)
        self.setWidget(self._content)  # the scroll area deletes the old content
        del old

    def show_nothing(self, text: str = "Select a contact to see its details.") -> None:
        self.contact = None
        self._clear()
        hint = plain_label(text, selectable=False)
        hint.setEnabled(False)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addStretch(1)
        self._layout.addWidget(hint)
        self._layout.addStretch(2)

    def show_contact(self, contact: Contact, circle: Circle, circle_is_user: bool,
                     reasons: list[str], extra: list[tuple[str, str]] | None = None) -> None:
        """`extra`: (label, text) rows from other features (ledger, next reminder)."""
        self.contact = contact
        self._clear()
        photo = next((p.data for p in contact.photos if p.data), None)
        if photo:
            pixmap = QPixmap()
            if pixmap.loadFromData(photo):
                picture = QLabel()
                picture.setObjectName("contactPhoto")
                picture.setPixmap(pixmap.scaled(
                    PHOTO_PX, PHOTO_PX, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                self._layout.addWidget(picture)
        name = plain_label(contact.display_name)
        name.setObjectName("contactName")
        font = QFont(name.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        name.setFont(font)
        self._layout.addWidget(name)
        work = " · ".join(x for x in (contact.title, contact.org) if x)
        if work:
            self._layout.addWidget(plain_label(work))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        source = "your choice" if circle_is_user else "suggested"
        form.addRow(plain_label("Circle", selectable=False),
                    plain_label(f"{circle.label} ({source})"))
        if reasons:
            form.addRow(plain_label("Why", selectable=False),
                        plain_label("\n".join(f"• {r}" for r in reasons)))
        for label, text in self._rows(contact) + (extra or []):
            if text:
                form.addRow(plain_label(label, selectable=False), plain_label(text))
        self._layout.addLayout(form)
        self._layout.addStretch(1)

    @staticmethod
    def _rows(c: Contact) -> list[tuple[str, str]]:
        return [
            ("E-mail", "\n".join(_typed(e.address, e.types, e.label, e.pref) for e in c.emails)),
            ("Phone", "\n".join(_typed(p.number, p.types, p.label, p.pref) for p in c.phones)),
            ("Address", "\n".join(_typed(a.one_line(), a.types, a.label, a.pref)
                                  for a in c.addresses)),
            ("Birthday", _birthday(c)),
            ("Nickname", ", ".join(c.nicknames)),
            ("Categories", ", ".join(c.categories)),
            ("Web", "\n".join(c.urls)),
            ("Notes", c.note),
        ]
