"""The SMTP password typed in Settings goes to a real Secret Service, never to the DB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sending.test_secrets import _need

HELPER = Path(__file__).with_name("settings_keyring_helper.py")
REPO = Path(__file__).resolve().parents[2]
SENTINEL = "Settings-Sentinel-Pw-5d2a91"


@pytest.mark.slow
def test_settings_password_lives_in_gnome_keyring_only(tmp_path: Path) -> None:
    _need("dbus-run-session", "gnome-keyring-daemon")
    home = tmp_path / "user"
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    app_home = tmp_path / "relmanager-home"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(REPO), "LANG": "C.UTF-8",
    }  # only the session bus dbus-run-session makes, with a fresh gnome-keyring on it
    done = subprocess.run(["dbus-run-session", "--", sys.executable, str(HELPER),
                           str(app_home), SENTINEL],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "status": "Passwords are kept in the system keyring (SecretService Keyring).",
        "remember_offered": True,
        "first_saved": True,
        "kept_after_first": True,
        "placeholder": "saved in the keyring; type to replace it",
        "field_empty": True,
        "moved_to_new_account": True,  # a new user name takes the kept password along
        "old_account_after_move": None,
        "kept_while_mailto": True,  # choosing the mail app keeps the SMTP password
        "after_forget": None,  # unticking "remember" removes it from the keyring
    }
    assert SENTINEL not in done.stderr
    database_files = list(app_home.rglob("*.sqlite*")) + list(app_home.rglob("*.db*"))
    assert database_files, "the app wrote no database"
    for path in (p for p in tmp_path.rglob("*") if p.is_file()):
        assert SENTINEL.encode() not in path.read_bytes(), path
