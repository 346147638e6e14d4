"""Tools ▸ Settings: saved on OK, untouched on Cancel, errors inline, autostart on disk."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox
from sqlalchemy import Engine, text

from relmanager import settings
from relmanager.desktop.autostart import XdgAutostart
from relmanager.desktop.secrets import SecretStore
from relmanager.domain import Circle
from relmanager.services.ask_check import policy
from relmanager.services.reminders import due, read_config
from relmanager.services.sending import SmtpSecurity, load_smtp_settings
from relmanager.ui.settings_dialog import SettingsDialog
from relmanager.ui.settings_pages.reminders_page import app_command
from tests.reminders.helpers import add

COMMAND = ["/opt/relmanager/bin/relmanager"]


@pytest.fixture
def autostart(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(tmp_path / "config")


def open_dialog(qtbot, engine: Engine, autostart: XdgAutostart | None = None,
                secrets: SecretStore | None = None) -> SettingsDialog:
    dialog = SettingsDialog(engine, secrets=secrets or SecretStore(fail.Keyring()),
                            autostart=autostart, command=COMMAND)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def settings_rows(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT key, value FROM settings "
                                                    "ORDER BY key"))]


def group_row(dialog: SettingsDialog, row: int) -> tuple[QComboBox, QSpinBox]:
    table = dialog.reminders.group_table
    combo, spin = table.cellWidget(row, 0), table.cellWidget(row, 1)
    assert isinstance(combo, QComboBox) and isinstance(spin, QSpinBox)
    return combo, spin


def test_settings_are_saved_on_ok_and_shown_again(qtbot, engine: Engine,
                                                  autostart: XdgAutostart) -> None:
    today = date(2026, 6, 1)
    maria = add(engine, "Maria Friend", circle=Circle.FRIEND, met=today - timedelta(days=40),
                categories=["Family"])
    assert [i.contact_id for i in due(engine, today)] == []  # 40 days < 60

    dialog = open_dialog(qtbot, engine, autostart)
    page = dialog.reminders
    assert page.circle_spins[Circle.FRIEND].value() == 60
    assert page.circle_spins[Circle.UNSORTED].text() == "No reminders"
    page.circle_spins[Circle.PROFESSIONAL].setValue(0)
    qtbot.mouseClick(page.add_group_button, Qt.MouseButton.LeftButton)
    combo, spin = group_row(dialog, 0)
    assert [combo.itemText(i) for i in range(combo.count())] == ["Family"]  # from the DB
    combo.setCurrentText("Family")
    spin.setValue(30)
    dialog.ask_guard.budget_count.setValue(2)
    dialog.ask_guard.budget_days.setValue(30)
    dialog.ask_guard.silence_days.setValue(200)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.changes_due

    cfg = read_config(engine)
    assert cfg.circle_cadence[Circle.PROFESSIONAL] == 0
    assert cfg.category_cadence == {"Family": 30}
    with engine.connect() as conn:
        p = policy(conn)
    assert (p.ask_budget_count, p.ask_budget_days, p.long_silence_days) == (2, 30, 200)
    assert [i.contact_id for i in due(engine, today)] == [maria]  # the group's 30 days

    again = open_dialog(qtbot, engine, autostart)
    assert again.reminders.circle_spins[Circle.PROFESSIONAL].text() == "No reminders"
    assert group_row(again, 0)[0].currentText() == "Family"
    assert group_row(again, 0)[1].value() == 30
    assert again.ask_guard.budget_days.value() == 30
    again.reminders.group_table.selectRow(0)
    qtbot.mouseClick(again.reminders.remove_group_button, Qt.MouseButton.LeftButton)
    again.accept()
    assert read_config(engine).category_cadence == {}


def test_cancel_changes_nothing(qtbot, engine: Engine, autostart: XdgAutostart) -> None:
    before = settings_rows(engine)
    dialog = open_dialog(qtbot, engine, autostart)
    dialog.reminders.circle_spins[Circle.FRIEND].setValue(7)
    dialog.reminders.autostart_box.setChecked(True)
    dialog.ask_guard.budget_count.setValue(5)
    dialog.mail.use_smtp.setChecked(True)
    dialog.mail.host.setText("smtp.example.org")
    dialog.mail.from_address.setText("me@example.org")
    dialog.reject()
    assert settings_rows(engine) == before
    assert not autostart.path.exists()
    assert not dialog.changes_due


def test_autostart_checkbox_writes_and_removes_the_xdg_file(
        qtbot, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    desktop_file = tmp_path / "xdg" / "autostart" / "org.relmanager.RelManager.desktop"
    dialog = SettingsDialog(engine, secrets=SecretStore(fail.Keyring()))  # platform defaults
    qtbot.addWidget(dialog)
    assert not dialog.reminders.autostart_box.isChecked()
    dialog.reminders.autostart_box.setChecked(True)
    dialog.accept()
    exec_line = next(line for line in desktop_file.read_text().splitlines()
                     if line.startswith("Exec="))
    assert exec_line.endswith(" -m relmanager --minimized")
    assert sys.executable in exec_line.replace("\\\\", "\\")
    assert app_command() == [sys.executable, "-m", "relmanager"]

    again = SettingsDialog(engine, secrets=SecretStore(fail.Keyring()))
    qtbot.addWidget(again)
    assert again.reminders.autostart_box.isChecked()
    again.reminders.autostart_box.setChecked(False)
    again.accept()
    assert not desktop_file.exists()


def test_frozen_app_starts_itself_at_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert app_command() == [sys.executable]


@pytest.mark.parametrize(("host", "security", "sender", "error"), [
    ("smtp.example.org", SmtpSecurity.NONE, "me@example.org",
     "an unencrypted connection is only allowed to this machine"),
    ("smtp.example.org", SmtpSecurity.STARTTLS, "not an address", "not a valid e-mail address"),
    ("smtp.example.org", SmtpSecurity.STARTTLS, "", "enter the From address"),
    ("bad host name!", SmtpSecurity.STARTTLS, "me@example.org", "not a valid server name"),
    ("", SmtpSecurity.STARTTLS, "", "Enter the SMTP server name, or choose your mail app."),
])
def test_smtp_errors_are_shown_inline_and_nothing_is_saved(
        qtbot, engine: Engine, host: str, security: SmtpSecurity, sender: str,
        error: str) -> None:
    before = settings_rows(engine)
    dialog = open_dialog(qtbot, engine)
    mail = dialog.mail
    mail.use_smtp.setChecked(True)
    mail.host.setText(host)
    mail.security.setCurrentIndex(mail.security.findData(security.value))
    mail.from_address.setText(sender)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.tabs.currentWidget() is mail
    assert mail.error.isVisible()
    assert error in mail.error.text()
    assert settings_rows(engine) == before


def test_no_secure_keyring_disables_remembering_and_says_so(qtbot, engine: Engine) -> None:
    dialog = open_dialog(qtbot, engine, secrets=SecretStore(fail.Keyring()))
    mail = dialog.mail
    assert not mail.remember.isEnabled()
    assert not mail.remember.isChecked()
    assert not mail.password.isEnabled()
    assert mail.keyring_status.text() == (
        "No secure keyring: you will be asked for the password each time.")

    mail.use_smtp.setChecked(True)
    mail.host.setText("smtp.example.org")
    mail.security.setCurrentIndex(mail.security.findData(SmtpSecurity.SSL.value))
    assert mail.port.value() == 465  # follows the usual port for SSL
    mail.username.setText("me@example.org")
    mail.from_address.setText("Me <me@example.org>")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with engine.connect() as conn:
        smtp = load_smtp_settings(conn)
        assert settings.get(conn, settings.MAIL_TRANSPORT) == "smtp"
    assert smtp is not None
    assert (smtp.host, smtp.port, smtp.security, smtp.username) == (
        "smtp.example.org", 465, SmtpSecurity.SSL, "me@example.org")


def test_tools_menu_and_shortcut_open_the_dialog(qtbot, window) -> None:
    assert window.settings_feature.action in window.tools_menu.actions()
    assert window.settings_feature.action.shortcut().toString() == "Ctrl+,"
    window.settings_feature.action.trigger()
    dialogs = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()
    assert window.settings_feature.dialog is None
