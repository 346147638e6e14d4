"""The Review page on a real X server: docs/review-queue.png."""

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

HELPER = Path(__file__).with_name("shoot_review.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.xvfb
def test_review_queue_screenshot(xvfb_display: str, tmp_path: Path, corpus: Path) -> None:
    ready = tmp_path / "review.ready"
    home = tmp_path / "home"
    home.mkdir()
    env = x11_env(xvfb_display, PYTHONPATH=str(REPO))
    log = (tmp_path / "review.log").open("wb")
    proc = subprocess.Popen([sys.executable, str(HELPER), str(home), str(ready)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert proc.poll() is None, (tmp_path / "review.log").read_text()
            assert time.monotonic() < deadline, "the review page did not paint in time"
            time.sleep(0.1)
        picture = grab_screen(xvfb_display, tmp_path / "review-queue.png")
    finally:
        stop_process(proc)
        log.close()
    image = QImage(str(picture))
    assert image.width() > 800 and image.height() > 500
    assert distinct_colours(image) > 30, "screen looks blank: the window did not paint"
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        shutil.copy(picture, DOCS / "review-queue.png")
