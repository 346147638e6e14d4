"""A real SMTP server (aiosmtpd) on 127.0.0.1, a self-signed certificate, and contacts.

The server runs in a thread of the test process and keeps every envelope it
receives, so tests assert on what really crossed the socket: the envelope
recipients (Bcc included) and the exact message bytes.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LOOPBACK = "127.0.0.1"
SENDER = "Me Myself <me@sender.example>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Sink:
    """aiosmtpd handler: keeps what arrives."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      bytes(envelope.original_content or envelope.content)))
        return "250 OK"


@dataclass
class Checker:
    """aiosmtpd authenticator accepting exactly one user name and password."""

    login: str
    password: str
    attempts: int = 0

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        self.attempts += 1
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self.login
              and auth_data.password.decode() == self.password)
        return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class SelfSigned:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    """A certificate for 127.0.0.1/localhost made here, trusted by nothing but our tests."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relmanager test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOOPBACK))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return SelfSigned(cert_path, key_path)


@dataclass
class SmtpServer:
    port: int
    sink: Sink
    checker: Checker | None = None


StartServer = Callable[..., SmtpServer]


@pytest.fixture
def smtp_server() -> Iterator[StartServer]:
    """start(**aiosmtpd options) -> a running server; all are stopped after the test."""
    controllers: list[Controller] = []
    # aiosmtpd logs every SMTP command (AUTH lines included) on "mail.log" at
    # DEBUG/INFO: that is the test server talking, not relmanager, so keep it quiet.
    mail_log = logging.getLogger("mail.log")
    old_level = mail_log.level
    mail_log.setLevel(logging.WARNING)

    def start(checker: Checker | None = None, **options: Any) -> SmtpServer:
        sink = Sink()
        port = free_port()
        if checker is not None:
            options.update(authenticator=checker, auth_required=True)
        controller = Controller(sink, hostname=LOOPBACK, port=port, **options)
        controller.start()
        controllers.append(controller)
        return SmtpServer(port, sink, checker)

    yield start
    for controller in controllers:
        controller.stop()
    mail_log.setLevel(old_level)
