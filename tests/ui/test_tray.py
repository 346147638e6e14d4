"""The tray's menu, actions and daily digest, offscreen (the real tray on X11 is
tested in test_tray_xvfb.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from relmanager import settings
from relmanager.domain import Birthday, Circle
from relmanager.services.reminders import due, read_config, snoozed_until
from relmanager.services.reminders.config import LAST_DIGEST_ON
from relmanager.services.reminders.digest import group_by_circle
from relmanager.store import schema as s
from relmanager.ui.reminders_feature import NO_TRAY_SHORT
from relmanager.ui.tray import digest_text
from tests.reminders.helpers import add
from tests.ui.test_due_view import book, days_ago, wait_loaded

TODAY = date.today()


def test_digest_text_counts_per_circle_without_names(engine) -> None:
    for name in ("Ada Lovelace", "Cleo Patra", "Fay Wray"):
        add(engine, name, met=days_ago(100))
    add(engine, "Bob Builder", circle=Circle.PROFESSIONAL, met=days_ago(200))
    text = digest_text(group_by_circle(TODAY, due(engine, TODAY)))
    assert text == "3 friends and 1 professional contact are due for a catch-up."
    add(engine, "Dan Brown", added=days_ago(3), met=days_ago(3),
        birthday=Birthday(year=None, month=TODAY.month, day=TODAY.day))
    text = digest_text(group_by_circle(TODAY, due(engine, TODAY)))
    assert text.endswith("are due for a catch-up. 1 birthday to remember too.")
    assert "Ada" not in text


def test_tray_menu_lists_the_top_due_and_its_actions_work(qtbot, window, engine) -> None:
    ids = book(engine)
    window.refresh()
    feature = window.reminders
    wait_loaded(qtbot, feature.view)
    tray = feature.tray
    titles = [a.text() for a in tray.menu.actions()]
    assert titles[0] == "Due now (4)"
    assert titles[1:5] == ["Ada Lovelace — overdue 40 days", "Cleo Patra — overdue 5 days",
                           "Bob Builder — overdue 80 days", "Dan Brown — birthday today"]
    assert {"&Open relmanager", "Show the &Due view", "&Pause reminders", "&Quit"} <= set(titles)
    assert not tray.due_actions[ids["dan"]][1].isEnabled()  # birthdays are not snoozed

    tray.due_actions[ids["ada"]][0].trigger()  # Ada ▸ Log touch
    wait_loaded(qtbot, feature.view)
    i = s.interactions.c
    with engine.connect() as conn:
        kinds = conn.execute(select(i.kind, i.occurred_on).where(
            i.contact_id == ids["ada"]).order_by(i.id)).all()
    assert tuple(kinds[-1]) == ("met", TODAY.isoformat())
    assert ids["ada"] not in tray.due_actions
    tray.due_actions[ids["bob"]][1].trigger()  # Bob ▸ Snooze a week
    wait_loaded(qtbot, feature.view)
    assert snoozed_until(engine, ids["bob"]) == TODAY + timedelta(days=7)
    assert tray.menu.actions()[0].text() == "Due now (2)"
    window.undo_stack.undo()
    window.undo_stack.undo()
    wait_loaded(qtbot, feature.view)
    assert tray.menu.actions()[0].text() == "Due now (4)"


def test_clicking_the_notification_opens_the_due_view(qtbot, window) -> None:
    window.pages.setCurrentIndex(0)
    window.reminders.tray.icon.messageClicked.emit()
    assert window.pages.currentWidget() is window.reminders.view


def test_pause_is_a_persisted_setting_shared_by_tray_and_tools_menu(qtbot, window,
                                                                    engine) -> None:
    pause = window.reminders.pause_action
    assert pause in window.tools_menu.actions() and pause in window.reminders.tray.menu.actions()
    pause.trigger()
    assert read_config(engine).paused is True
    pause.trigger()
    assert read_config(engine).paused is False


def test_without_a_tray_the_window_says_so_and_stays_normal(window) -> None:
    # The offscreen platform has no tray.
    assert window.reminders.tray.available is False
    assert window.reminders.no_tray_label.text() == NO_TRAY_SHORT
    assert window.reminders.no_tray_label.isVisible()
    assert window.reminders.maybe_notify() is False


def test_digest_once_a_day_and_not_before_the_reminder_time(qtbot, window, engine) -> None:
    book(engine)
    feature = window.reminders
    feature.tray.available = True  # as on a desktop with a tray
    morning = datetime.combine(TODAY, time(8, 30)).astimezone()
    feature.now = lambda: morning
    assert feature.maybe_notify() is False and feature.tray.last_message is None

    feature.now = lambda: morning.replace(hour=10)
    assert feature.maybe_notify() is True
    assert feature.tray.last_message == (
        "Time to catch up",
        "2 friends and 1 professional contact are due for a catch-up. "
        "1 birthday to remember too.")
    with engine.connect() as conn:
        assert settings.get(conn, LAST_DIGEST_ON) == TODAY.isoformat()
    feature.tray.last_message = None
    assert feature.maybe_notify() is False  # at most one a day
    assert feature.tray.last_message is None
    feature.now = lambda: morning.replace(hour=10) + timedelta(days=1)
    assert feature.maybe_notify() is True  # the next day, again
