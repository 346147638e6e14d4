"""Two possible duplicates side by side: pick per field what the merged contact keeps.

Contact text is untrusted: every label is PlainText, button texts have their
`&` doubled (a name like "Smith & Jones" must not grow a shortcut), and no
tooltip is built from contact data. Accepting the dialog changes nothing by
itself: the caller pushes a `MergeCommand` with `choices()`.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine, func, select

from relmanager.domain import Birthday, Circle, Contact, Organisation, Photo, StructuredName
from relmanager.services.duplicates import MAX_PHOTO_BYTES, DuplicateError
from relmanager.services.merge import (
    CHOICE_FIELDS,
    CIRCLE,
    Side,
    choice_values,
    default_choices,
    differing_fields,
    is_empty,
    merged_card,
    merged_circle,
)
from relmanager.store import schema as s
from relmanager.store.contacts import load_contacts
from relmanager.ui.plain import plain_label

FIELD_LABELS = {
    "display_name": "Shown as", "name": "Full name", "photos": "Photo",
    "organisations": "Organisation", "title": "Title", "role": "Role", "birthday": "Birthday",
    "note": "Note", CIRCLE: "Circle (your choice)",
}
# List fields: both sides' values are kept.
LIST_LABELS = (("emails", "E-mails"), ("phones", "Phones"), ("addresses", "Addresses"),
               ("categories", "Categories"), ("urls", "Web"), ("nicknames", "Nicknames"),
               ("raw", "Other vCard data"))
EMPTY = "(empty)"
CHOICE_CHARS = 60  # longer values (notes) are shortened on the choice buttons
LIST_ROWS = 6  # list items shown per side before "… and N more"
PHOTO_PX = 64


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def button_text(text: str) -> str:
    """Button and menu texts turn `&` into a shortcut marker: show it literally."""
    return text.replace("&", "&&")


def photo_pixmap(data: bytes | None, size: int = PHOTO_PX) -> QPixmap | None:
    """A thumbnail of an inline picture, or None when there is none we can read."""
    if not data or len(data) > MAX_PHOTO_BYTES:
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return None
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def describe(field: str, value: object) -> str:
    """One field's value as a single line of plain text."""
    if is_empty(value):
        return "(no photo)" if field == "photos" else EMPTY
    if isinstance(value, StructuredName):
        text = value.formatted()
    elif isinstance(value, Birthday):
        text = value.iso()
    elif isinstance(value, list) and all(isinstance(o, Organisation) for o in value):
        text = "; ".join(", ".join((o.name, *o.units)) for o in value)
    elif isinstance(value, list) and all(isinstance(p, Photo) for p in value):
        text = "photo" if len(value) == 1 else f"{len(value)} photos"
    elif field == CIRCLE and isinstance(value, str):
        text = Circle(value).label
    else:
        text = str(value)
    return " / ".join(part.strip() for part in text.splitlines() if part.strip()) or EMPTY


def list_items(contact: Contact, key: str) -> list[str]:
    if key == "emails":
        return [e.address for e in contact.emails]
    if key == "phones":
        return [p.number for p in contact.phones]
    if key == "addresses":
        return [a.one_line() for a in contact.addresses]
    if key == "raw":
        return [r.name for r in contact.raw]
    return [str(x) for x in getattr(contact, key)]


def _short(text: str) -> str:
    return text if len(text) <= CHOICE_CHARS else text[:CHOICE_CHARS - 1].rstrip() + "…"


def _lines(items: list[str]) -> str:
    shown = items[:LIST_ROWS]
    more = len(items) - len(shown)
    return "\n".join(shown + ([f"… and {more} more"] if more else [])) or "—"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class MergeDialog(QDialog):
    """Two contacts side by side; accepting means "merge `other_id` into `keep_id`"."""

    def __init__(self, engine: Engine, keep_id: int, other_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Compare and merge")
        self.keep_id, self.other_id = keep_id, other_id
        with engine.connect() as conn:
            cards = load_contacts(conn, [keep_id, other_id])
            heads = {r.id: r for r in conn.execute(
                select(s.contacts.c.id, s.contacts.c.circle_user, s.contacts.c.dont_pitch)
                .where(s.contacts.c.id.in_([keep_id, other_id])))}
            i = s.interactions.c
            counts = conn.execute(select(i.contact_id, func.count()).where(
                i.contact_id.in_([keep_id, other_id])).group_by(i.contact_id)).all()
        self.history: dict[int, int] = {int(cid): int(n) for cid, n in counts}
        if keep_id not in cards or other_id not in cards:
            raise DuplicateError("One of the two contacts was deleted meanwhile.")
        self.keep, self.other = cards[keep_id], cards[other_id]
        self.names = (self.keep.display_name, self.other.display_name)
        self.circles = (heads[keep_id].circle_user, heads[other_id].circle_user)
        self.dont_pitch = bool(heads[keep_id].dont_pitch or heads[other_id].dont_pitch)
        self.values = (choice_values(self.keep, self.circles[0]),
                       choice_values(self.other, self.circles[1]))
        self.fields = differing_fields(*self.values)
        self.groups: dict[str, QButtonGroup] = {}
        self.buttons: dict[tuple[str, Side], QRadioButton] = {}
        self._name_picked = False

        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(
            "Pick what the merged contact keeps where the two differ. E-mails, phones and "
            "the other lists are combined, and the history of both is kept. Ctrl+Z undoes "
            "the merge.", selectable=False))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        comparison = self._comparison()
        scroll.setWidget(comparison)
        layout.addWidget(scroll, 1)
        self.summary = bold(plain_label())
        self.summary.setObjectName("mergeSummary")
        self.summary.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary.setMargin(8)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("&Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_summary()
        hint = comparison.sizeHint()
        # Room for the intro, summary and buttons; taller comparisons scroll.
        self.resize(max(760, hint.width() + 60), min(720, hint.height() + 130))

    # -- building ------------------------------------------------------------------
    def _comparison(self) -> QWidget:
        content = QWidget()
        grid = self._grid = QGridLayout(content)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(16)
        grid.addWidget(bold(plain_label("This contact (kept)", selectable=False)), 0, 1)
        grid.addWidget(bold(plain_label("Possible duplicate", selectable=False)), 0, 2)
        row = self._section(1, "Pick one" if self.fields else
                            "Nothing to pick: every single field is the same on both sides.")
        defaults = default_choices(*self.values)
        for field in self.fields:
            self._choice_row(row, field, defaults[field])
            row += 1
        row = self._section(row, "Kept from both")
        for key, title in LIST_LABELS:
            sides = (list_items(self.keep, key), list_items(self.other, key))
            if any(sides):
                self._pair_row(row, title, _lines(sides[0]), _lines(sides[1]))
                row += 1
        self._pair_row(row, "History", *(
            _count(n, "entry", "entries") if (n := self.history.get(cid, 0)) else "none"
            for cid in (self.keep_id, self.other_id)))
        grid.setRowStretch(row + 1, 1)
        if "display_name" in self.groups:
            self.groups["display_name"].buttonToggled.connect(
                lambda *_: self._follow_display_name())
        if "name" in self.groups:
            self.groups["name"].buttonClicked.connect(self._mark_name_picked)
        return content

    def _section(self, row: int, title: str) -> int:
        label = bold(plain_label(title, selectable=False))
        label.setContentsMargins(0, 10 if row > 1 else 4, 0, 2)
        self._grid.addWidget(label, row, 0, 1, 3)
        return row + 1

    def _pair_row(self, row: int, title: str, left: str, right: str) -> None:
        self._grid.addWidget(plain_label(title, selectable=False), row, 0,
                             Qt.AlignmentFlag.AlignTop)
        for col, text in enumerate((left, right), start=1):
            self._grid.addWidget(plain_label(text), row, col, Qt.AlignmentFlag.AlignTop)

    def _choice_row(self, row: int, field: str, default: Side) -> None:
        self._grid.addWidget(plain_label(FIELD_LABELS[field], selectable=False), row, 0)
        group = QButtonGroup(self)
        self.groups[field] = group
        sides: tuple[Side, Side] = ("keep", "other")
        for col, (side, values) in enumerate(zip(sides, self.values, strict=True), start=1):
            text = describe(field, values[field])
            button = QRadioButton(button_text(_short(text)))
            button.setObjectName(f"choice_{field}_{side}")
            button.setAccessibleName(f"{FIELD_LABELS[field]}: {text}")
            if field == "photos":
                self._photo_icon(button, values[field])
            button.setChecked(default == side)
            group.addButton(button)
            self.buttons[field, side] = button
            self._grid.addWidget(button, row, col)
        group.buttonToggled.connect(lambda *_: self._update_summary())

    @staticmethod
    def _photo_icon(button: QRadioButton, photos: object) -> None:
        data = next((p.data for p in photos if p.data), None) if isinstance(photos, list) else None
        pixmap = photo_pixmap(data)
        if pixmap is not None:
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(PHOTO_PX, PHOTO_PX))
            button.setText("")

    def _follow_display_name(self) -> None:
        """Picking how the contact is shown picks the same side's full name, until the
        user picks a full name themselves."""
        if "name" in self.groups and not self._name_picked:
            side: Side = "other" if self.buttons["display_name", "other"].isChecked() else "keep"
            self.buttons["name", side].setChecked(True)

    def _mark_name_picked(self, *_: object) -> None:
        self._name_picked = True

    # -- state -----------------------------------------------------------------------
    def choices(self) -> dict[str, Side]:
        """The side picked for every field (fields that do not differ: the default)."""
        out = default_choices(*self.values)
        for field in self.fields:
            out[field] = "other" if self.buttons[field, "other"].isChecked() else "keep"
        return {f: out[f] for f in CHOICE_FIELDS if f in out}

    def merged(self) -> Contact:
        return merged_card(self.keep, self.other, self.choices())

    def summary_text(self) -> str:
        c = self.merged()
        circle = merged_circle(*self.circles, self.choices())
        parts = [c.display_name,
                 _count(len(c.emails), "e-mail", "e-mails"),
                 _count(len(c.phones), "phone", "phones")]
        if c.photos:
            parts.append("photo")
        parts.append(f"circle: {Circle(circle).label}" if circle
                     else "circle: suggested by relmanager")
        if self.dont_pitch:
            parts.append("don't pitch")
        moved = self.history.get(self.other_id, 0)
        if moved:
            parts.append(_count(moved, "history entry moves", "history entries move") + " over")
        return "The merged contact: " + " · ".join(parts)

    def _update_summary(self) -> None:
        self.summary.setText(self.summary_text())
