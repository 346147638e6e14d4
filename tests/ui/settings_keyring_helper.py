"""Run inside `dbus-run-session`: the Settings dialog against a fresh gnome-keyring.

argv: HOME_FOR_THE_APP_DATA PASSWORD. Prints one JSON object with what it saw.
Started by tests/ui/test_settings_keyring.py with a temporary HOME and XDG dirs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
UNLOCK_PASSWORD = b"relmanager-test-keyring"  # the throwaway keyring's own password
OLD_ACCOUNT = "me@example.org@smtp.example.org:587"
NEW_ACCOUNT = "me2@example.org@smtp.example.org:587"


def main() -> int:
    app_home, secret = Path(sys.argv[1]), sys.argv[2]
    daemon = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                            input=UNLOCK_PASSWORD, capture_output=True, timeout=30, check=False)
    if daemon.returncode != 0:
        print(json.dumps({"error": f"gnome-keyring-daemon failed: {daemon.stderr!r}"}))
        return 1

    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from relmanager.desktop.autostart import XdgAutostart  # noqa: PLC0415
    from relmanager.desktop.secrets import SecretStore  # noqa: PLC0415
    from relmanager.paths import app_paths  # noqa: PLC0415
    from relmanager.store import open_database  # noqa: PLC0415
    from relmanager.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

    app = QApplication(sys.argv[:1])
    paths = app_paths(app_home)
    engine = open_database(paths.database, paths.backups)
    autostart = XdgAutostart(app_home / "autostart-config")

    def dialog() -> SettingsDialog:
        return SettingsDialog(engine, secrets=SecretStore(), autostart=autostart,
                              command=["relmanager"])

    def kept(account: str) -> bool | None:
        value = SecretStore().get_password("smtp", account)
        return None if value is None else value == secret

    out: dict[str, object] = {}
    first = dialog()
    mail = first.mail
    out["status"] = mail.keyring_status.text()
    mail.use_smtp.setChecked(True)
    out["remember_offered"] = mail.remember.isEnabled() and mail.remember.isChecked()
    mail.host.setText("smtp.example.org")
    mail.username.setText("me@example.org")
    mail.from_address.setText("Me <me@example.org>")
    mail.password.setText(secret)
    first.accept()
    out["first_saved"] = first.result() == SettingsDialog.DialogCode.Accepted
    out["kept_after_first"] = kept(OLD_ACCOUNT)

    second = dialog()
    out["placeholder"] = second.mail.password.placeholderText()
    out["field_empty"] = second.mail.password.text() == ""
    second.mail.username.setText("me2@example.org")
    second.accept()
    out["moved_to_new_account"] = kept(NEW_ACCOUNT)
    out["old_account_after_move"] = kept(OLD_ACCOUNT)

    mailto = dialog()
    mailto.mail.use_mailto.setChecked(True)
    mailto.accept()
    out["kept_while_mailto"] = kept(NEW_ACCOUNT)

    third = dialog()
    third.mail.use_smtp.setChecked(True)
    third.mail.remember.setChecked(False)
    third.accept()
    out["after_forget"] = kept(NEW_ACCOUNT)
    engine.dispose()
    app.quit()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
