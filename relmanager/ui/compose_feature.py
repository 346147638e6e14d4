"""Writing messages from the main window: File ▸ New message, Contact ▸ Write to…"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from sqlalchemy import select

from relmanager.store import schema as s
from relmanager.ui.messages import STATUS_MS

if TYPE_CHECKING:
    # Sending (email, smtplib), the ask guard's rules and the keyring load when the
    # first message is written, not at start-up (issue #8).
    from relmanager.services.sending import Draft, SendResult
    from relmanager.ui.compose_window import ComposeWindow, TransportFor
    from relmanager.ui.main_window import MainWindow



def first_emails(window: MainWindow, contact_ids: list[int]) -> dict[int, str]:
    """Each contact's preferred (else first) address, for the To: line."""
    e = s.emails.c
    with window.engine.connect() as conn:
        rows = conn.execute(select(e.contact_id, e.address)
                            .where(e.contact_id.in_(contact_ids))
                            .order_by(e.contact_id, e.pref.desc(), e.position))
        found: dict[int, str] = {}
        for contact_id, address in rows:
            found.setdefault(contact_id, address)
    return found


class ComposeFeature:
    def __init__(self, window: MainWindow, transport_for: TransportFor | None = None) -> None:
        self.window = window
        self._transport_for = transport_for
        self.open_windows: list[ComposeWindow] = []

        self.new_action = QAction("New &message…", window)
        self.new_action.setShortcut(QKeySequence("Ctrl+M"))
        self.new_action.triggered.connect(lambda _checked=False: self.compose())
        file_menu = window.file_menu
        file_menu.insertAction(file_menu.actions()[0], self.new_action)

        self.write_action = QAction("&Write to…", window)
        self.write_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.write_action.setStatusTip("Write to the selected contacts; the ask guard watches")
        self.write_action.triggered.connect(self.write_to_selection)
        window.contact_menu.addAction(self.write_action)

        detail_signal = getattr(window.detail, "write_requested", None)
        if detail_signal is not None:
            detail_signal.connect(lambda contact_id: self.write_to([contact_id]))

    @property
    def transport_for(self) -> TransportFor:
        """How a message leaves; the keyring-backed chooser unless one was given."""
        if self._transport_for is None:
            from relmanager.ui.mail_transport import TransportChooser  # noqa: PLC0415

            self._transport_for = TransportChooser(self.window.engine)
        return self._transport_for

    def write_to_selection(self) -> None:
        ids = self.window.selected_contact_ids()
        if not ids and (current := self.window.current_contact_id()) is not None:
            ids = [current]
        self.write_to(ids)

    def write_to(self, contact_ids: list[int]) -> None:
        found = first_emails(self.window, contact_ids)
        missing = len(contact_ids) - len(found)
        if missing:
            self.window.statusBar().showMessage(
                f"{missing} of the chosen contacts have no e-mail address", STATUS_MS)
        if not found and contact_ids:
            return
        from relmanager.services.sending import Draft  # noqa: PLC0415

        self.compose(Draft(to=tuple(found[c] for c in contact_ids if c in found)))

    def compose(self, draft: Draft | None = None) -> ComposeWindow:
        from relmanager.services.sending import Draft  # noqa: PLC0415
        from relmanager.ui.compose_window import ComposeWindow  # noqa: PLC0415

        if draft is None:
            draft = Draft()
        compose = ComposeWindow(self.window.engine, self.transport_for, draft, self.window)
        compose.sent.connect(self._on_sent)
        compose.destroyed.connect(lambda *_: self._forget(compose))
        self.open_windows.append(compose)
        compose.show()
        compose.activateWindow()
        (compose.subject if draft.to else compose.to).setFocus()
        return compose

    def _forget(self, compose: ComposeWindow) -> None:
        if compose in self.open_windows:
            self.open_windows.remove(compose)

    def _on_sent(self, result: SendResult) -> None:
        self.window.refresh()  # first: it resets the status bar to the counts
        sent_to = len(result.delivery.accepted)
        what = "ask" if result.check.finding.is_ask else "message"
        text = f"Sent the {what} to {sent_to} recipient{'s' if sent_to != 1 else ''}"
        if result.delivery.transport == "mailto":
            text = f"Opened the {what} in your mail app"
        if logged := len(result.logged_contact_ids):
            text += f"; logged for {logged} contact{'s' if logged != 1 else ''}"
        self.window.statusBar().showMessage(text, STATUS_MS)
