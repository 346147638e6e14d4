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
    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        log.critical("Unhandled exception:\n%s",
                     "".join(traceback.format_exception(kind, value, tb)))
        if QApplication.instance() is None:
            sys.__excepthook__(kind, value, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME,
                          "Something went wrong inside relmanager.")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            "Your contacts are safe: changes are saved as complete transactions.\n"
            f"Details were written to the log:\n{paths.log_file}")
        box.exec()

    sys.excepthook = hook

