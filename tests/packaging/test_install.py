"""scripts/install-desktop.sh and uninstall-desktop.sh in a throw-away HOME.

A stand-in bundle (a shell script named relmanager) keeps these fast; the real
bundle is installed once in test_bundle.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from relmanager import APP_ID
from tests.packaging.support import REPO, require

INSTALL = REPO / "scripts" / "install-desktop.sh"
UNINSTALL = REPO / "scripts" / "uninstall-desktop.sh"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Caches the desktop tools keep for every app; refreshed, never ours to delete.
SHARED_CACHES = {"mimeinfo.cache", "icon-theme.cache"}


def fake_bundle(root: Path) -> Path:
    bundle = root / "bundle"
    bundle.mkdir()
    exe = bundle / "relmanager"
    exe.write_text("#!/bin/sh\necho relmanager fake\n")
    exe.chmod(0o755)
    return bundle


def run(script: Path, home: Path, *args: str, data_home: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    result = subprocess.run(["bash", str(script), *args], env=env, capture_output=True,
                            text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def files_under(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")
            if (p.is_file() or p.is_symlink()) and p.name not in SHARED_CACHES}


def expected_files(data: Path, home: Path) -> set[Path]:
    rel = data.relative_to(home)
    icons = rel / "icons" / "hicolor"
    return {
        Path(".local/bin/relmanager"),
        Path(".local/opt/relmanager/relmanager"),
        rel / "applications" / f"{APP_ID}.desktop",
        rel / "metainfo" / f"{APP_ID}.metainfo.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        *(icons / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES),
    }


@pytest.mark.parametrize("custom_data_home", [False, True], ids=["default", "XDG_DATA_HOME"])
def test_install_then_uninstall_leaves_only_user_data(tmp_path: Path,
                                                      custom_data_home: bool) -> None:
    home = tmp_path / "home with space"
    data = home / "xdg-data" if custom_data_home else home / ".local" / "share"
    user_db = home / ".local" / "share" / "relmanager" / "relmanager.db"
    user_db.parent.mkdir(parents=True)
    user_db.write_bytes(b"contacts")
    before = files_under(home)

    run(INSTALL, home, "--bundle", str(fake_bundle(tmp_path)),
        data_home=data if custom_data_home else None)
    assert files_under(home) - before == expected_files(data, home)
    link = home / ".local" / "bin" / "relmanager"
    assert subprocess.run([str(link)], capture_output=True, text=True,
                          check=True).stdout == "relmanager fake\n"
    desktop = (data / "applications" / f"{APP_ID}.desktop").read_text()
    exe = home / ".local" / "opt" / "relmanager" / "relmanager"
    assert f'Exec="{exe}" %F' in desktop.splitlines()
    assert f"TryExec={exe}" in desktop.splitlines()

    run(UNINSTALL, home, data_home=data if custom_data_home else None)
    assert files_under(home) == before
    assert user_db.read_bytes() == b"contacts"
    assert not (home / ".local" / "opt").exists()


def test_installed_desktop_file_is_still_valid(tmp_path: Path) -> None:
    tool = require("desktop-file-validate", "apt install desktop-file-utils")
    home = tmp_path / "home"
    run(INSTALL, home, "--bundle", str(fake_bundle(tmp_path)))
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([tool, str(desktop)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reinstall_replaces_the_bundle(tmp_path: Path) -> None:
    home = tmp_path / "home"
    bundle = fake_bundle(tmp_path)
    (bundle / "old-file").write_text("x")
    run(INSTALL, home, "--bundle", str(bundle))
    (bundle / "old-file").unlink()
    run(INSTALL, home, "--bundle", str(bundle))
    assert not (home / ".local" / "opt" / "relmanager" / "old-file").exists()


def test_uninstall_forgets_only_our_vcard_default(tmp_path: Path) -> None:
    home = tmp_path / "home"
    mimeapps = home / ".config" / "mimeapps.list"
    mimeapps.parent.mkdir(parents=True)
    mimeapps.write_text("[Default Applications]\n"
                        f"text/vcard={APP_ID}.desktop\n"
                        f"text/x-vcard=other.desktop;{APP_ID}.desktop;\n"
                        "text/plain=editor.desktop\n")
    run(UNINSTALL, home)
    assert mimeapps.read_text() == ("[Default Applications]\n"
                                    "text/x-vcard=other.desktop;\n"
                                    "text/plain=editor.desktop\n")


def test_foreign_bin_entry_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    script = home / ".local" / "bin" / "relmanager"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n# pip's entry point\n")
    out = run(INSTALL, home, "--bundle", str(fake_bundle(tmp_path)))
    assert "left as it is" in out
    run(UNINSTALL, home)
    assert script.read_text() == "#!/bin/sh\n# pip's entry point\n"
