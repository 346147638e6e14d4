"""The compose window: write a message, see the ask guard's view while typing.

The guard bar follows typing through a debounced single-shot timer; at Send
the full check runs again and flagged recipients go through GuardDialog.
Delivery goes through `services.sending.send`, which checks the guard once
more and logs the interaction, so no path skips the guard. The transport (SMTP
or the user's mail app) comes from a callable run on the GUI thread, since it
may ask for a password; SMTP then runs off the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine, select

from relmanager.domain.asks import GuardLevel
from relmanager.services.ask_check import AskCheck, check_message
from relmanager.services.sending import (
    Draft,
    GuardBlockedError,
    SendResult,
    Transport,
    send,
    stored_form,
)
from relmanager.store import schema as s
from relmanager.ui import messages
from relmanager.ui.guard_dialog import GuardChoice, GuardDialog
from relmanager.ui.tasks import Task

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300


# Returns the transport to send with, or None when the user cancelled (e.g. a
# password prompt) or nothing is set up; it tells the user why itself.
TransportFor = Callable[[QWidget], Transport | None]


def split_addresses(text: str) -> list[str]:
    return [a.strip() for a in text.replace(";", ",").split(",") if a.strip()]


class AddressField(QLineEdit):
    """Comma-separated addresses; completion applies to the address being typed."""

    def __init__(self, completions: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._completer = QCompleter(QStringListModel(completions, self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def _current_token(self) -> str:
        return self.text().rsplit(",", 1)[-1].strip()

    def _complete(self) -> None:
        token = self._current_token()
        if len(token) < 2:
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
            return
        self._completer.setCompletionPrefix(token)
        self._completer.complete()

    def _insert(self, completion: str) -> None:
        head = self.text().rsplit(",", 1)[0] if "," in self.text() else ""
        address = completion.rsplit("<", 1)[-1].rstrip(">") if "<" in completion else completion
        self.setText(f"{head}, {address}, " if head else f"{address}, ")

    def addresses(self) -> list[str]:
        return split_addresses(self.text())


def contact_completions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(s.contacts.c.display_name, s.emails.c.address)
                            .join(s.emails, s.emails.c.contact_id == s.contacts.c.id)
                            .order_by(s.contacts.c.sort_key))
        return [f"{name} <{address}>" for name, address in rows]


class ComposeWindow(QWidget):
    sent = Signal(object)  # SendResult

    def __init__(self, engine: Engine, transport_for: TransportFor, draft: Draft | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.engine = engine
        self._transport_for = transport_for
        self._task: Task | None = None
        self._sent = False
        self.setWindowTitle("New message")
        self.resize(640, 520)
        completions = contact_completions(engine)
        self.to, self.cc, self.bcc = (AddressField(completions) for _ in range(3))
        for name, widget in (("To", self.to), ("Cc", self.cc), ("Bcc", self.bcc)):
            widget.setAccessibleName(name)
        self.subject = QLineEdit()
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName("Message")
        form = QFormLayout()
        form.addRow("&To:", self.to)
        form.addRow("&Cc:", self.cc)
        form.addRow("&Bcc:", self.bcc)
        form.addRow("Sub&ject:", self.subject)

        self.guard_bar = QLabel()
        self.guard_bar.setObjectName("guardBar")
        self.guard_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.guard_bar.setWordWrap(True)
        self.guard_bar.setAccessibleName("Ask guard")
        self.send_button = QPushButton("&Send")
        self.send_button.setToolTip("Send (Ctrl+Return)")
        self.send_button.clicked.connect(self.send_checked)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.send_checked)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.guard_bar)
        layout.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignRight)

        self.timer = QTimer(self)
        self.timer.setObjectName("askGuardDebounce")
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.update_guard)
        for line in (self.to, self.cc, self.bcc, self.subject):
            line.textChanged.connect(self.timer.start)
        self.body.textChanged.connect(self.timer.start)
        self.last_check: AskCheck | None = None
        if draft:
            self.load(draft)
        self.update_guard()

    def load(self, draft: Draft) -> None:
        self.to.setText(", ".join(draft.to))
        self.cc.setText(", ".join(draft.cc))
        self.bcc.setText(", ".join(draft.bcc))
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)

    def draft(self) -> Draft:
        return Draft(tuple(self.to.addresses()), tuple(self.cc.addresses()),
                     tuple(self.bcc.addresses()), self.subject.text(), self.body.toPlainText())

    def check(self) -> AskCheck:
        d = self.draft()
        # Judge the address the user meant, as `send` will: "Bob <bob@x.example>" is Bob.
        recipients = [stored_form(r) for r in d.recipients]
        self.last_check = check_message(self.engine, recipients, d.subject, d.body)
        return self.last_check

    def update_guard(self) -> None:
        check = self.check()
        if not check.finding.is_ask:
            self.guard_bar.setText("No business ask detected.")
            self.guard_bar.setStyleSheet("")
            return
        flagged = [j for j in check.judgements if j.level is not GuardLevel.OK]
        evidence = check.finding.evidence[0].explanation if check.finding.evidence else ""
        kind = f" ({check.finding.kind.label})" if check.finding.kind else ""
        text = f"Business ask{kind}: {evidence}"
        if flagged:
            text += "\n" + "; ".join(f"{j.email}: {j.reasons[0]}" if j.reasons else j.email
                                     for j in flagged[:3])
        self.guard_bar.setText(text)
        worst = GuardLevel.WARN if any(j.level is GuardLevel.WARN for j in flagged) else None
        self.guard_bar.setStyleSheet("color: #a33;" if worst else "")

    def _remove_addresses(self, removed: set[str]) -> None:
        for field_ in (self.to, self.cc, self.bcc):
            kept = [a for a in field_.addresses() if stored_form(a) not in removed]
            field_.setText(", ".join(kept))

    def send_checked(self) -> None:
        if self._task is not None:
            return  # already sending
        draft = self.draft()
        if not draft.recipients:
            messages.warning(self, "Add at least one recipient.")
            return
        check = self.check()
        override: str | None = None
        if check.finding.is_ask and any(j.level is not GuardLevel.OK for j in check.judgements):
            dialog = GuardDialog(check, self)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            dialog.deleteLater()
            self._remove_addresses(dialog.removed)
            if not accepted or dialog.choice is GuardChoice.EDIT:
                return
            if dialog.choice is GuardChoice.SEND_ANYWAY:
                override = dialog.override_reason
            draft = self.draft()
            if not draft.recipients:
                messages.info(self, "Nobody is left to send to. The message was not sent.")
                return
        transport = self._transport_for(self)
        if transport is None:
            return
        if transport.name == "mailto":
            # The mail app is opened through Qt, which wants the GUI thread.
            try:
                result = send(self.engine, draft, transport=transport, override_reason=override)
            except Exception as exc:
                self._on_failed(exc)
            else:
                self._on_sent(result)
            return
        self._set_sending(True)
        task = Task(lambda _t: send(self.engine, draft, transport=transport,
                                    override_reason=override), self)
        task.succeeded.connect(self._on_sent)
        task.failed.connect(self._on_failed)
        self._task = task
        task.start()

    def _set_sending(self, sending: bool) -> None:
        self.send_button.setEnabled(not sending)
        self.send_button.setText("Sending…" if sending else "&Send")
        for widget in (self.to, self.cc, self.bcc, self.subject):
            widget.setReadOnly(sending)
        self.body.setReadOnly(sending)

    def _on_sent(self, result: object) -> None:
        self._task = None
        self._set_sending(False)
        assert isinstance(result, SendResult)
        self._sent = True
        self.sent.emit(result)
        self.close()

    def _on_failed(self, exc: object) -> None:
        self._task = None
        self._set_sending(False)
        log.warning("Sending failed: %s", type(exc).__name__)
        if isinstance(exc, GuardBlockedError):
            # Something changed since the check (e.g. a circle): check again.
            self.update_guard()
            messages.warning(self, "The ask guard flagged a recipient while sending. "
                             "Nothing was sent; press Send again to review.")
            return
        messages.error(self, "The message was not sent. Your text is still here.", str(exc))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._task is not None:
            event.ignore()  # a send in flight finishes (or fails) before the window goes
            return
        written = self.body.toPlainText().strip() or self.subject.text().strip()
        if not self._sent and written and not self._discard_confirmed():
            event.ignore()
            return
        super().closeEvent(event)

    def _discard_confirmed(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Discard message?",
                          "Discard this message? It has not been sent.",
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                          self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        box.deleteLater()
        return answer == QMessageBox.StandardButton.Discard
