"""An import's one-pass index build gives exactly the rows the triggers would have
written, and leaves FTS5's own settings as it found them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine

from relmanager.services.importer import import_files
from relmanager.store import write_transaction
from relmanager.store.search_index import fill_sql
from tests.factories import make_contact, store
from tests.services.test_importer import vcf


def index_of(conn: Connection) -> list[tuple[int, str]]:
    return [(int(r), str(b)) for r, b in conn.exec_driver_sql(
        "SELECT rowid, body FROM search_index ORDER BY rowid")]


def fts_settings(conn: Connection) -> list[tuple[str, int]]:
    return [(str(k), int(v)) for k, v in conn.exec_driver_sql(
        "SELECT k, v FROM search_index_config WHERE k != 'version' ORDER BY k")]


def test_an_import_indexes_what_the_triggers_would_have(engine: Engine, tmp_path: Path) -> None:
    store(engine, make_contact("Älva Öberg", "alva@old.example", "Fjord AB", "+46 8 123 456"))
    cards = [
        "UID:n-1\nFN:José Núñez\nN:Núñez;José;;;\nEMAIL:jose@x.example\nTEL:+34 91 555 0101"
        "\nNICKNAME:Pepe\nNOTE:Kraków, 2019\nCATEGORIES:Choir,Work",
        # merges into the stored contact (same e-mail and name): re-indexed, not duplicated
        "FN:Älva Öberg\nEMAIL:alva@old.example\nORG:Fjord AB;Research\nTEL:(08) 765-432",
        "UID:n-3\nFN:Ｆｕｌｌ Ｗｉｄｔｈ\nEMAIL:WIDE@Example.ORG",
    ]
    result = import_files(engine, [vcf(tmp_path, "book.vcf", *cards)])
    assert result.created == 2 and result.merged == 1

    with write_transaction(engine) as conn:
        imported, settings = index_of(conn), fts_settings(conn)
        conn.exec_driver_sql("DELETE FROM search_index")
        for statement in fill_sql():
            conn.exec_driver_sql(statement)
        rebuilt = index_of(conn)
    assert imported == rebuilt
    assert any("fjord ab" in body and "research" in body for _, body in imported)
    # Back to FTS5's defaults: later edits flush small segments and merge them.
    assert settings == [("automerge", 4), ("hashsize", 1024 * 1024)]
