"""Edit ▸ Undo and Redo: the window's own actions over its QUndoStack.

Not QUndoStack.createUndoAction: a change still being written on a worker (a
big delete) must land before Ctrl+Z, or the undo would take back the change
before it. Features report their work through `busy_checks`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow

from relmanager.ui.messages import STATUS_MS


def undo_redo_actions(window: QMainWindow, stack: QUndoStack,
                      busy_checks: Sequence[Callable[[], bool]]) -> tuple[QAction, QAction]:
    undo = _step_action(window, "Undo", stack.undo, stack.canUndoChanged,
                        stack.undoTextChanged, busy_checks=busy_checks)
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = _step_action(window, "Redo", stack.redo, stack.canRedoChanged,
                        stack.redoTextChanged, busy_checks=busy_checks)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
    return undo, redo


def _step_action(window: QMainWindow, name: str, step: Callable[[], None],
                 can_changed: SignalInstance, text_changed: SignalInstance, *,
                 busy_checks: Sequence[Callable[[], bool]]) -> QAction:
    action = QAction(f"&{name}", window)
    action.setEnabled(False)
    can_changed.connect(action.setEnabled)
    text_changed.connect(lambda text: action.setText(f"&{name} {text}".strip()))

    def trigger() -> None:
        if any(busy() for busy in busy_checks):
            window.statusBar().showMessage(
                f"Still saving the last change; {name.lower()} in a moment", STATUS_MS)
            return
        step()

    action.triggered.connect(trigger)
    return action
