"""Undoable circle decisions and rule removals for the window's QUndoStack.

The first change is made *before* the command is pushed (`decide` /
`remove_learned_rule` below), so a failed write shows an error and leaves no
command on the stack that never happened; `redo` after an undo repeats it.
Undo restores decisions, learned rules and suggestions exactly
(`services.circles.decide`).
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import Engine, exc

from relmanager.domain import Circle
from relmanager.services.circles import remove_rule, restore_rule
from relmanager.services.circles.decide import PreviousCircles, decide_circles, restore_circles
from relmanager.store import write_transaction
from relmanager.ui import messages

log = logging.getLogger(__name__)

Changed = Callable[[], None]
BUSY_CURSOR_MIN = 500


def _people(n: int) -> str:
    return f"{n} contact" if n == 1 else f"{n} contacts"


def decision_text(decisions: Mapping[int, Circle | None], *, accepting: bool = False) -> str:
    """'Set circle of 3 contacts to Friend', 'Accept 12 suggestions (8 Friend, 4 Both)'."""
    n = len(decisions)
    counts = Counter(decisions.values())
    if accepting:
        parts = ", ".join(f"{k} {c.label if c else 'no circle'}"
                          for c, k in counts.most_common())
        return f"Accept {n} suggestion{'s' if n != 1 else ''} ({parts})"
    if len(counts) == 1:
        (circle,) = counts
        if circle is None:
            return f"Clear the circle decision of {_people(n)}"
        return f"Set circle of {_people(n)} to {circle.label}"
    return f"Set circles of {_people(n)}"


class CircleDecisionCommand(QUndoCommand):
    def __init__(self, engine: Engine, decisions: Mapping[int, Circle | None],
                 previous: PreviousCircles, text: str, changed: Changed) -> None:
        super().__init__(text)
        self._engine = engine
        self._decisions = dict(decisions)
        self._previous = previous
        self._changed = changed
        self._done = True  # `decide` already did the first redo

    @property
    def contact_ids(self) -> list[int]:
        return list(self._previous.decisions)

    # A failed step changes nothing and leaves `_done` as it was, so the stack's next
    # step in the other direction is a no-op that brings it back in line with the data.
    def redo(self) -> None:
        if self._done:
            return
        try:
            with _busy(len(self._decisions)):
                self._previous = decide_circles(self._engine, self._decisions)
        except exc.SQLAlchemyError as error:
            show_save_error(None, error)
            return
        self._done = True
        self._changed()

    def undo(self) -> None:
        if not self._done:
            return
        try:
            with _busy(len(self._decisions)):
                restore_circles(self._engine, self._previous)
        except exc.SQLAlchemyError as error:
            show_save_error(None, error)
            return
        self._done = False
        self._changed()


@contextlib.contextmanager
def _busy(count: int) -> Iterator[None]:
    """A wait cursor while thousands of decisions are undone or redone (seconds at 50k)."""
    if count < BUSY_CURSOR_MIN:
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def decide(parent: QWidget, engine: Engine, stack: QUndoStack,
           decisions: Mapping[int, Circle | None], changed: Changed, *,
           accepting: bool = False) -> CircleDecisionCommand | None:
    """Record decisions now and put them on the undo stack; None if nothing was done."""
    if not decisions:
        return None
    try:
        previous = decide_circles(engine, decisions)
    except exc.SQLAlchemyError as error:
        show_save_error(parent, error)
        return None
    return push_decided(engine, stack, decisions, previous, changed, accepting=accepting)


def show_save_error(parent: QWidget | None, error: BaseException) -> None:
    log.error("Saving circle decisions failed: %s", error)
    messages.error(parent, "The circles could not be saved; nothing was changed.",
                   str(error.__cause__ or error))


def push_decided(engine: Engine, stack: QUndoStack, decisions: Mapping[int, Circle | None],
                 previous: PreviousCircles, changed: Changed, *,
                 accepting: bool = False) -> CircleDecisionCommand | None:
    """Put decisions already made (e.g. in a background task) on the undo stack."""
    if not previous.decisions:
        return None  # the contacts are gone (deleted meanwhile)
    text = decision_text({cid: decisions[cid] for cid in previous.decisions},
                         accepting=accepting)
    command = CircleDecisionCommand(engine, decisions, previous, text, changed)
    stack.push(command)
    changed()
    return command


class RemoveRuleCommand(QUndoCommand):
    def __init__(self, engine: Engine, rule_id: int, text: str, changed: Changed) -> None:
        super().__init__(text)
        self._engine = engine
        self._rule_id = rule_id
        self._changed = changed
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        with write_transaction(self._engine) as conn:
            remove_rule(conn, self._rule_id)
        self._done = True
        self._changed()

    def undo(self) -> None:
        with write_transaction(self._engine) as conn:
            restore_rule(conn, self._rule_id)
        self._done = False
        self._changed()


def remove_learned_rule(parent: QWidget, engine: Engine, stack: QUndoStack, rule_id: int, *,
                        description: str, changed: Changed) -> bool:
    """Stop applying a learned rule (undoable); the contacts it covered are re-suggested."""
    try:
        with write_transaction(engine) as conn:
            removed = remove_rule(conn, rule_id)
    except exc.SQLAlchemyError as error:
        log.error("Removing rule %s failed: %s", rule_id, error)
        messages.error(parent, "The rule could not be removed.", str(error.__cause__ or error))
        return False
    if removed:
        # '&' in an action text is a mnemonic marker; the description holds contact text.
        text = f"Remove rule “{description}”".replace("&", "&&")
        stack.push(RemoveRuleCommand(engine, rule_id, text, changed))
        changed()
    return removed
