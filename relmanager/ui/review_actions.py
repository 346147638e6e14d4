"""What the Review page's keys and buttons do: accept, change, skip, undo.

Decisions go through `circle_commands` (one undoable command each). Small
ones are saved at once; from `BACKGROUND_MIN` contacts on (accepting a group
of thousands relearns rules and re-suggests tens of thousands of contacts:
seconds at 50k) they are saved in a background task while the page shows
"Saving…", so the window never freezes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relmanager.domain import Circle
from relmanager.services.circles.decide import PreviousCircles, decide_circles
from relmanager.services.circles.review import ReviewItem
from relmanager.ui.circle_commands import (
    CircleDecisionCommand,
    decide,
    push_decided,
    show_save_error,
)
from relmanager.ui.tasks import Task

if TYPE_CHECKING:
    from relmanager.ui.review_queue import ReviewPage

BACKGROUND_MIN = 1000
LOOKAHEAD = 60  # rows considered for where the cursor goes next


class ReviewActions:
    def __init__(self, page: ReviewPage) -> None:
        self.page = page
        self.task: Task | None = None
        self.background_min = BACKGROUND_MIN

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def run(self, name: str) -> None:
        if self.busy:
            return  # one save at a time; the page says "Saving…"
        if name == "undo":
            self.undo()
        elif name == "skip":
            self.skip()
        elif name == "accept":
            self.accept_group()
        elif name == "accept_one":
            self.accept_one()
        else:
            self.set_circle(Circle(name))

    # -- what the keys act on ----------------------------------------------------------
    def _selected(self) -> list[ReviewItem]:
        model = self.page.model
        rows = self.page.tree.selectionModel().selectedRows()
        return [item for i in rows if (item := model.item(i)) is not None]

    def _targets(self) -> list[ReviewItem]:
        """Several selected rows; else the current contact; on a group row, its group."""
        selected = self._selected()
        if len(selected) > 1:
            return selected
        item = self.page.current_item()
        if item is not None:
            return [item]
        group = self.page.model.group(self.page.tree.currentIndex())
        return list(group.items) if group is not None else []

    def _order(self) -> list[int]:
        return [i.id for g in self.page.model.queue.groups for i in g.items]

    def _target_after(self, done: set[int]) -> list[int]:
        """Where to go once `done` is decided: the next contacts, else earlier ones."""
        order = self._order()
        last = max((n for n, cid in enumerate(order) if cid in done), default=-1)
        after = [cid for cid in order[last + 1:last + LOOKAHEAD] if cid not in done]
        before = [cid for cid in reversed(order[max(0, last - LOOKAHEAD):last])
                  if cid not in done]
        return after + before

    # -- commands ----------------------------------------------------------------------
    def accept_group(self) -> None:
        selected = self._selected()
        if len(selected) > 1:
            self._decide({i.id: i.circle for i in selected}, accepting=True)
            return
        group = self.page.model.group(self.page.tree.currentIndex())
        if group is not None:
            self._decide({i.id: i.circle for i in group.items}, accepting=True)

    def accept_one(self) -> None:
        item = self.page.current_item()
        if item is None:  # on a group row: step into it
            self.skip()
            return
        self._decide({item.id: item.circle}, accepting=True)

    def set_circle(self, circle: Circle) -> None:
        self._decide(dict.fromkeys((i.id for i in self._targets()), circle))

    def skip(self) -> None:
        """Next contact row (group rows are passed over)."""
        page = self.page
        order = self._order()
        item = page.current_item()
        group = page.model.group(page.tree.currentIndex())
        if item is not None:
            position = order.index(item.id) + 1
        elif group is not None and group.items:
            position = order.index(group.items[0].id)
        else:
            return
        if position < len(order):
            page.set_current(page.model.index_of_contact(order[position]))

    def undo(self) -> None:
        stack = self.page.window_.undo_stack
        command = stack.command(stack.index() - 1) if stack.canUndo() else None
        if isinstance(command, CircleDecisionCommand):
            self.page.prefer = command.contact_ids  # back to what was just undone
        stack.undo()

    def _decide(self, decisions: dict[int, Circle | None], *, accepting: bool = False) -> None:
        if not decisions:
            return
        page = self.page
        window = page.window_
        page.prefer = self._target_after(set(decisions))
        page.pending_removal = set(decisions)
        if len(decisions) >= self.background_min:
            self._decide_in_background(decisions, accepting)
            return
        if decide(page, window.engine, window.undo_stack, decisions, window.refresh,
                  accepting=accepting) is None:
            page.prefer, page.pending_removal = [], set()

    def _decide_in_background(self, decisions: dict[int, Circle | None],
                              accepting: bool) -> None:
        page = self.page
        window = page.window_
        engine = window.engine

        def work(_task: Task) -> PreviousCircles:
            return decide_circles(engine, decisions)

        def done(previous: PreviousCircles) -> None:
            page.set_busy("")
            push_decided(engine, window.undo_stack, decisions, previous, window.refresh,
                         accepting=accepting)

        def failed(error: BaseException) -> None:
            page.set_busy("")
            page.prefer, page.pending_removal = [], set()
            show_save_error(page, error)

        self.task = Task(work)  # no parent: the save finishes even if the page goes
        self.task.succeeded.connect(done)
        self.task.failed.connect(failed)
        page.set_busy(f"Saving {len(decisions)} decisions and learning from them…")
        self.task.start()
