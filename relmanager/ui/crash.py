"""Unhandled exceptions: log the traceback, tell the user where the log is.

Data is safe by construction (every write is one transaction), so the dialog
can say so honestly.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager import APP_DISPLAY_NAME
from relmanager.paths import AppPaths

log = logging.getLogger(__name__)


def install_excepthook(paths: AppPaths) -> None:
    showing = False  # one dialog at a time: errors raised while it shows are only logged

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        nonlocal showing
        log.critical("Unhandled exception:\n%s",
                     "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        if showing:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME,
                          "Something went wrong inside relmanager.")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "Your contacts are safe: changes are saved as complete transactions, so the "
            "last one either happened completely or not at all. You can keep working.\n\n"
            f"Details were written to the log:\n{paths.log_file}")
        showing = True
        try:
            box.exec()
        finally:
            showing = False
            box.deleteLater()

    sys.excepthook = hook

