"""The real app, started as a user starts it, on a real X server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.ui.xvfb import grab_screen, x11_env

DOCS = Path(__file__).resolve().parents[2] / "docs"


def wait_for_log(log: Path, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(errors="replace"):
            return
        time.sleep(0.1)
    content = log.read_text(errors="replace") if log.exists() else "(no log)"
    pytest.fail(f"{text!r} not logged within {timeout}s; log:\n{content}")


@pytest.fixture
def running_app(xvfb_display: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    home = tmp_path / "home"
    output = (tmp_path / "app-output.txt").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "relmanager", "--home", str(home)],
                            env=x11_env(xvfb_display), stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_log(home / "logs" / "relmanager.log", "Main window shown")
        time.sleep(0.5)  # let the first frame paint
        yield xvfb_display, home
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        output.close()


def distinct_colours(image: QImage, step: int = 8) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.xvfb
def test_app_opens_its_window_on_a_real_display(running_app, tmp_path: Path) -> None:
    display, _home = running_app
    shot = grab_screen(display, tmp_path / "main-window-empty.png")
    image = QImage(str(shot))
    assert not image.isNull()
    assert distinct_colours(image) > 20, "screen looks blank: the window did not paint"
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, DOCS / "main-window-empty.png")


@pytest.mark.xvfb
def test_second_launch_hands_over_and_exits(running_app, tmp_path: Path) -> None:
    display, home = running_app
    vcf = tmp_path / "friends.vcf"
    vcf.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n")
    second = subprocess.run(
        [sys.executable, "-m", "relmanager", "--home", str(home), str(vcf)],
        env=x11_env(display), capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 0, second.stderr
    wait_for_log(home / "logs" / "relmanager.log",
                 "Another launch asked to activate the window (1 file(s))")
