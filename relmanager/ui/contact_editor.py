"""The contact editor: every card field plus circle, "don't pitch" and keep-in-touch.

Plain-text widgets only (contact text is untrusted). Problems are shown
inline as you type and keep Save disabled; nothing typed is ever thrown away
without asking. Enter or Ctrl+Enter saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain import (
    Address,
    Circle,
    Contact,
    Email,
    Organisation,
    Phone,
    StructuredName,
)
from relmanager.services.contact_edit import (
    EditableContact,
    HeadFields,
    display_name_for,
    email_problem,
    phone_problem,
)
from relmanager.ui.contact_editor_fields import (
    BirthdayEdit,
    CadenceEdit,
    category_line,
    chosen_circle,
    circle_combo,
    split_categories,
)
from relmanager.ui.contact_editor_rows import (
    ADDRESS_KINDS,
    EMAIL_KINDS,
    PHONE_KINDS,
    Item,
    RowList,
)

T = TypeVar("T", Email, Phone, Address)

NEEDS_NAME = "Type a name, an organisation, an e-mail address or a phone number."


def _line(text: str, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class ContactEditor(QDialog):
    """Edit `editable` (or a new contact when None); read the result with `edited()`."""

    def __init__(self, editable: EditableContact | None, categories: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = editable.contact if editable else Contact()
        self.original_head = editable.head if editable else HeadFields()
        suggested = editable.suggested if editable else Circle.UNSORTED
        self.contact_id = self.original.id
        self.setWindowTitle(f"Edit “{self.original.display_name}”" if editable
                            else "New contact")
        self.setObjectName("contactEditor")
        self._build_fields(categories, suggested)
        self._build_layout()
        self.save_button.setDefault(True)  # only once in the dialog: Enter saves
        self._connect()
        self._initial = self._state()
        self._update_problems()
        self.resize(940, 640)
        (self.display_name if editable else self.given).setFocus()

    # -- building ---------------------------------------------------------------------------
    def _build_fields(self, categories: list[str], suggested: Circle) -> None:
        o, n = self.original, self.original.name
        self.given = _line(n.given, "Given name")
        self.family = _line(n.family, "Family name")
        self.additional = _line(n.additional, "Middle name")
        self.prefixes = _line(n.prefixes, "Name prefix", "Prefix (Dr.)")
        self.suffixes = _line(n.suffixes, "Name suffix", "Suffix (Jr.)")
        self.display_name = _line(o.display_name, "Shown as")
        # The shown name follows the name fields until the user types their own.
        self._auto_name = not o.display_name or o.display_name == n.formatted()
        self.nicknames = _line(", ".join(o.nicknames), "Nicknames", "separated by commas")
        self.organisation = _line(o.org, "Organisation")
        self.job_title = _line(o.title, "Job title")
        self.birthday = BirthdayEdit(o.birthday)
        self.categories = category_line(categories, ", ".join(o.categories))
        self.circle = circle_combo(self.original_head.circle_user, suggested)
        self.dont_pitch = QCheckBox("Don't pitch: never ask this person for business")
        self.dont_pitch.setChecked(self.original_head.dont_pitch)
        self.cadence = CadenceEdit(self.original_head.cadence_days)
        self.emails = RowList("e-mail", EMAIL_KINDS, "name@example.org")
        self.emails.set_items(o.emails)
        self.phones = RowList("phone", PHONE_KINDS, "+44 20 7946 0000")
        self.phones.set_items(o.phones)
        self.addresses = RowList("address", ADDRESS_KINDS)
        self.addresses.set_items(o.addresses)
        self.note = QPlainTextEdit(o.note)
        self.note.setAccessibleName("Notes")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(90)
        self.problem = QLabel()
        self.problem.setObjectName("editorProblem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setContentsMargins(9, 0, 0, 0)  # in line with the form labels
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save (Enter or Ctrl+Enter)")

    def _build_layout(self) -> None:
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        left.addRow("&Given name:", self.given)
        left.addRow("&Family name:", self.family)
        left.addRow("&Middle name:", self.additional)
        affixes = QHBoxLayout()
        affixes.addWidget(self.prefixes)
        affixes.addWidget(self.suffixes)
        left.addRow("Prefix, suffix:", affixes)
        left.addRow("&Shown as:", self.display_name)
        left.addRow("&Nicknames:", self.nicknames)
        left.addRow(_separator())
        left.addRow("&Organisation:", self.organisation)
        left.addRow("&Job title:", self.job_title)
        left.addRow("&Birthday:", self.birthday)
        left.addRow("&Categories:", self.categories)
        left.addRow(_separator())
        left.addRow("C&ircle:", self.circle)
        left.addRow("", self.dont_pitch)
        left.addRow("&Keep in touch:", self.cadence)
        right = QFormLayout()
        right.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right.addRow(_top_label("&E-mail:", self.emails), self.emails)
        right.addRow(_top_label("&Phone:", self.phones), self.phones)
        right.addRow(_top_label("A&ddress:", self.addresses), self.addresses)
        right.addRow(_top_label("No&tes:", self.note), self.note)

        columns = QHBoxLayout()
        columns.addLayout(left, 4)
        columns.addSpacing(16)
        columns.addLayout(right, 5)
        content = QWidget()
        content.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        footer = QHBoxLayout()
        footer.addWidget(self.problem, 1)
        footer.addWidget(self.buttons)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(footer)

    def _connect(self) -> None:
        for edit in (self.given, self.family, self.additional, self.prefixes, self.suffixes,
                     self.organisation):
            edit.textChanged.connect(self._follow_name)
        self.display_name.textEdited.connect(self._name_typed)
        for edit in (self.display_name, self.nicknames, self.job_title, self.categories):
            edit.textChanged.connect(self._update_problems)
        for widget in (self.birthday, self.cadence, self.emails, self.phones, self.addresses):
            widget.changed.connect(self._update_problems)
        self.note.textChanged.connect(self._update_problems)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

    # -- behaviour --------------------------------------------------------------------------
    def _name(self) -> StructuredName:
        return StructuredName(self.family.text().strip(), self.given.text().strip(),
                              self.additional.text().strip(), self.prefixes.text().strip(),
                              self.suffixes.text().strip())

    def _follow_name(self) -> None:
        if self._auto_name:
            self.display_name.setText(self._name().formatted())
        self.display_name.setPlaceholderText(
            self._name().formatted() or self.organisation.text().strip())
        self._update_problems()

    def _name_typed(self, text: str) -> None:
        self._auto_name = not text.strip()

    def _state(self) -> tuple[object, ...]:
        return (self._name(), self.display_name.text(), self.nicknames.text(),
                self.organisation.text(), self.job_title.text(), self.birthday.state(),
                self.categories.text(), self.circle.currentIndex(), self.dont_pitch.isChecked(),
                self.cadence.state(), self.emails.state(), self.phones.state(),
                self.addresses.state(), self.note.toPlainText())

    def is_dirty(self) -> bool:
        return self._state() != self._initial

    def problems(self) -> list[tuple[str, QWidget]]:
        """What stops a save, each with the field to fix."""
        out: list[tuple[str, QWidget]] = []
        checks: tuple[tuple[str, RowList, Callable[[str], str | None]], ...] = (
            ("E-mail", self.emails, email_problem), ("Phone", self.phones, phone_problem))
        for noun, rows_list, check in checks:
            rows = rows_list.rows
            for number, row in enumerate(rows, start=1):
                problem = check(row.first_field().text())
                if problem:
                    label = noun if len(rows) == 1 else f"{noun} {number}"
                    out.append((f"{label}: {problem}", row.first_field()))
        birthday = self.birthday.problem()
        if birthday:
            out.append((birthday, self.birthday.day))
        if not display_name_for(self.edited()[0]):
            out.append((NEEDS_NAME, self.given))
        return out

    def _update_problems(self) -> None:
        problems = self.problems()
        text = problems[0][0] if problems else ""
        if len(problems) > 1:
            text += f" (and {len(problems) - 1} more)"
        self.problem.setText(text)
        self.save_button.setEnabled(not problems)

    def edited(self) -> tuple[Contact, HeadFields]:
        """The contact as the fields say (unchanged parts kept exactly as stored)."""
        o = self.original
        nick_text = self.nicknames.text()
        nicknames = o.nicknames if nick_text == ", ".join(o.nicknames) else tuple(
            split_categories(nick_text))
        cat_text = self.categories.text()
        categories = list(o.categories) if cat_text == ", ".join(o.categories) else \
            split_categories(cat_text)
        contact = replace(
            o, display_name=self.display_name.text().strip(), name=self._name(),
            nicknames=nicknames, emails=_only(Email, self.emails.items()),
            phones=_only(Phone, self.phones.items()),
            addresses=_only(Address, self.addresses.items()), organisations=self._organisations(),
            title=self.job_title.text().strip(), categories=categories,
            birthday=self.birthday.birthday(), note=self.note.toPlainText().strip())
        head = HeadFields(chosen_circle(self.circle), self.dont_pitch.isChecked(),
                          self.cadence.value())
        return contact, head

    def _organisations(self) -> list[Organisation]:
        orgs, text = self.original.organisations, self.organisation.text().strip()
        if text == self.original.org:
            return list(orgs)
        if not text:
            return list(orgs[1:])
        first = replace(orgs[0], name=text) if orgs else Organisation(text)
        return [first, *orgs[1:]]

    # -- closing ----------------------------------------------------------------------------
    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self._update_problems()
            problems[0][1].setFocus()
            return
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        what = f"your changes to “{self.original.display_name}”" if self.contact_id \
            else "this new contact"
        box = QMessageBox(QMessageBox.Icon.Question, "Discard changes?",
                          f"Discard {what}?", QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setObjectName("discardQuestion")
        box.exec()
        return box.clickedButton() is discard


def _only(kind: type[T], items: list[Item]) -> list[T]:
    return [i for i in items if isinstance(i, kind)]


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _top_label(text: str, buddy: QWidget) -> QLabel:
    """A form label that sits at the top of a tall field and focuses it with its mnemonic."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setBuddy(buddy)
    label.setContentsMargins(0, 4, 0, 0)
    return label
