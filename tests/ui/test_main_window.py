from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from relmanager import __version__
from relmanager.domain import Circle
from relmanager.services.contact_list import ListQuery
from relmanager.services.contacts import set_circle
from relmanager.ui.about import AboutDialog
from relmanager.ui.contact_table import ContactTableModel
from relmanager.ui.main_window import MainWindow
from tests.factories import make_contact, store


def typed(qtbot, window) -> None:
    """Typing is debounced by one event-loop turn: let the search reach the list."""
    qtbot.waitUntil(lambda: not window.filter_bar.search_pending)


def visible_names(window) -> list[str]:
    model = window.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_empty_book_invites_the_user_to_import(window) -> None:
    assert window.stack.currentWidget() is window.empty_state
    texts = " ".join(label.text() for label in window.empty_state.findChildren(QLabel))
    assert "empty" in texts and ".vcf" in texts
    assert window.empty_state.import_button.isVisible()
    assert window.statusBar().currentMessage() == "No contacts yet"


def test_window_has_title_icon_and_its_menus(window) -> None:
    assert window.windowTitle() == "relmanager"
    assert not window.windowIcon().isNull()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "Contact", "View", "Tools", "Help"]


def test_contacts_are_listed_and_filtered_by_circle(qtbot, window, engine) -> None:
    _ada, bob = store(engine, make_contact("Ada Lovelace", "ada@example.org"),
                     make_contact("Bob Builder", "bob@gmail.com"))
    set_circle(engine, bob, Circle.FRIEND)
    window.refresh()
    assert window.stack.currentWidget() is window.splitter
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
    store(engine, make_contact("Ada Lovelace", "ada@example.org"),
          make_contact("Bob Builder", "bob@gmail.com"))
    model = ContactTableModel(engine)
    model.set_query(ListQuery())
    qtmodeltester.check(model)


def test_search_as_you_type_matches_names_emails_orgs_and_phones(qtbot, window, engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@analytical.example", "Analytical Engines"),
          make_contact("Bob Builder", "bob@gmail.com", phone="+44 20 7946 0018"),
          make_contact("Chloé Dubois", "chloe@example.fr"))
    window.refresh()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_bar.search.hasFocus()
    qtbot.keyClicks(window.filter_bar.search, "analyt")
    typed(qtbot, window)
    assert visible_names(window) == ["Ada Lovelace"]
    window.filter_bar.search.setText("chloe")  # accents folded
    typed(qtbot, window)
    assert visible_names(window) == ["Chloé Dubois"]
    window.filter_bar.search.setText("7946")
    typed(qtbot, window)
    assert visible_names(window) == ["Bob Builder"]
    assert window.statusBar().currentMessage() == "1 of 3 contacts"
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == "" and len(visible_names(window)) == 3


def test_selecting_a_contact_shows_its_details_as_plain_text(qtbot, window, engine) -> None:
    [cid] = store(engine, make_contact("<i>Eve</i> Hacker", "eve@example.org", "Evil Corp"))
    window.refresh()
    window.table.selectRow(0)
    assert window.detail.contact is not None and window.detail.contact.id == cid
    labels = window.detail.findChildren(QLabel)
    name = window.detail.findChild(QLabel, "contactName")
    assert name.text() == "<i>Eve</i> Hacker"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    texts = " ".join(label.text() for label in labels)
    assert "eve@example.org" in texts and "Evil Corp" in texts and "Unsorted" in texts


def test_clicking_a_header_sorts_by_that_column(window, engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@x.example", "Zeta Ltd"),
          make_contact("Bob Builder", "bob@x.example", "Alpha GmbH"))
    window.refresh()
    window.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert visible_names(window) == ["Bob Builder", "Ada Lovelace"]
    window.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert visible_names(window) == ["Bob Builder", "Ada Lovelace"]


def test_window_layout_is_remembered(qtbot, engine, paths) -> None:
    first = MainWindow(engine, paths)
    qtbot.addWidget(first)
    first.table.setColumnWidth(2, 321)
    first.close()
    second = MainWindow(engine, paths)
    qtbot.addWidget(second)
    assert second.table.columnWidth(2) == 321
