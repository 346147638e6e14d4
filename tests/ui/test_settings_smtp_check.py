"""Settings ▸ Mail ▸ Test connection: against a real SMTP server on 127.0.0.1, nothing sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from sqlalchemy import Engine

from relmanager.desktop.secrets import SecretStore
from relmanager.services.sending import SmtpSecurity, SmtpSettings, save_smtp_settings
from relmanager.ui.settings_dialog import SettingsDialog
from relmanager.ui.settings_pages.mail_page import MailPage
from tests.sending.conftest import (  # noqa: F401  (fixtures)
    Checker,
    SelfSigned,
    StartServer,
    free_port,
    self_signed,
    smtp_server,
)

_open: list[SettingsDialog] = []


@pytest.fixture(autouse=True)
def _keep_dialogs() -> Iterator[None]:
    yield
    for dialog in _open:
        dialog.deleteLater()
    _open.clear()


def _dialog(qtbot, engine: Engine) -> SettingsDialog:
    dialog = SettingsDialog(engine, secrets=SecretStore(fail.Keyring()), autostart=None,
                            command=["relmanager"])
    qtbot.addWidget(dialog)
    _open.append(dialog)  # the page lives as long as its dialog
    dialog.show()
    return dialog


def _mail_page(qtbot, engine: Engine, port: int, username: str = "") -> MailPage:
    mail = _dialog(qtbot, engine).mail
    mail.use_smtp.setChecked(True)
    mail.host.setText("127.0.0.1")
    mail.security.setCurrentIndex(mail.security.findData(SmtpSecurity.NONE.value))
    mail.port.setValue(port)
    mail.username.setText(username)
    mail.from_address.setText("Me <me@example.org>")
    return mail


def _click_test(qtbot, mail: MailPage) -> str:
    assert mail.test_button.isEnabled()
    qtbot.mouseClick(mail.test_button, Qt.MouseButton.LeftButton)
    assert not mail.test_button.isEnabled()  # one test at a time
    qtbot.waitUntil(mail.test_button.isEnabled, timeout=15_000)
    return mail.test_result.text()


def test_test_connection_reaches_the_server_and_sends_nothing(
        qtbot, engine: Engine, smtp_server: StartServer) -> None:  # noqa: F811
    server = smtp_server()
    mail = _mail_page(qtbot, engine, server.port)
    said = _click_test(qtbot, mail)
    assert said == (f"Connected to 127.0.0.1:{server.port} unencrypted (this computer only). "
                    "No login is set up.")
    assert server.sink.received == []
    assert mail.test_result.textFormat() == Qt.TextFormat.PlainText


def test_test_connection_uses_the_typed_password_over_starttls(
        qtbot, engine: Engine, smtp_server: StartServer,  # noqa: F811
        self_signed: SelfSigned) -> None:  # noqa: F811
    checker = Checker("me", "right")
    server = smtp_server(checker, tls_context=self_signed.server_context(),
                         require_starttls=True)
    # A saved account trusting the test certificate (the dialog keeps its CA file).
    save_smtp_settings(engine, SmtpSettings(
        host="127.0.0.1", port=server.port, security=SmtpSecurity.STARTTLS, username="me",
        sender="Me <me@example.org>", ca_file=str(self_signed.cert)))
    dialog = _dialog(qtbot, engine)
    mail = dialog.mail
    mail.use_smtp.setChecked(True)
    # No keyring here: the password field is off, so the login is not tried...
    assert _click_test(qtbot, mail).endswith("Login not tried: type the password to test it.")
    assert checker.attempts == 0
    # ...until there is a keyring to remember it in and the user typed one.
    mail.can_remember = True
    mail.remember.setEnabled(True)
    mail.remember.setChecked(True)
    mail.password.setText("wrong-guess")
    said = _click_test(qtbot, mail)
    assert "did not accept the user name or password" in said
    assert "wrong-guess" not in said
    mail.password.setText("right")
    assert _click_test(qtbot, mail).endswith("The server accepted the user name and password.")
    assert server.sink.received == []


def test_test_connection_to_a_closed_port_names_it(qtbot, engine: Engine) -> None:
    port = free_port()
    mail = _mail_page(qtbot, engine, port)
    assert f"connecting to 127.0.0.1:{port} failed" in _click_test(qtbot, mail)


def test_test_connection_explains_what_is_missing(qtbot, engine: Engine) -> None:
    mail = _mail_page(qtbot, engine, 25)
    mail.host.clear()
    qtbot.mouseClick(mail.test_button, Qt.MouseButton.LeftButton)
    assert mail.test_result.text() == "Enter the SMTP server name first."
    assert mail.test_button.isEnabled()
