"""Passwords: a real Secret Service (gnome-keyring), and no insecure fallback ever."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backends import fail
from keyring.backends.chainer import ChainerBackend

from relmanager.desktop.secrets import SecretStore, is_secure, pick_secure, service_name

HELPER = Path(__file__).with_name("secret_service_helper.py")
REPO = Path(__file__).resolve().parents[2]
SENTINEL = "s3ntinel-Keyring-Pw-7c1e"


class MemoryKeyring:
    """A stand-in secure backend (duck-typed: subclassing KeyringBackend would register it)."""

    priority = 1
    name = "Memory Keyring"

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class FilePlaintextKeyring:
    """Looks like keyrings.alt's plaintext file backend; writes a file if ever used."""

    priority = 10  # outranks the secure one in a chain, as keyrings.alt can
    name = "Plaintext Keyring"

    def __init__(self, path: Path) -> None:
        self.path = path

    def get_password(self, service: str, username: str) -> str | None:
        return self.path.read_text() if self.path.exists() else None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(password)

    def delete_password(self, service: str, username: str) -> None:
        self.path.unlink()


FilePlaintextKeyring.__module__ = "keyrings.alt.file"
FilePlaintextKeyring.__name__ = FilePlaintextKeyring.__qualname__ = "PlaintextKeyring"


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("collection is locked")


@pytest.fixture
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "user"
    home.mkdir()
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_fail_backend_means_ask_each_time_and_nothing_on_disk(
        private_home: Path, restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    store = SecretStore()
    status = store.status()
    assert not status.available
    assert status.backend == ""
    assert status.message == "No secure keyring: you will be asked for the password each time."
    assert store.set_password("smtp", "me@host:587", SENTINEL) is False
    assert store.get_password("smtp", "me@host:587") is None
    assert store.delete_password("smtp", "me@host:587") is False
    assert store.get_or_ask("smtp", "me@host:587", lambda: "typed by the user") == (
        "typed by the user")
    assert _files(private_home) == []


def test_plaintext_backend_is_refused_and_writes_no_file(tmp_path: Path) -> None:
    plain = FilePlaintextKeyring(tmp_path / "keyring_pass.cfg")
    assert not is_secure(plain)  # type: ignore[arg-type]
    store = SecretStore(plain)  # type: ignore[arg-type]
    assert not store.status().available
    assert store.set_password("smtp", "me@host:587", SENTINEL) is False
    assert not plain.path.exists()


def test_chainer_of_only_insecure_backends_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = FilePlaintextKeyring(tmp_path / "keyring_pass.cfg")
    monkeypatch.setattr(ChainerBackend, "backends", [plain, fail.Keyring()])
    store = SecretStore(ChainerBackend())
    assert "No secure keyring" in store.status().message
    assert store.set_password("smtp", "me@host:587", SENTINEL) is False
    assert not plain.path.exists()


def test_chainer_uses_its_secure_backend_even_when_plaintext_outranks_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, memory = FilePlaintextKeyring(tmp_path / "keyring_pass.cfg"), MemoryKeyring()
    monkeypatch.setattr(ChainerBackend, "backends", [plain, memory])
    assert pick_secure(ChainerBackend()) is memory
    store = SecretStore(ChainerBackend())
    status = store.status()
    assert (status.available, status.backend) == (True, "Memory Keyring")
    assert status.message == "Passwords are kept in the system keyring (Memory Keyring)."
    assert store.set_password("smtp", "me@host:587", SENTINEL)
    assert memory.items == {("org.relmanager.RelManager/smtp", "me@host:587"): SENTINEL}
    assert store.get_password("smtp", "me@host:587") == SENTINEL
    assert store.get_or_ask("smtp", "me@host:587", lambda: pytest.fail("asked")) == SENTINEL
    assert store.delete_password("smtp", "me@host:587")
    assert store.delete_password("smtp", "me@host:587") is False
    assert not plain.path.exists()


def test_a_locked_keyring_falls_back_to_asking_and_says_why(
        caplog: pytest.LogCaptureFixture) -> None:
    store = SecretStore(LockedKeyring())  # type: ignore[arg-type]
    assert store.status().available
    assert store.get_or_ask("smtp", "me@host:587", lambda: "asked") == "asked"
    status = store.status()
    assert not status.available
    assert "did not answer (KeyringLocked)" in status.message
    assert store.set_password("smtp", "me@host:587", SENTINEL) is False
    assert SENTINEL not in caplog.text
    assert "me@host" not in caplog.text


def test_service_names_are_namespaced_by_the_app_id() -> None:
    assert service_name("smtp") == "org.relmanager.RelManager/smtp"
    with pytest.raises(ValueError, match="service key"):
        service_name("smtp account")


# --- a real Secret Service -------------------------------------------------------------


def _need(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if not missing:
        return
    reason = (f"{', '.join(missing)} not installed (apt-get install gnome-keyring dbus; "
              "see scripts/apt-packages.txt)")
    if os.environ.get("RELMANAGER_REQUIRE_XVFB"):
        pytest.fail(f"RELMANAGER_REQUIRE_XVFB is set but {reason}")
    pytest.skip(reason)


@pytest.mark.slow
def test_gnome_keyring_store_read_back_and_delete(tmp_path: Path) -> None:
    _need("dbus-run-session", "gnome-keyring-daemon")
    home = tmp_path / "user"
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(runtime), "PYTHONPATH": str(REPO), "LANG": "C.UTF-8",
    }  # no DBUS_SESSION_BUS_ADDRESS, no PYTHON_KEYRING_BACKEND: only what the session makes
    done = subprocess.run(["dbus-run-session", "--", sys.executable, str(HELPER), SENTINEL],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {
        "available": True, "backend": "SecretService Keyring",
        "message": "Passwords are kept in the system keyring (SecretService Keyring).",
        "stored": True, "read_back": True, "fresh_store_reads": True,
        "items_in_secret_service": 1, "item_secret_matches": True, "other_account": None,
        "deleted": True, "after_delete": None, "delete_again": False,
    }
    assert SENTINEL not in done.stderr
    keyrings = list((home / ".local/share/keyrings").glob("*.keyring"))
    assert keyrings, "gnome-keyring wrote no keyring file"
    for path in _files(tmp_path):  # the keyring file is encrypted; nothing else holds it
        assert SENTINEL.encode() not in path.read_bytes(), path
