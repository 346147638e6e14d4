"""The tray icon: who is due now, one-click log touch / snooze, pause, open, quit.

The tray only shows and asks; the reminders feature carries out the requests
(undoable, like everything else). Notifications carry counts only, never
contact names: some notification servers interpret markup in the body.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from relmanager import APP_DISPLAY_NAME
from relmanager.domain import Circle
from relmanager.services.reminders import ONE_WEEK, DueItem, ReminderKind
from relmanager.services.reminders.digest import Digest
from relmanager.ui.due_texts import why_due
from relmanager.ui.resources import app_icon

TOP_DUE = 5
NOUNS = {Circle.FRIEND: ("friend", "friends"),
         Circle.BOTH: ("friend you also work with", "friends you also work with"),
         Circle.PROFESSIONAL: ("professional contact", "professional contacts"),
         Circle.UNSORTED: ("unsorted contact", "unsorted contacts")}
DIGEST_TITLE = "Time to catch up"
STILL_RUNNING = (f"{APP_DISPLAY_NAME} is still running in the tray and will remind you when "
                 "someone is due. Use Quit in the tray menu to close it completely.")


def and_join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def digest_text(digest: Digest) -> str:
    """E.g. "3 friends and 1 professional contact are due for a catch-up. 1 birthday too."""
    sentences = []
    catch_ups = [(g.circle, sum(1 for it in g.items if it.kind is ReminderKind.KEEP_IN_TOUCH))
                 for g in digest.groups]
    parts = [f"{n} {NOUNS[circle][n != 1]}" for circle, n in catch_ups if n]
    if parts:
        total = sum(n for _, n in catch_ups)
        sentences.append(f"{and_join(parts)} {'is' if total == 1 else 'are'} due for a catch-up.")
    birthdays = sum(1 for it in digest.items if it.kind is ReminderKind.BIRTHDAY)
    if birthdays:
        noun = "birthday" if birthdays == 1 else "birthdays"
        sentences.append(f"{birthdays} {noun} to remember{' too' if parts else ''}.")
    return " ".join(sentences) or "Nobody is due today."


def menu_text(text: str) -> str:
    """Menu titles treat & as a mnemonic marker; a name's & must stay visible."""
    return text.replace("&", "&&")


def unique_contacts(items: list[DueItem], limit: int) -> list[DueItem]:
    seen: set[int] = set()
    out: list[DueItem] = []
    for item in items:
        if item.contact_id not in seen:
            seen.add(item.contact_id)
            out.append(item)
        if len(out) == limit:
            break
    return out


class ReminderTray(QObject):
    log_requested = Signal(object)  # list[DueItem]
    snooze_requested = Signal(object, object)  # list[DueItem], timedelta
    open_window = Signal()
    open_due = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget, pause_action: QAction,
                 available: bool | None = None) -> None:
        super().__init__(parent)
        self.available = (QSystemTrayIcon.isSystemTrayAvailable()
                          if available is None else available)
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(APP_DISPLAY_NAME)
        self.menu = QMenu(parent)
        self.menu.setObjectName("trayMenu")
        self.menu.setAccessibleName(f"{APP_DISPLAY_NAME} tray menu")
        self.pause_action = pause_action
        self._submenus: list[QMenu] = []
        self.last_message: tuple[str, str] | None = None  # the last notification shown
        self.due_actions: dict[int, tuple[QAction, QAction]] = {}  # contact id -> log, snooze
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.open_due)
        self.set_items([], date.today())
        if self.available:
            self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_window.emit()

    def set_items(self, items: list[DueItem], today: date) -> None:
        """Rebuild the menu for what is due now."""
        menu = self.menu
        menu.clear()
        for sub in self._submenus:
            sub.deleteLater()
        self._submenus.clear()
        self.due_actions.clear()
        top = unique_contacts(items, TOP_DUE)
        count = len({it.contact_id for it in items})
        header = menu.addAction(f"Due now ({count})" if count else "Nobody is due now")
        header.setEnabled(False)
        for item in top:
            self._add_due_item(item)
        if count > len(top):
            more = menu.addAction(f"All {count} in the Due view…")
            more.triggered.connect(self.open_due)
        menu.addSeparator()
        menu.addAction(f"&Open {APP_DISPLAY_NAME}").triggered.connect(self.open_window)
        due_view = menu.addAction("Show the &Due view")
        due_view.triggered.connect(self.open_due)
        menu.addAction(self.pause_action)
        menu.addSeparator()
        menu.addAction("&Quit").triggered.connect(self.quit_requested)
        self.icon.setToolTip(f"{APP_DISPLAY_NAME}: {count} due" if count else APP_DISPLAY_NAME)

    def _add_due_item(self, item: DueItem) -> None:
        sub = self.menu.addMenu(menu_text(f"{item.display_name} — {why_due(item)}"))
        self._submenus.append(sub)
        log_touch = sub.addAction("&Log touch")
        log_touch.triggered.connect(lambda _=False, it=item: self.log_requested.emit([it]))
        snooze = sub.addAction("&Snooze a week")
        snooze.triggered.connect(
            lambda _=False, it=item: self.snooze_requested.emit([it], ONE_WEEK))
        snooze.setEnabled(item.kind is ReminderKind.KEEP_IN_TOUCH)  # birthdays: log a touch
        self.due_actions[item.contact_id] = (log_touch, snooze)

    def notify(self, title: str, text: str) -> None:
        if self.available:
            self.last_message = (title, text)
            self.icon.showMessage(title, text, app_icon(), 15_000)
