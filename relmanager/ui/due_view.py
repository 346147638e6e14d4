"""The Due page: who to get in touch with, overdue first, grouped by circle.

The list loads off the GUI thread (`due` over a big book takes a while) and
reloads whenever the data changes. The view only asks: log touch, snooze and
open go out as signals, and the reminders feature turns them into undoable
commands, so the tray and this page share one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from relmanager.domain import Circle, InteractionKind
from relmanager.services.reminders import ONE_DAY, ONE_WEEK, DueItem, ReminderKind, due
from relmanager.services.reminders.config import read_config
from relmanager.ui.due_texts import (
    COLUMNS,
    EMPTY,
    GROUP_NAMES,
    INTRO,
    LOADING,
    MORE,
    PAUSED,
    last_contact_text,
    plain_tooltip,
    section_of,
    why_due,
)
from relmanager.ui.snooze_dialog import ask_snooze_date
from relmanager.ui.tasks import Task

ITEM_ROLE = Qt.ItemDataRole.UserRole
# Thousands of rows cost the GUI thread most of a second and nobody works through
# them in one sitting: list the most pressing, count the rest.
MAX_ROWS = 2000


class DueView(QWidget):
    loaded = Signal(object)  # list[DueItem], after every reload
    open_requested = Signal(int)  # contact id
    log_requested = Signal(object, object)  # list[DueItem], InteractionKind
    snooze_requested = Signal(object, object)  # list[DueItem], date

    def __init__(self, engine: Engine, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueView")
        self.engine = engine
        self.today = today
        self.items: list[DueItem] = []
        self.loading = False
        self._generation = 0
        self._task: Task | None = None
        self._pending: tuple[list[DueItem], date, bool] | None = None
        self._restore: tuple[set[int], int] = (set(), 0)
        self._leaf_items: list[QTreeWidgetItem] = []  # rows in display order, no group rows

        intro = QLabel(INTRO)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.tree = self._build_tree()
        self.message = QLabel(LOADING)
        self.message.setObjectName("dueMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(24)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.tree)

        self._build_actions()
        buttons = QHBoxLayout()
        buttons.addWidget(intro, 1)
        for button in (self.log_button, self.snooze_button, self.open_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self._update_actions()

    # -- building ------------------------------------------------------------
    def _build_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName("dueList")
        tree.setAccessibleName("Contacts due for a catch-up")
        tree.setColumnCount(len(COLUMNS))
        tree.setHeaderLabels(list(COLUMNS))
        tree.setRootIsDecorated(False)
        tree.setItemsExpandable(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for col, width in enumerate((240, 110, 240)):
            tree.setColumnWidth(col, width)
        tree.itemSelectionChanged.connect(self._update_actions)
        tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        return tree

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], None],
                accessible: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            # Only while the Due page has focus: the letters stay free elsewhere.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(accessible or text.replace("&", ""))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.log_met = self._action("Log touch: &met", "L",
                                    lambda: self.log_selected(InteractionKind.MET))
        self.log_message = self._action("Log touch: m&essage", "Shift+L",
                                        lambda: self.log_selected(InteractionKind.MESSAGE))
        self.log_call = self._action("Log touch: &call", None,
                                     lambda: self.log_selected(InteractionKind.CALL))
        self.snooze_week = self._action("Snooze a &week", "S",
                                        lambda: self.snooze_selected(ONE_WEEK))
        self.snooze_day = self._action("Snooze a &day", "Shift+S",
                                       lambda: self.snooze_selected(ONE_DAY))
        self.snooze_date = self._action("Snooze &until…", None, self.snooze_until)
        self.open_action = self._action("&Open contact", "Return", self.open_selected)
        enter = QAction(self)  # the keypad's Enter opens too
        enter.setShortcut(QKeySequence("Enter"))
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.open_selected)
        self.addAction(enter)

        self.log_button = self._menu_button(
            self.log_met, "Log touch (L)", [self.log_met, self.log_message, self.log_call])
        self.log_button.setAccessibleName("Log touch")
        self.snooze_button = self._menu_button(
            self.snooze_week, "Snooze a week (S)",
            [self.snooze_day, self.snooze_week, self.snooze_date])
        self.snooze_button.setAccessibleName("Snooze")
        self.open_button = QToolButton()
        self.open_button.setDefaultAction(self.open_action)
        self.open_button.setText("Open contact")
        self.open_button.setAccessibleName("Open contact")

    def _menu_button(self, default: QAction, text: str, actions: list[QAction]) -> QToolButton:
        button = QToolButton()
        menu = QMenu(button)
        menu.addActions(actions)
        button.setMenu(menu)
        button.setDefaultAction(default)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        button.setText(text)
        return button

    # -- loading -------------------------------------------------------------
    def reload(self) -> None:
        """Recompute the list off the GUI thread; the newest request wins."""
        self._generation += 1
        generation = self._generation
        today = self.today()
        self.loading = True
        if not self.items:
            self.message.setText(LOADING)
            self.stack.setCurrentWidget(self.message)
        engine = self.engine

        def work(_task: Task) -> tuple[int, date, list[DueItem], bool]:
            return generation, today, due(engine, today), read_config(engine).paused

        # Bound slots, no lambdas: Qt drops the connection if the view goes away first.
        task = Task(work, self)
        task.succeeded.connect(self._loaded)
        task.failed.connect(self._failed)
        task.finished.connect(task.deleteLater)
        self._task = task
        task.start_in_turn()

    def _loaded(self, result: tuple[int, date, list[DueItem], bool]) -> None:
        generation, today, items, paused = result
        if generation != self._generation:
            return  # a newer reload is on its way
        self.loading = False
        if self.isVisible():
            self.set_items(items, today, paused)
        else:
            # Hidden tab: filling thousands of rows would stall the window (hundreds of
            # ms at 50k) for nobody; the rows are built when the tab is shown.
            self._pending = (items, today, paused)
        self.loaded.emit(items)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._pending is not None:
            items, today, paused = self._pending
            self._pending = None
            self.set_items(items, today, paused)

    def _failed(self, exc: object) -> None:
        if self._task is not None and self._task is not self.sender():
            return  # an older reload failed; a newer one is on its way
        self.loading = False
        self.message.setText(f"Could not work out who is due: {exc}")
        self.stack.setCurrentWidget(self.message)

    def set_items(self, items: list[DueItem], today: date, paused: bool = False) -> None:
        """Show `items` (already sorted overdue first, by circle)."""
        self._pending = None
        selected = {it.contact_id for it in self.selected_items()}
        position = self._first_selected_position()
        if selected:
            self._restore = (selected, position)
        self.items = list(items)
        self.tree.setUpdatesEnabled(False)
        self._leaf_items = []
        self.tree.clear()
        groups: dict[tuple[str, Circle], QTreeWidgetItem] = {}
        counts: dict[tuple[str, Circle], int] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        leaves: list[QTreeWidgetItem] = []
        for item in items:
            key = (section_of(item), item.circle)
            counts[key] = counts.get(key, 0) + 1
        for item in items[:MAX_ROWS]:
            key = (section_of(item), item.circle)
            group = groups.get(key)
            if group is None:
                group = groups[key] = QTreeWidgetItem(self.tree)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setFont(0, bold)
                group.setFirstColumnSpanned(True)
            leaf = QTreeWidgetItem(group, [item.display_name, item.circle.label, why_due(item),
                                           last_contact_text(item, today)])
            leaf.setData(0, ITEM_ROLE, item)
            leaf.setToolTip(2, plain_tooltip(item.reason))
            leaves.append(leaf)
        for key, group in groups.items():
            group.setText(0, f"{key[0]} · {GROUP_NAMES[key[1]]} ({counts[key]})")
        if len(items) > MAX_ROWS:
            more = QTreeWidgetItem(self.tree, [MORE.format(len(items) - MAX_ROWS)])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            more.setFirstColumnSpanned(True)
        self.tree.expandAll()
        self._leaf_items = leaves
        self._select_after_reload(leaves)
        self.tree.setUpdatesEnabled(True)
        if items:
            self.stack.setCurrentWidget(self.tree)
        else:
            self.message.setText(PAUSED if paused else EMPTY)
            self.stack.setCurrentWidget(self.message)
        self._update_actions()

    def _first_selected_position(self) -> int:
        leaves = self._leaves()
        for n, leaf in enumerate(leaves):
            if leaf.isSelected():
                return n
        return 0

    def _select_after_reload(self, leaves: list[QTreeWidgetItem]) -> None:
        """Keep the selection; when its rows left the list (logged, snoozed), select
        the row that took their place, so L, L, L works through the list."""
        wanted, position = self._restore
        self._restore = (set(), 0)
        if not leaves:
            return
        keep = [leaf for leaf in leaves if leaf.data(0, ITEM_ROLE).contact_id in wanted]
        targets = keep or ([leaves[min(position, len(leaves) - 1)]] if wanted else [leaves[0]])
        self.tree.setCurrentItem(targets[0])
        for leaf in targets:
            leaf.setSelected(True)

    def _leaves(self) -> list[QTreeWidgetItem]:
        return self._leaf_items

    # -- selection and actions ---------------------------------------------------
    def selected_items(self) -> list[DueItem]:
        return [leaf.data(0, ITEM_ROLE) for leaf in self._leaves() if leaf.isSelected()]

    def select_contacts(self, contact_ids: set[int]) -> None:
        self.tree.clearSelection()
        for leaf in self._leaves():
            if leaf.data(0, ITEM_ROLE).contact_id in contact_ids:
                if not self.tree.selectedItems():
                    self.tree.setCurrentItem(leaf)
                leaf.setSelected(True)

    def _update_actions(self) -> None:
        chosen = self.selected_items()
        for action in (self.log_met, self.log_message, self.log_call, self.open_action):
            action.setEnabled(bool(chosen))
        snoozable = any(it.kind is ReminderKind.KEEP_IN_TOUCH for it in chosen)
        for action in (self.snooze_week, self.snooze_day, self.snooze_date):
            action.setEnabled(snoozable)

    def log_selected(self, kind: InteractionKind) -> None:
        chosen = self.selected_items()
        if chosen:
            self._remember_position()
            self.log_requested.emit(chosen, kind)

    def snooze_selected(self, delta: timedelta) -> None:
        self._snooze(self.today() + delta)

    def snooze_until(self) -> None:
        if not self.selected_items():
            return
        until = ask_snooze_date(self, self.today())
        if until is not None:
            self._snooze(until)

    def _snooze(self, until: date) -> None:
        # Birthdays are not snoozed (see services.reminders.snooze); log a touch instead.
        chosen = [it for it in self.selected_items() if it.kind is ReminderKind.KEEP_IN_TOUCH]
        if chosen:
            self._remember_position()
            self.snooze_requested.emit(chosen, until)

    def _remember_position(self) -> None:
        self._restore = ({it.contact_id for it in self.selected_items()},
                         self._first_selected_position())

    def open_selected(self) -> None:
        chosen = self.selected_items()
        if chosen:
            self.open_requested.emit(chosen[0].contact_id)
