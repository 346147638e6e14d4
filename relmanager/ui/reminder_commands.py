"""Log touch and snooze as QUndoCommands, shared by the Due view and the tray.

A command that fails on its first run marks itself obsolete, so the undo
stack drops it instead of offering to undo something that never happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtGui import QUndoCommand
from sqlalchemy import Engine

from relmanager.domain import InteractionKind
from relmanager.services.reminders.actions import (
    SnoozeRow,
    log_touches,
    remove_interactions,
    restore_snoozes,
    snooze_many,
    snooze_rows,
)
from relmanager.services.reminders.birthdays import day_label

log = logging.getLogger(__name__)

KIND_LABELS = {InteractionKind.MET: "met", InteractionKind.MESSAGE: "message",
               InteractionKind.CALL: "call"}


def who(names: Sequence[str]) -> str:
    """"Anna Berg" or "3 contacts" for command texts and status messages."""
    return names[0] if len(names) == 1 else f"{len(names)} contacts"


def until_label(until: date, today: date) -> str:
    days = (until - today).days
    if days == 1:
        return "tomorrow"
    label = day_label(until.month, until.day)
    return label if until.year == today.year else f"{label} {until.year}"


class _ReminderCommand(QUndoCommand):
    def __init__(self, text: str, engine: Engine, on_change: Callable[[], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(text)
        self.engine = engine
        self.on_change = on_change
        self.on_error = on_error
        self.done_once = False
        self.skip_next = False

    def _run(self, what: str, step: Callable[[], object]) -> bool:
        if self.skip_next:  # a failed step moved the stack, not the data: realign only
            self.skip_next = False
            return True
        try:
            step()
        except Exception as exc:
            log.warning("Could not %s: %s", what, type(exc).__name__)
            self.on_error(f"Could not {what}: {exc}")
            if self.done_once:
                self.skip_next = True
            else:
                self.setObsolete(True)
            return False
        self.done_once = True
        self.on_change()
        return True


class LogTouchCommand(_ReminderCommand):
    """Record a touch (met / message / call) dated `on` with each contact."""

    def __init__(self, engine: Engine, contact_ids: Sequence[int], names: Sequence[str],
                 kind: InteractionKind, on: date, *, on_change: Callable[[], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(f"log touch ({KIND_LABELS.get(kind, kind.value)}) with {who(names)}"
                         .replace("&", "&&"), engine, on_change, on_error)
        self.contact_ids = list(contact_ids)
        self.kind = kind
        self.on = on
        self.interaction_ids: list[int] = []

    def redo(self) -> None:
        def step() -> None:
            self.interaction_ids = log_touches(self.engine, self.contact_ids, self.kind, self.on)
        self._run("log the touch", step)

    def undo(self) -> None:
        self._run("undo the logged touch",
                  lambda: remove_interactions(self.engine, self.interaction_ids))


class SnoozeCommand(_ReminderCommand):
    """Move the reminder of each contact to `until` without counting it as contact."""

    def __init__(self, engine: Engine, contact_ids: Sequence[int], names: Sequence[str],
                 until: date, today: date, *, on_change: Callable[[], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(f"snooze {who(names)} until {until_label(until, today)}"
                         .replace("&", "&&"), engine, on_change, on_error)
        self.contact_ids = list(contact_ids)
        self.until = until
        self.before: dict[int, SnoozeRow | None] = {}

    def redo(self) -> None:
        def step() -> None:
            self.before = snooze_rows(self.engine, self.contact_ids)
            snooze_many(self.engine, self.contact_ids, self.until)
        self._run("snooze", step)

    def undo(self) -> None:
        self._run("undo the snooze", lambda: restore_snoozes(self.engine, self.before))
