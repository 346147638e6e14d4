"""The main window's geometry, list/detail split and column widths, kept in the DB."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter, QTableView
from sqlalchemy import Engine

from relmanager import settings


def restore_layout(engine: Engine, window: QMainWindow, splitter: QSplitter,
                   table: QTableView) -> None:
    with engine.connect() as conn:
        geometry = settings.get(conn, settings.WINDOW_GEOMETRY)
        split = settings.get(conn, settings.WINDOW_SPLITTER)
        header = settings.get(conn, settings.WINDOW_COLUMNS)
    if geometry:
        window.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
    if split:
        splitter.restoreState(QByteArray.fromBase64(split.encode()))
    if header:
        table.horizontalHeader().restoreState(QByteArray.fromBase64(header.encode()))


def save_layout(engine: Engine, window: QMainWindow, splitter: QSplitter,
                table: QTableView) -> None:
    def b64(data: QByteArray) -> str:
        return bytes(data.toBase64().data()).decode()

    settings.put(engine, settings.WINDOW_GEOMETRY, b64(window.saveGeometry()))
    settings.put(engine, settings.WINDOW_SPLITTER, b64(splitter.saveState()))
    settings.put(engine, settings.WINDOW_COLUMNS, b64(table.horizontalHeader().saveState()))
