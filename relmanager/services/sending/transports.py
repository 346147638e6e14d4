"""How a checked message leaves: an SMTP server, or the user's mail program via mailto:.

Transports get a `Draft` that `send()` has already validated and guarded;
they are never called directly by the UI.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from relmanager.services.sending.message import (
    build_message,
    envelope_recipients,
    mailto_url,
    parse_address,
    parse_addresses,
)
from relmanager.services.sending.smtp_settings import SmtpSecurity, SmtpSettings


class SendError(Exception):
    """The message did not go out; the text is for the user (no password in it)."""


@dataclass(frozen=True)
class Draft:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""

    @property
    def recipients(self) -> list[str]:
        return [a for a in (*self.to, *self.cc, *self.bcc) if a.strip()]


@dataclass(frozen=True)
class Delivery:
    """What a transport reports: who it was accepted for, and who was refused."""

    transport: str  # "smtp" or "mailto"
    accepted: tuple[str, ...]  # addr-specs
    refused: tuple[str, ...] = ()
    message_id: str = ""


class Transport(Protocol):
    name: str

    def deliver(self, draft: Draft) -> Delivery: ...


def tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    """Certificate and host name checked; `ca_file` replaces the system store when set."""
    return ssl.create_default_context(cafile=smtp.ca_file or None)


@contextmanager
def _smtp_errors(s: SmtpSettings, doing: str) -> Iterator[None]:
    """SMTP and socket failures as a SendError whose text says what to fix."""
    try:
        yield
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(f"{s.host} did not accept the user name or password "
                        f"({exc.smtp_code})") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendError(f"{s.host} refused every recipient: "
                        f"{', '.join(exc.recipients)}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError(f"{s.host} does not offer STARTTLS; not sending unencrypted") from exc
    except ssl.SSLError as exc:
        raise SendError(f"secure connection to {s.host} failed: {exc.reason}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"{doing} {s.host}:{s.port} failed: "
                        f"{type(exc).__name__}: {exc}") from exc


@dataclass
class SmtpTransport:
    settings: SmtpSettings
    password: str | None = field(default=None, repr=False)
    name: str = "smtp"

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security is SmtpSecurity.SSL:
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=tls_context(s))
        client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        if s.security is SmtpSecurity.STARTTLS:
            try:
                client.ehlo()
                # Raises SMTPNotSupportedError when the server offers no STARTTLS:
                # we never fall back to sending in the clear.
                client.starttls(context=tls_context(s))
                client.ehlo()
            except BaseException:
                client.close()
                raise
        return client

    def deliver(self, draft: Draft) -> Delivery:
        s = self.settings
        if s.username and self.password is None:
            raise SendError(f"the password for {s.username} on {s.host} is needed to send")
        message = build_message(s.sender, draft.to, draft.cc, draft.bcc, draft.subject,
                                draft.body)
        rcpts = envelope_recipients(parse_addresses(draft.to), parse_addresses(draft.cc),
                                    parse_addresses(draft.bcc))
        with _smtp_errors(s, "sending through"), self._connect() as client:
            if s.username and self.password is not None:
                client.login(s.username, self.password)
            refused = client.send_message(message, from_addr=parse_address(s.sender).addr_spec,
                                          to_addrs=rcpts)
        return Delivery(self.name, tuple(r for r in rcpts if r not in refused),
                        tuple(refused), str(message["Message-ID"]))

    def check(self) -> str:
        """Connect, secure, log in (when there is a password) and hang up: nothing is sent.
        Returns what was checked, for the user; raises SendError like `deliver`."""
        s = self.settings
        with _smtp_errors(s, "connecting to"), self._connect() as client:
            client.noop()
            if s.username and self.password is not None:
                client.login(s.username, self.password)
        how = {SmtpSecurity.STARTTLS: "secured with STARTTLS", SmtpSecurity.SSL: "over SSL/TLS",
               SmtpSecurity.NONE: "unencrypted (this computer only)"}[s.security]
        done = f"Connected to {s.host}:{s.port} {how}."
        if not s.username:
            return f"{done} No login is set up."
        if self.password is None:
            return f"{done} Login not tried: type the password to test it."
        return f"{done} The server accepted the user name and password."


@dataclass
class MailtoTransport:
    """Hands the message to the user's mail program; `opener` returns False if none opened.

    The UI passes `QDesktopServices.openUrl` (wrapped to take a str).
    """

    opener: Callable[[str], object]
    name: str = "mailto"

    def deliver(self, draft: Draft) -> Delivery:
        to, cc = parse_addresses(draft.to), parse_addresses(draft.cc)
        bcc = parse_addresses(draft.bcc)
        url = mailto_url([a.addr_spec for a in to], [a.addr_spec for a in cc],
                         [a.addr_spec for a in bcc], draft.subject, draft.body)
        if self.opener(url) is False:
            raise SendError("no mail program opened the message")
        return Delivery(self.name, tuple(envelope_recipients(to, cc, bcc)))
