"""Log touch and snooze when the database refuses a step: the user is told, the
data stays as it was, and the undo stack stays in step with the data."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtGui import QUndoStack
from sqlalchemy import Engine, func, select

from relmanager.domain import InteractionKind
from relmanager.store import schema as s
from relmanager.ui.reminder_commands import LogTouchCommand, SnoozeCommand
from tests.factories import make_contact, store

TODAY = date(2026, 11, 23)


def refuse(db: Path, table: str, *events: str) -> None:
    """A failing write, as a full disk or a broken file would give (in its own connection)."""
    with sqlite3.connect(db) as conn:
        for event in events:
            conn.execute(f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON {table} "
                         "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")


def allow(db: Path, *events: str) -> None:
    with sqlite3.connect(db) as conn:
        for event in events:
            conn.execute(f"DROP TRIGGER refuse_{event.lower()}")


def touches(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(s.interactions)).scalar_one()


def snoozed_until(engine: Engine, cid: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(s.snoozes.c.until).where(
            s.snoozes.c.contact_id == cid)).scalar_one_or_none()


def test_a_failed_undo_of_a_logged_touch_keeps_it_and_the_stack_in_step(
        engine: Engine, paths) -> None:
    [cid] = store(engine, make_contact("Anna Berg", "anna@example.org"))
    errors: list[str] = []
    stack = QUndoStack()
    stack.push(LogTouchCommand(engine, [cid], ["Anna Berg"], InteractionKind.CALL, TODAY,
                               on_change=lambda: None, on_error=errors.append))
    assert touches(engine) == 1

    refuse(paths.database, "interactions", "DELETE")
    stack.undo()
    [error] = errors
    assert error.startswith("Could not undo the logged touch:") and "disk I/O error" in error
    assert touches(engine) == 1  # still there
    # The stack moved back; Redo realigns it without logging the call twice.
    stack.redo()
    assert touches(engine) == 1
    assert stack.canUndo()

    allow(paths.database, "DELETE")
    stack.undo()
    assert touches(engine) == 0
    assert len(errors) == 1


def test_a_failed_snooze_is_dropped_from_the_stack(engine: Engine, paths) -> None:
    [cid] = store(engine, make_contact("Anna Berg", "anna@example.org"))
    errors: list[str] = []
    stack = QUndoStack()
    refuse(paths.database, "snoozes", "INSERT")
    stack.push(SnoozeCommand(engine, [cid], ["Anna Berg"], date(2026, 12, 1), TODAY,
                             on_change=lambda: None, on_error=errors.append))
    assert len(errors) == 1 and errors[0].startswith("Could not snooze:")
    assert snoozed_until(engine, cid) is None
    assert not stack.canUndo()  # nothing happened, so there is nothing to undo

    allow(paths.database, "INSERT")
    stack.push(SnoozeCommand(engine, [cid], ["Anna Berg"], date(2026, 12, 1), TODAY,
                             on_change=lambda: None, on_error=errors.append))
    assert str(snoozed_until(engine, cid)) == "2026-12-01"
    refuse(paths.database, "snoozes", "DELETE")
    stack.undo()
    assert len(errors) == 2 and errors[1].startswith("Could not undo the snooze:")
    assert str(snoozed_until(engine, cid)) == "2026-12-01"
    stack.redo()  # realigns only
    allow(paths.database, "DELETE")
    stack.undo()
    assert snoozed_until(engine, cid) is None
