"""The detail pane: every field of the selected contact, as plain text.

Contact text is untrusted, so every label is PlainText and nothing becomes a
link; e-mail and phone actions are explicit buttons we build.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from relmanager.domain import Circle, Contact
from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import recent
from relmanager.services.ledger import ledger
from relmanager.services.reminders.next_for_contact import next_reminder
from relmanager.ui.log_touch_dialog import KIND_LABELS
from relmanager.ui.plain import plain_label

log = logging.getLogger(__name__)

PHOTO_PX = 96
RECENT_SHOWN = 5


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


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _day(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


class DetailPane(QScrollArea):
    """Fields of one contact; with an engine (`set_engine`) also the keep-in-touch
    section: next reminder, give/take ledger, recent interactions."""

    log_touch_requested = Signal(int)  # contact id
    write_requested = Signal(int)  # contact id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._engine: Engine | None = None
        self._today: Callable[[], date] = date.today
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

    def set_engine(self, engine: Engine, today: Callable[[], date] = date.today) -> None:
        """Turn on the keep-in-touch section (`today` is injectable for tests)."""
        self._engine = engine
        self._today = today

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
        if contact.id is not None:
            self._layout.addLayout(self._buttons(contact, contact.id))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Labels sit at the first line of multi-line values (e-mails, the timeline).
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        source = "your choice" if circle_is_user else "suggested"
        form.addRow(plain_label("Circle", selectable=False),
                    plain_label(f"{circle.label} ({source})"))
        if reasons:
            form.addRow(plain_label("Why", selectable=False),
                        plain_label("\n".join(f"• {r}" for r in reasons)))
        for label, text in self._rows(contact) + (extra or []):
            if text:
                form.addRow(plain_label(label, selectable=False), plain_label(text))
        if self._engine is not None and contact.id is not None:
            self._keep_in_touch(form, self._engine, contact.id)
        self._layout.addLayout(form)
        self._layout.addStretch(1)

    def _buttons(self, contact: Contact, contact_id: int) -> QHBoxLayout:
        row = QHBoxLayout()
        touch = QPushButton("&Log touch…")
        touch.setObjectName("logTouchButton")
        touch.setAccessibleName("Log touch")
        touch.setToolTip("Log a meeting, call, favour or ask with this contact")
        touch.clicked.connect(lambda: self.log_touch_requested.emit(contact_id))
        write = QPushButton("&Write to…")
        write.setObjectName("writeButton")
        write.setAccessibleName("Write to")
        has_mail = any(e.address for e in contact.emails)
        write.setEnabled(has_mail)
        write.setToolTip("Write a message; the ask guard checks it" if has_mail
                         else "This contact has no e-mail address")
        write.clicked.connect(lambda: self.write_requested.emit(contact_id))
        row.addWidget(touch)
        row.addWidget(write)
        row.addStretch(1)
        return row

    def _keep_in_touch(self, form: QFormLayout, engine: Engine, contact_id: int) -> None:
        """Rows in the same form as the fields, so the columns line up."""
        today = self._today()
        try:
            book = ledger(engine, contact_id, today)
            upcoming = next_reminder(engine, contact_id, today)
            with engine.connect() as conn:
                latest = recent(conn, contact_id, RECENT_SHOWN)
        except (ContactNotFoundError, SQLAlchemyError):
            log.warning("Keep-in-touch details of contact %s could not be read", contact_id)
            return
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        form.addRow(line)
        heading = plain_label("Keep in touch", selectable=False)
        heading.setObjectName("keepInTouchHeading")
        font = QFont(heading.font())
        font.setBold(True)
        heading.setFont(font)
        form.addRow(heading)

        next_label = plain_label(_sentence(upcoming.text))
        next_label.setObjectName("nextReminder")
        form.addRow(plain_label("Next", selectable=False), next_label)
        ledger_label = plain_label(f"{_sentence(book.summary)}\n{_sentence(book.verdict)}")
        ledger_label.setObjectName("ledgerSummary")
        form.addRow(plain_label("Give & take", selectable=False), ledger_label)
        timeline = "\n".join(
            f"{_day(i.occurred_on)} · {KIND_LABELS[i.kind]}" + (f" — {i.note}" if i.note else "")
            for i in latest) or "Nothing logged yet."
        timeline_label = plain_label(timeline)
        timeline_label.setObjectName("recentTimeline")
        form.addRow(plain_label("Recent", selectable=False), timeline_label)

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
