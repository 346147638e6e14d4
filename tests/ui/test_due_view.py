"""The Due page in the real window over a real database: what shows, and what the
actions really change (and undo)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from sqlalchemy import Engine, select

from relmanager.domain import Birthday, Circle
from relmanager.services.reminders import due, snoozed_until
from relmanager.store import schema as s
from relmanager.ui import due_view
from relmanager.ui.due_view import EMPTY, PAUSED, DueView
from relmanager.ui.snooze_dialog import SnoozeDialog
from tests.reminders.helpers import add

TODAY = date.today()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def wait_loaded(qtbot, view: DueView) -> None:
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)


def group_titles(view: DueView) -> list[str]:
    root = view.tree.invisibleRootItem()
    return [root.child(n).text(0) for n in range(root.childCount())]


def rows(view: DueView) -> list[list[str]]:
    return [[leaf.text(c) for c in range(4)] for leaf in view._leaves()]


def interactions(engine: Engine, contact_id: int) -> list[tuple[str, str]]:
    i = s.interactions.c
    with engine.connect() as conn:
        return [(r.kind, r.occurred_on) for r in conn.execute(
            select(i.kind, i.occurred_on).where(i.contact_id == contact_id).order_by(i.id))]


def book(engine: Engine) -> dict[str, int]:
    """Ada and Cleo overdue friends, Bob an overdue professional, Dan's birthday today,
    Eve seen last week (not due)."""
    recent = days_ago(10)
    return {
        "ada": add(engine, "Ada Lovelace", met=days_ago(100)),  # friend: 60 days, 40 overdue
        "bob": add(engine, "Bob Builder", circle=Circle.PROFESSIONAL, met=days_ago(200)),
        "cleo": add(engine, "Cleo Patra", met=days_ago(65)),
        "dan": add(engine, "Dan Brown", added=recent, met=recent,
                   birthday=Birthday(year=None, month=TODAY.month, day=TODAY.day)),
        "eve": add(engine, "Eve Online", added=recent, met=days_ago(7)),
    }


def open_due(qtbot, window) -> DueView:
    window.refresh()
    view = window.reminders.view
    window.reminders.due_action.trigger()
    wait_loaded(qtbot, view)
    assert window.pages.currentWidget() is view
    return view


def press_on(qtbot, view: DueView, contact_ids: set[int], key: Qt.Key,
             modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Select these contacts in the Due list and press `key` there."""
    view.select_contacts(contact_ids)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, key, modifier)


def test_due_lists_overdue_first_grouped_by_circle(qtbot, window, engine) -> None:
    book(engine)
    view = open_due(qtbot, window)
    assert group_titles(view) == ["Overdue · Friends (2)", "Overdue · Professional (1)",
                                  "Due today · Friends (1)"]
    table = rows(view)
    assert [r[0] for r in table] == ["Ada Lovelace", "Cleo Patra", "Bob Builder", "Dan Brown"]
    ada = table[0]
    assert ada[1:3] == ["Friend", "overdue 40 days"]
    assert ada[3].endswith("· 100 days ago") and str(days_ago(100).year) in ada[3]
    assert table[2][2] == "overdue 80 days"
    assert table[3][2].startswith("birthday today")
    assert "Eve Online" not in [r[0] for r in table]
    # The page is reachable from the View menu with Alt+2.
    assert window.reminders.due_action.shortcut().toString() == "Alt+2"
    assert window.reminders.due_action in window.view_menu.actions()


def test_l_logs_a_touch_today_and_undo_takes_it_back(qtbot, window, engine) -> None:
    ids = book(engine)
    view = open_due(qtbot, window)
    press_on(qtbot, view, {ids["ada"]}, Qt.Key.Key_L)
    wait_loaded(qtbot, view)
    assert interactions(engine, ids["ada"])[-1] == ("met", TODAY.isoformat())
    assert "Ada Lovelace" not in [r[0] for r in rows(view)]
    assert ids["ada"] not in {it.contact_id for it in due(engine, TODAY)}
    # The next row took its place, so L, L, L works down the list.
    assert [it.display_name for it in view.selected_items()] == ["Cleo Patra"]
    assert "Logged a touch with Ada Lovelace" in window.statusBar().currentMessage()

    window.undo_stack.undo()
    wait_loaded(qtbot, view)
    assert interactions(engine, ids["ada"]) == [("met", days_ago(100).isoformat())]
    assert "Ada Lovelace" in [r[0] for r in rows(view)]
    window.undo_stack.redo()
    wait_loaded(qtbot, view)
    assert interactions(engine, ids["ada"])[-1] == ("met", TODAY.isoformat())


def test_shift_l_logs_a_message_for_every_selected_contact(qtbot, window, engine) -> None:
    ids = book(engine)
    view = open_due(qtbot, window)
    press_on(qtbot, view, {ids["ada"], ids["bob"]}, Qt.Key.Key_L, Qt.KeyboardModifier.ShiftModifier)
    wait_loaded(qtbot, view)
    assert interactions(engine, ids["ada"])[-1] == ("message", TODAY.isoformat())
    assert interactions(engine, ids["bob"])[-1] == ("message", TODAY.isoformat())
    assert window.undo_stack.undoText() == "log touch (message) with 2 contacts"


def test_s_snoozes_a_week_without_counting_as_contact(qtbot, window, engine) -> None:
    ids = book(engine)
    view = open_due(qtbot, window)
    press_on(qtbot, view, {ids["bob"]}, Qt.Key.Key_S)
    wait_loaded(qtbot, view)
    assert snoozed_until(engine, ids["bob"]) == TODAY + timedelta(days=7)
    assert interactions(engine, ids["bob"]) == [("met", days_ago(200).isoformat())]
    assert "Bob Builder" not in [r[0] for r in rows(view)]
    # A week later Bob is due again.
    assert ids["bob"] in {it.contact_id for it in due(engine, TODAY + timedelta(days=7))}

    window.undo_stack.undo()
    wait_loaded(qtbot, view)
    assert snoozed_until(engine, ids["bob"]) is None
    assert "Bob Builder" in [r[0] for r in rows(view)]


def test_snooze_until_a_date_picked_in_the_calendar(qtbot, window, engine) -> None:
    ids = book(engine)
    view = open_due(qtbot, window)
    view.select_contacts({ids["ada"]})
    seen: list[SnoozeDialog] = []

    def pick() -> None:
        [dialog] = view.findChildren(SnoozeDialog)
        seen.append(dialog)
        # Opens on a week from today; pick three weeks later.
        dialog.calendar.setSelectedDate(dialog.calendar.selectedDate().addDays(21))
        dialog.accept()

    QTimer.singleShot(0, pick)
    view.snooze_date.trigger()
    wait_loaded(qtbot, view)
    assert seen
    assert snoozed_until(engine, ids["ada"]) == TODAY + timedelta(days=28)
    assert "Ada Lovelace" not in [r[0] for r in rows(view)]
    assert window.undo_stack.undoText().startswith("snooze Ada Lovelace until ")
    window.undo_stack.undo()
    assert snoozed_until(engine, ids["ada"]) is None


def test_birthdays_are_not_snoozed_but_a_touch_dismisses_them(qtbot, window, engine) -> None:
    ids = book(engine)
    view = open_due(qtbot, window)
    view.select_contacts({ids["dan"]})
    assert not view.snooze_week.isEnabled()
    assert view.log_met.isEnabled()
    view.log_met.trigger()
    wait_loaded(qtbot, view)
    assert "Dan Brown" not in [r[0] for r in rows(view)]


def test_enter_opens_the_contact_even_when_a_filter_hides_it(qtbot, window, engine) -> None:
    ids = book(engine)
    window.refresh()
    window.filter_bar.search.setText("Eve")
    view = open_due(qtbot, window)
    press_on(qtbot, view, {ids["bob"]}, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.stack
    assert window.current_contact_id() == ids["bob"]
    assert window.filter_bar.search.text() == ""


def test_nobody_due_says_so_and_pausing_says_why(qtbot, window, engine) -> None:
    add(engine, "Eve Online", added=days_ago(3), met=days_ago(3))
    view = open_due(qtbot, window)
    assert view.stack.currentWidget() is view.message
    assert view.message.text() == EMPTY and view.message.text().startswith("Nobody is due.")

    add(engine, "Ada Lovelace", met=days_ago(100))
    window.refresh()
    wait_loaded(qtbot, view)
    assert [r[0] for r in rows(view)] == ["Ada Lovelace"]
    window.reminders.pause_action.trigger()  # Tools ▸ Pause reminders
    wait_loaded(qtbot, view)
    assert view.message.text() == PAUSED
    qtbot.waitUntil(lambda: window.reminders.scheduler.target is None)
    assert not window.reminders.scheduler.timer.isActive()
    window.reminders.pause_action.trigger()
    wait_loaded(qtbot, view)
    assert [r[0] for r in rows(view)] == ["Ada Lovelace"]


def test_contact_markup_is_shown_as_text(qtbot, window, engine) -> None:
    add(engine, "<b>Bold</b> & <img src=x>", met=days_ago(100))
    view = open_due(qtbot, window)
    [leaf] = view._leaves()
    assert leaf.text(0) == "<b>Bold</b> & <img src=x>"  # item text is never rendered as HTML
    # The tray menu doubles the & so it shows instead of becoming a mnemonic.
    titles = [a.text() for a in window.reminders.tray.menu.actions()]
    assert "<b>Bold</b> && <img src=x> — overdue 40 days" in titles


def test_a_huge_list_shows_the_first_rows_and_counts_the_rest(qtbot, window, engine,
                                                              monkeypatch) -> None:
    monkeypatch.setattr(due_view, "MAX_ROWS", 2)
    book(engine)
    view = open_due(qtbot, window)
    assert [r[0] for r in rows(view)] == ["Ada Lovelace", "Cleo Patra"]
    assert group_titles(view) == ["Overdue · Friends (2)",
                                  "…and 2 more, listed as you log or snooze the ones above"]


def test_a_hidden_due_tab_builds_its_rows_only_when_shown(qtbot, window, engine) -> None:
    """At 50k contacts filling the tree stalls the window: not while nobody looks at it."""
    book(engine)
    view = window.reminders.view
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        window.refresh()
    assert len(loaded.args[0]) == 4  # the tray gets the items all the same
    assert rows(view) == []
    window.reminders.due_action.trigger()
    assert [r[0] for r in rows(view)] == ["Ada Lovelace", "Cleo Patra", "Bob Builder",
                                          "Dan Brown"]
