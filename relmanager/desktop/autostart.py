"""Start relmanager on login, one interface over three platforms (no Qt).

- Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/<app id>.desktop`
  (default `~/.config/autostart`), per the XDG Autostart spec;
- macOS: a LaunchAgent `~/Library/LaunchAgents/<app id>.plist` with RunAtLoad;
- Windows: a value in `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`.

`enable(command)` takes the command that starts the app (e.g.
`[sys.executable, "-m", "relmanager"]` or the bundled executable) and adds
`--minimized` so a login start goes straight to the tray.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import sys
from pathlib import Path
from typing import Protocol

from relmanager import APP_DISPLAY_NAME, APP_ID

MINIMIZED = "--minimized"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...
    def is_enabled(self) -> bool: ...


def _with_minimized(command: list[str]) -> list[str]:
    if not command:
        raise ValueError("autostart needs a command to run")
    return command if MINIMIZED in command else [*command, MINIMIZED]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _desktop_exec(command: list[str]) -> str:
    """Quote for the Exec key: double quotes around arguments with reserved
    characters, with `"`, `` ` ``, `$` and `\\` escaped inside; `%` doubled."""
    out = []
    for raw in command:
        arg = raw.replace("%", "%%")
        if arg and not any(ch in arg for ch in ' \t\n"\'\\><~|&;$*?#()`'):
            out.append(arg)
        else:
            escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
            out.append(f'"{escaped}"')
    # The desktop-entry string escapes apply on top of the Exec quoting.
    return " ".join(out).replace("\\", "\\\\")


class XdgAutostart:
    def __init__(self, config_home: Path | None = None) -> None:
        self._config_home = config_home

    @property
    def path(self) -> Path:
        base = self._config_home
        if base is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            # The spec says to ignore a relative XDG_CONFIG_HOME.
            base = Path(env) if env and Path(env).is_absolute() else Path.home() / ".config"
        return base / "autostart" / f"{APP_ID}.desktop"

    def enable(self, command: list[str]) -> None:
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_DISPLAY_NAME}",
            "Comment=Keep in touch with friends and business contacts",
            f"Exec={_desktop_exec(_with_minimized(command))}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
        _write_atomic(self.path, "\n".join(lines).encode())

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return False
        return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text


class LaunchAgentAutostart:
    def __init__(self, home: Path | None = None) -> None:
        self._home = home

    @property
    def path(self) -> Path:
        return (self._home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def enable(self, command: list[str]) -> None:
        plist = {"Label": APP_ID, "ProgramArguments": _with_minimized(command),
                 "RunAtLoad": True, "ProcessType": "Interactive"}
        _write_atomic(self.path, plistlib.dumps(plist))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.is_file()


class WindowsRunAutostart:  # pragma: no cover - exercised on Windows only
    """`sys.platform` checks keep `winreg` out of reach elsewhere (and out of mypy's)."""

    value_name = APP_DISPLAY_NAME

    def enable(self, command: list[str]) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key exists on Windows only")
        import winreg  # noqa: PLC0415 - Windows only

        line = " ".join(f'"{a}"' if " " in a else a for a in _with_minimized(command))
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, self.value_name, 0, winreg.REG_SZ, line)

    def disable(self) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key exists on Windows only")
        import winreg  # noqa: PLC0415

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0,
                                winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, self.value_name)
        except FileNotFoundError:
            pass

    def is_enabled(self) -> bool:
        if sys.platform != "win32":
            return False
        import winreg  # noqa: PLC0415

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                winreg.QueryValueEx(key, self.value_name)
        except FileNotFoundError:
            return False
        return True


def for_platform(platform: str | None = None) -> Autostart:
    name = platform or sys.platform
    if name == "win32":
        return WindowsRunAutostart()
    if name == "darwin":
        return LaunchAgentAutostart()
    return XdgAutostart()


def enable(command: list[str]) -> None:
    for_platform().enable(command)


def disable() -> None:
    for_platform().disable()


def is_enabled() -> bool:
    return for_platform().is_enabled()


def describe(command: list[str]) -> str:
    """The command line as a shell would show it (for the settings dialog)."""
    return shlex.join(_with_minimized(command))
