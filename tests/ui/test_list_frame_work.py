"""Work a single frame of the contact list may do while paging down (issue #8):
two screens of rows fetched at most per frame, and no generation of laid-out texts freed
in one go (3,000 at once took 2-3 ms), with the same rows and texts shown as before."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtGui import QFont
from sqlalchemy import Engine

from relmanager.ui import contact_table
from relmanager.ui.cell_text import FREE_AT_ONCE, KEEP, CellTexts
from tests.factories import make_contact, store


def test_paging_down_fetches_two_screens_at_most_per_frame_and_every_row_once(
        qtbot, window, engine: Engine, block_fetches: list[list[int]]) -> None:
    names = [f"Person {n:03d}" for n in range(3 * contact_table.BLOCK)]
    store(engine, *(make_contact(name, f"p{n}@example.org", f"Org {n % 7}")
                    for n, name in enumerate(names)))
    asked = block_fetches
    window.resize(900, 500)
    window.refresh()
    table, model = window.table, window.model
    bar = table.verticalScrollBar()
    viewport = table.viewport()
    bar.setValue(0)
    viewport.repaint()
    shown_rows = viewport.height() // table.verticalHeader().defaultSectionSize()
    assert shown_rows >= 8  # a window whose two screens are fewer rows than the old block
    per_frame: list[int] = []
    start = len(asked)  # (before the first paint, a model fetches its default block)
    while True:
        before = len(asked)
        viewport.repaint()
        per_frame.append(sum(len(block) for block in asked[before:]))
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + bar.pageStep())
    fetched = [cid for block in asked for cid in block]
    assert len(fetched) == len(set(fetched)) == len(names)  # each row read once
    # No frame reads more than two screens, plus two rows each (the old block: 75 rows).
    assert max(per_frame) <= 2 * (shown_rows + 2) < contact_table.BLOCK
    assert len(asked) - start >= 4
    assert all(len(block) == model.block == 2 * (shown_rows + 2) for block in asked[start:-1])
    assert [model.index(r, 0).data() for r in range(len(names))] == names
    assert [model.index(r, 2).data() for r in range(3)] == ["Org 0", "Org 1", "Org 2"]


def test_a_dropped_generation_of_texts_is_freed_in_pieces(qapp) -> None:
    texts = CellTexts(QFont())
    first = {n: texts.get(f"Name {n}", 200)[0] for n in range(KEEP)}
    for n in range(KEEP - 1):  # a second generation; the first one becomes the old one
        texts.get(f"Other {n}", 200)
    assert texts.get("Name 5", 200)[0] is first[5]  # still there: not laid out again
    dropped = len(texts._old)
    assert dropped == KEEP
    texts.get("Third 0", 200)  # switches: the first generation is dropped ...
    assert len(texts._dying) == dropped  # ... but not freed in this frame
    for n in range(1, FREE_AT_ONCE):
        texts.get(f"Third {n}", 200)
    assert len(texts._dying) == dropped  # freed in pieces of FREE_AT_ONCE texts
    texts.get(f"Third {FREE_AT_ONCE}", 200)
    assert len(texts._dying) == dropped - FREE_AT_ONCE
    for n in range(FREE_AT_ONCE + 1, KEEP):
        texts.get(f"Third {n}", 200)
    assert len(texts._dying) == FREE_AT_ONCE  # the last piece goes with the next switch:
    texts.get("Fourth 0", 200)  # never more than one generation held to free
    assert len(texts._dying) == KEEP
    assert len(texts._new) + len(texts._old) <= 2 * KEEP
    # A dropped text comes back the same, laid out again.
    again = texts.get("Name 6", 200)[0]
    assert again is not first[6] and again.text() == first[6].text() == "Name 6"


def test_rows_beyond_the_cache_are_dropped_together_and_read_again_when_needed(
        qapp, engine: Engine, monkeypatch: pytest.MonkeyPatch,
        block_fetches: list[list[int]]) -> None:
    names = [f"Person {n:03d}" for n in range(120)]
    store(engine, *(make_contact(name, f"p{n}@example.org") for n, name in enumerate(names)))
    monkeypatch.setattr(contact_table, "CACHE_ROWS", 40)
    monkeypatch.setattr(contact_table, "EVICT_AT_ONCE", 20)
    model = contact_table.ContactTableModel(engine)
    model.reload()
    model.set_block(10)
    sizes = []
    for r in range(len(names)):
        assert model.index(r, 0).data() == names[r]
        sizes.append(len(model._cache))
    assert max(sizes) <= 60  # bounded: CACHE_ROWS + EVICT_AT_ONCE
    drops = [a - b for a, b in pairwise(sizes) if b < a]
    assert drops and all(d >= 20 for d in drops)  # 20 and more at once, not one per row
    asked = block_fetches
    asked.clear()
    assert model.index(0, 0).data() == names[0]  # dropped, so read again
    assert len(asked) == 1
