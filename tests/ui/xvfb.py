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
from collections.abc import Iterator
from pathlib import Path

import pytest

GRAB_SCRIPT = Path(__file__).with_name("grab_screen.py")


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
