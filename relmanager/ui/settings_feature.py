"""Tools ▸ Settings… (Ctrl+,) in the main window: the menu action and one dialog.

The dialog's pages (keyring, autostart, mail, ask guard) are imported when it is
first opened, not with the window: start-up does not need them (issue #8).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from relmanager.desktop.autostart import Autostart
    from relmanager.desktop.secrets import SecretStore
    from relmanager.ui.main_window import MainWindow
    from relmanager.ui.settings_dialog import SettingsDialog


class SettingsFeature:
    """Tools ▸ Settings…; refreshes the window when what is due changed."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: SettingsDialog | None = None
        self.action = QAction("&Settings…", window)
        self.action.setShortcut(QKeySequence("Ctrl+,"))
        self.action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action.triggered.connect(self._open_from_menu)
        window.tools_menu.addAction(self.action)

    def _open_from_menu(self) -> None:
        self.open()

    def open(self, *, secrets: SecretStore | None = None, autostart: Autostart | None = None,
             command: list[str] | None = None) -> SettingsDialog:
        """Window-modal and not blocking; one dialog at a time."""
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        from relmanager.ui.settings_dialog import SettingsDialog  # noqa: PLC0415

        dialog = SettingsDialog(self.window.engine, self.window, secrets=secrets,
                                autostart=autostart, command=command)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _saved(self, dialog: SettingsDialog) -> None:
        self.window.statusBar().showMessage("Settings saved", 5000)
        if dialog.changes_due:
            self.window.refresh()
