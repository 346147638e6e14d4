from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from relmanager.paths import AppPaths
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
