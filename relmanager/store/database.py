"""Opening the database: create, migrate (after a backup) or refuse.

The order matters for "never lose what was already there":
1. look at an existing file read-only, so a database from a newer relmanager
   is refused without a single byte changed (not even WAL mode switched on);
2. back up with SQLite's backup API before any migration;
3. only then open it read-write and migrate.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, insert
from sqlalchemy.pool import ConnectionPoolEntry

from relmanager import __version__
from relmanager.paths import FILE_MODE, ensure_private_dir, ensure_private_file
from relmanager.store.schema import metadata, settings
from relmanager.store.search_index import register_functions as register_search_functions

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest migration, spelled out so that opening an up-to-date database (every
# start but the first after an update) skips importing Alembic: a fifth of a
# second of start-up. tests/store/test_database.py checks it against Alembic's head.
SCHEMA_HEAD = "0006"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 5000
APP_VERSION_KEY = "app.last_version"
WRITE_OPTION = "relmanager_write"


class DatabaseError(Exception):
    """A database we cannot open safely; the message is for the user."""


class SchemaTooNewError(DatabaseError):
    def __init__(self, path: Path, db_revision: str, known_head: str, db_app: str | None):
        by = f" (last written by relmanager {db_app})" if db_app else ""
        super().__init__(
            f"{path} has schema revision {db_revision}{by}, newer than this relmanager "
            f"{__version__} understands (schema revision {known_head}). The file was left "
            "untouched. Update relmanager, or point it at another data directory with --home."
        )
        self.db_revision = db_revision
        self.known_head = known_head


class NotRelmanagerDatabaseError(DatabaseError):
    pass


def alembic_config(connection: Any = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415  (lazy: see SCHEMA_HEAD)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """Open without writing a byte: not the file, not a -wal or -shm beside it.

    A cleanly closed WAL database has no -wal file, and then `immutable=1` is
    exact. When a -wal exists (a crashed writer) it holds committed data we
    must see, so we read through it with mode=ro.
    """
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() and wal.stat().st_size > 0 else "immutable=1"
    conn = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def inspect_existing(path: Path) -> tuple[str | None, bool, str | None]:
    """(alembic revision, has any tables, app version that last wrote it)."""
    try:
        with _read_only(path) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {r[0] for r in rows}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            app = None
            if "settings" in tables:
                row = conn.execute("SELECT value FROM settings WHERE key=?",
                                   (APP_VERSION_KEY,)).fetchone()
                app = json.loads(row[0]) if row else None
            return revision, bool(tables), app
    except sqlite3.DatabaseError as exc:
        raise NotRelmanagerDatabaseError(
            f"{path} is not a readable SQLite database ({exc}). It was left untouched."
        ) from exc


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself: pysqlite's implicit
    # transactions skip DDL and defer BEGIN, which breaks all-or-nothing imports.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable against app crashes in WAL mode
    cursor.close()
    register_search_functions(dbapi_connection)  # the search index triggers call them


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,  # error texts reach logs and dialogs: no contact data in them
    )
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Readers use a deferred BEGIN so the UI never waits on an import's
        # write lock (WAL lets them read the last commit); writers ask for
        # IMMEDIATE so they cannot deadlock upgrading a read lock.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def write_transaction(engine: Engine) -> contextlib.AbstractContextManager[Connection]:
    """`with write_transaction(engine) as conn:` — one all-or-nothing write."""
    return engine.execution_options(**{WRITE_OPTION: True}).begin()


def backup_database(path: Path, backup_dir: Path, label: str) -> Path:
    """Copy `path` with SQLite's online backup API into a 0600 file."""
    ensure_private_dir(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    target = backup_dir / f"{path.stem}-{label}-{stamp}.db"
    ensure_private_file(target)
    with _read_only(path) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def _fix_sidecar_modes(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.chmod(FILE_MODE)


def _record_app_version(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        conn.execute(
            insert(settings)
            .values(key=APP_VERSION_KEY, value=json.dumps(__version__))
            .prefix_with("OR REPLACE")
        )


def open_database(path: Path, backup_dir: Path | None = None) -> Engine:
    """Open (creating or migrating) the database at `path` and return its engine."""
    ensure_private_dir(path.parent)
    revision, has_tables = None, False
    if path.exists() and path.stat().st_size > 0:
        revision, has_tables, db_app = inspect_existing(path)
        if revision == SCHEMA_HEAD:  # up to date: no Alembic needed
            return _open_current(path, recorded_version=db_app)
        if revision is not None and revision not in known_revisions():
            raise SchemaTooNewError(path, revision, head_revision(), db_app)
        if revision is None and has_tables:
            raise NotRelmanagerDatabaseError(
                f"{path} holds tables but no relmanager schema version; it was left untouched."
            )
    head = head_revision()
    if revision is not None and revision != head:
        backup = backup_database(path, backup_dir or path.parent / "backups", f"rev{revision}")
        log.info("Backed up database to %s before migrating %s -> %s", backup, revision, head)

    ensure_private_file(path)
    engine = make_engine(path)
    from alembic import command  # noqa: PLC0415

    if revision is None:
        # Tables and stamp in one transaction: a crash in between must not leave
        # tables without a version (which we would then refuse to open).
        with write_transaction(engine) as conn:
            metadata.create_all(conn)
            command.stamp(alembic_config(conn), "head")
        log.info("Created database at schema revision %s", head)
    elif revision != head:
        with write_transaction(engine) as conn:
            command.upgrade(alembic_config(conn), "head")
        log.info("Migrated database to schema revision %s", head)
    _record_app_version(engine)
    _fix_sidecar_modes(path)
    return engine


def _open_current(path: Path, recorded_version: str | None = None) -> Engine:
    ensure_private_file(path)
    engine = make_engine(path)
    if recorded_version != __version__:  # most starts: already recorded, no write needed
        _record_app_version(engine)
    _fix_sidecar_modes(path)
    return engine
