"""Autostart entries written and removed in a temporary HOME (Linux/XDG tested here)."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager import APP_ID
from relmanager.desktop import autostart


@pytest.fixture
def fake_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG autostart is Linux/BSD")
def test_xdg_enable_disable(fake_home: Path) -> None:
    entry = fake_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert not autostart.is_enabled()
    autostart.enable(["/opt/rel manager/relmanager"])
    assert autostart.is_enabled()
    text = entry.read_text()
    assert '\nExec="/opt/rel manager/relmanager" --minimized\n' in text
    assert "Type=Application" in text
    autostart.disable()
    assert not entry.exists()
    assert not autostart.is_enabled()
    autostart.disable()  # idempotent


def test_xdg_config_home_is_honoured(fake_home: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    xdg = autostart.XdgAutostart()
    xdg.enable([sys.executable, "-m", "relmanager", "--minimized"])
    assert xdg.path == tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
    assert xdg.path.read_text().count("--minimized") == 1
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    assert autostart.XdgAutostart().path == fake_home / ".config" / "autostart" / \
        f"{APP_ID}.desktop"


def test_exec_quoting_escapes_reserved_characters() -> None:
    assert autostart._desktop_exec(["/usr/bin/relmanager", "--minimized"]) == \
        "/usr/bin/relmanager --minimized"
    assert autostart._desktop_exec(['/a b/$x"`\\', "50%"]) == \
        '"/a b/\\\\$x\\\\"\\\\`\\\\\\\\" 50%%'


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed")
def test_written_entry_is_valid(fake_home: Path) -> None:
    xdg = autostart.XdgAutostart()
    xdg.enable(["/opt/rel manager/relmanager", "--home", "/tmp/a b$c"])
    result = subprocess.run(["desktop-file-validate", str(xdg.path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


def test_launch_agent_plist(fake_home: Path) -> None:
    agent = autostart.LaunchAgentAutostart()
    agent.enable(["/Applications/relmanager.app/Contents/MacOS/relmanager"])
    assert agent.path == fake_home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    data = plistlib.loads(agent.path.read_bytes())
    assert data["Label"] == APP_ID
    assert data["RunAtLoad"] is True
    assert data["ProgramArguments"][-1] == "--minimized"
    assert agent.is_enabled()
    agent.disable()
    assert not agent.is_enabled()


def test_platform_choice_and_empty_command() -> None:
    assert isinstance(autostart.for_platform("linux"), autostart.XdgAutostart)
    assert isinstance(autostart.for_platform("darwin"), autostart.LaunchAgentAutostart)
    assert isinstance(autostart.for_platform("win32"), autostart.WindowsRunAutostart)
    with pytest.raises(ValueError):
        autostart.XdgAutostart().enable([])
