"""Passwords live in the system keyring, or nowhere.

A small chain like Vorta's: whatever secure backend `keyring` found (Secret
Service on Linux, KWallet, the macOS Keychain, Windows Credential Locker), and
when there is none, no storage at all: the caller asks the user every time.
Backends that would keep the password in a plain (or home-made encrypted)
file, or that only fail, are refused, never used silently. `status()` says
which backend is active so the UI can show it.

Passwords never go to the database, the log or an export; log lines here name
the backend and the error type, never a service, an account or a secret.
No Qt here: the UI shows `SecretStatus.message` itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from relmanager import APP_ID

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# `keyring` is imported where a password is first needed, not at the top: finding
# its backends reads package metadata (~0.1 s), and the settings and compose code
# that import this module are loaded at start-up (issue #8).

log = logging.getLogger(__name__)

ASK_EACH_TIME = "you will be asked for the password each time"

# Modules whose backends keep secrets in files we would not trust with a
# password (plaintext, an "encrypted" file unlocked from the terminal, the
# Windows registry) or that only fail or do nothing.
_REFUSED_MODULE_PREFIXES = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyring.backends.chainer",  # judged by the backends it chains, never as a whole
    "keyrings.alt",
)


@dataclass(frozen=True)
class SecretStatus:
    """What the UI shows next to a password field."""

    available: bool
    backend: str  # e.g. "SecretService Keyring", "" when none
    message: str


def backend_label(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def is_secure(backend: KeyringBackend) -> bool:
    """False for fail/null backends, keyrings.alt and anything named plaintext."""
    from keyring.backends.chainer import ChainerBackend  # noqa: PLC0415

    label = backend_label(backend)
    if isinstance(backend, ChainerBackend) or label.startswith(_REFUSED_MODULE_PREFIXES):
        return False
    return "plaintext" not in label.lower()


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    """The backends a chainer would try, best first; a plain backend alone."""
    from keyring.backends.chainer import ChainerBackend  # noqa: PLC0415

    if isinstance(backend, ChainerBackend):
        return list(backend.backends)
    return [backend]


def pick_secure(backend: KeyringBackend) -> KeyringBackend | None:
    """The first secure, viable backend in `backend` (a chainer is unwrapped).

    A chainer writes to its first backend, so using it whole could store in a
    plaintext file that outranks the system keyring; we use the secure one
    directly instead.
    """
    for candidate in _chained(backend):
        if not is_secure(candidate):
            continue
        try:
            priority = candidate.priority
        except Exception as exc:  # keyring signals "not usable here" by raising
            log.debug("Keyring backend %s is not usable: %s", backend_label(candidate),
                      type(exc).__name__)
            continue
        if priority > 0:
            return candidate
    return None


def service_name(service_key: str) -> str:
    """Keyring service names are namespaced by the app id: `org.relmanager.RelManager/smtp`."""
    if not service_key or any(ch.isspace() for ch in service_key):
        raise ValueError("a secret needs a service key without spaces")
    return f"{APP_ID}/{service_key}"


class SecretStore:
    """Get, set and delete passwords in the secure system keyring, if there is one.

    `backend` defaults to what `keyring` detected (`keyring.get_keyring()`),
    looked up on first use. Without a secure backend every read returns None
    and every write stores nothing and returns False: the caller asks the user.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._given = backend
        self._resolved = False
        self._backend: KeyringBackend | None = None
        self._failure = ""  # type name of the last backend error, for status()

    def _active(self) -> KeyringBackend | None:
        if not self._resolved:
            import keyring  # noqa: PLC0415

            found = self._given if self._given is not None else keyring.get_keyring()
            self._backend = pick_secure(found)
            self._resolved = True
            if self._backend is None:
                log.warning("No secure keyring backend (found %s); passwords will be asked "
                            "for each time", backend_label(found))
            else:
                log.info("Passwords are kept in %s", backend_label(self._backend))
        return self._backend

    def status(self) -> SecretStatus:
        backend = self._active()
        if backend is None:
            return SecretStatus(False, "", f"No secure keyring: {ASK_EACH_TIME}.")
        name = backend.name
        if self._failure:
            return SecretStatus(False, name, (
                f"The system keyring ({name}) did not answer ({self._failure}): "
                f"{ASK_EACH_TIME}."))
        return SecretStatus(True, name, f"Passwords are kept in the system keyring ({name}).")

    def _failed(self, operation: str, exc: Exception) -> None:
        self._failure = type(exc).__name__
        log.warning("Keyring %s failed in %s: %s", operation,
                    backend_label(self._backend) if self._backend else "?", self._failure)

    def get_password(self, service_key: str, account: str) -> str | None:
        backend = self._active()
        if backend is None:
            return None
        import keyring.errors  # noqa: PLC0415

        try:
            value = backend.get_password(service_name(service_key), account)
        except keyring.errors.KeyringError as exc:
            self._failed("read", exc)
            return None
        self._failure = ""
        return value

    def set_password(self, service_key: str, account: str, password: str) -> bool:
        """True when the keyring now holds it; False means "ask next time"."""
        backend = self._active()
        if backend is None:
            return False
        import keyring.errors  # noqa: PLC0415

        try:
            backend.set_password(service_name(service_key), account, password)
        except keyring.errors.KeyringError as exc:
            self._failed("write", exc)
            return False
        self._failure = ""
        return True

    def delete_password(self, service_key: str, account: str) -> bool:
        """True when a stored password was removed; False when there was none."""
        backend = self._active()
        if backend is None:
            return False
        import keyring.errors  # noqa: PLC0415

        try:
            backend.delete_password(service_name(service_key), account)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            self._failed("delete", exc)
            return False
        return True

    def get_or_ask(self, service_key: str, account: str,
                   ask: Callable[[], str | None]) -> str | None:
        """The stored password, else whatever `ask()` returns (None: the user cancelled)."""
        stored = self.get_password(service_key, account)
        return stored if stored is not None else ask()
