"""SmtpTransport against a real aiosmtpd server on 127.0.0.1: plain, STARTTLS and SSL."""

from __future__ import annotations

import ssl

import pytest
from sqlalchemy import Engine

from relmanager.services.sending import (
    Draft,
    SendError,
    SmtpSecurity,
    SmtpSettings,
    SmtpSettingsError,
    SmtpTransport,
    load_smtp_settings,
    save_smtp_settings,
    send,
    tls_context,
)
from tests.factories import make_contact, store
from tests.sending.conftest import (
    LOOPBACK,
    SENDER,
    Checker,
    SelfSigned,
    SmtpServer,
    StartServer,
    free_port,
)

HELLO = Draft(to=("Ann Example <ann@x.example>",), cc=("cat@x.example",),
              bcc=("Dan Hidden <dan@x.example>",), subject="Dinner on Friday?",
              body="Hi Ann,\nare you free on Friday?\n.\nSee you!\n")


def _settings(port: int, security: SmtpSecurity, **extra: object) -> SmtpSettings:
    return SmtpSettings(host=LOOPBACK, port=port, security=security, sender=SENDER,
                        timeout=10, **extra)  # type: ignore[arg-type]


def _starttls_login(checker: Checker, smtp_server: StartServer,
                    self_signed: SelfSigned) -> tuple[SmtpServer, SmtpSettings]:
    """A server that wants STARTTLS then a login, and settings (user "me") trusting it."""
    server = smtp_server(checker, tls_context=self_signed.server_context(),
                         require_starttls=True)
    return server, _settings(server.port, SmtpSecurity.STARTTLS, username="me",
                             ca_file=str(self_signed.cert))


def test_plain_loopback_delivers_headers_body_and_bcc_only_in_the_envelope(
        smtp_server: StartServer) -> None:
    server = smtp_server()
    delivery = SmtpTransport(_settings(server.port, SmtpSecurity.NONE)).deliver(HELLO)

    [got] = server.sink.received
    assert got.mail_from == "me@sender.example"
    assert got.rcpt_tos == ["ann@x.example", "cat@x.example", "dan@x.example"]
    message = got.message
    assert message["From"] == "Me Myself <me@sender.example>"
    assert message["To"] == "Ann Example <ann@x.example>"
    assert message["Cc"] == "cat@x.example"
    assert message["Bcc"] is None
    assert b"dan@x.example" not in got.data
    assert message["Subject"] == "Dinner on Friday?"
    assert message["Message-ID"] == delivery.message_id
    assert message["Date"]
    # CRLF on the wire; the lone "." line survived SMTP dot-stuffing.
    assert message.get_content().replace("\r\n", "\n") == HELLO.body
    assert delivery.accepted == ("ann@x.example", "cat@x.example", "dan@x.example")
    assert delivery.refused == ()


def test_starttls_with_login_against_a_self_signed_certificate(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    checker = Checker("me", "correct horse")
    server, smtp = _starttls_login(checker, smtp_server, self_signed)
    SmtpTransport(smtp, "correct horse").deliver(HELLO)
    assert len(server.sink.received) == 1
    assert checker.attempts == 1


def test_wrong_password_is_a_clear_error_without_the_password(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    server, smtp = _starttls_login(Checker("me", "right"), smtp_server, self_signed)
    with pytest.raises(SendError, match="did not accept the user name or password") as info:
        SmtpTransport(smtp, "wrong-guess-123").deliver(HELLO)
    assert "wrong-guess-123" not in str(info.value)
    assert server.sink.received == []


def test_starttls_refuses_a_certificate_it_does_not_trust(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    server = smtp_server(tls_context=self_signed.server_context(), require_starttls=True)
    with pytest.raises(SendError, match="secure connection"):  # system store: not trusted
        SmtpTransport(_settings(server.port, SmtpSecurity.STARTTLS)).deliver(HELLO)
    assert server.sink.received == []


def test_starttls_never_falls_back_to_plain_text(smtp_server: StartServer) -> None:
    server = smtp_server()  # offers no STARTTLS
    with pytest.raises(SendError, match="does not offer STARTTLS"):
        SmtpTransport(_settings(server.port, SmtpSecurity.STARTTLS)).deliver(HELLO)
    assert server.sink.received == []


def test_implicit_ssl(smtp_server: StartServer, self_signed: SelfSigned) -> None:
    server = smtp_server(ssl_context=self_signed.server_context())
    smtp = _settings(server.port, SmtpSecurity.SSL, ca_file=str(self_signed.cert))
    SmtpTransport(smtp).deliver(HELLO)
    assert len(server.sink.received) == 1


def test_login_needs_a_password_before_connecting(smtp_server: StartServer) -> None:
    server = smtp_server()
    smtp = _settings(server.port, SmtpSecurity.NONE, username="me")
    with pytest.raises(SendError, match=r"password for me on 127\.0\.0\.1 is needed"):
        SmtpTransport(smtp, None).deliver(HELLO)


def test_connection_refused_is_a_send_error() -> None:
    with pytest.raises(SendError, match="failed"):
        SmtpTransport(_settings(free_port(), SmtpSecurity.NONE)).deliver(HELLO)


def test_send_error_logs_no_interaction(engine: Engine) -> None:
    store(engine, make_contact("Ann Example", "ann@x.example"))
    with pytest.raises(SendError):
        send(engine, Draft(to=("ann@x.example",), subject="Hi", body="Hello"),
             transport=SmtpTransport(_settings(free_port(), SmtpSecurity.NONE)))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM interactions").scalar() == 0


# --- settings ---------------------------------------------------------------------------


def test_unencrypted_only_to_loopback() -> None:
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"):
        SmtpSettings(host=host, sender=SENDER, port=25, security=SmtpSecurity.NONE)
    for host in ("smtp.example.org", "10.0.0.1", "192.168.1.1"):
        with pytest.raises(SmtpSettingsError, match="only allowed to this machine"):
            SmtpSettings(host=host, sender=SENDER, port=25, security=SmtpSecurity.NONE)


@pytest.mark.parametrize("bad", [
    {"host": "smtp.example.org\r\nRCPT"}, {"host": ""}, {"port": 0}, {"port": 70000},
    {"timeout": 0}, {"security": "tls13"}, {"sender": "me@"}, {"username": "me\r\nAUTH"},
])
def test_bad_settings_are_refused(bad: dict[str, object]) -> None:
    fields: dict[str, object] = {"host": "smtp.example.org", "sender": SENDER, **bad}
    with pytest.raises(ValueError):  # SmtpSettingsError or InvalidAddressError
        SmtpSettings(**fields)  # type: ignore[arg-type]


def test_settings_round_trip_through_the_db_without_a_password(engine: Engine) -> None:
    smtp = SmtpSettings(host="smtp.example.org", port=465, security=SmtpSecurity.SSL,
                        username="me@example.org", sender=SENDER, timeout=12.5,
                        ca_file="/etc/ssl/my-ca.pem")
    with engine.connect() as conn:
        assert load_smtp_settings(conn) is None
    save_smtp_settings(engine, smtp)
    with engine.connect() as conn:
        assert load_smtp_settings(conn) == smtp
        stored = conn.exec_driver_sql(
            "SELECT value FROM settings WHERE key='smtp.account'").scalar()
    assert "password" not in str(stored)
    assert smtp.secret_account == "me@example.org@smtp.example.org:465"


def test_a_password_smuggled_into_stored_json_is_ignored(engine: Engine) -> None:
    raw = ('{"host": "smtp.example.org", "sender": "me@sender.example", "port": 587, '
           '"security": "starttls", "password": "hunter2"}')
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO settings(key, value) VALUES ('smtp.account', ?)",
                             (__import__("json").dumps(raw),))
    with engine.connect() as conn:
        loaded = load_smtp_settings(conn)
    assert loaded is not None
    assert "hunter2" not in repr(loaded)
    assert "hunter2" not in loaded.to_json()


def test_default_tls_context_uses_the_system_store() -> None:
    ctx = tls_context(SmtpSettings(host="smtp.example.org", sender=SENDER))
    assert ctx.verify_mode is ssl.CERT_REQUIRED
    assert ctx.check_hostname


def test_check_connects_and_logs_in_without_sending(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    checker = Checker("me", "correct horse")
    server, smtp = _starttls_login(checker, smtp_server, self_signed)
    said = SmtpTransport(smtp, "correct horse").check()
    assert said == (f"Connected to 127.0.0.1:{server.port} secured with STARTTLS. "
                    "The server accepted the user name and password.")
    assert checker.attempts == 1
    assert server.sink.received == []


def test_check_names_a_wrong_password_and_a_missing_one(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    checker = Checker("me", "right")
    _server, smtp = _starttls_login(checker, smtp_server, self_signed)
    with pytest.raises(SendError, match="did not accept the user name or password") as info:
        SmtpTransport(smtp, "wrong-guess-123").check()
    assert "wrong-guess-123" not in str(info.value)
    tried = checker.attempts  # smtplib tries each mechanism the server offers
    assert tried >= 1
    # Without a password the connection and TLS are still checked, and the user told.
    assert SmtpTransport(smtp, None).check().endswith(
        "Login not tried: type the password to test it.")
    assert checker.attempts == tried


def test_check_reports_an_untrusted_certificate_and_a_closed_port(
        smtp_server: StartServer, self_signed: SelfSigned) -> None:
    server = smtp_server(tls_context=self_signed.server_context(), require_starttls=True)
    with pytest.raises(SendError, match=r"secure connection to 127\.0\.0\.1 failed"):
        SmtpTransport(_settings(server.port, SmtpSecurity.STARTTLS)).check()
    port = free_port()
    with pytest.raises(SendError, match=rf"connecting to 127\.0\.0\.1:{port} failed"):
        SmtpTransport(_settings(port, SmtpSecurity.NONE)).check()
