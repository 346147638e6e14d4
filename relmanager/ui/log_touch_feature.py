"""Contact ▸ Log touch… (Ctrl+L) and the detail pane's keep-in-touch section."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import log_many
from relmanager.store import schema as s
from relmanager.ui import messages
from relmanager.ui.log_touch_dialog import LogTouchCommand, LogTouchDialog, who
from relmanager.ui.messages import STATUS_MS

if TYPE_CHECKING:
    from relmanager.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class LogTouchFeature:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: LogTouchDialog | None = None
        self.action = QAction("Log &touch…", window)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setStatusTip("Log a meeting, call, favour… with the selected contacts")
        self.action.triggered.connect(self.log_touch_for_selection)
        window.contact_menu.addAction(self.action)
        window.detail.set_engine(window.engine)
        window.detail.log_touch_requested.connect(lambda cid: self.log_touch([cid]))

    def log_touch_for_selection(self) -> None:
        ids = self.window.selected_contact_ids()
        if not ids and (current := self.window.current_contact_id()) is not None:
            ids = [current]
        if not ids:
            self.window.statusBar().showMessage("Select a contact to log a touch with",
                                                STATUS_MS)
            return
        self.log_touch(ids)

    def _names(self, ids: Sequence[int]) -> dict[int, str]:
        c = s.contacts.c
        with self.window.engine.connect() as conn:
            rows = conn.execute(select(c.id, c.display_name).where(c.id.in_(list(ids))))
            return {r.id: r.display_name for r in rows}

    def log_touch(self, contact_ids: Sequence[int], today: date | None = None) -> LogTouchDialog:
        """Opens the dialog (window-modal, not blocking); logging happens on accept."""
        names = self._names(contact_ids)
        ids = [i for i in contact_ids if i in names]
        dialog = LogTouchDialog(ids, [names[i] for i in ids], self.window, today)
        dialog.accepted.connect(lambda: self._log(dialog, [names[i] for i in ids]))
        dialog.finished.connect(lambda: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: LogTouchDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _log(self, dialog: QDialog, names: list[str]) -> None:
        assert isinstance(dialog, LogTouchDialog)
        entry = dialog.entry()
        try:
            done = log_many(self.window.engine, entry.contact_ids, entry.kind,
                            entry.occurred_on, entry.note)
        except ContactNotFoundError:
            messages.warning(self.window, "Nothing was logged: a contact was deleted meanwhile.")
            self.window.refresh()
            return
        except SQLAlchemyError as exc:
            log.exception("Logging a touch failed")
            messages.error(self.window, "Nothing was logged: the database refused the change.",
                           type(exc).__name__)
            return
        label = who(names) if len(names) <= 2 else f"{len(names)} contacts"
        command = LogTouchCommand(self.window.engine, entry,
                                  [i.id for i in done if i.id is not None], label,
                                  self.window.refresh)
        self.window.undo_stack.push(command)
        self.window.refresh()  # before the message: refresh shows the contact count
        self.window.statusBar().showMessage(
            f"Logged a touch ({entry.kind.value}) with {label} — Ctrl+Z undoes", STATUS_MS)
