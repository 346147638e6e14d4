"""Merge and "not duplicates" as commands on the main window's undo stack.

A command that the database refused makes itself obsolete, so the stack
drops it instead of pretending it happened, and the user gets a plain-text
message saying what to do next.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget
from sqlalchemy import Engine

from relmanager.services.contact_merge import MergeUndo, merge, undo_merge
from relmanager.services.duplicates import DuplicateError, dismiss, undismiss
from relmanager.services.merge import Side
from relmanager.ui import messages

log = logging.getLogger(__name__)

NAME_CHARS = 40  # of a contact name in "Undo merge of …"

OnChange = Callable[[], None]
OnError = Callable[[Exception], None]


def short_name(name: str) -> str:
    """A contact name fit for a menu entry: one line, not too long."""
    text = " ".join(name.split()) or "(no name)"
    return text if len(text) <= NAME_CHARS else text[:NAME_CHARS - 1].rstrip() + "…"


def set_command_text(command: QUndoCommand, text: str) -> None:
    """`text` for undo views, with `&` doubled for the Undo/Redo menu entries.

    QUndoCommand takes "text\\nactionText"; without the doubling a contact
    named "Smith & Jones" would show as "Smith _Jones" with a shortcut.
    """
    command.setText(f"{text}\n{text.replace('&', '&&')}")


def report_failure(parent: QWidget | None) -> OnError:
    """An `on_error` for the commands: a plain-text warning once the stack is done."""

    def report(exc: Exception) -> None:
        text = str(exc) if isinstance(exc, DuplicateError) else (
            "The database is busy or could not be written, so nothing was changed. "
            "Try again in a moment.")
        # Not from inside the undo stack's push/undo: a nested event loop there
        # could let the user press Ctrl+Z again half-way.
        if parent is None:
            QTimer.singleShot(0, lambda: messages.warning(None, text))
        else:
            QTimer.singleShot(0, parent, lambda: messages.warning(parent, text))

    return report


class _DataCommand(QUndoCommand):
    def __init__(self, on_change: OnChange | None, on_error: OnError | None) -> None:
        super().__init__()
        self.on_change = on_change
        self.on_error = on_error
        self._first = True  # the first redo has not succeeded yet
        self._skip_next = False

    def _skip(self) -> bool:
        """True once after a failed step: the stack moved but the data did not, so
        the stack's next step (the other way) only brings the two back in line."""
        skip, self._skip_next = self._skip_next, False
        return skip

    def _failed(self, what: str, exc: Exception) -> None:
        log.warning("Could not %s: %s", what, type(exc).__name__)
        if self._first:
            self.setObsolete(True)  # nothing happened: the command leaves the stack
        else:
            self._skip_next = True  # keep it: the merge must stay undoable
        if self.on_error is not None:
            self.on_error(exc)

    def _changed(self) -> None:
        self._first = False
        if self.on_change is not None:
            self.on_change()


class MergeCommand(_DataCommand):
    """Redo merges `other_id` into `keep_id` (again); undo puts both contacts back."""

    def __init__(self, engine: Engine, keep_id: int, other_id: int, choices: dict[str, Side],
                 names: tuple[str, str], *, on_change: OnChange | None = None,
                 on_error: OnError | None = None) -> None:
        super().__init__(on_change, on_error)
        set_command_text(self, f"merge of {short_name(names[0])} and {short_name(names[1])}")
        self.engine = engine
        self.keep_id, self.other_id = keep_id, other_id
        self.choices = dict(choices)
        self.undo_data: MergeUndo | None = None

    def redo(self) -> None:
        if self._skip():
            return
        try:
            self.undo_data = merge(self.engine, self.keep_id, self.other_id, self.choices)
        except Exception as exc:
            self._failed(f"merge contacts {self.keep_id} and {self.other_id}", exc)
            return
        log.info("Merged contact %s into %s", self.other_id, self.keep_id)
        self._changed()

    def undo(self) -> None:
        if self._skip() or self.undo_data is None:
            return
        try:
            undo_merge(self.engine, self.undo_data)
        except Exception as exc:
            self._failed(f"undo the merge of {self.other_id} into {self.keep_id}", exc)
            return
        log.info("Undid the merge of contact %s into %s", self.other_id, self.keep_id)
        self._changed()


class DismissCommand(_DataCommand):
    """"Not duplicates": the pair leaves the list; undo lists it again."""

    def __init__(self, engine: Engine, candidate_id: int, names: tuple[str, str], *,
                 on_change: OnChange | None = None, on_error: OnError | None = None) -> None:
        super().__init__(on_change, on_error)
        set_command_text(self, f"“not duplicates” for {short_name(names[0])} and "
                               f"{short_name(names[1])}")
        self.engine = engine
        self.candidate_id = candidate_id
        self.changed: list[int] = []

    def redo(self) -> None:
        if self._skip():
            return
        try:
            self.changed = dismiss(self.engine, self.candidate_id)
        except Exception as exc:
            self._failed(f"dismiss possible duplicate {self.candidate_id}", exc)
            return
        self._changed()

    def undo(self) -> None:
        if self._skip():
            return
        try:
            undismiss(self.engine, self.changed)
        except Exception as exc:
            self._failed(f"list possible duplicate {self.candidate_id} again", exc)
            return
        self._changed()
