"""Smoke tests of the PyInstaller bundle, run as a user runs it: no venv, no repo."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from relmanager import APP_ID, __version__
from relmanager.store.database import head_revision
from tests.packaging.support import CORPUS, REPO, wait_for_log
from tests.ui.xvfb import grab_screen, stop_process

pytestmark = pytest.mark.slow

MAX_BUNDLE_MB = 150
QT_MODULES_ALLOWED = {"QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtSvg", "QtDBus"}
IPHONE_CARD = CORPUS / "ezvcard__John_Doe_IPHONE.vcf"


def clean_env(**extra: str) -> dict[str, str]:
    """The bundle must not lean on the developer's Python: no venv, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "RELMANAGER_HOME")}
    env.update(extra)
    return env


def run_bundle(bundle: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / "relmanager"), *args], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)


def test_bundle_prints_its_version(bundle: Path, tmp_path: Path) -> None:
    result = run_bundle(bundle, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"relmanager {__version__}"


def test_bundle_creates_and_lists_an_empty_book(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_bundle(bundle, "--home", str(home), "contacts", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    # The Alembic migrations were found inside the bundle and ran up to the head.
    log = (home / "logs" / "relmanager.log").read_text()
    assert f"Created database at schema revision {head_revision()}" in log


def test_bundle_imports_a_vcard_or_says_not_yet(bundle: Path, tmp_path: Path) -> None:
    if not IPHONE_CARD.is_file():
        pytest.skip(f"vCard corpus not found at {CORPUS}")
    home = tmp_path / "home"
    result = run_bundle(bundle, "--home", str(home), "import", str(IPHONE_CARD), "--json",
                        cwd=tmp_path)
    if result.returncode == 3:
        # Import is not built yet (README: exit 3 "not available yet"); once it is, the
        # branch below checks the bundle carries everything the importer needs.
        assert "not available yet" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    listed = run_bundle(bundle, "--home", str(home), "contacts", "--json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 1


def test_bundle_is_lean(bundle: Path) -> None:
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size / 1e6 <= MAX_BUNDLE_MB, f"bundle is {size / 1e6:.0f} MB"
    qt_modules = {p.name.split(".")[0] for p in bundle.rglob("PySide6/Qt*.so")}
    assert qt_modules <= QT_MODULES_ALLOWED, f"unexpected Qt modules: {qt_modules - QT_MODULES_ALLOWED}"
    names = {p.name for p in bundle.rglob("*")}
    for unwanted in ("tkinter", "_tkinter", "pytest", "libQt6Qml.so.6", "libQt6Pdf.so.6"):
        assert not any(n == unwanted or n.startswith(f"{unwanted}.") for n in names), unwanted


def test_bundle_carries_resources_and_migrations(bundle: Path) -> None:
    internal = bundle / "_internal"
    for rel in (f"resources/{APP_ID}.desktop", f"resources/{APP_ID}.metainfo.xml",
                "resources/icons/relmanager.svg",
                "resources/icons/hicolor/256x256/apps/relmanager.png",
                "relmanager/store/migrations/env.py",
                "relmanager/store/migrations/script.py.mako"):
        assert (internal / rel).is_file(), rel
    shipped = {p.name for p in (internal / "relmanager/store/migrations/versions").glob("*.py")}
    source = {p.name for p in (REPO / "relmanager/store/migrations/versions").glob("*.py")}
    assert shipped == source


def test_installed_bundle_runs_from_the_menu_path(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    install = subprocess.run(
        ["bash", str(REPO / "scripts" / "install-desktop.sh"), "--bundle", str(bundle)],
        env=clean_env(HOME=str(home)), capture_output=True, text=True, timeout=300,
        check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    result = run_bundle(home / ".local" / "bin", "--version", cwd=tmp_path)
    assert result.stdout.strip() == f"relmanager {__version__}", result.stderr
    shutil.rmtree(home)  # a second copy of the bundle; pytest keeps tmp dirs around


def distinct_colours(image: QImage, step: int = 8) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.xvfb
def test_bundle_opens_its_window_on_a_real_display(bundle: Path, xvfb_display: str,
                                                   tmp_path: Path) -> None:
    home = tmp_path / "home"
    output = tmp_path / "app-output.txt"
    env = clean_env(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    with output.open("wb") as out:
        proc = subprocess.Popen([str(bundle / "relmanager"), "--home", str(home)], cwd=tmp_path,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_log(home / "logs" / "relmanager.log", "Main window shown")
            time.sleep(0.5)  # let the first frame paint
            shot = grab_screen(xvfb_display, tmp_path / "bundle-window.png")
        finally:
            stop_process(proc)
    image = QImage(str(shot))
    assert not image.isNull()
    assert distinct_colours(image) > 20, "screen looks blank: the window did not paint"
    printed = output.read_text(errors="replace")
    assert "Traceback" not in printed, printed
    assert "Could not load the Qt platform plugin" not in printed, printed
