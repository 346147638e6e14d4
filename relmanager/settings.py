"""Typed settings stored in the database (one place, no scattered string keys).

Each setting declares its key, type and default once; the store keeps JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine, insert, select

from relmanager.store import schema as s
from relmanager.store import write_transaction

T = TypeVar("T", int, bool, str, float)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    description: str


ASK_BUDGET_COUNT = Setting("asks.budget_count", 1, "asks allowed per window to a 'both' contact")
ASK_BUDGET_DAYS = Setting("asks.budget_days", 90, "length of the ask budget window in days")
ASK_SILENCE_DAYS = Setting("asks.long_silence_days", 365,
                           "days without contact before an ask gets a caution")

MAIL_TRANSPORT = Setting("mail.transport", "mailto",
                         "how messages leave: 'mailto' (your mail app) or 'smtp'")


def get(conn: Connection, setting: Setting[T]) -> T:
    row = conn.execute(select(s.settings.c.value).where(s.settings.c.key == setting.key)).first()
    if row is None:
        return setting.default
    value = json.loads(row[0])
    return value if isinstance(value, type(setting.default)) else setting.default


def put(engine: Engine, setting: Setting[T], value: T) -> None:
    if not isinstance(value, type(setting.default)):
        raise TypeError(f"{setting.key} takes {type(setting.default).__name__}")
    with write_transaction(engine) as conn:
        conn.execute(insert(s.settings).values(key=setting.key, value=json.dumps(value))
                     .prefix_with("OR REPLACE"))

# Window layout (base64 of Qt's saveGeometry/saveState blobs).
WINDOW_GEOMETRY = Setting("ui.main_window.geometry", "", "main window position and size")
WINDOW_SPLITTER = Setting("ui.main_window.splitter", "", "list/detail split")
WINDOW_COLUMNS = Setting("ui.main_window.columns", "", "contact list column widths and order")

# Tray (engineer A): the "still running in the tray" hint is shown once, the first close.
TRAY_HINT_SHOWN = Setting("ui.tray.hint_shown", False,
                          "told the user that closing the window keeps the app in the tray")
