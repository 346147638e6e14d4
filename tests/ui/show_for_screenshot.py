"""Show one real window with sample data for a screenshot, then wait to be terminated.

`python show_for_screenshot.py WHAT HOME READY_FILE` with WHAT one of
settings-reminders, settings-mail, detail-pane. Writes READY_FILE once painted.
Started by tests/ui/test_screenshots_b.py on an Xvfb display.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from relmanager.desktop.autostart import XdgAutostart
from relmanager.domain import Circle, InteractionKind
from relmanager.paths import app_paths
from relmanager.services.contacts import set_circle
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders import set_category_cadence
from relmanager.services.sending import SmtpSecurity, SmtpSettings, save_smtp_settings
from relmanager.store import open_database
from relmanager.ui.main_window import MainWindow
from relmanager.ui.settings_dialog import SettingsDialog
from tests.factories import make_contact, store


def start_keyring() -> None:
    """A throwaway gnome-keyring when run under dbus-run-session (status line shows it)."""
    with contextlib.suppress(OSError):  # no gnome-keyring: the page says so instead
        subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                       input=b"screenshot-keyring", capture_output=True, timeout=30,
                       check=False)


def sample_book(engine: Engine) -> int:
    today = date.today()
    maria = make_contact("Maria Rossi", "maria.rossi@example.org", org="Rossi Design",
                         phone="+39 06 1234 5678")
    maria.title = "Founder"
    maria.categories = ["Book club", "Design"]
    ids = store(engine, maria, make_contact("Paul Becker", "paul@acme.example", org="Acme"),
                make_contact("Ana Lima", "ana.lima@gmail.com"),
                make_contact("Jon Park", "jon@park.example", org="Park & Sons"))
    set_circle(engine, ids[0], Circle.BOTH)
    set_circle(engine, ids[1], Circle.PROFESSIONAL)
    set_circle(engine, ids[2], Circle.FRIEND)
    for days, kind, note in ((250, InteractionKind.MET, "design meetup in Rome"),
                             (160, InteractionKind.ASKED, "intro to her printer"),
                             (95, InteractionKind.ASKED, "feedback on our logo"),
                             (70, InteractionKind.GAVE, "sent her a client referral"),
                             (12, InteractionKind.CALL, "caught up about the book club")):
        log_interaction(engine, ids[0], kind, today - timedelta(days=days), note)
    return ids[0]


def main() -> int:
    what, home, ready = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if what.startswith("settings"):
        start_keyring()
    app = QApplication(sys.argv[:1])
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    maria = sample_book(engine)
    shown: object
    if what == "detail-pane":
        window = MainWindow(engine, paths)
        window.resize(1100, 620)
        window.splitter.setSizes([600, 500])
        window.show()
        window.table.setCurrentIndex(window.model.index(window.model.row_of(maria) or 0, 0))
        shown = window
    else:
        set_category_cadence(engine, "Book club", 30)
        set_category_cadence(engine, "Family", 14)
        save_smtp_settings(engine, SmtpSettings(
            host="smtp.example.org", sender="Me <me@example.org>", port=587,
            security=SmtpSecurity.STARTTLS, username="me@example.org"))
        dialog = SettingsDialog(engine, autostart=XdgAutostart(home / "xdg"),
                                command=["/usr/bin/relmanager"])
        if what == "settings-mail":
            dialog.mail.use_smtp.setChecked(True)
            dialog.tabs.setCurrentWidget(dialog.mail)
        dialog.move(0, 0)  # top left: grab_screen crops to the window
        dialog.show()
        shown = dialog
    QTimer.singleShot(800, lambda: ready.write_text("ready"))
    code = app.exec()
    del shown
    return code


if __name__ == "__main__":
    sys.exit(main())
