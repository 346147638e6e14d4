"""Starting the desktop app: one instance per data dir, a window, a clean exit."""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager import APP_DISPLAY_NAME, APP_ID, APP_NAME, ORG_NAME, __version__
from relmanager.logs import setup_logging
from relmanager.paths import app_paths
from relmanager.store import DatabaseError, open_database
from relmanager.ui.crash import install_excepthook
from relmanager.ui.file_open import FileOpenFilter
from relmanager.ui.gui_runtime import ease_gui_thread
from relmanager.ui.main_window import MainWindow
from relmanager.ui.resources import app_icon
from relmanager.ui.single_instance import InstanceServer, send_to_running
from relmanager.ui.tasks import finish_background_work

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName(APP_ID)  # lets Wayland/X11 docks match our .desktop file
    app.setWindowIcon(app_icon())
    return app


def run_app(home: str | None = None, files: list[str] | None = None,
            minimized: bool = False) -> int:
    files = [str(Path(f).resolve()) for f in (files or [])]
    try:
        paths = app_paths(home)
    except OSError as exc:
        print(f"{APP_NAME}: cannot use the data directory: {exc}", file=sys.stderr)
        return 1
    setup_logging(paths.log_file)
    app = make_application()
    install_excepthook(paths)

    if send_to_running(paths.instance_key, files):
        log.info("Handed over to the running instance")
        return 0

    try:
        engine = open_database(paths.database, paths.backups)
    except DatabaseError as exc:
        log.error("Cannot open the database: %s", exc)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        return 1

    window = MainWindow(engine, paths)
    server = InstanceServer(paths.instance_key, window)
    server.activated.connect(window.activate)
    server.listen()
    file_open = FileOpenFilter(app)  # macOS: double-clicked .vcf files arrive as events
    file_open.file_opened.connect(lambda path: window.import_files([path]))
    app.installEventFilter(file_open)
    if minimized and window.reminders.tray.available:
        log.info("Started minimized to the tray")
    else:  # without a tray a hidden window could never be reached: show it
        window.show()
    if files:
        window.import_files(files)
    log.info("relmanager %s started", __version__)
    # Start-up objects (modules, Qt wrappers, the row cache's first pages) live for the
    # whole session: keep them out of the cyclic collector's full passes, which took
    # ~100 ms at 50k contacts and showed as stutter while scrolling.
    ease_gui_thread()
    gc.enable()  # off since `relmanager.cli` started the window (see _run_gui there)
    try:
        return app.exec()
    finally:
        server.close()
        finish_background_work(window, (window.import_flow, window.export_flow))
        engine.dispose()
        log.info("relmanager stopped")

