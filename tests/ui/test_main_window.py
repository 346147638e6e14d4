from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from relmanager import __version__
from relmanager.domain import Circle
from relmanager.services.contacts import list_summaries, set_circle
from relmanager.ui.about import AboutDialog
from relmanager.ui.contact_table import ContactTableModel
from tests.factories import make_contact, store


def visible_names(window) -> list[str]:
    model = window.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_empty_book_invites_the_user_to_import(window) -> None:
    assert window.stack.currentWidget() is window.empty_state
    texts = " ".join(label.text() for label in window.empty_state.findChildren(QLabel))
    assert "empty" in texts and ".vcf" in texts
    assert window.empty_state.import_button.isVisible()
    assert window.statusBar().currentMessage() == "No contacts yet"


def test_window_has_title_icon_and_the_four_menus(window) -> None:
    assert window.windowTitle() == "relmanager"
    assert not window.windowIcon().isNull()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]


def test_contacts_are_listed_and_filtered_by_circle(qtbot, window, engine) -> None:
    _ada, bob = store(engine, make_contact("Ada Lovelace", "ada@example.org"),
                     make_contact("Bob Builder", "bob@gmail.com"))
    set_circle(engine, bob, Circle.FRIEND)
    window.refresh()
    assert window.stack.currentWidget() is window.table
    assert visible_names(window) == ["Ada Lovelace", "Bob Builder"]
    assert window.statusBar().currentMessage() == "2 contacts"

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert visible_names(window) == ["Bob Builder"]
    assert window.filter_actions[Circle.FRIEND].text() == "&Friends (1)"
    assert window.statusBar().currentMessage() == "1 of 2 contacts (friend)"

    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert len(visible_names(window)) == 2


def test_markup_in_contact_names_is_shown_as_text(window, engine) -> None:
    store(engine, make_contact("<b>Bold</b> <img src=file:///dev/zero>", "x@example.org"))
    window.refresh()
    index = window.model.index(0, 0)
    assert index.data() == "<b>Bold</b> <img src=file:///dev/zero>"
    assert index.data(Qt.ItemDataRole.ToolTipRole) is None


def test_about_shows_the_version_as_plain_text(qtbot, paths) -> None:
    dialog = AboutDialog(str(paths.home))
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel, "aboutText")
    assert f"relmanager {__version__}" in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_model_passes_qt_model_tester(qtmodeltester, engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@example.org"))
    model = ContactTableModel()
    model.set_rows(list_summaries(engine))
    qtmodeltester.check(model)
