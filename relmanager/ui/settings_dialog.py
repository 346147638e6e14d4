"""Tools ▸ Settings… (Ctrl+,): reminders, ask guard and mail, saved on OK only.

OK checks every page first (errors show inline, on the page that has them),
then applies them: the mail page first, because the keyring is the step most
likely to refuse, and a refusal keeps the dialog open with nothing else saved.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from relmanager.desktop import autostart as autostart_module
from relmanager.desktop.autostart import Autostart
from relmanager.desktop.secrets import SecretStore
from relmanager.ui.settings_pages import SettingsPage
from relmanager.ui.settings_pages.ask_guard_page import AskGuardPage
from relmanager.ui.settings_pages.mail_page import MailPage
from relmanager.ui.settings_pages.reminders_page import RemindersPage, app_command

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, engine: Engine, parent: QWidget | None = None, *,
                 secrets: SecretStore | None = None, autostart: Autostart | None = None,
                 command: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.reminders = RemindersPage(engine, autostart or autostart_module.for_platform(),
                                       command or app_command())
        self.ask_guard = AskGuardPage(engine)
        self.mail = MailPage(engine, secrets or SecretStore())
        self.pages: list[SettingsPage] = [self.reminders, self.ask_guard, self.mail]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        for page in self.pages:
            self.tabs.addTab(page, page.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(560, 640)

    def _fail(self, page: SettingsPage, text: str) -> None:
        page.show_error(text)
        self.tabs.setCurrentWidget(page)

    def accept(self) -> None:
        for page in self.pages:
            page.show_error("")
        for page in self.pages:
            if problem := page.check():
                self._fail(page, problem)
                return
        for page in (self.mail, self.reminders, self.ask_guard):
            try:
                problem = page.apply()
            except SQLAlchemyError as exc:
                log.exception("Saving settings failed")
                problem = f"The settings could not be saved ({type(exc).__name__})."
            if problem:
                self._fail(page, problem)
                return
        log.info("Settings saved")
        super().accept()

    @property
    def changes_due(self) -> bool:
        return any(page.changes_due for page in self.pages)
