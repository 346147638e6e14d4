"""The detail pane's keep-in-touch section: what a user reads about give and take."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import Engine

from relmanager.domain import Circle, InteractionKind
from relmanager.services.contacts import set_circle
from relmanager.services.interactions import log_interaction
from relmanager.store.contacts import load_contacts
from relmanager.ui.detail_pane import DetailPane
from tests.factories import make_contact, store

TODAY = date(2026, 6, 1)


def shown(qtbot, engine: Engine, contact_id: int) -> DetailPane:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.set_engine(engine, lambda: TODAY)
    with engine.connect() as conn:
        contact = load_contacts(conn, [contact_id])[contact_id]
    pane.show_contact(contact, Circle.BOTH, True, [])
    return pane


def text_of(pane: DetailPane, name: str) -> str:
    label = pane.findChild(QLabel, name)
    assert label is not None, name
    assert label.textFormat() == Qt.TextFormat.PlainText
    return label.text()


def test_ledger_timeline_and_next_reminder_read_plainly(qtbot, engine: Engine) -> None:
    [maria] = store(engine, make_contact("Maria Both", "maria@example.org"))
    set_circle(engine, maria, Circle.BOTH)
    for day, kind, note in ((date(2026, 1, 10), InteractionKind.ASKED, "intro to her CTO"),
                            (date(2026, 2, 3), InteractionKind.ASKED, ""),
                            (date(2026, 3, 5), InteractionKind.GAVE, "<b>a book</b>"),
                            (date(2026, 4, 20), InteractionKind.ASKED, "a review"),
                            (date(2026, 5, 2), InteractionKind.MET, "coffee")):
        log_interaction(engine, maria, kind, day, note)
    pane = shown(qtbot, engine, maria)

    assert text_of(pane, "ledgerSummary") == (
        "You asked 3 times and gave once in the last year.\n"
        "You have asked more than you gave — give before you ask again.")
    assert text_of(pane, "recentTimeline").splitlines() == [
        "2 May 2026 · Met — coffee",
        "20 Apr 2026 · Asked — a review",
        "5 Mar 2026 · Gave — <b>a book</b>",
        "3 Feb 2026 · Asked",
        "10 Jan 2026 · Asked — intro to her CTO",
    ]
    assert text_of(pane, "nextReminder") == "Due in 30 days (1 Jul 2026), every 60 days."


def test_buttons_emit_the_contact_id_and_write_needs_an_address(qtbot, engine: Engine) -> None:
    with_mail, without = store(engine, make_contact("Has Mail", "has@example.org"),
                               make_contact("No Mail"))
    pane = shown(qtbot, engine, with_mail)
    with qtbot.waitSignal(pane.write_requested) as wrote:
        qtbot.mouseClick(pane.findChild(QPushButton, "writeButton"), Qt.MouseButton.LeftButton)
    assert wrote.args == [with_mail]
    with qtbot.waitSignal(pane.log_touch_requested) as touched:
        qtbot.mouseClick(pane.findChild(QPushButton, "logTouchButton"),
                         Qt.MouseButton.LeftButton)
    assert touched.args == [with_mail]

    pane = shown(qtbot, engine, without)
    write = pane.findChild(QPushButton, "writeButton")
    assert not write.isEnabled()
    assert write.toolTip() == "This contact has no e-mail address"
    assert text_of(pane, "recentTimeline") == "Nothing logged yet."
    assert text_of(pane, "ledgerSummary").startswith(
        "Nothing given, received or asked in the last year.")


def test_no_reminders_and_the_main_window_shows_the_section(qtbot, window, engine) -> None:
    store(engine, make_contact("Quiet Person"))
    window.refresh()  # unsorted: no reminders by default
    label = window.detail.findChild(QLabel, "nextReminder")
    assert label is not None and label.text() == "No reminders for this contact."
