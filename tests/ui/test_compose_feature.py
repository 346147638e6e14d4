"""Writing from the main window: Contact ▸ Write to…, File ▸ New message, Ctrl+Return."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from sqlalchemy import select

from relmanager.domain import InteractionKind
from relmanager.store import schema as s
from relmanager.ui.compose_window import ComposeWindow
from relmanager.ui.guard_dialog import GuardDialog
from tests.factories import make_contact, store
from tests.ui.test_compose import ASK, friends_and_client, on_guard_dialog, use_smtp


def open_composers(window) -> list[ComposeWindow]:
    return [w for w in window.compose.open_windows if shiboken6.isValid(w)]


def close_all(window) -> None:
    for compose in open_composers(window):
        compose.subject.clear()
        compose.body.clear()
        compose.close()


def test_write_to_selection_prefills_preferred_addresses(qtbot, window, engine) -> None:
    maria, carl = friends_and_client(engine)
    [nomail] = store(engine, make_contact("No Mail"))
    window.refresh()
    window.table.selectAll()
    window.compose.write_action.trigger()
    [compose] = open_composers(window)
    assert sorted(compose.to.addresses()) == ["carl@acme.example", "maria@gmail.com"]
    assert compose.subject.hasFocus() or not compose.isActiveWindow()
    assert "1 of the chosen contacts have no e-mail address" in window.statusBar().currentMessage()
    close_all(window)
    assert nomail and maria and carl


def test_ctrl_return_in_compose_still_goes_through_the_guard(
        qtbot, window, engine, smtp_server) -> None:
    friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window.compose.new_action.trigger()
    [compose] = open_composers(window)
    compose.to.setText("maria@gmail.com")
    compose.subject.setText("Launch")
    compose.body.setPlainText(ASK)
    shown: list[GuardDialog] = []

    def edit(dialog: GuardDialog) -> None:
        shown.append(dialog)
        dialog.edit_button.click()

    on_guard_dialog(compose, edit)
    qtbot.waitUntil(compose.isActiveWindow)
    compose.body.setFocus()
    qtbot.keyClick(compose.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert shown, "the shortcut must not skip the ask guard"
    qtbot.wait(200)
    assert server.sink.received == []
    close_all(window)


def test_sent_message_shows_in_status_and_is_logged(qtbot, window, engine, smtp_server) -> None:
    _, carl = friends_and_client(engine)
    server = smtp_server()
    use_smtp(engine, server.port)
    window.refresh()
    window._select(carl)
    window.compose.write_action.trigger()
    [compose] = open_composers(window)
    compose.subject.setText("Notes")
    compose.body.setPlainText("The notes from today, as promised.")
    with qtbot.waitSignal(compose.sent, timeout=10_000):
        compose.send_checked()
    assert [r.rcpt_tos for r in server.sink.received] == [["carl@acme.example"]]
    message = window.statusBar().currentMessage()
    assert "Sent the message to 1 recipient" in message and "logged for 1 contact" in message
    i = s.interactions.c
    with engine.connect() as conn:
        kinds = list(conn.execute(select(i.kind).where(i.contact_id == carl)).scalars())
    assert InteractionKind.MESSAGE.value in kinds
