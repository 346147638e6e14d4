"""Possible duplicates through the main window: the page, the merge dialog, undo/redo."""

from __future__ import annotations

import base64
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtWidgets import QAbstractButton, QLabel, QRadioButton, QWidget
from sqlalchemy import Engine

from relmanager.services.duplicates import list_candidates
from relmanager.services.importer import import_files
from relmanager.ui.duplicates_view import EMPTY_TEXT, DuplicatesView
from relmanager.ui.main_window import MainWindow
from relmanager.ui.merge_commands import MergeCommand
from relmanager.ui.merge_dialog import MergeDialog
from tests.services.test_duplicates import ANNA, ANNA_WORK, card, dump, import_pair
from tests.services.test_importer import vcf
from tests.ui.test_app_xvfb import DOCS, distinct_colours
from tests.ui.xvfb import show_and_grab

HOSTILE = "<b>x</b><img src=x>"


def avatar_png(rgb: tuple[int, int, int], size: int = 48) -> str:
    """A real (decodable) PNG: a coloured disc on white, base64 for a vCard PHOTO."""
    rows = []
    centre, radius = (size - 1) / 2, size * 0.42
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre) ** 2 <= radius ** 2
            row += bytes(rgb if inside else (255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def photo_line(rgb: tuple[int, int, int]) -> str:
    return f"PHOTO;ENCODING=b;TYPE=PNG:{avatar_png(rgb)}\n"


def page(window: MainWindow) -> DuplicatesView:
    return window.duplicates.view


def wait_rows(qtbot, window: MainWindow, rows: int) -> None:
    view = page(window)
    qtbot.waitUntil(lambda: not view.is_loading() and view.row_count() == rows)


def tab_text(window: MainWindow) -> str:
    return window.pages.tabText(window.pages.indexOf(page(window)))


def open_page(qtbot, window: MainWindow) -> DuplicatesView:
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # View ▸ Possible dup.
    assert window.pages.currentWidget() is page(window)
    return page(window)


def assert_plain_text_only(widget: QWidget) -> None:
    for label in widget.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    for child in [widget, *widget.findChildren(QWidget)]:
        assert child.toolTip() == "", child.objectName()


def select_rows(window: MainWindow, *contact_ids: int) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for cid in contact_ids:
        row = window.model.row_of(cid)
        assert row is not None
        selection.select(window.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_empty_page_explains_why_the_list_exists(qtbot, window: MainWindow) -> None:
    view = open_page(qtbot, window)
    qtbot.waitUntil(lambda: not view.is_loading())
    assert view.message.isVisible() and view.message.text() == EMPTY_TEXT
    assert not view.compare_button.isEnabled() and not view.dismiss_button.isEnabled()
    assert tab_text(window) == "Duplicates"


def test_a_book_with_duplicates_loads_them_only_when_the_page_is_shown(
        qtbot, engine: Engine, paths, tmp_path: Path) -> None:
    """Finding candidates in a 50k book takes seconds: not at start-up."""
    import_pair(engine, tmp_path)
    window = MainWindow(engine, paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    view = page(window)
    assert not view.is_loading() and view.model.rowCount() == 0
    assert tab_text(window) == "Duplicates"
    open_page(qtbot, window)
    wait_rows(qtbot, window, 1)
    assert tab_text(window) == "Duplicates (1)"


def test_an_import_lists_the_pair_and_counts_it_in_the_tab(qtbot, window: MainWindow,
                                                           engine: Engine,
                                                           tmp_path: Path) -> None:
    import_pair(engine, tmp_path)
    window.refresh()  # what an import from the window does when it finishes
    wait_rows(qtbot, window, 1)
    assert tab_text(window) == "Duplicates (1)"
    view = open_page(qtbot, window)
    model = view.model
    assert model.index(0, 0).data().splitlines() == ["Anna Smith", "anna@example.org · Acme"]
    assert model.index(0, 1).data().splitlines() == [
        "Anna Smith-Jones", "ANNA@example.org +1 · BigCorp"]  # one address, and how many more
    assert model.index(0, 2).data() == list_candidates(engine)[0].reason
    assert view.table.hasFocus() and view.compare_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter on the list compares
    assert view.merge_dialog is not None and view.merge_dialog.isVisible()
    view.merge_dialog.reject()


def test_merge_with_picked_fields_then_undo_and_redo(qtbot, window: MainWindow, engine: Engine,
                                                     tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path, ANNA + photo_line((40, 90, 200)),
                              ANNA_WORK + photo_line((230, 120, 30)))
    window.refresh()
    wait_rows(qtbot, window, 1)
    before = dump(engine)
    view = open_page(qtbot, window)
    view.compare_selected()
    merge = view.merge_dialog
    assert merge is not None and merge.isVisible()
    assert merge.fields == ["display_name", "name", "photos", "organisations", "title",
                            "birthday", "note"]
    # pre-selected: the kept side, or whichever side has a value
    assert merge.buttons["display_name", "keep"].isChecked()
    assert merge.buttons["birthday", "other"].isChecked()
    assert merge.buttons["photos", "keep"].isChecked()
    assert not merge.buttons["photos", "other"].icon().isNull()  # the pictures are shown
    assert merge.summary_text().startswith("The merged contact: Anna Smith · 2 e-mails")
    merge.buttons["display_name", "other"].click()
    assert "Anna Smith-Jones" in merge.summary.text()  # the summary follows
    assert merge.buttons["name", "other"].isChecked()  # the full name follows along
    merge.buttons["name", "keep"].click()  # until the user picks one
    merge.buttons["display_name", "keep"].click()
    merge.buttons["display_name", "other"].click()
    assert merge.buttons["name", "keep"].isChecked()
    merge.buttons["photos", "other"].click()
    assert_plain_text_only(merge)
    qtbot.mouseClick(merge.merge_button, Qt.MouseButton.LeftButton)

    wait_rows(qtbot, window, 0)
    assert view.message.text() == EMPTY_TEXT and tab_text(window) == "Duplicates"
    assert card(engine, other) is None
    merged = card(engine, keep)
    assert merged.display_name == "Anna Smith-Jones" and merged.name.family == "Smith"
    assert [p.data for p in merged.photos] == [base64.b64decode(avatar_png((230, 120, 30)))]
    assert window.model.rowCount() == 1  # the main list was refreshed
    assert window.undo_stack.undoText() == "merge of Anna Smith and Anna Smith-Jones"

    window.undo_stack.undo()  # what Ctrl+Z does
    assert dump(engine) == before
    wait_rows(qtbot, window, 1)
    assert window.model.rowCount() == 2

    window.undo_stack.redo()
    assert card(engine, other) is None
    assert card(engine, keep).display_name == "Anna Smith-Jones"
    wait_rows(qtbot, window, 0)
    assert window.model.rowCount() == 1


def test_merge_selected_from_the_contact_menu(qtbot, window: MainWindow, engine: Engine,
                                              tmp_path: Path) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", "UID:ann-1\nFN:Ann Lee\nEMAIL:ann@lee.example\n",
                              "UID:ann-2\nFN:Ann Lee\nTEL:+1 555 0100\nNOTE:from the phone\n",
                              "UID:bo-1\nFN:Bo Ek\n")])
    window.refresh()
    ids = sorted(window.model.contact_id(r) for r in range(window.model.rowCount()))
    ann = [cid for cid in ids if card(engine, cid).display_name == "Ann Lee"]
    action = window.duplicates.merge_action
    assert action in window.contact_menu.actions()

    select_rows(window, ann[0])
    window.contact_menu.aboutToShow.emit()
    assert not action.isEnabled()  # greyed out with one selected
    window.contact_menu.aboutToHide.emit()
    action.trigger()
    assert "exactly two" in window.statusBar().currentMessage()

    select_rows(window, *ann)
    window.contact_menu.aboutToShow.emit()
    assert action.isEnabled()
    window.contact_menu.aboutToHide.emit()
    action.trigger()
    merge = page(window).merge_dialog
    assert merge is not None and (merge.keep_id, merge.other_id) == tuple(ann)
    merge.buttons["note", "other"].setChecked(True)  # only the other has one: the default
    merge.accept()
    assert window.undo_stack.undoText() == "merge of Ann Lee and Ann Lee"
    edit_undo = next(a for a in window.edit_menu.actions() if a.text().startswith("&Undo"))
    assert edit_undo.text() == "&Undo merge of Ann Lee and Ann Lee"
    merged = card(engine, ann[0])
    assert merged.note == "from the phone" and [p.number for p in merged.phones] == [
        "+1 555 0100"]
    assert window.model.rowCount() == 2
    edit_undo.trigger()
    assert window.model.rowCount() == 3 and card(engine, ann[1]).note == "from the phone"


def test_not_duplicates_then_undo(qtbot, window: MainWindow, engine: Engine,
                                  tmp_path: Path) -> None:
    a, b = import_pair(engine, tmp_path)
    window.refresh()
    wait_rows(qtbot, window, 1)
    view = open_page(qtbot, window)
    qtbot.mouseClick(view.dismiss_button, Qt.MouseButton.LeftButton)
    wait_rows(qtbot, window, 0)
    assert list_candidates(engine) == []
    assert card(engine, a) is not None and card(engine, b) is not None  # nothing merged
    assert window.undo_stack.undoText() == "“not duplicates” for Anna Smith and Anna Smith-Jones"
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_rows(qtbot, window, 1)
    assert tab_text(window) == "Duplicates (1)"


def test_contact_markup_is_shown_literally(qtbot, window: MainWindow, engine: Engine,
                                           tmp_path: Path) -> None:
    hostile = ANNA_WORK.replace("FN:Anna Smith-Jones", f"FN:{HOSTILE}").replace(
        "ORG:BigCorp", "ORG:<a href='x'>Smith & Jones</a>")
    import_pair(engine, tmp_path, ANNA, hostile)
    window.refresh()
    wait_rows(qtbot, window, 1)
    view = open_page(qtbot, window)
    assert view.model.index(0, 1).data().splitlines()[0] == HOSTILE
    assert_plain_text_only(view)

    view.compare_selected()
    merge = view.merge_dialog
    assert merge is not None
    assert_plain_text_only(merge)
    name_button = merge.buttons["display_name", "other"]
    assert name_button.text() == HOSTILE
    # "&" in contact text is doubled so Qt shows it instead of making a shortcut
    assert merge.buttons["organisations", "other"].text() == "<a href='x'>Smith && Jones</a>"
    name_button.click()
    assert HOSTILE in merge.summary.text()
    merge.accept()
    undo = next(a for a in window.edit_menu.actions() if a.text().startswith("&Undo"))
    assert undo.text() == f"&Undo merge of Anna Smith and {HOSTILE}"
    window.undo_stack.undo()


def test_an_ampersand_in_a_name_stays_literal_in_the_undo_menu(qtbot, window: MainWindow,
                                                               engine: Engine,
                                                               tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path, ANNA,
                              ANNA_WORK.replace("FN:Anna Smith-Jones", "FN:Smith & Jones"))
    window.refresh()
    view = page(window)
    dialog = view.compare(keep, other)
    assert dialog is not None
    dialog.accept()
    # the stack's own text (undo views) is literal; the menu text doubles the "&"
    assert window.undo_stack.text(0) == "merge of Anna Smith and Smith & Jones"
    undo = next(a for a in window.edit_menu.actions() if a.text().startswith("&Undo"))
    assert undo.text() == "&Undo merge of Anna Smith and Smith && Jones"


def test_a_failed_merge_does_not_stay_on_the_stack(qtbot, engine: Engine,
                                                  tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    stack = QUndoStack()
    errors: list[Exception] = []
    stack.push(MergeCommand(engine, keep, 9999, {}, ("a", "b"), on_error=errors.append))
    assert len(errors) == 1
    assert stack.count() == 0 and not stack.canUndo()
    assert card(engine, keep) is not None and card(engine, other) is not None


def test_merge_dialog_keyboard_only(qtbot, engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    merge = MergeDialog(engine, keep, other)
    qtbot.addWidget(merge)
    merge.show()
    radios = merge.findChildren(QRadioButton)
    assert all(r.focusPolicy() & Qt.FocusPolicy.TabFocus for r in radios)
    assert all(r.accessibleName() for r in radios)
    buttons = [b.text() for b in merge.findChildren(QAbstractButton)]
    assert "&Merge" in buttons
    assert merge.merge_button.isDefault()
    assert merge.choices()["display_name"] == "keep"
    assert merge.choices()["birthday"] == "other"


# -- screenshots under a real X server -------------------------------------------------

SHOW_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from relmanager.paths import app_paths
from relmanager.services.duplicates import list_candidates
from relmanager.store import open_database
from relmanager.ui.app import make_application
from relmanager.ui.main_window import MainWindow
from relmanager.ui.merge_dialog import MergeDialog

app = make_application()
paths = app_paths(Path(sys.argv[1]))
engine = open_database(paths.database, paths.backups)
if sys.argv[2] == "list":
    shown = MainWindow(engine, paths)
    shown.resize(1100, 520)
    shown.duplicates.show()
else:
    pair = list_candidates(engine)[0]
    shown = MergeDialog(engine, pair.a.id, pair.b.id)
    shown.buttons["display_name", "other"].setChecked(True)
    shown.buttons["photos", "other"].setChecked(True)
shown.move(0, 0)
shown.show()
QTimer.singleShot(1500, lambda: print("shown", flush=True))
app.exec()
"""

FIRST = [
    "UID:anais-1\nFN:Anaïs Lefèvre\nN:Lefèvre;Anaïs;;;\nEMAIL;TYPE=HOME:anais.lefevre@gmail.com\n"
    "TEL;TYPE=CELL:+33 6 12 34 56 78\nCATEGORIES:Friends,Climbing\n"
    "NOTE:Met at the climbing gym in Lyon\n" + photo_line((52, 101, 164)),
    "UID:jose-1\nFN:José Ramírez\nN:Ramírez;José;;;\nTEL;TYPE=CELL:+34 612 345 678\n"
    "EMAIL:jose.ramirez@correo.example\n" + photo_line((38, 162, 105)),
    "UID:bjorn-1\nFN:Björn Åkesson\nEMAIL:bjorn@akesson.se\n",
    "UID:chen-1\nFN:Li Chen\nEMAIL:li.chen@example.net\n",
]
SECOND = [
    "UID:anais-2\nFN:Anaïs Lefèvre-Dubois\nN:Lefèvre-Dubois;Anaïs;;;\n"
    "EMAIL;TYPE=HOME:ANAIS.LEFEVRE@gmail.com\nEMAIL;TYPE=WORK:a.lefevre@atelier-dubois.fr\n"
    "ORG:Atelier Dubois\nTITLE:Directrice artistique\nBDAY:1988-03-14\n"
    "URL:https://atelier-dubois.fr\n" + photo_line((229, 120, 36)),
    "UID:jose-2\nFN:Pepe Ramírez\nTEL;TYPE=WORK:+34 612 345 678\nORG:Ramírez & Hijos\n",
    "UID:bjorn-2\nFN:B. Åkesson\nEMAIL:BJORN@akesson.se\nORG:Nordlys AB\n",
    "UID:chen-2\nFN:Chen Li\nEMAIL:LI.CHEN@example.net\nORG:Example Labs\n",
]


@pytest.mark.xvfb
def test_screenshots_of_the_page_and_the_merge_dialog(xvfb_display: str, engine: Engine,
                                                      paths, tmp_path: Path) -> None:
    import_files(engine, [vcf(tmp_path, "phone.vcf", *FIRST)])
    import_files(engine, [vcf(tmp_path, "work.vcf", *SECOND)])
    assert len(list_candidates(engine)) == 4
    engine.dispose()
    shots = {}
    for what, name in (("list", "duplicates.png"), ("merge", "merge-dialog.png")):
        shot = show_and_grab(xvfb_display, SHOW_SCRIPT, [str(paths.home), what], tmp_path / name)
        image = QImage(str(shot))
        assert not image.isNull() and distinct_colours(image) > 20, name
        assert image.width() > 600 and image.height() > 300, name
        shots[name] = shot
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        for name, shot in shots.items():
            shutil.copy(shot, DOCS / name)


def test_a_failed_undo_keeps_the_merge_undoable(qtbot, engine: Engine, tmp_path: Path) -> None:
    """Undo refused (the merged-away id was taken since): the stack stays in step with the
    data, and once the obstacle is gone the merge can still be undone."""
    from relmanager.services.contact_edit import delete_contacts  # noqa: PLC0415

    keep, other = import_pair(engine, tmp_path)
    stack = QUndoStack()
    errors: list[Exception] = []
    stack.push(MergeCommand(engine, keep, other, {}, ("a", "b"), on_error=errors.append))
    assert card(engine, other) is None and errors == []
    zed = "UID:zed-1\nFN:Zed Newman\nN:Newman;Zed;;;"
    import_files(engine, [vcf(tmp_path, "new.vcf", zed)])
    newcomer = other
    reused = card(engine, newcomer)
    assert reused is not None and reused.display_name == "Zed Newman"  # the freed id
    stack.undo()
    assert len(errors) == 1 and stack.count() == 1  # refused, but not dropped
    stack.redo()  # only brings the stack back in line: nothing merges twice
    assert len(errors) == 1 and card(engine, keep) is not None
    delete_contacts(engine, [newcomer])
    stack.undo()
    assert len(errors) == 1
    assert card(engine, other) is not None and card(engine, keep) is not None
