"""An unhandled exception: a dialog naming the log, the traceback in the log."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.logs import setup_logging
from relmanager.ui.crash import install_excepthook


@pytest.fixture
def logged_to_file(paths, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    setup_logging(paths.log_file)
    yield paths
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_relmanager", False):
            root.removeHandler(handler)
            handler.close()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_log_and_logs_the_traceback(qtbot, logged_to_file) -> None:
    paths = logged_to_file
    install_excepthook(paths)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.text()}\n{box.informativeText()}")
            # A second failure while the dialog shows is logged, not stacked.
            sys.excepthook(RuntimeError, RuntimeError("second-failure"), None)
            QTimer.singleShot(0, box.accept)
        else:
            QTimer.singleShot(20, answer)

    def boom() -> None:
        raise RuntimeError("kaboom-7f3")

    QTimer.singleShot(20, answer)
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    assert "Something went wrong" in seen[0]
    assert str(paths.log_file) in seen[0] and "contacts are safe" in seen[0]
    log_text = paths.log_file.read_text()
    assert "Traceback" in log_text and "kaboom-7f3" in log_text and "in boom" in log_text
    assert "second-failure" in log_text
    assert len(seen) == 1
