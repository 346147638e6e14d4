"""Editing, creating, deleting and bulk-changing contacts in the real main window."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QMessageBox
from sqlalchemy import Engine, func, select

from relmanager.domain import Birthday, Circle, Contact, InteractionKind
from relmanager.services.circles import refresh_suggestions
from relmanager.services.contact_edit import load_editable
from relmanager.services.interactions import log_interaction
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.ui.category_dialog import CategoryDialog
from relmanager.ui.contact_commands import select_contacts
from relmanager.ui.contact_editor import ContactEditor
from relmanager.ui.main_window import MainWindow
from relmanager.ui.tasks import finish_background_work
from tests.factories import make_contact
from tests.factories import store as store_raw

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def wait_idle(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.editing.commands.runner.busy(), timeout=20_000)


def press(qtbot, widget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press as a user makes it: in the active window (shortcuts depend on that)."""
    widget.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.keyClick(widget, key, modifier)


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(s.contacts)).scalar_one()


def answer_later(qtbot, cls: type, name: str, act: Callable[[object], None]) -> list[str]:
    """Drive the modal `cls` named `name` once it is up; returns the texts it showed."""
    seen: list[str] = []

    def poll() -> None:
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, cls) and w.objectName() == name and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, poll)
            return
        box = boxes[0]
        seen.append(box.text() if isinstance(box, QMessageBox) else box.windowTitle())
        act(box)

    QTimer.singleShot(0, poll)
    return seen


def click(text: str) -> Callable[[object], None]:
    def act(box: object) -> None:
        [button] = [b for b in box.findChildren(QAbstractButton)  # type: ignore[attr-defined]
                    if b.text().replace("&", "") == text]
        button.click()
    return act


def store(engine: Engine, *contacts: Contact) -> list[int]:
    """Stored with their circle suggestions, as an import leaves them."""
    ids = store_raw(engine, *contacts)
    with write_transaction(engine) as conn:
        refresh_suggestions(conn, ids)
    return ids


@pytest.fixture
def ana(engine: Engine, window: MainWindow) -> int:
    [cid] = store(engine, make_contact("Ana Lima", "ana@example.org", "Acme", "+1 555 0100"))
    window.refresh()
    return cid


def open_editor(qtbot, window: MainWindow, cid: int) -> ContactEditor:
    window.table.setFocus()
    press(qtbot, window.table, Key.Key_F2)
    editor = window.editing.editors[cid]
    assert editor.isVisible()
    return editor


def test_f2_edits_the_contact_and_ctrl_z_undoes_exactly(qtbot, window, engine, ana) -> None:
    before = load_editable(engine, ana)
    editor = open_editor(qtbot, window, ana)
    assert editor.windowTitle() == "Edit “Ana Lima”"
    editor.job_title.setText("Head of Research")
    editor.emails.add_button.click()
    qtbot.keyClicks(editor.emails.rows[-1].first_field(), "ana@lima.example")
    editor.emails.rows[-1].kind.setCurrentIndex(0)  # home
    editor.birthday.day.setValue(29)
    editor.birthday.month.setCurrentIndex(2)  # February, no year
    editor.dont_pitch.setChecked(True)
    editor.circle.setCurrentIndex(3)  # Both
    press(qtbot, editor.job_title, Key.Key_Return)  # Enter saves
    wait_idle(qtbot, window)

    saved = load_editable(engine, ana)
    assert saved.contact.title == "Head of Research"
    assert [(e.address, e.types) for e in saved.contact.emails] == [
        ("ana@example.org", ("internet",)), ("ana@lima.example", ("home",))]
    assert saved.contact.birthday == Birthday(2, 29)
    assert saved.head.dont_pitch and saved.head.circle_user is Circle.BOTH
    assert window.current_contact_id() == ana
    assert window.detail.contact is not None and window.detail.contact.title == "Head of Research"
    assert window.undo_stack.undoText() == "edit “Ana Lima”"
    assert not window.editing.editors

    press(qtbot, window.table, Key.Key_Z, CTRL)
    wait_idle(qtbot, window)
    assert load_editable(engine, ana) == before
    window.undo_stack.redo()
    wait_idle(qtbot, window)
    assert load_editable(engine, ana) == saved


def test_enter_and_double_click_on_a_row_open_the_editor(qtbot, window, ana) -> None:
    window.table.setFocus()
    press(qtbot, window.table, Key.Key_Return)
    editor = window.editing.editors[ana]
    editor.reject()  # nothing changed: closes without asking
    qtbot.waitUntil(lambda: ana not in window.editing.editors)
    index = window.model.index(0, 0)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editing.editors[ana].isVisible()
    window.editing.editors[ana].reject()


def test_an_email_without_at_is_explained_inline_and_nothing_is_lost(qtbot, window, engine,
                                                                      ana) -> None:
    editor = open_editor(qtbot, window, ana)
    field = editor.emails.rows[0].first_field()
    field.setText("ana.example.org")
    assert editor.problem.text() == "E-mail: “ana.example.org” has no @."
    assert not editor.save_button.isEnabled()
    press(qtbot, field, Key.Key_Return)
    press(qtbot, editor, Key.Key_Return, CTRL)
    assert editor.isVisible() and field.text() == "ana.example.org"
    assert load_editable(engine, ana).contact.emails[0].address == "ana@example.org"

    editor.birthday.day.setValue(31)
    editor.birthday.month.setCurrentIndex(2)
    assert "(and 1 more)" in editor.problem.text()
    field.setText("ana@example.net")
    assert editor.problem.text() == "Birthday: February has no day 31."
    editor.birthday.day.setValue(28)
    assert editor.problem.text() == "" and editor.save_button.isEnabled()


def test_esc_asks_before_discarding_and_keep_editing_keeps_the_text(qtbot, window, engine,
                                                                    ana) -> None:
    editor = open_editor(qtbot, window, ana)
    editor.note.setPlainText("half-typed thought")
    seen = answer_later(qtbot, QMessageBox, "discardQuestion", click("Keep editing"))
    press(qtbot, editor, Key.Key_Escape)
    assert seen == ["Discard your changes to “Ana Lima”?"]
    assert editor.isVisible() and editor.note.toPlainText() == "half-typed thought"

    answer_later(qtbot, QMessageBox, "discardQuestion", click("Discard"))
    press(qtbot, editor, Key.Key_Escape)
    qtbot.waitUntil(lambda: ana not in window.editing.editors)
    assert load_editable(engine, ana).contact.note == ""
    assert window.undo_stack.count() == 0


def test_ctrl_n_creates_a_contact_that_is_selected_and_undoable(qtbot, window, engine,
                                                                ana) -> None:
    press(qtbot, window.table, Key.Key_N, CTRL)
    editor = window.editing.editors[0]
    assert editor.windowTitle() == "New contact"
    assert editor.problem.text().startswith("Type a name")
    qtbot.keyClicks(editor.given, "Ben")
    qtbot.keyClicks(editor.family, "Okafor")
    assert editor.display_name.text() == "Ben Okafor"  # follows the name fields
    editor.phones.add_button.click()
    qtbot.keyClicks(editor.phones.rows[0].first_field(), "+44 20 7946 0018")
    press(qtbot, editor.given, Key.Key_Return, CTRL)
    wait_idle(qtbot, window)

    assert count(engine) == 2
    new_id = window.current_contact_id()
    assert new_id is not None and new_id != ana
    ben = load_editable(engine, new_id).contact
    assert ben.display_name == "Ben Okafor" and ben.phones[0].types == ("cell",)
    assert window.undo_stack.undoText() == "new contact “Ben Okafor”"
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert count(engine) == 1
    window.undo_stack.redo()
    wait_idle(qtbot, window)
    assert load_editable(engine, new_id).contact == ben


def test_delete_asks_with_the_count_and_undo_brings_history_back(qtbot, window,
                                                                engine) -> None:
    ids = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"),
                make_contact("Cy Newman"), make_contact("Di Park"))
    log_interaction(engine, ids[1], InteractionKind.CALL, date(2024, 3, 1))
    window.refresh()
    select_contacts(window, ids[:3])
    qtbot.waitUntil(lambda: window.editing.delete_action.text() == "&Delete 3 contacts…")

    seen = answer_later(qtbot, QMessageBox, "confirmDelete", click("Cancel"))
    press(qtbot, window.table, Key.Key_Delete)
    assert seen == ["Delete 3 contacts? You can undo this with Ctrl+Z."]
    assert count(engine) == 4 and not window.editing.commands.runner.busy()

    answer_later(qtbot, QMessageBox, "confirmDelete", click("Delete"))
    press(qtbot, window.table, Key.Key_Delete)
    wait_idle(qtbot, window)
    assert count(engine) == 1
    assert window.current_contact_id() == ids[3]  # the next contact is selected
    assert window.undo_stack.undoText() == "delete 3 contacts"
    assert window.edit_menu.actions()[0].text() == "&Undo delete 3 contacts"

    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert count(engine) == 4
    assert sorted(window.selected_contact_ids()) == ids[:3]
    with engine.connect() as conn:
        assert conn.execute(select(s.interactions.c.contact_id)).scalars().all() == [ids[1]]


def test_categories_add_and_remove_on_a_selection(qtbot, window, engine) -> None:
    ids = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"))
    window.refresh()
    window.table.selectAll()
    qtbot.waitUntil(window.editing.add_category_action.isEnabled)

    def type_golf(dialog: object) -> None:
        assert isinstance(dialog, CategoryDialog)
        qtbot.keyClicks(dialog.name, "Golf")
        dialog.ok.click()

    seen = answer_later(qtbot, CategoryDialog, "categoryDialog", type_golf)
    window.editing.add_category_action.trigger()
    wait_idle(qtbot, window)
    assert seen == ["Add category"]
    assert [load_editable(engine, i).contact.categories for i in ids] == [["Golf"], ["Golf"]]
    assert window.undo_stack.undoText() == "add category “Golf” to 2 contacts"

    def remove_golf(dialog: object) -> None:
        assert isinstance(dialog, CategoryDialog)
        assert dialog.name.completer().model().data(
            dialog.name.completer().model().index(0, 0)) == "Golf"
        dialog.name.setText("golf")
        dialog.ok.click()

    answer_later(qtbot, CategoryDialog, "categoryDialog", remove_golf)
    window.editing.remove_category_action.trigger()
    wait_idle(qtbot, window)
    assert [load_editable(engine, i).contact.categories for i in ids] == [[], []]
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert [load_editable(engine, i).contact.categories for i in ids] == [["Golf"], ["Golf"]]


def test_ctrl_d_toggles_dont_pitch_on_the_selection(qtbot, window, engine, ana) -> None:
    window.table.setFocus()
    assert not window.editing.pitch_action.isChecked()
    press(qtbot, window.table, Key.Key_D, CTRL)
    wait_idle(qtbot, window)
    assert load_editable(engine, ana).head.dont_pitch
    assert window.editing.pitch_action.isChecked()
    assert window.undo_stack.undoText() == "mark 1 contact don't pitch"
    press(qtbot, window.table, Key.Key_D, CTRL)
    wait_idle(qtbot, window)
    assert not load_editable(engine, ana).head.dont_pitch
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    assert load_editable(engine, ana).head.dont_pitch


def test_actions_need_a_selection_and_live_in_the_contact_menu(qtbot, window, engine) -> None:
    feature = window.editing
    assert not feature.delete_action.isEnabled() and not feature.edit_action.isEnabled()
    assert not feature.export_selection_action.isEnabled()
    assert feature.new_action.isEnabled()
    texts = [a.text() for a in window.contact_menu.actions()]
    assert {"&New contact…", "&Edit…", "&Delete…", "Don't &pitch", "Cate&gories"} <= set(texts)
    files = [a.text() for a in window.file_menu.actions()]
    assert files.index("Export &selection…") == files.index("&Export…") + 1
    store(engine, make_contact("Ana Lima"))
    window.refresh()
    qtbot.waitUntil(feature.delete_action.isEnabled)
    assert feature.export_selection_action.isEnabled() and feature.edit_action.isEnabled()


def test_export_selection_writes_only_the_selected(qtbot, window, engine, tmp_path) -> None:
    ids = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"),
                make_contact("Cy Newman"))
    window.refresh()
    out = tmp_path / "sel.vcf"
    with qtbot.waitSignal(window.export_flow.finished, timeout=10_000) as signal:
        window.export_flow.export_to(out, None, "3.0", ids=[ids[2], ids[0]])
    assert signal.args[0].count == 2
    text = out.read_text()
    assert "FN:Ana Lima" in text and "FN:Cy Newman" in text and "Bo Ek" not in text


def test_markup_in_a_name_stays_text_and_ampersands_stay_in_the_undo_text(
        qtbot, window, engine) -> None:
    [cid] = store(engine, make_contact("Tom & <b>Jerry</b>"))
    window.refresh()
    editor = open_editor(qtbot, window, cid)
    assert isinstance(editor.display_name, QLineEdit)
    assert editor.display_name.text() == "Tom & <b>Jerry</b>"
    editor.note.setPlainText("x")
    editor.accept()
    wait_idle(qtbot, window)
    assert window.edit_menu.actions()[0].text() == "&Undo edit “Tom && <b>Jerry</b>”"


def test_a_big_delete_runs_off_the_gui_thread(qtbot, window, engine) -> None:
    ids = store(engine, *(make_contact(f"Person {i:04d}", f"p{i}@example.org", uid=f"u{i}")
                          for i in range(3000)))
    window.refresh()
    runner = window.editing.commands.runner
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:  # how long the event loop went without running this timer
        now = time.perf_counter()
        if runner.busy():  # the work itself; refreshing the list afterwards is GUI work
            gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    started = time.perf_counter()
    window.editing.commands.delete(ids, "", None)
    assert runner.busy()  # the call returned before the work was done
    wait_idle(qtbot, window)
    took = time.perf_counter() - started
    window.undo_stack.undo()
    wait_idle(qtbot, window)
    timer.stop()
    assert count(engine) == 3000
    print(f"delete took {took * 1000:.0f} ms, longest event-loop gap {max(gaps) * 1000:.0f} ms")
    # Done on the GUI thread, one gap would be as long as the whole delete.
    assert max(gaps) < took * 0.75, "the event loop waited for the database"


def test_contact_shortcuts_do_nothing_on_another_tab(qtbot, window, engine, ana) -> None:
    """Ctrl+D pressed on the Due tab must not change a contact nobody can see."""
    window.table.selectRow(0)
    due_tab = window.pages.widget(1)
    window.show_page(due_tab)
    press(qtbot, window, Key.Key_D, CTRL)
    wait_idle(qtbot, window)
    assert not load_editable(engine, ana).head.dont_pitch
    assert window.undo_stack.count() == 0
    window.show_page(window.stack)
    assert window.selected_contact_ids() == [ana]  # the selection is still there


def test_undo_waits_while_a_change_is_still_being_written(qtbot, window, engine, ana) -> None:
    """Ctrl+Z during a running change must not undo the change before it."""
    window.table.setFocus()
    press(qtbot, window.table, Key.Key_D, CTRL)  # change 1
    wait_idle(qtbot, window)
    assert window.undo_stack.count() == 1
    press(qtbot, window.table, Key.Key_D, CTRL)  # change 2, maybe still on the worker
    busy = window.editing.commands.runner.busy()
    window.undo_action.trigger()
    if busy:
        assert "Still saving" in window.statusBar().currentMessage()
    wait_idle(qtbot, window)
    # Either way the stack and the data agree: the last thing undone is the last change.
    assert window.undo_stack.count() == 2
    assert load_editable(engine, ana).head.dont_pitch is (window.undo_stack.index() == 1)


def test_quitting_while_a_change_is_written_keeps_the_change(qtbot, window, engine) -> None:
    ids = store(engine, *(make_contact(f"Person {i:04d}", f"p{i}@example.org", uid=f"u{i}")
                          for i in range(3000)))
    window.refresh()
    window.editing.commands.delete(ids, "", None)
    assert window.editing.commands.runner.busy()
    # What run_app does once the event loop has ended (File ▸ Quit): the engine is
    # disposed next, so the delete must have committed by then, not died with the process.
    assert finish_background_work(window, (window.import_flow, window.export_flow))
    assert count(engine) == 0
    wait_idle(qtbot, window)  # the queued "done" still reaches the (closing) window


def test_quitting_during_an_import_rolls_it_back_whole(qtbot, window, engine,
                                                       corpus) -> None:
    results: list = []
    window.import_flow.finished.connect(results.append)
    window.import_files([str(corpus / "folker__LargeFile.vcf")])
    assert window.import_flow.task is not None and window.import_flow.task.running
    assert finish_background_work(window, (window.import_flow, window.export_flow))
    assert count(engine) == 0  # cancelled: all or nothing
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert results[0].cancelled
    window.import_flow.summary.close()
