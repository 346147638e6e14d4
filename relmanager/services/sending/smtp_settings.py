"""The SMTP account, stored in the settings table as JSON, never with its password.

The password lives in the system keyring (`relmanager.desktop.secrets`, under
`SMTP_KEYRING_SERVICE` and `SmtpSettings.secret_account`) or is asked for each time.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine

from relmanager import settings
from relmanager.services.sending.message import parse_address

SMTP_ACCOUNT = settings.Setting(
    "smtp.account", "", "SMTP server, port, security, user name and sender as JSON (no password)")
SMTP_KEYRING_SERVICE = "smtp"  # keyring service key: org.relmanager.RelManager/smtp

_HOST = re.compile(r"^[A-Za-z0-9.:\[\]-]{1,253}$")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# Keys that must never be read back from (or written to) the settings table.
_FORBIDDEN_KEYS = frozenset({"password", "passwd", "secret", "token"})


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"  # plain connect, then STARTTLS before anything else (port 587)
    SSL = "ssl"  # TLS from the first byte (port 465)
    NONE = "none"  # only to a server on this machine (a local relay, a test server)


class SmtpSettingsError(ValueError):
    """Settings we will not connect with; the message is for the user."""


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    sender: str  # From: "Me <me@example.org>" or "me@example.org"
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""  # empty: no login
    timeout: float = 30.0
    # A PEM file of CAs to trust instead of the system store (a self-hosted
    # server with its own CA, or a test server); empty: the system trust store.
    ca_file: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "security", SmtpSecurity(self.security))
        if not _HOST.match(self.host):
            raise SmtpSettingsError(f"not a valid server name: {self.host!r}")
        if not 0 < self.port < 65536:
            raise SmtpSettingsError(f"port must be between 1 and 65535, not {self.port}")
        if self.security is SmtpSecurity.NONE and not is_loopback(self.host):
            raise SmtpSettingsError(
                f"an unencrypted connection is only allowed to this machine, not to {self.host}: "
                "choose STARTTLS or SSL")
        if not self.timeout > 0:
            raise SmtpSettingsError("timeout must be positive")
        if any(not ch.isprintable() for ch in self.username):
            raise SmtpSettingsError("the user name contains control characters")
        parse_address(self.sender)  # InvalidAddressError names the bad sender

    @property
    def secret_account(self) -> str:
        """The keyring account for this server's password."""
        return f"{self.username}@{self.host}:{self.port}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SmtpSettings:
        raw: Any = json.loads(text)
        if not isinstance(raw, dict):
            raise SmtpSettingsError("stored SMTP settings are not an object")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known and k not in _FORBIDDEN_KEYS})


def load_smtp_settings(conn: Connection) -> SmtpSettings | None:
    """The saved account, or None when none is configured (or it no longer validates)."""
    text = settings.get(conn, SMTP_ACCOUNT)
    if not text:
        return None
    try:
        return SmtpSettings.from_json(text)
    except (ValueError, TypeError):
        return None


def save_smtp_settings(engine: Engine, smtp: SmtpSettings) -> None:
    settings.put(engine, SMTP_ACCOUNT, smtp.to_json())
