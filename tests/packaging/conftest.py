"""The double-click app: one PyInstaller build per test session, shared by every test.

Set RELMANAGER_BUNDLE=DIR to test a bundle built beforehand (e.g. by
scripts/build-bundle.sh) instead of building one, which takes a minute or two.
Tools that are missing (PyInstaller, the desktop-file validators) skip the tests
that need them, unless RELMANAGER_REQUIRE_XVFB is set (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import REPO, require
from tests.ui.xvfb import xvfb_display  # noqa: F401  (fixture)


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The onedir bundle directory (holding the `relmanager` executable)."""
    prebuilt = os.environ.get("RELMANAGER_BUNDLE")
    if prebuilt:
        path = Path(prebuilt).resolve()
        if not (path / "relmanager").is_file():
            pytest.fail(f"RELMANAGER_BUNDLE={prebuilt} has no relmanager executable")
        return path
    try:
        import PyInstaller  # noqa: F401, PLC0415
    except ImportError:
        if os.environ.get("RELMANAGER_REQUIRE_XVFB"):
            pytest.fail("PyInstaller is missing from the dev extra, and RELMANAGER_REQUIRE_XVFB is set")
        pytest.skip("PyInstaller not installed (pip install -e '.[dev]')")
    require("objdump", "apt install binutils; PyInstaller needs it on Linux")
    work = tmp_path_factory.mktemp("pyinstaller")
    log = work / "build.log"
    with log.open("wb") as out:
        result = subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
             str(REPO / "build.spec")],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, timeout=900, check=False)
    if result.returncode != 0:
        pytest.fail(f"PyInstaller failed ({result.returncode}):\n{log.read_text()[-4000:]}")
    return work / "dist" / "relmanager"
