"""A planted password must show up nowhere but the keyring and the SMTP server's AUTH."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relmanager.desktop.secrets import SecretStore
from relmanager.domain import InteractionKind
from relmanager.logs import setup_logging
from relmanager.paths import AppPaths
from relmanager.services.exporter import export_contacts
from relmanager.services.interactions import log_interaction
from relmanager.services.sending import (
    SMTP_KEYRING_SERVICE,
    Draft,
    GuardBlockedError,
    SendError,
    SmtpSecurity,
    SmtpSettings,
    SmtpTransport,
    load_smtp_settings,
    save_smtp_settings,
    send,
)
from tests.factories import make_contact, store
from tests.sending.conftest import LOOPBACK, SENDER, Checker, SelfSigned, StartServer, free_port
from tests.sending.test_secrets import MemoryKeyring

SENTINEL = "Sentinel-Pw-9f3b2c71-do-not-leak"
TODAY = date(2026, 11, 23)


@pytest.fixture
def app_logging(paths: AppPaths) -> Iterator[Path]:
    setup_logging(paths.log_file, level=logging.DEBUG, stderr=True)
    yield paths.log_file
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_relmanager", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.WARNING)


def test_sentinel_password_is_nowhere_but_the_keyring(
        engine: Engine, paths: AppPaths, app_logging: Path, smtp_server: StartServer,
        self_signed: SelfSigned, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    keyring = MemoryKeyring()
    secrets = SecretStore(keyring)  # type: ignore[arg-type]
    checker = Checker("me@sender.example", SENTINEL)
    server = smtp_server(checker, tls_context=self_signed.server_context(),
                         require_starttls=True)
    [paul] = store(engine, make_contact("Paul Pro", "paul@x.example", org="Acme"))
    log_interaction(engine, paul, InteractionKind.GAVE, date(2026, 6, 1), "sent a book")

    # Configure: settings to the DB, password to the keyring.
    save_smtp_settings(engine, SmtpSettings(
        host=LOOPBACK, port=server.port, security=SmtpSecurity.STARTTLS,
        username="me@sender.example", sender=SENDER, timeout=10,
        ca_file=str(self_signed.cert)))
    with engine.connect() as conn:
        smtp = load_smtp_settings(conn)
    assert smtp is not None
    assert secrets.set_password(SMTP_KEYRING_SERVICE, smtp.secret_account, SENTINEL)

    # Send: the password comes back out of the keyring only.
    password = secrets.get_or_ask(SMTP_KEYRING_SERVICE, smtp.secret_account,
                                  lambda: pytest.fail("should not ask"))
    transport = SmtpTransport(smtp, password)
    assert SENTINEL not in repr(transport)
    result = send(engine, Draft(to=("paul@x.example",), subject="Hello", body="How are you?"),
                  transport=transport, today=TODAY)
    assert len(server.sink.received) == 1
    assert checker.attempts == 1
    assert SENTINEL not in repr(result)

    # The failure paths too: a blocked ask, a wrong password, a server that is gone.
    with pytest.raises(GuardBlockedError):
        send(engine, Draft(to=("new@y.example",), subject="Seed round",
                           body="Would you consider investing in my startup?"),
             transport=transport, today=TODAY)
    with pytest.raises(SendError) as wrong:
        send(engine, Draft(to=("paul@x.example",), subject="Hi", body="Hi"),
             transport=SmtpTransport(smtp, SENTINEL + "-wrong"), today=TODAY)
    gone = SmtpSettings(host=LOOPBACK, port=free_port(), security=SmtpSecurity.STARTTLS,
                        username="me@sender.example", sender=SENDER, timeout=5)
    with pytest.raises(SendError) as refused:
        send(engine, Draft(to=("paul@x.example",), subject="Hi", body="Hi"),
             transport=SmtpTransport(gone, SENTINEL), today=TODAY)
    logging.getLogger("relmanager.test").exception("a crash report", exc_info=refused.value)
    for error in (wrong.value, refused.value):
        assert SENTINEL not in str(error) and SENTINEL not in repr(error)

    export = tmp_path / "export" / "all.vcf"
    export.parent.mkdir()
    export_contacts(engine, export)
    engine.dispose()

    captured = capfd.readouterr()
    files = [p for p in (*paths.home.rglob("*"), export) if p.is_file()]
    assert paths.database in files
    assert paths.log_file in files
    assert b"paul@x.example" in export.read_bytes()  # the export is real
    assert b"sent ask despite guard" not in paths.log_file.read_bytes()
    assert b"send blocked by the ask guard" in paths.log_file.read_bytes()  # the log is real
    needle = SENTINEL.encode()
    for path in files:
        assert needle not in path.read_bytes(), f"password leaked into {path}"
    assert SENTINEL not in captured.out
    assert SENTINEL not in captured.err
    assert keyring.items == {
        ("org.relmanager.RelManager/smtp", "me@sender.example@127.0.0.1:" + str(server.port)):
            SENTINEL}
