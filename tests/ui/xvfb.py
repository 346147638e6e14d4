"""A real X server for tests that need real windows (screenshots, tray).

Tests start their own Xvfb (no `xvfb-run` wrapper needed) on a free display
found with -displayfd. Without Xvfb they skip, unless RELMANAGER_REQUIRE_XVFB
is set (CI sets it), so a missing package cannot turn into a silent skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

GRAB_SCRIPT = Path(__file__).with_name("grab_screen.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("RELMANAGER_REQUIRE_XVFB"):
            pytest.fail("Xvfb is required (RELMANAGER_REQUIRE_XVFB is set) but not installed")
        pytest.skip("Xvfb not installed (apt install xvfb xauth)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        pytest.fail("Xvfb did not report a display number")
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def x11_env(display: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", **extra)
    return env


def grab_screen(display: str, out: Path) -> Path:
    """Screenshot the whole X screen with Qt's xcb backend (no ImageMagick needed)."""
    subprocess.run([sys.executable, str(GRAB_SCRIPT), str(out)], env=x11_env(display),
                   check=True, timeout=60)
    return out


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """Ask a started app to quit; kill it if it has not within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def show_and_grab(display: str, script: str, args: list[str], out: Path) -> Path:
    """Run a Python `script` that prints "shown" once its window is up, then grab the screen."""
    errors = out.with_suffix(".stderr.txt")
    with errors.open("w") as err, subprocess.Popen(
            [sys.executable, "-c", script, *args], cwd=REPO,
            env=x11_env(display), stdout=subprocess.PIPE, stderr=err, text=True) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "shown", errors.read_text()
            time.sleep(0.3)
            return grab_screen(display, out)
        finally:
            stop_process(proc)
