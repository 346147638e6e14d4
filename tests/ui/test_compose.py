"""The compose window: the guard bar while typing, the guard dialog at Send."""

from __future__ import annotations

from datetime import date, timedelta

import keyring.backends.fail
import pytest
import shiboken6
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox
from sqlalchemy import select

from relmanager import settings
from relmanager.desktop.secrets import SecretStore
from relmanager.domain import Circle, InteractionKind
from relmanager.services.contacts import set_circle
from relmanager.services.interactions import log_interaction
from relmanager.services.sending import SmtpSecurity, SmtpSettings, save_smtp_settings
from relmanager.store import schema as s
from relmanager.ui.compose_window import ComposeWindow, Draft
from relmanager.ui.guard_dialog import GuardDialog
from relmanager.ui.mail_transport import TransportChooser
from tests.factories import make_contact, store
from tests.sending.conftest import Checker, SelfSigned, StartServer, free_port

ASK = "Would you back my Kickstarter campaign? It launches Monday."
SENDER = "Me Myself <me@sender.example>"


def use_smtp(engine, port: int, **options) -> None:
    """Settings as the Mail page saves them: SMTP on this machine's test server."""
    options.setdefault("security", SmtpSecurity.NONE)
    save_smtp_settings(engine, SmtpSettings("127.0.0.1", SENDER, port, **options))
    settings.put(engine, settings.MAIL_TRANSPORT, "smtp")


@pytest.fixture
def make_window(engine):
    """Open compose windows; they delete themselves on close, so close what is left."""
    opened: list[ComposeWindow] = []

    def make(draft: Draft, secrets: SecretStore | None = None) -> ComposeWindow:
        window = ComposeWindow(engine, TransportChooser(engine, secrets), draft)
        window.show()
        opened.append(window)
        return window

    yield make
    for window in opened:
        if shiboken6.isValid(window):
            window.close()


def discard(window: ComposeWindow) -> None:
    """Empty the draft so closing the window at teardown does not ask to discard it."""
    window.subject.clear()
    window.body.clear()


def on_modal(window, kind, action) -> None:
    """Run `action(dialog)` on this window's modal dialog of type `kind` once it shows."""
    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.parent() is window:
            action(dialog)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def on_guard_dialog(window, action) -> None:
    on_modal(window, GuardDialog, action)


def logged(engine, kind: InteractionKind) -> list[int]:
    i = s.interactions.c
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(select(i.contact_id).where(i.kind == kind.value))]


def friends_and_client(engine):
    maria, carl = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                        make_contact("Carl Client", "carl@acme.example"))
    set_circle(engine, maria, Circle.FRIEND)
    set_circle(engine, carl, Circle.PROFESSIONAL)
    # A healthy professional history: Carl passes the guard quietly.
    log_interaction(engine, carl, InteractionKind.GAVE, date.today() - timedelta(days=30))
    log_interaction(engine, carl, InteractionKind.MET, date.today() - timedelta(days=10))
    return maria, carl


def test_guard_bar_follows_typing_after_a_pause(make_window, qtbot, engine) -> None:
    friends_and_client(engine)
    window = make_window(Draft(to=("maria@gmail.com",), subject="Hi"))
    assert window.guard_bar.text() == "No business ask detected."
    window.body.setPlainText(ASK)
    assert window.timer.isActive()  # debounced, not per keystroke
    qtbot.waitUntil(lambda: "Business ask" in window.guard_bar.text(), timeout=3000)
    assert "friend circle" in window.guard_bar.text()
    discard(window)


def test_send_to_a_friend_opens_the_guard_and_edit_sends_nothing(
        make_window, qtbot, engine, smtp_server: StartServer) -> None:
    friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window = make_window(Draft(to=("maria@gmail.com",), subject="Launch", body=ASK))
    seen: list[str] = []

    def inspect_and_edit(dialog: GuardDialog) -> None:
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.edit_button.click()

    on_guard_dialog(window, inspect_and_edit)
    window.send_checked()
    assert any("Maria Rossi is in your friend circle" in t for t in seen)
    assert window.isVisible() and window.body.toPlainText() == ASK
    qtbot.wait(200)
    assert server.sink.received == [] and logged(engine, InteractionKind.ASKED) == []
    discard(window)


def test_remove_flagged_recipient_sends_to_the_rest_over_smtp(
        make_window, qtbot, engine, smtp_server: StartServer) -> None:
    maria, carl = friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window = make_window(Draft(
        to=("maria@gmail.com", "carl@acme.example"), subject="Launch", body=ASK))
    on_guard_dialog(window, lambda d: d.remove_all_button.click())
    with qtbot.waitSignal(window.sent, timeout=10_000) as sent:
        window.send_checked()
    [got] = server.sink.received
    assert got.rcpt_tos == ["carl@acme.example"]
    assert got.message["Subject"] == "Launch" and "Kickstarter" in got.message.get_content()
    assert sent.args[0].logged_contact_ids == (carl,)
    assert logged(engine, InteractionKind.ASKED) == [carl]  # the ask budget counts it
    assert maria not in logged(engine, InteractionKind.ASKED)


def test_send_anyway_needs_a_reason_and_logs_it(
        make_window, qtbot, engine, smtp_server: StartServer) -> None:
    maria, _ = friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window = make_window(Draft(to=("maria@gmail.com",), subject="Launch", body=ASK))

    def override(dialog: GuardDialog) -> None:
        assert not dialog.send_anyway_button.isEnabled()
        dialog.reason.setText("she asked me to send the link")
        dialog.send_anyway_button.click()

    on_guard_dialog(window, override)
    with qtbot.waitSignal(window.sent, timeout=10_000):
        window.send_checked()
    assert [r.rcpt_tos for r in server.sink.received] == [["maria@gmail.com"]]
    i = s.interactions.c
    with engine.connect() as conn:
        note = conn.execute(select(i.note).where(i.contact_id == maria,
                                                 i.kind == "asked")).scalar_one()
    assert "she asked me to send the link" in note


def test_plain_message_to_a_friend_sends_without_questions(
        make_window, qtbot, engine, smtp_server: StartServer) -> None:
    maria, _ = friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window = make_window(Draft(
        to=("maria@gmail.com",), subject="Dinner", body="Dinner on Friday? My treat."))
    with qtbot.waitSignal(window.sent, timeout=10_000):
        window.send_checked()
    assert len(server.sink.received) == 1
    assert logged(engine, InteractionKind.MESSAGE) == [maria]
    qtbot.waitUntil(lambda: not window.isVisible())


def test_without_a_keyring_the_password_is_asked_and_kept_nowhere(
        make_window, qtbot, engine, smtp_server: StartServer, self_signed: SelfSigned, tmp_path) -> None:
    friends_and_client(engine)
    secret = "pw-sentinel-7c1e"
    server = smtp_server(Checker("me", secret), tls_context=self_signed.server_context(),
                         require_starttls=True)
    use_smtp(engine, server.port, security=SmtpSecurity.STARTTLS, username="me",
             ca_file=str(self_signed.cert))
    no_keyring = SecretStore(keyring.backends.fail.Keyring())
    window = make_window(Draft(
        to=("carl@acme.example",), subject="Notes", body="Here are the notes from today."),
        secrets=no_keyring)
    prompts: list[str] = []

    def answer(dialog: QInputDialog) -> None:
        prompts.append(dialog.labelText())
        dialog.setTextValue(secret)
        dialog.accept()

    on_modal(window, QInputDialog, answer)
    with qtbot.waitSignal(window.sent, timeout=10_000):
        window.send_checked()
    assert len(server.sink.received) == 1
    assert "me on 127.0.0.1" in prompts[0] and "keyring" in prompts[0].lower()
    engine.dispose()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_smtp_failure_keeps_the_message_and_says_why(make_window, qtbot, engine) -> None:
    friends_and_client(engine)
    window = make_window(Draft(to=("carl@acme.example",), subject="Hi",
                                              body="See you soon."))
    errors: list[str] = []

    def read(box: QMessageBox) -> None:
        errors.append(f"{box.text()} {box.informativeText()}")
        box.accept()

    use_smtp(engine, free_port())  # nothing listens there: refused, as with a wrong port
    on_modal(window, QMessageBox, read)
    window.send_checked()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "not sent" in errors[0] and "127.0.0.1" in errors[0]
    assert window.isVisible() and window.body.toPlainText() == "See you soon."
    assert window.send_button.isEnabled()
    discard(window)


class MailApp(QObject):
    """Stands in for the desktop's mail program through Qt's own URL-handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(bytes(url.toEncoded().data()).decode())


def test_mail_app_gets_an_encoded_mailto_and_the_send_is_logged(make_window, qtbot, engine) -> None:
    _, carl = friends_and_client(engine)
    app = MailApp()
    QDesktopServices.setUrlHandler("mailto", app, "open")
    try:
        window = make_window(Draft(
            to=("carl@acme.example",), subject="Q&A?", body="Notes & more\nline two"))
        with qtbot.waitSignal(window.sent, timeout=5000):
            window.send_checked()
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    [url] = app.urls
    assert url.startswith("mailto:carl@acme.example?")
    assert "subject=Q%26A%3F" in url and "&body=" in url and "Notes%20%26%20more" in url
    assert logged(engine, InteractionKind.MESSAGE) == [carl]


def test_a_named_address_is_judged_as_the_contact_and_removable(
        make_window, qtbot, engine, smtp_server: StartServer) -> None:
    _, carl = friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window = make_window(Draft(to=("Maria R <maria@gmail.com>", "carl@acme.example"),
                               subject="Launch", body=ASK))
    reasons: list[str] = []

    def remove_all(dialog: GuardDialog) -> None:
        reasons.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.remove_all_button.click()

    on_guard_dialog(window, remove_all)
    with qtbot.waitSignal(window.sent, timeout=10_000):
        window.send_checked()
    assert any("Maria Rossi is in your friend circle" in r for r in reasons)
    assert not any("not in your contacts" in r for r in reasons)
    assert [r.rcpt_tos for r in server.sink.received] == [["carl@acme.example"]]
    assert logged(engine, InteractionKind.ASKED) == [carl]
