"""The refresh after an import runs over several event-loop turns (issue #8); once
settled the window shows exactly what the one-turn `refresh` shows."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel
from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.contacts import set_circle
from relmanager.ui.main_window import MainWindow
from tests.factories import make_contact, store

TIMEOUT = 30_000


def state(window: MainWindow) -> dict[str, object]:
    """What the user sees of a refresh: list, counts, selection, detail pane, status."""
    return {
        "names": [window.model.index(r, 0).data() for r in range(window.model.rowCount())],
        "filters": [a.text() for a in window.filter_actions.values()],
        "bar_total": window.filter_bar.total,
        "page": window.stack.currentWidget(),
        "current": window._table_current_id(),
        "detail": [label.text() for label in window.detail.findChildren(QLabel)],
        "status": window.statusBar().currentMessage(),
    }


def test_import_settles_to_what_a_plain_refresh_shows(qtbot, window: MainWindow,
                                                      corpus) -> None:
    files = [str(corpus / "ezvcard__John_Doe_IPHONE.vcf"), str(corpus / "ezvcard__gmail-list.vcf")]
    with qtbot.waitSignal(window.import_flow.finished, timeout=TIMEOUT):
        window.import_files(files)
    after_import = state(window)
    assert len(after_import["names"]) == 4  # type: ignore[arg-type]
    assert after_import["page"] is window.splitter
    assert after_import["current"] is not None
    assert "Read 4 cards" in str(after_import["status"])  # the import's headline

    window.refresh()
    again = state(window)
    assert again["status"] == "4 contacts"
    assert {**after_import, "status": None} == {**again, "status": None}
    # The pages' loads the import started end before the window goes.
    qtbot.waitUntil(lambda: not QThreadPool.globalInstance().activeThreadCount(),
                    timeout=TIMEOUT)


def test_steps_come_in_separate_turns_and_end_like_refresh(
        qtbot, window: MainWindow, engine: Engine) -> None:
    [ada, _] = store(engine, make_contact("Ada Lovelace", "ada@x.example"),
                     make_contact("Bob Builder", "bob@x.example"))
    set_circle(engine, ada, Circle.FRIEND)
    announced: list[bool] = []
    window.data_changed.connect(lambda: announced.append(True))
    done: list[dict[str, object]] = []

    window.refresh_in_turns(lambda: done.append(state(window)))
    # This turn: the counts only. The list, detail pane and pages follow.
    assert window.filter_actions[Circle.FRIEND].text() == "&Friends (1)"
    assert window.model.rowCount() == 0 and not announced and not done
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    assert announced == [True]

    window.refresh()
    assert done == [state(window)]
    assert done[0]["current"] == ada and done[0]["status"] == "2 contacts"


def test_a_refresh_in_between_makes_the_steps_left_moot(
        qtbot, window: MainWindow, engine: Engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@x.example"))
    announced: list[bool] = []
    window.data_changed.connect(lambda: announced.append(True))
    done: list[bool] = []
    window.refresh_in_turns(lambda: done.append(True))
    window.refresh()  # e.g. an edit: synchronous, complete
    assert window.model.rowCount() == 1 and announced == [True]
    qtbot.waitUntil(lambda: bool(done), timeout=TIMEOUT)
    qtbot.wait(20)
    assert announced == [True]  # the moot steps did not reload or announce again
    assert window.model.rowCount() == 1
