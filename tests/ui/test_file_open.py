"""A file opened from Finder (QFileOpenEvent) starts the import, as argv does elsewhere."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from relmanager.ui.file_open import FileOpenFilter


def test_file_open_event_reaches_the_import(qtbot, tmp_path) -> None:
    book = tmp_path / "book.vcf"
    book.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n")
    app = QApplication.instance()
    opened: list[str] = []
    file_filter = FileOpenFilter()
    file_filter.file_opened.connect(opened.append)
    app.installEventFilter(file_filter)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(book)))
    finally:
        app.removeEventFilter(file_filter)
    assert opened == [str(book)]
