"""The compose window and the guard dialog on a real X server, kept as screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.test_app_xvfb import DOCS, distinct_colours
from tests.ui.xvfb import x11_env

SCRIPT = Path(__file__).with_name("shoot_compose.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.xvfb
def test_compose_and_guard_dialog_paint_on_a_real_display(xvfb_display: str,
                                                          tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "tests.ui.shoot_compose", str(tmp_path), str(tmp_path)],
                   env=x11_env(xvfb_display), cwd=REPO, check=True, timeout=120)
    for name in ("compose-window.png", "guard-dialog.png"):
        image = QImage(str(tmp_path / name))
        assert image.width() > 300 and distinct_colours(image, 4) > 10, name
        if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
            shutil.copy(tmp_path / name, DOCS / name)
