"""Which way a message leaves: the user's mail app (mailto:) or their SMTP server.

Chosen in Tools ▸ Settings ▸ Mail (setting `mail.transport`). The SMTP password
comes from the keyring; when none is stored or no secure keyring works, the
user is asked for it here, for this one message, and it is kept nowhere.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget
from sqlalchemy import Engine

from relmanager import settings
from relmanager.desktop.secrets import SecretStore
from relmanager.services.sending import (
    SMTP_KEYRING_SERVICE,
    MailtoTransport,
    SmtpSettings,
    SmtpTransport,
    Transport,
    load_smtp_settings,
)
from relmanager.ui import messages

log = logging.getLogger(__name__)


def open_mailto(url: str) -> bool:
    # fromEncoded: the URL is already percent-encoded; QUrl(url) would re-interpret it.
    return QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii")))


def ask_password(parent: QWidget, smtp: SmtpSettings, why: str) -> str | None:
    text, ok = QInputDialog.getText(
        parent, "SMTP password",
        f"Password for {smtp.username} on {smtp.host}:\n({why})",
        QLineEdit.EchoMode.Password)
    return text if ok else None


class TransportChooser:
    """Callable for ComposeWindow: the configured transport, or None (user told why)."""

    def __init__(self, engine: Engine, secrets: SecretStore | None = None) -> None:
        self.engine = engine
        self.secrets = secrets or SecretStore()

    def __call__(self, parent: QWidget) -> Transport | None:
        with self.engine.connect() as conn:
            via = settings.get(conn, settings.MAIL_TRANSPORT)
            smtp = load_smtp_settings(conn) if via == "smtp" else None
        if via != "smtp":
            return MailtoTransport(open_mailto)
        if smtp is None:
            messages.warning(parent, "Sending by SMTP is chosen, but no SMTP server is set up.",
                             "Set one up in Tools ▸ Settings ▸ Mail, or choose your mail app "
                             "there instead. Your message is still here.")
            return None
        if not smtp.username:
            return SmtpTransport(smtp)
        status = self.secrets.status()
        why = ("no password is stored in your keyring" if status.available
               else status.message)
        password = self.secrets.get_or_ask(SMTP_KEYRING_SERVICE, smtp.secret_account,
                                           lambda: ask_password(parent, smtp, why))
        if password is None:
            return None
        return SmtpTransport(smtp, password)
