"""Opening an up-to-date database at start-up: nothing written unless something changed."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from relmanager import __version__
from relmanager.store import open_database
from relmanager.store.database import APP_VERSION_KEY


def files_digest(db: Path) -> dict[str, str]:
    """The database and any -wal/-shm beside it, byte for byte."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(db.parent.glob(db.name + "*"))}


def recorded_version(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM settings WHERE key=?", (APP_VERSION_KEY,)).fetchone()
    return str(json.loads(row[0]))


def test_reopening_with_the_same_version_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "relmanager.db"
    open_database(db).dispose()
    assert recorded_version(db) == __version__
    before = files_digest(db)
    open_database(db).dispose()
    assert files_digest(db) == before


def test_reopening_after_an_update_records_the_new_version(tmp_path: Path) -> None:
    db = tmp_path / "relmanager.db"
    open_database(db).dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE settings SET value=? WHERE key=?",
                     (json.dumps("0.0.1"), APP_VERSION_KEY))
    open_database(db).dispose()
    assert recorded_version(db) == __version__
