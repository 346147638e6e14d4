"""The FTS5 search index: built by migration 0004, kept in step by every write path."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, delete, update

from relmanager.domain import Contact
from relmanager.services.contact_list import matching_ids
from relmanager.services.import_undo import undo_import
from relmanager.services.importer import import_files
from relmanager.store import open_database, write_transaction
from relmanager.store import schema as s
from relmanager.store.database import alembic_config, make_engine
from relmanager.store.search_index import CONTACT_SHIFT
from tests.factories import make_contact, store
from tests.services.test_importer import vcf


def found(engine: Engine, text: str) -> set[int]:
    with engine.connect() as conn:
        return matching_ids(conn, text) or set()


def index_rows(engine: Engine, contact_id: int) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM search_index WHERE rowid BETWEEN ? AND ?",
            (contact_id << CONTACT_SHIFT, ((contact_id + 1) << CONTACT_SHIFT) - 1)).scalar_one())


def search_schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'search_index%' "
                            "AND sql IS NOT NULL ORDER BY name").fetchall()
    conn.close()
    return rows


def rich_contact() -> Contact:
    contact = make_contact("Zoë Ångström", "zoe@lab.example", "Quantum Widgets AG",
                           "+1 (555) 123-4567")
    contact.note = "Met at the Kraków conference"
    contact.categories = ["Book club"]
    return contact


def test_migration_0004_indexes_the_contacts_a_0003_database_already_has(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = make_engine(db)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    [zoe, _bob] = store(engine, rich_contact(), make_contact("Bob Builder", "bob@gmail.com"))
    engine.dispose()

    migrated = open_database(db, tmp_path / "backups")
    for text in ("angstrom", "ZOË", "lab.example", "5551234", "widgets", "krakow", "book club"):
        assert found(migrated, text) == {zoe}, text
    assert found(migrated, "builder") == {_bob}
    migrated.dispose()
    # The migration's frozen DDL is exactly what a new database gets.
    open_database(tmp_path / "new.db").dispose()
    assert search_schema(db) == search_schema(tmp_path / "new.db")
    triggers = [name for name, sql in search_schema(db) if sql.startswith("CREATE TRIGGER")]
    assert len(triggers) == 15  # insert, update and delete on five tables


def test_direct_table_edits_keep_the_index_in_step(engine: Engine) -> None:
    [zoe] = store(engine, rich_contact())
    with write_transaction(engine) as conn:
        conn.execute(update(s.emails).values(address="zoe@newhome.example"))
        conn.execute(update(s.contacts).values(note="Loves sailing"))
        conn.execute(delete(s.phones))
        conn.execute(update(s.organisations).values(name="Photon GmbH"))
        conn.execute(update(s.categories).values(name="Sailing club"))
        conn.execute(update(s.contacts).values(display_name="Zoë Lindqvist", family="Lindqvist"))
    for gone in ("lab.example", "krakow", "5551234", "widgets", "book club", "angstrom"):
        assert found(engine, gone) == set(), gone
    for text in ("newhome", "sailing", "photon", "sailing club", "lindqvist"):
        assert found(engine, text) == {zoe}, text

    with write_transaction(engine) as conn:
        conn.execute(delete(s.contacts).where(s.contacts.c.id == zoe))
    assert found(engine, "newhome") == set()
    assert index_rows(engine, zoe) == 0


def test_import_merge_and_undo_keep_the_index_in_step(engine: Engine, tmp_path: Path) -> None:
    card = "UID:u-1\nFN:Ana Srebrnič\nN:Srebrnič;Ana;;;\nEMAIL:ana@old.example\nTEL:030 1234 5678"
    first = import_files(engine, [vcf(tmp_path, "a.vcf", card)])
    [ana] = found(engine, "srebrnic")
    assert found(engine, "old.example") == {ana}
    assert found(engine, "12345678") == {ana}

    newer = card.replace("ana@old.example", "ana@new.example") + "\nORG:Fjord Labs\nREV:2030-01-01"
    second = import_files(engine, [vcf(tmp_path, "b.vcf", newer, "UID:u-2\nFN:Piet Mondri")])
    assert second.merged == 1 and second.created == 1
    assert found(engine, "new.example") == {ana} and found(engine, "fjord") == {ana}
    [piet] = found(engine, "mondri")

    undo_import(engine, second.batch_id)
    assert found(engine, "mondri") == set() and index_rows(engine, piet) == 0
    assert found(engine, "fjord") == set() and found(engine, "old.example") == {ana}
    undo_import(engine, first.batch_id)
    assert found(engine, "srebrnic") == set() and index_rows(engine, ana) == 0


def test_a_failed_import_leaves_the_index_and_its_triggers_as_they_were(
        engine: Engine, tmp_path: Path) -> None:
    [kept] = store(engine, make_contact("Kept Person", "kept@example.org"))
    before = search_schema(Path(engine.url.database or ""))
    result = import_files(engine, [vcf(tmp_path, "a.vcf", "UID:x\nFN:Dry Run")], dry_run=True)
    assert result.batch_id is None
    assert search_schema(Path(engine.url.database or "")) == before
    assert found(engine, "dry run") == set() and found(engine, "kept") == {kept}
    # The triggers are back: a plain insert is indexed.
    [later] = store(engine, make_contact("Later Added", "later@example.org"))
    assert found(engine, "later") == {later}
