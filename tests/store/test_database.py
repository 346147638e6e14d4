from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, select

from relmanager.store import SchemaTooNewError, open_database, write_transaction
from relmanager.store import schema as s
from relmanager.store.contacts import insert_contacts
from relmanager.store.database import (
    SCHEMA_HEAD,
    NotRelmanagerDatabaseError,
    alembic_config,
    head_revision,
    make_engine,
)
from tests.factories import make_contact, store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_new_database_is_created_and_stamped_at_head(engine: Engine, paths) -> None:
    assert revision_of(paths.database) == head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_migrations_build_exactly_the_schema_the_code_uses(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "migrated.db")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        # The FTS5 search index is raw DDL, checked by tests/store/test_search_index.py.
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, type_, _p: not (
            type_ == "table" and s.is_search_index_table(name))})
        diff = compare_metadata(context, s.metadata)
    engine.dispose()
    assert diff == []


def test_old_database_is_backed_up_then_migrated_keeping_its_contacts(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = make_engine(db)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
    store(engine, make_contact("Ada Lovelace", "ada@example.org"))
    engine.dispose()

    migrated = open_database(db, tmp_path / "backups")
    backups = list((tmp_path / "backups").glob("*.db"))
    assert len(backups) == 1
    assert revision_of(backups[0]) == "0001"
    assert (backups[0].stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT display_name FROM contacts").fetchall() == [("Ada Lovelace",)]
    assert revision_of(db) == head_revision()
    with migrated.connect() as conn:
        assert conn.execute(select(s.contacts.c.display_name)).scalars().all() == ["Ada Lovelace"]
        assert conn.execute(select(func.count()).select_from(s.circle_rules)).scalar() == 0
    migrated.dispose()


def test_database_from_a_newer_version_is_refused_and_left_byte_identical(paths) -> None:
    open_database(paths.database).dispose()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = digest(paths.database)
    siblings = sorted(p.name for p in paths.home.iterdir())

    with pytest.raises(SchemaTooNewError) as info:
        open_database(paths.database)

    message = str(info.value)
    assert "9999_future" in message and head_revision() in message
    assert "0.1.0" in message  # the app version that last wrote it
    assert digest(paths.database) == before
    assert sorted(p.name for p in paths.home.iterdir()) == siblings


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    before = digest(db)
    with pytest.raises(NotRelmanagerDatabaseError):
        open_database(db)
    assert digest(db) == before


def test_garbage_file_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "garbage.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(NotRelmanagerDatabaseError):
        open_database(db)
    assert db.read_bytes() == b"this is not sqlite at all" * 100


def test_deleting_a_contact_removes_its_fields(engine: Engine) -> None:
    [cid] = store(engine, make_contact("Ada Lovelace", "ada@example.org", phone="+44 20 7946 0000"))
    with write_transaction(engine) as conn:
        conn.execute(s.contacts.delete().where(s.contacts.c.id == cid))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.emails)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(s.phones)).scalar() == 0


def test_a_failed_write_transaction_leaves_nothing_behind(engine: Engine) -> None:
    class BoomError(Exception):
        pass

    with pytest.raises(BoomError), write_transaction(engine) as conn:
        insert_contacts(conn, [make_contact("Half Done", "half@example.org")])
        raise BoomError
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.contacts)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(s.emails)).scalar() == 0


def test_schema_head_constant_matches_the_newest_migration() -> None:
    # Start-up trusts SCHEMA_HEAD to skip Alembic on an up-to-date database: a new
    # migration must move it, or databases would never be migrated to it.
    assert head_revision() == SCHEMA_HEAD


def test_opening_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    db = tmp_path / "relmanager.db"
    open_database(db).dispose()  # created at head
    script = ("import sys; from pathlib import Path; "
              "from relmanager.store.database import open_database; "
              f"open_database(Path({str(db)!r})).dispose(); "
              "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
