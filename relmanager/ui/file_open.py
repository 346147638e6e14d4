"""macOS hands double-clicked files to a running app as QFileOpenEvent, not argv.

Finder sends the event for files opened through the app's document types
(build.spec declares .vcf); Linux and Windows pass files on the command line,
which the single-instance server already handles.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QFileOpenEvent


class FileOpenFilter(QObject):
    """Install on the QApplication; emits the local file of each open-file event."""

    file_opened = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self.file_opened.emit(path)
                return True
        return super().eventFilter(watched, event)
