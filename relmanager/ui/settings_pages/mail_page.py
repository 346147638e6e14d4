"""Settings ▸ Mail: the user's mail app or an SMTP server, the password in the keyring only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager import settings
from relmanager.desktop.secrets import SecretStatus, SecretStore
from relmanager.services.sending import (
    SMTP_KEYRING_SERVICE,
    SendError,
    SmtpSecurity,
    SmtpSettings,
    SmtpTransport,
    load_smtp_settings,
    save_smtp_settings,
)
from relmanager.ui.settings_pages import SettingsPage, note_label
from relmanager.ui.tasks import Task

SECURITY_CHOICES = ((SmtpSecurity.STARTTLS, "STARTTLS (usually port 587)"),
                    (SmtpSecurity.SSL, "SSL/TLS (usually port 465)"),
                    (SmtpSecurity.NONE, "None (only a server on this computer)"))
DEFAULT_PORTS = {SmtpSecurity.STARTTLS: 587, SmtpSecurity.SSL: 465, SmtpSecurity.NONE: 25}


class MailPage(SettingsPage):
    title = "&Mail"

    def __init__(self, engine: Engine, secrets: SecretStore,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailPage")
        self._engine = engine
        self._secrets = secrets
        with engine.connect() as conn:
            self._transport_before = settings.get(conn, settings.MAIL_TRANSPORT)
            self._smtp_before = load_smtp_settings(conn)
        old = self._smtp_before
        status = secrets.status()
        stored = (status.available and old is not None and bool(old.username)
                  and secrets.get_password(SMTP_KEYRING_SERVICE, old.secret_account) is not None)
        status = secrets.status()  # the read may have found the keyring locked
        self.page_layout.addWidget(self._how_box())
        self.page_layout.addWidget(self._smtp_box(old, stored, status))
        self.use_smtp.toggled.connect(self.smtp_box.setEnabled)
        self.smtp_box.setEnabled(self.use_smtp.isChecked())
        self.page_layout.addWidget(self.error)
        self.page_layout.addStretch(1)

    def _how_box(self) -> QGroupBox:
        how = QGroupBox("Send messages with")
        how_column = QVBoxLayout(how)
        self.use_mailto = QRadioButton("My ma&il app (opens a new message there)")
        self.use_smtp = QRadioButton("An &SMTP server (sends directly from relmanager)")
        group = QButtonGroup(self)
        group.addButton(self.use_mailto)
        group.addButton(self.use_smtp)
        (self.use_smtp if self._transport_before == "smtp" else self.use_mailto).setChecked(True)
        how_column.addWidget(self.use_mailto)
        how_column.addWidget(self.use_smtp)
        return how

    def _smtp_box(self, old: SmtpSettings | None, stored: bool,
                  status: SecretStatus) -> QGroupBox:
        self.smtp_box = QGroupBox("SMTP server")
        self.smtp_box.setObjectName("smtpBox")
        form = QFormLayout(self.smtp_box)
        self.host = QLineEdit(old.host if old else "")
        self.host.setPlaceholderText("smtp.example.org")
        self.host.setAccessibleName("SMTP server name")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(old.port if old else DEFAULT_PORTS[SmtpSecurity.STARTTLS])
        self.port.setAccessibleName("SMTP port")
        self.security = QComboBox()
        self.security.setAccessibleName("Connection security")
        for value, text in SECURITY_CHOICES:
            self.security.addItem(text, value.value)
        if old:
            self.security.setCurrentIndex(self.security.findData(old.security.value))
        self._security_shown = self._chosen_security()
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username = QLineEdit(old.username if old else "")
        self.username.setPlaceholderText("often your e-mail address; empty: no login")
        self.username.setAccessibleName("SMTP user name")
        self.from_address = QLineEdit(old.sender if old else "")
        self.from_address.setPlaceholderText("Your Name <you@example.org>")
        self.from_address.setAccessibleName("From address")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("SMTP password")
        self.password.setPlaceholderText(
            "saved in the keyring; type to replace it" if stored else "")
        self.remember = QCheckBox("Remember the password in the system &keyring")
        self.remember.setObjectName("rememberPassword")
        self.can_remember = status.available
        self.remember.setEnabled(status.available)
        # Checked by default: unticking it on OK is how a kept password is forgotten.
        self.remember.setChecked(status.available)
        # The password only matters when it is remembered: otherwise sending asks for it.
        self.password.setEnabled(self.remember.isChecked())
        self.remember.toggled.connect(self.password.setEnabled)
        if not status.available:
            self.password.setPlaceholderText("asked for when you send")
        self.keyring_status = note_label(status.message)
        self.keyring_status.setObjectName("keyringStatus")
        form.addRow("Ser&ver", self.host)
        form.addRow("P&ort", self.port)
        form.addRow("Se&curity", self.security)
        form.addRow("&User name", self.username)
        form.addRow("&From", self.from_address)
        form.addRow("Pass&word", self.password)
        form.addRow("", self.remember)
        form.addRow("", self.keyring_status)
        form.addRow("", self._test_row())
        return self.smtp_box

    def _test_row(self) -> QHBoxLayout:
        self.test_button = QPushButton("&Test connection")
        self.test_button.setToolTip("Connect and log in without sending anything")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setObjectName("smtpTestResult")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)  # server text is untrusted
        self.test_result.setWordWrap(True)
        self._test_task: Task | None = None
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.test_result, 1)
        return row

    def _chosen_security(self) -> SmtpSecurity:
        return SmtpSecurity(self.security.currentData())

    def _security_changed(self) -> None:
        # Follow the usual port unless the user typed their own.
        new = self._chosen_security()
        if self.port.value() == DEFAULT_PORTS[self._security_shown]:
            self.port.setValue(DEFAULT_PORTS[new])
        self._security_shown = new

    def transport(self) -> str:
        return "smtp" if self.use_smtp.isChecked() else "mailto"

    def smtp_settings(self) -> SmtpSettings | None:
        """The account as typed; None when no server is entered. Raises ValueError
        (SmtpSettingsError, InvalidAddressError) with a message for the user."""
        host = self.host.text().strip()
        if not host:
            return None
        old = self._smtp_before
        sender = self.from_address.text().strip()
        if not sender:
            raise ValueError("enter the From address your messages come from")
        return SmtpSettings(
            host=host, sender=sender, port=self.port.value(),
            security=self._chosen_security(), username=self.username.text().strip(),
            timeout=old.timeout if old else 30.0, ca_file=old.ca_file if old else "")

    def test_connection(self) -> None:
        """Connect with what is typed (not yet saved), off the GUI thread."""
        try:
            smtp = self.smtp_settings()
        except ValueError as exc:
            self._show_test(f"Cannot test: {exc}", ok=False)
            return
        if smtp is None:
            self._show_test("Enter the SMTP server name first.", ok=False)
            return
        password = self._password_for_test(smtp)
        transport = SmtpTransport(smtp, password)
        task = Task(lambda _t: transport.check())
        task.succeeded.connect(lambda text: self._show_test(str(text), ok=True))
        task.failed.connect(lambda exc: self._show_test(
            str(exc) if isinstance(exc, SendError) else f"Test failed: {exc}", ok=False))
        self._test_task = task
        self.test_button.setEnabled(False)
        self._show_test(f"Connecting to {smtp.host}:{smtp.port}…", ok=True)
        task.start()

    def _password_for_test(self, smtp: SmtpSettings) -> str | None:
        if not smtp.username:
            return None
        if self.password.text():
            return self.password.text()
        if not self.can_remember:
            return None
        old = self._smtp_before
        for account in (smtp.secret_account, old.secret_account if old else None):
            if account:
                kept = self._secrets.get_password(SMTP_KEYRING_SERVICE, account)
                if kept is not None:
                    return kept
        return None

    def _show_test(self, text: str, *, ok: bool) -> None:
        if not text.endswith("…"):
            self.test_button.setEnabled(True)
            self._test_task = None
        self.test_result.setStyleSheet("" if ok else "color: #b3261e;")
        self.test_result.setText(text)

    def check(self) -> str:
        try:
            smtp = self.smtp_settings()
        except ValueError as exc:
            return f"SMTP settings: {exc}"
        if smtp is None and self.transport() == "smtp":
            return "Enter the SMTP server name, or choose your mail app."
        return ""

    def apply(self) -> str:
        """Keyring first: when it refuses the password nothing else is written."""
        smtp = self.smtp_settings()
        if smtp is not None:
            problem = self._store_password(smtp)
            if problem:
                return problem
            if smtp != self._smtp_before:
                save_smtp_settings(self._engine, smtp)
        if self.transport() != self._transport_before:
            settings.put(self._engine, settings.MAIL_TRANSPORT, self.transport())
        return ""

    def _store_password(self, smtp: SmtpSettings) -> str:
        old = self._smtp_before
        typed = self.password.text()
        moved = old is not None and old.secret_account != smtp.secret_account
        # (`isEnabled()` would also be False while the SMTP box is greyed out for mailto.)
        if not (self.can_remember and self.remember.isChecked()) or not smtp.username:
            # Not remembered: forget what was kept; sending will ask each time.
            self._secrets.delete_password(SMTP_KEYRING_SERVICE, smtp.secret_account)
            if moved and old is not None:
                self._secrets.delete_password(SMTP_KEYRING_SERVICE, old.secret_account)
            return ""
        if not typed and moved and old is not None:
            typed = self._secrets.get_password(SMTP_KEYRING_SERVICE, old.secret_account) or ""
        if typed and not self._secrets.set_password(SMTP_KEYRING_SERVICE, smtp.secret_account,
                                                    typed):
            status = self._secrets.status()
            self.can_remember = status.available
            self.remember.setEnabled(status.available)
            self.keyring_status.setText(status.message)
            return f"The password was not saved. {status.message}"
        if typed and moved and old is not None:
            self._secrets.delete_password(SMTP_KEYRING_SERVICE, old.secret_account)
        self.password.clear()
        return ""
