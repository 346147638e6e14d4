"""Screenshots of the Settings dialog and the detail pane on a real X server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.test_app_xvfb import DOCS, distinct_colours
from tests.ui.xvfb import grab_screen, stop_process, x11_env

HELPER = Path(__file__).with_name("show_for_screenshot.py")
REPO = Path(__file__).resolve().parents[2]


def shot(display: str, tmp_path: Path, what: str) -> Path:
    ready = tmp_path / f"{what}.ready"
    env = x11_env(display, PYTHONPATH=str(REPO), HOME=str(tmp_path / "user"),
                  XDG_RUNTIME_DIR=str(tmp_path))
    command = [sys.executable, str(HELPER), what, str(tmp_path / what), str(ready)]
    if what.startswith("settings") and shutil.which("dbus-run-session") \
            and shutil.which("gnome-keyring-daemon"):
        command = ["dbus-run-session", "--", *command]
    log = (tmp_path / f"{what}.log").open("wb")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, (tmp_path / f"{what}.log").read_text()
            assert time.monotonic() < deadline, "the window did not paint in time"
            time.sleep(0.1)
        return grab_screen(display, tmp_path / f"{what}.png")
    finally:
        stop_process(proc)
        log.close()


@pytest.mark.xvfb
@pytest.mark.parametrize(("what", "doc"), [
    ("settings-reminders", "settings-dialog.png"),
    ("settings-mail", "settings-dialog-mail.png"),
    ("detail-pane", "detail-pane.png"),
])
def test_screenshot(xvfb_display: str, tmp_path: Path, what: str, doc: str) -> None:
    picture = shot(xvfb_display, tmp_path, what)
    image = QImage(str(picture))
    assert image.width() > 400 and image.height() > 300
    assert distinct_colours(image) > 20, "screen looks blank: the window did not paint"
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        shutil.copy(picture, DOCS / doc)
