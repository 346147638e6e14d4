"""Sending messages: build them safely, guard them, deliver them, log them.

    send(engine, draft, transport=..., override_reason=None) -> SendResult
    build_message(sender, to, cc, bcc, subject, body) -> EmailMessage
    mailto_url(to, cc, bcc, subject, body) -> str
    SmtpSettings / load_smtp_settings / save_smtp_settings (never the password)
    SmtpTransport(settings, password) / MailtoTransport(opener)

Passwords come from `relmanager.desktop.secrets.SecretStore` (service key
`SMTP_KEYRING_SERVICE`, account `SmtpSettings.secret_account`) or from the user.
"""

from relmanager.services.sending.message import (
    InvalidAddressError,
    build_message,
    clean_subject,
    envelope_recipients,
    mailto_url,
    parse_address,
    parse_addresses,
)
from relmanager.services.sending.send import (
    GuardBlockedError,
    SendResult,
    flagged,
    send,
    stored_form,
)
from relmanager.services.sending.smtp_settings import (
    SMTP_ACCOUNT,
    SMTP_KEYRING_SERVICE,
    SmtpSecurity,
    SmtpSettings,
    SmtpSettingsError,
    is_loopback,
    load_smtp_settings,
    save_smtp_settings,
)
from relmanager.services.sending.transports import (
    Delivery,
    Draft,
    MailtoTransport,
    SendError,
    SmtpTransport,
    Transport,
    tls_context,
)

__all__ = [
    "SMTP_ACCOUNT", "SMTP_KEYRING_SERVICE", "Delivery", "Draft", "GuardBlockedError",
    "InvalidAddressError", "MailtoTransport", "SendError", "SendResult", "SmtpSecurity",
    "SmtpSettings", "SmtpSettingsError", "SmtpTransport", "Transport", "build_message",
    "clean_subject", "envelope_recipients", "flagged", "is_loopback", "load_smtp_settings",
    "mailto_url", "parse_address", "parse_addresses", "save_smtp_settings", "send",
    "stored_form", "tls_context",
]
