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

from tests.ui.xvfb import grab_screen, stop_process, x11_env

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
        stop_process(proc)
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
def test_second_launch_hands_its_file_to_the_running_window(running_app, tmp_path: Path,
                                                          corpus: Path) -> None:
    display, home = running_app
    book = tmp_path / "book.vcf"
    generator = corpus.parents[1] / "bench" / "gen_vcards.py"
    subprocess.run([sys.executable, str(generator), "--cards", "300", "--photos", "0",
                    "--out", str(book)], check=True, capture_output=True, timeout=60)
    second = subprocess.run(
        [sys.executable, "-m", "relmanager", "--home", str(home), str(book)],
        env=x11_env(display), capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 0, second.stderr
    log = home / "logs" / "relmanager.log"
    wait_for_log(log, "Another launch asked to activate the window (1 file(s))")
    wait_for_log(log, "300 cards, 300 created")
    time.sleep(1.0)  # the summary dialog paints
    shot = grab_screen(display, tmp_path / "import-summary.png")
    assert distinct_colours(QImage(str(shot))) > 20
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        shutil.copy(shot, DOCS / "import-summary.png")


@pytest.mark.xvfb
def test_window_with_a_1k_book_lists_contacts_and_details(xvfb_display: str, tmp_path: Path,
                                                          corpus: Path) -> None:
    home = tmp_path / "home"
    book = tmp_path / "book1k.vcf"
    generator = corpus.parents[1] / "bench" / "gen_vcards.py"
    subprocess.run([sys.executable, str(generator), "--cards", "1000", "--out", str(book)],
                   check=True, capture_output=True, timeout=120)
    env = x11_env(xvfb_display)
    subprocess.run([sys.executable, "-m", "relmanager", "--home", str(home), "import",
                    str(book)], env=env, check=True, capture_output=True, timeout=300)
    output = (tmp_path / "app-output.txt").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "relmanager", "--home", str(home)],
                            env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_log(home / "logs" / "relmanager.log", "Main window shown")
        time.sleep(1.0)
        shot = grab_screen(xvfb_display, tmp_path / "main-window-list.png")
        assert distinct_colours(QImage(str(shot))) > 50
        if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
            shutil.copy(shot, DOCS / "main-window-list.png")
    finally:
        stop_process(proc)
        output.close()
