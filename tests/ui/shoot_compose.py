"""Run on a real X display: the compose window with an ask to a friend, and the
guard dialog at Send, each saved as a PNG (argv: DB dir, output dir)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from relmanager.services.sending import Draft
from relmanager.store import open_database
from relmanager.ui.compose_window import ComposeWindow
from relmanager.ui.guard_dialog import GuardDialog
from relmanager.ui.mail_transport import TransportChooser
from tests.ui.test_compose import ASK, friends_and_client


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([sys.argv[0]])
    engine = open_database(folder / "relmanager.db")
    friends_and_client(engine)
    compose = ComposeWindow(engine, TransportChooser(engine), Draft(
        to=("maria@gmail.com", "carl@acme.example"), subject="Launch day!",
        body=f"Hi both,\n\n{ASK}\n\nThanks!\nSam"))
    compose.show()
    for _ in range(20):
        app.processEvents()
    compose.grab().save(str(out / "compose-window.png"))
    dialog = GuardDialog(compose.check(), compose)
    dialog.show()
    for _ in range(20):
        app.processEvents()
    dialog.grab().save(str(out / "guard-dialog.png"))
    compose.body.clear()
    compose.subject.clear()
    engine.dispose()


if __name__ == "__main__":
    main()
