from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from relmanager.paths import AppPaths
from relmanager.services.contact_list import fetch_block
from relmanager.ui import contact_table
from relmanager.ui.main_window import MainWindow
from tests.sending.conftest import self_signed, smtp_server  # noqa: F401  (fixtures)
from tests.ui.xvfb import xvfb_display  # noqa: F401  (fixture)


@pytest.fixture
def window(qtbot, engine: Engine, paths: AppPaths) -> Iterator[MainWindow]:
    win = MainWindow(engine, paths)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


@pytest.fixture
def block_fetches(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """Every block of ids the contact list reads from the store (the real read runs)."""
    asked: list[list[int]] = []

    def counting(engine_: Engine, ids: list[int], config: object = None) -> object:
        asked.append(list(ids))
        return fetch_block(engine_, ids, config)  # type: ignore[arg-type]

    monkeypatch.setattr(contact_table, "fetch_block", counting)
    return asked
