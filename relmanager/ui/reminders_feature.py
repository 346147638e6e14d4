"""Keep in touch in the window: the Due page, the tray, the scheduler, the daily digest.

Wired into the main window with one line; adds View ▸ Due (Alt+2) and
Tools ▸ Pause reminders itself. Log touch and snooze, from the page or the
tray, go on the window's undo stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from relmanager import APP_DISPLAY_NAME, settings
from relmanager.domain import InteractionKind
from relmanager.services.reminders import (
    DueItem,
    due,
    mark_digest_sent,
    read_config,
    set_paused,
    should_send_digest,
)
from relmanager.services.reminders.digest import group_by_circle
from relmanager.ui.due_view import DueView
from relmanager.ui.messages import STATUS_MS
from relmanager.ui.reminder_commands import LogTouchCommand, SnoozeCommand, until_label, who
from relmanager.ui.reminder_scheduler import ReminderScheduler, local_now
from relmanager.ui.tray import DIGEST_TITLE, STILL_RUNNING, ReminderTray, digest_text

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STARTUP_DIGEST_MS = 10_000  # started after the reminder time: notify soon, not in the rush
HINT_DELAY_MS = 300  # a close that is part of Quit never gets here: the loop has stopped
NO_TRAY = (f"No system tray found: {APP_DISPLAY_NAME} works as a normal window and closing "
           "it quits. Reminders are in the Due view (Alt+2).")
NO_TRAY_SHORT = "No system tray: closing the window quits"
NO_TRAY_MS = 60_000


class RemindersFeature(QObject):
    def __init__(self, window: MainWindow, now: Callable[[], datetime] = local_now,
                 tray_available: bool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.engine = window.engine
        self.now = now
        self.view = DueView(self.engine, today=self.today)
        window.add_page(self.view, "&Due")
        self._build_actions()
        self.scheduler = ReminderScheduler(self.engine, now, parent=self)
        self.tray = ReminderTray(window, self.pause_action, tray_available)
        self._startup_digest = QTimer(self)
        self._startup_digest.setSingleShot(True)
        self._startup_digest.setInterval(STARTUP_DIGEST_MS)
        self._startup_digest.timeout.connect(self.maybe_notify)
        self._loaded_once = False
        self._startup_load_pending = False
        self._connect()
        if self.tray.available:
            QApplication.setQuitOnLastWindowClosed(False)  # closing leaves the app in the tray
            window.installEventFilter(self)
        else:
            log.info("No system tray: closing the window quits")
            self._say_no_tray()

    def _say_no_tray(self) -> None:
        """Once, beside the status messages (which the list keeps rewriting)."""
        self.no_tray_label = QLabel(NO_TRAY_SHORT)
        self.no_tray_label.setObjectName("noTrayNotice")
        self.no_tray_label.setTextFormat(Qt.TextFormat.PlainText)
        self.no_tray_label.setToolTip(NO_TRAY)
        self.window.statusBar().addPermanentWidget(self.no_tray_label)
        QTimer.singleShot(NO_TRAY_MS, self.no_tray_label.hide)

    def today(self) -> date:
        return self.now().date()

    def _build_actions(self) -> None:
        w = self.window
        self.due_action = QAction("&Due", w)
        self.due_action.setShortcut(QKeySequence("Alt+2"))
        self.due_action.triggered.connect(self.show_due)
        actions = w.view_menu.actions()
        after_contacts = next((actions[n + 1] for n, a in enumerate(actions[:-1])
                               if a.shortcut() == QKeySequence("Alt+1")), None)
        if after_contacts is None:
            w.view_menu.addAction(self.due_action)
        else:
            w.view_menu.insertAction(after_contacts, self.due_action)

        self.pause_action = QAction("&Pause reminders", w)
        self.pause_action.setCheckable(True)
        self.pause_action.setChecked(read_config(self.engine).paused)
        self.pause_action.toggled.connect(self.set_paused)
        w.tools_menu.addAction(self.pause_action)

    def _connect(self) -> None:
        w, view, tray = self.window, self.view, self.tray
        w.data_changed.connect(self._on_data_changed)
        view.loaded.connect(self._on_loaded)
        view.open_requested.connect(self.open_contact)
        view.log_requested.connect(self.log_touch)
        view.snooze_requested.connect(self.snooze)
        tray.log_requested.connect(lambda items: self.log_touch(items, InteractionKind.MET))
        tray.snooze_requested.connect(
            lambda items, delta: self.snooze(items, self.today() + delta))
        tray.open_window.connect(lambda: w.activate([]))
        tray.open_due.connect(self.show_due)
        tray.quit_requested.connect(w.quit_requested)
        self.scheduler.due.connect(self.maybe_notify)

    # -- data ----------------------------------------------------------------
    def _on_data_changed(self) -> None:
        if not self._loaded_once and not self._startup_load_pending and not self.view.loading:
            # The window's own first refresh, before it is shown: reading what is due
            # takes ~0.3 s of Python at 50k contacts, and a worker doing it then holds
            # the GIL against the window's show and first paint (issue #8). Start it
            # from the event loop instead; `loading` already says a load is coming.
            self._startup_load_pending = True
            self.view.loading = True
            QTimer.singleShot(0, self, self._startup_load)
        else:
            self._startup_load_pending = False  # a newer change reloads right now
            self.view.reload()
        self.scheduler.schedule_resync()

    def _startup_load(self) -> None:
        if self._startup_load_pending:
            self._startup_load_pending = False
            self.view.reload()

    def _on_loaded(self, items: list[DueItem]) -> None:
        self.tray.set_items(items, self.today())
        if not self._loaded_once:
            self._loaded_once = True
            if self.tray.available:
                self._startup_digest.start()

    def maybe_notify(self, items: list[DueItem] | None = None) -> bool:
        """The daily digest: once a day, not before the reminder time, only with a tray."""
        if not self.tray.available:
            return False
        now = self.now()
        today = now.date()
        cfg = read_config(self.engine)
        if cfg.paused or now.time() < cfg.time_of_day:
            return False
        if not should_send_digest(self.engine, today):
            return False
        items = due(self.engine, today) if items is None else items
        if not items:
            return False
        self.tray.notify(DIGEST_TITLE, digest_text(group_by_circle(today, items)))
        mark_digest_sent(self.engine, today)
        log.info("Digest shown: %d due", len(items))
        return True

    # -- actions -------------------------------------------------------------
    def _chosen(self, items: Sequence[DueItem]) -> tuple[list[int], list[str]]:
        ids: list[int] = []
        names: list[str] = []
        for item in items:
            if item.contact_id not in ids:
                ids.append(item.contact_id)
                names.append(item.display_name)
        return ids, names

    def log_touch(self, items: Sequence[DueItem], kind: InteractionKind) -> None:
        ids, names = self._chosen(items)
        if not ids:
            return
        command = LogTouchCommand(self.engine, ids, names, kind, self.today(),
                                  on_change=self.window.refresh, on_error=self._error)
        self.window.undo_stack.push(command)
        if command.done_once:
            self._status(f"Logged a touch with {who(names)} today (Ctrl+Z undoes it)")

    def snooze(self, items: Sequence[DueItem], until: date) -> None:
        ids, names = self._chosen(items)
        if not ids:
            return
        command = SnoozeCommand(self.engine, ids, names, until, self.today(),
                                on_change=self.window.refresh, on_error=self._error)
        self.window.undo_stack.push(command)
        if command.done_once:
            self._status(f"Snoozed {who(names)} until {until_label(until, self.today())} "
                         "(Ctrl+Z undoes it)")

    def set_paused(self, paused: bool) -> None:
        set_paused(self.engine, paused)
        self.window.refresh()
        self._status("Reminders paused" if paused else "Reminders on again")

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    def _error(self, text: str) -> None:
        self._status(text)
        if not self.window.isVisible():
            self.tray.notify(APP_DISPLAY_NAME, text)

    # -- navigation ----------------------------------------------------------
    def show_due(self) -> None:
        self.window.show_page(self.view)
        self.view.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_contact(self, contact_id: int) -> None:
        """Switch to the Contacts page with this contact selected (filters cleared
        if they hide it)."""
        w = self.window
        w.show_page(w.stack)
        if w.model.row_of(contact_id) is None:
            w.filter_bar.search.clear()
            w.set_circle_filter(None)
        row = w.model.row_of(contact_id)
        if row is None:
            self._status("That contact is no longer in the address book")
            return
        w.table.selectRow(row)
        w.table.scrollTo(w.model.index(row, 0))
        w.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- closing to the tray -------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close:
            with self.engine.connect() as conn:
                shown = settings.get(conn, settings.TRAY_HINT_SHOWN)
            if not shown:
                QTimer.singleShot(HINT_DELAY_MS, self._hint_still_running)
        return False

    def _hint_still_running(self) -> None:
        if self.window.isVisible():
            return
        self.tray.notify(APP_DISPLAY_NAME, STILL_RUNNING)
        settings.put(self.engine, settings.TRAY_HINT_SHOWN, True)
        log.info("Told the user the app keeps running in the tray")

