"""Undoable contact changes and the worker that runs them in order, off the GUI thread.

Every change (and every undo or redo of one) is a job on a private one-thread
pool: jobs run exactly in the order the user asked for them, even when Ctrl+Z
is pressed while a 5,000-contact delete is still writing, and the window never
waits on SQLite. A job for many contacts shows a busy dialog if it takes long.

A `ContactChange` holds one row snapshot (see services.contact_rows): undo and
redo both swap it with what the database holds, so the state flips back and
forth exactly. The change itself was made before the command is pushed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QProgressDialog

from relmanager.domain import Contact
from relmanager.services import contact_edit
from relmanager.services.contact_edit import HeadFields, restore
from relmanager.services.contact_rows import RestoreError, RowSnapshot
from relmanager.ui import messages
from relmanager.ui.tasks import Task

log = logging.getLogger(__name__)

BUSY_DIALOG_FROM = 200  # contacts in one job before a busy dialog may show
BUSY_DIALOG_AFTER_MS = 400  # ... and only if the job is still running by then


def plural(n: int, one: str = "contact", many: str = "contacts") -> str:
    return f"{n} {one if n == 1 else many}"


class ChangeRunner(QObject):
    """Runs jobs one after another; results come back on the GUI thread."""

    idle = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.tasks: list[Task] = []

    def busy(self) -> bool:
        return bool(self.tasks)

    def run(self, label: str, count: int, work: Callable[[], Any],
            on_done: Callable[[Any], None],
            on_failed: Callable[[BaseException], None] | None = None) -> Task:
        task = Task(lambda _task: work(), self)
        dialog = self._busy_dialog(label) if count >= BUSY_DIALOG_FROM else None
        task.succeeded.connect(on_done)
        task.failed.connect(on_failed or self.report_failure)
        task.finished.connect(lambda: self._finished(task, dialog))
        self.tasks.append(task)
        task.start(self.pool)
        return task

    def _busy_dialog(self, label: str) -> QProgressDialog:
        dialog = QProgressDialog(label, "", 0, 0, self.window)
        dialog.setObjectName("contactChangeProgress")
        # One transaction: stopping half-way is not possible, and it takes seconds at most.
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_DIALOG_AFTER_MS)
        return dialog

    def _finished(self, task: Task, dialog: QProgressDialog | None) -> None:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        self.tasks.remove(task)
        task.deleteLater()
        if not self.tasks:
            self.idle.emit()

    def report_failure(self, exc: BaseException, doing: str = "save the change") -> None:
        if isinstance(exc, RestoreError | ValueError | LookupError):
            messages.error(self.window, f"Could not {doing}.", str(exc))
            return
        messages.error(self.window, f"Could not {doing}. Nothing was changed.",
                       f"{type(exc).__name__}: {exc}")

    def show_contacts(self, ids: Sequence[int]) -> None:
        """Refresh the window and select `ids` (those still listed)."""
        self.window.refresh()
        select_contacts(self.window, ids)


def select_contacts(window: Any, ids: Sequence[int]) -> None:
    """Select these contacts in the list; the first becomes current (detail pane)."""
    model, table = window.model, window.table
    wanted = set(ids)
    if not wanted:
        return
    rows = sorted(r for r in range(model.rowCount()) if model.contact_id(r) in wanted)
    if not rows:
        return
    selection = QItemSelection()
    last = model.columnCount() - 1
    start = prev = rows[0]
    for row in [*rows[1:], None]:  # contiguous runs become one range each
        if row is not None and row == prev + 1:
            prev = row
            continue
        selection.select(model.index(start, 0), model.index(prev, last))
        if row is not None:
            start = prev = row
    flags = QItemSelectionModel.SelectionFlag
    table.selectionModel().setCurrentIndex(model.index(rows[0], 0), flags.NoUpdate)
    table.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)
    table.scrollTo(model.index(rows[0], 0))
    window.show_current()


class _State:
    """What the jobs of one command share (plain Python: it outlives the Qt command)."""

    def __init__(self, snapshot: RowSnapshot) -> None:
        self.snapshot = snapshot
        # An undo that failed left the data as it was; the next redo must then do nothing.
        self.out_of_step = False


class ContactChange(QUndoCommand):
    """A change already made; undo and redo run on the runner."""

    def __init__(self, runner: ChangeRunner, text: str, snapshot: RowSnapshot, *,
                 count: int, select_after_redo: Sequence[int] = (),
                 select_after_undo: Sequence[int] = ()) -> None:
        super().__init__(text.replace("&", "&&"))  # "&" in a name is not a mnemonic
        self.runner = runner
        self.count = count
        self.select_after_redo = list(select_after_redo)
        self.select_after_undo = list(select_after_undo)
        self._state = _State(snapshot)
        self._fresh = True  # QUndoStack.push() calls redo(); the change is already done

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self._swap("Redoing", "redo", self.select_after_redo)

    def undo(self) -> None:
        self._swap("Undoing", "undo", self.select_after_undo)

    def _swap(self, doing: str, verb: str, select: list[int]) -> None:
        state, engine = self._state, self.runner.window.engine
        text = self.text().replace("&&", "&")

        def work() -> None:
            if state.out_of_step:
                state.out_of_step = False
                return
            try:
                state.snapshot = restore(engine, state.snapshot)
            except Exception:
                state.out_of_step = True
                raise

        log.info("%s: %d contact(s)", doing, self.count)  # names stay out of the log
        self.runner.run(f"{doing} {text}…", self.count, work,
                        lambda _: self.runner.show_contacts(select),
                        lambda exc: self._failed(exc, verb, text))

    def _failed(self, exc: BaseException, verb: str, text: str) -> None:
        self.runner.report_failure(exc, f"{verb} “{text}”")
        self.runner.window.refresh()


class ContactCommands:
    """Make a change on the runner; once it is stored, push it with a specific undo text."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.engine = window.engine
        self.runner = ChangeRunner(window)
        window.busy_checks.append(self.runner.busy)  # no Ctrl+Z while a change is written

    def _push(self, text: str, snapshot: RowSnapshot, count: int, after: Sequence[int],
              before: Sequence[int]) -> None:
        self.window.undo_stack.push(ContactChange(
            self.runner, text, snapshot, count=count, select_after_redo=after,
            select_after_undo=before))
        self.runner.show_contacts(after)
        self.window.statusBar().showMessage(text[0].upper() + text[1:] + ".", 5000)

    def save(self, contact: Contact, head: HeadFields, on_saved: Callable[[], None],
             on_failed: Callable[[BaseException], None]) -> None:
        cid = contact.id
        assert cid is not None

        def done(snap: RowSnapshot) -> None:
            name = contact.display_name  # filled in by save_contact when left empty
            self._push(f"edit “{name}”", snap, 1, [cid], [cid])
            on_saved()

        self.runner.run("Saving…", 1, lambda: contact_edit.save_contact(self.engine, contact, head),
                        done, on_failed)

    def create(self, contact: Contact, head: HeadFields, on_saved: Callable[[], None],
               on_failed: Callable[[BaseException], None]) -> None:
        def done(result: tuple[int, RowSnapshot]) -> None:
            cid, snap = result
            self._push(f"new contact “{contact.display_name}”", snap, 1, [cid], [])
            on_saved()

        self.runner.run("Saving…", 1,
                        lambda: contact_edit.create_contact(self.engine, contact, head),
                        done, on_failed)

    def delete(self, ids: Sequence[int], name: str, neighbour: int | None) -> None:
        """Delete `ids`; `name` labels a single contact; `neighbour` is selected after."""
        n = len(ids)
        text = f"delete “{name}”" if n == 1 else f"delete {plural(n)}"
        self.runner.run(f"Deleting {plural(n)}…", n,
                        lambda: contact_edit.delete_contacts(self.engine, ids),
                        lambda snap: self._push(text, snap, n,
                                                [neighbour] if neighbour else [], ids))

    def add_category(self, ids: Sequence[int], category: str) -> None:
        text = f"add category “{category}” to {plural(len(ids))}"
        self._bulk(text, ids, lambda: contact_edit.add_category(self.engine, ids, category))

    def remove_category(self, ids: Sequence[int], category: str) -> None:
        text = f"remove category “{category}” from {plural(len(ids))}"
        self._bulk(text, ids, lambda: contact_edit.remove_category(self.engine, ids, category))

    def set_dont_pitch(self, ids: Sequence[int], value: bool) -> None:
        text = (f"mark {plural(len(ids))} don't pitch" if value
                else f"clear don't pitch on {plural(len(ids))}")
        self._bulk(text, ids, lambda: contact_edit.set_dont_pitch(self.engine, ids, value))

    def _bulk(self, text: str, ids: Sequence[int], work: Callable[[], RowSnapshot]) -> None:
        ids = list(ids)
        self.runner.run(text[0].upper() + text[1:] + "…", len(ids), work,
                        lambda snap: self._push(text, snap, len(ids), ids, ids))
