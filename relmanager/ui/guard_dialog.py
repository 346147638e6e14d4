"""At Send: who is flagged and why, and what the user can do about it.

Three ways out, as the issue asks: remove flagged recipients (one click each
or all), go back and edit the message, or send anyway with a reason that is
logged with the interaction.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.asks import GuardLevel, Judgement
from relmanager.services.ask_check import AskCheck
from relmanager.ui.plain import plain_label

LEVEL_TEXT = {GuardLevel.WARN: "Warning", GuardLevel.CAUTION: "Caution"}


class GuardChoice(Enum):
    EDIT = "edit"
    SEND_ANYWAY = "send_anyway"
    SEND_WITHOUT_FLAGGED = "send_without_flagged"


class GuardDialog(QDialog):
    def __init__(self, check: AskCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before you send this ask")
        self.setMinimumWidth(520)
        self.check = check
        self.choice = GuardChoice.EDIT
        self.removed: set[str] = set()
        self.flagged = [j for j in check.judgements if j.level is not GuardLevel.OK]

        layout = QVBoxLayout(self)
        kind = f": it {check.finding.kind.label}" if check.finding.kind else ""
        layout.addWidget(plain_label(f"This message reads as a business ask{kind}.", bold=True))
        for span in check.finding.evidence[:3]:
            layout.addWidget(plain_label(f"• {span.explanation}"))
        layout.addWidget(plain_label("Good relationships give before they ask. These recipients "
                                "need a second thought:"))
        self.rows: dict[str, QWidget] = {}
        for judgement in self.flagged:
            layout.addWidget(self._recipient_row(judgement))

        self.reason = QLineEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setPlaceholderText("Why send anyway? (kept with the interaction log)")
        self.reason.setAccessibleName("Reason for sending anyway")
        self.reason.textChanged.connect(self._update_buttons)
        layout.addWidget(self.reason)

        buttons = QDialogButtonBox()
        self.edit_button = buttons.addButton("Edit message", QDialogButtonBox.ButtonRole.RejectRole)
        self.remove_all_button = buttons.addButton("Remove flagged and send",
                                                   QDialogButtonBox.ButtonRole.ActionRole)
        self.send_anyway_button = buttons.addButton("Send anyway",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.edit_button.setDefault(True)  # the safe choice is the default
        self.edit_button.clicked.connect(self.reject)
        self.remove_all_button.clicked.connect(self._remove_all)
        self.send_anyway_button.clicked.connect(self._send_anyway)
        layout.addWidget(buttons)
        self._update_buttons()

    def _recipient_row(self, judgement: Judgement) -> QWidget:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(frame)
        text = QVBoxLayout()
        text.addWidget(plain_label(f"{LEVEL_TEXT[judgement.level]}: {judgement.email}", bold=True))
        for reason in judgement.reasons:
            text.addWidget(plain_label(f"• {reason}"))
        row.addLayout(text, 1)
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove {judgement.email}")
        remove.clicked.connect(lambda _=False, e=judgement.email: self._remove(e))
        row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        self.rows[judgement.email] = frame
        return frame

    def _remove(self, email: str) -> None:
        self.removed.add(email)
        self.rows[email].setEnabled(False)
        self._update_buttons()
        if all(j.email in self.removed for j in self.flagged):
            self.choice = GuardChoice.SEND_WITHOUT_FLAGGED
            self.accept()

    def _remove_all(self) -> None:
        self.removed = {j.email for j in self.flagged}
        self.choice = GuardChoice.SEND_WITHOUT_FLAGGED
        self.accept()

    def _send_anyway(self) -> None:
        if not self.reason.text().strip():
            self.reason.setFocus()
            return
        self.choice = GuardChoice.SEND_ANYWAY
        self.accept()

    def _update_buttons(self) -> None:
        self.send_anyway_button.setEnabled(bool(self.reason.text().strip()))

    @property
    def override_reason(self) -> str:
        return self.reason.text().strip()
