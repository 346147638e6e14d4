"""The contact list in the window: columns, photos, search states, model contract."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from sqlalchemy import Engine, insert

from relmanager.domain import Circle, Photo
from relmanager.services.contact_list import ListQuery, SortKey
from relmanager.services.contacts import set_circle
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.ui import contact_table
from relmanager.ui.contact_avatars import BADGE_COLOURS
from relmanager.ui.contact_table import Column, ContactTableModel
from tests.factories import make_contact, store


def image_bytes(colour: str, fmt: str = "JPEG") -> bytes:
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt)
    return bytes(data.data())


def with_photo(name: str, data: bytes):
    contact = make_contact(name, f"{name.split(maxsplit=1)[0].lower()}@example.org")
    contact.photos = [Photo(data, "image/jpeg")]
    return contact


def centre(pixmap: QPixmap) -> QColor:
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def near(a: QColor, b: QColor, slack: int = 40) -> bool:
    return all(abs(x - y) <= slack for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def typed(qtbot, window) -> None:
    """Typing is debounced by one event-loop turn: let the search reach the list."""
    qtbot.waitUntil(lambda: not window.filter_bar.search_pending)


def visible_names(window) -> list[str]:
    return [window.model.index(r, 0).data() for r in range(window.model.rowCount())]


def test_model_passes_the_qt_model_tester_through_searches_and_sorts(
        qapp, qtmodeltester, engine: Engine) -> None:
    store(engine, with_photo("Ada Lovelace", image_bytes("red")),
          make_contact("Bob Builder", "bob@gmail.com", "Bob Co", "+1 555 123 4567"),
          make_contact("Chloé Dubois", "chloe@gmail.com"))
    model = ContactTableModel(engine)
    model.reload()
    qtmodeltester.check(model)  # the C++ tester keeps watching every change below
    for text in ("gmail", "chloe", "nobody at all", "5551234", ""):
        model.set_query(ListQuery(search=text))
        qtmodeltester.check(model)
    for column in Column:
        model.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)
    assert model.query.sort is SortKey.NEXT_DUE and model.rowCount() == 3


def test_photo_thumbnails_and_circle_badges_in_the_name_column(qtbot, engine: Engine) -> None:
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20 + b"\xff\xd9"
    ada, bob, eve = store(engine, with_photo("Ada Lovelace", image_bytes("#d00000")),
                          make_contact("Bob Builder", "bob@gmail.com"),
                          with_photo("Eve Hacker", broken))
    set_circle(engine, bob, Circle.FRIEND)
    model = ContactTableModel(engine)
    model.reload()
    pictures = {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1):
                model.index(r, 0).data(Qt.ItemDataRole.DecorationRole)
                for r in range(model.rowCount())}
    assert near(centre(pictures[ada]), QColor("#d00000"))  # the photo itself, scaled down
    assert not pictures[ada].isNull() and pictures[ada].deviceIndependentSize().width() == 20
    badge = pictures[bob].toImage()  # a green friend badge with a white initial
    assert near(badge.pixelColor(4, badge.height() // 2), BADGE_COLOURS[Circle.FRIEND])
    assert any(near(badge.pixelColor(x, y), QColor("white"), 30)
               for x in range(badge.width()) for y in range(badge.height()))
    # A photo that does not decode falls back to the badge, without a Qt warning.
    assert near(pictures[eve].toImage().pixelColor(4, badge.height() // 2),
                BADGE_COLOURS[Circle.UNSORTED])
    assert model.index(0, Column.CIRCLE).data(Qt.ItemDataRole.DecorationRole) is None


def test_last_contact_and_next_due_columns(qapp, engine: Engine) -> None:
    ada, bob = store(engine, make_contact("Ada Lovelace"), make_contact("Bob Builder"))
    set_circle(engine, ada, Circle.FRIEND)  # every 60 days
    set_circle(engine, bob, Circle.PROFESSIONAL)  # every 120 days
    long_ago = date.today() - timedelta(days=100)
    with write_transaction(engine) as conn:
        conn.execute(insert(s.interactions), [
            {"contact_id": cid, "kind": "call", "occurred_on": long_ago.isoformat(),
             "created_at": "2026-01-01T00:00:00+00:00"} for cid in (ada, bob)])
    model = ContactTableModel(engine)
    model.reload()
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert header == ["Name", "Circle", "Organisation", "Last contact", "Next due"]
    rows = {model.index(r, 0).data(): r for r in range(2)}
    ada_due = model.index(rows["Ada Lovelace"], Column.NEXT_DUE)
    bob_due = model.index(rows["Bob Builder"], Column.NEXT_DUE)
    assert model.index(rows["Ada Lovelace"], Column.LAST_CONTACT).data() == long_ago.isoformat()
    assert ada_due.data() == (long_ago + timedelta(days=60)).isoformat()
    assert bob_due.data() == (long_ago + timedelta(days=120)).isoformat()
    assert ada_due.data(Qt.ItemDataRole.FontRole).bold()  # overdue stands out
    assert bob_due.data(Qt.ItemDataRole.FontRole) is None


def test_a_search_without_results_says_so_in_the_list_and_esc_clears_it(
        qtbot, window, engine: Engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@example.org"),
          make_contact("Bob Builder", "bob@gmail.com"))
    window.refresh()
    message = window.contact_list.message
    assert not message.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filter_bar.search, "<b>zebra</b>")
    typed(qtbot, window)
    assert window.model.rowCount() == 0
    assert message.isVisible() and message.textFormat() == Qt.TextFormat.PlainText
    assert "No contacts match “<b>zebra</b>”" in message.text() and "Esc" in message.text()
    assert message.geometry().intersects(window.table.viewport().rect())
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == ""
    assert visible_names(window) == ["Ada Lovelace", "Bob Builder"]
    assert not message.isVisible()


def test_an_empty_circle_explains_itself_and_search_combines_with_chips(
        qtbot, window, engine: Engine) -> None:
    _ada, bob = store(engine, make_contact("Ada Lovelace", "ada@gmail.com"),
                      make_contact("Bob Builder", "bob@gmail.com"))
    set_circle(engine, bob, Circle.FRIEND)
    window.refresh()
    window.set_circle_filter(Circle.BOTH)
    assert window.contact_list.message.text().startswith(
        "No contacts who are both friend and professional yet.")
    window.set_circle_filter(Circle.FRIEND)
    qtbot.keyClicks(window.filter_bar.search, "gmail")
    typed(qtbot, window)
    assert visible_names(window) == ["Bob Builder"]
    assert window.statusBar().currentMessage() == "1 of 2 contacts (friend)"
    window.filter_bar.search.setText("lovelace")
    typed(qtbot, window)
    assert "among friends" in window.contact_list.message.text()
    assert "Ctrl+0" in window.contact_list.message.text()


def test_keystrokes_that_arrive_together_run_only_the_latest_search(
        qtbot, window, engine: Engine) -> None:
    store(engine, make_contact("Ada Lovelace", "ada@example.org"),
          make_contact("Bob Builder", "bob@gmail.com"))
    window.refresh()
    searched: list[str] = []
    window.filter_bar.search_changed.connect(searched.append)
    for text in ("l", "lo", "lov", "love"):  # typed faster than the list updates
        window.filter_bar.search.setText(text)
    assert visible_names(window) == ["Ada Lovelace", "Bob Builder"]  # not yet: one turn
    typed(qtbot, window)
    assert searched == ["love"] and visible_names(window) == ["Ada Lovelace"]
    qtbot.keyClick(window.filter_bar.search, Qt.Key.Key_Escape)  # clearing is immediate
    assert visible_names(window) == ["Ada Lovelace", "Bob Builder"]


def test_a_longer_word_with_the_same_matches_keeps_the_selection(
        qtbot, window, engine: Engine) -> None:
    ada, _bob, carl = store(engine, make_contact("Ada Lovelace", "ada@gmail.com"),
                            make_contact("Bob Builder", "bob@example.org"),
                            make_contact("Carl Gauss", "carl@gmail.com"))
    window.refresh()
    window.filter_bar.search.setText("gmai")
    typed(qtbot, window)
    window.table.selectRow(window.model.row_of(carl))
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))
    window.filter_bar.search.setText("gmail")  # same two contacts
    typed(qtbot, window)
    assert not resets and window.current_contact_id() == carl
    assert window.statusBar().currentMessage() == "2 of 3 contacts"
    window.filter_bar.search.setText("zzzz")
    typed(qtbot, window)
    window.filter_bar.search.setText("zzzzy")  # still nobody: the message quotes the new text
    typed(qtbot, window)
    assert "“zzzzy”" in window.contact_list.message.text()
    assert ada not in [window.model.contact_id(r) for r in range(window.model.rowCount())]


def test_a_sort_chosen_before_the_first_load_applies_when_the_list_loads(
        qapp, engine: Engine) -> None:
    """The view sorts while it is set up: that must not read the book (twice) before
    the window's first refresh, yet the chosen order must hold."""
    store(engine, make_contact("Ada Lovelace", "ada@example.org", "Zeta Corp"),
          make_contact("Bob Builder", "bob@example.org", "Alpha Ltd"))
    model = ContactTableModel(engine)
    model.sort(Column.ORGANISATION, Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 0 and model.query.sort is SortKey.ORGANISATION
    model.reload()
    assert [model.index(r, 0).data() for r in range(2)] == ["Bob Builder", "Ada Lovelace"]
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)  # loaded: sorts at once
    assert [model.index(r, 0).data() for r in range(2)] == ["Ada Lovelace", "Bob Builder"]


def test_rows_are_fetched_a_block_at_a_time_and_never_twice_while_cached(
        qapp, engine: Engine, block_fetches: list[list[int]]) -> None:
    names = [f"Person {n:03d}" for n in range(2 * contact_table.BLOCK + 30)]
    store(engine, *(make_contact(name, f"p{n}@example.org", f"Org {n % 7}")
                    for n, name in enumerate(names)))
    asked = block_fetches
    model = ContactTableModel(engine)
    model.reload()
    total = model.rowCount()
    # Down the list page by page, as scrolling paints it.
    shown = [model.index(r, 0).data() for r in range(total)]
    assert shown == sorted(names)
    fetched = [cid for block in asked for cid in block]
    assert len(fetched) == len(set(fetched)) == total  # each row read once
    assert all(len(block) <= contact_table.BLOCK for block in asked)
    assert len(asked) == -(-total // contact_table.BLOCK)
    # Up from the end after the cache forgot: the block reaches back, not forward.
    model.reload()
    asked.clear()
    last = total - 1
    assert model.index(last, 2).data() == f"Org {names.index(shown[last]) % 7}"
    assert len(asked) == 1 and len(asked[0]) == contact_table.BLOCK
    assert model.index(last - contact_table.BLOCK + 1, 0).data() == shown[
        last - contact_table.BLOCK + 1]
    assert len(asked) == 1  # already there
