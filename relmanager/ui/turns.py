"""Work split over event-loop turns, so the window can paint and take input between
the steps (issue #8: the refresh after a 10k import stalled it for ~100 ms)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer

# Not a 0 ms single shot: that is handled in the same pass as the repaint the step
# before queued, before any timer or input gets its turn.
NEXT_TURN_MS = 1


def run_in_turns(owner: QObject, steps: Sequence[Callable[[], object]],
                 still_wanted: Callable[[], bool],
                 then: Callable[[], object] | None = None) -> None:
    """Run the first step now and each further step, then `then`, in a later turn.
    Once `still_wanted()` is false (newer work made the rest moot) the steps left are
    skipped; `then` still runs. Nothing runs once `owner` is deleted."""
    left = list(steps)

    def step() -> None:
        if left and still_wanted():
            left.pop(0)()
            QTimer.singleShot(NEXT_TURN_MS, owner, step)  # the next step, or `then`
            return
        left.clear()
        if then is not None:
            then()

    step()
