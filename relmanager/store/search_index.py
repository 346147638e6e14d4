"""The full-text search index behind search-as-you-type (SQLite FTS5, trigram).

One index row per searchable source row: a contact's names and note, each
e-mail, phone, organisation and category. Triggers on those tables keep the
index in step with every write path (importer, import undo, edits, merges,
undo snapshots), so no service has to remember to update it.

The row id encodes the contact and the source row, so a trigger finds its
index row without a lookup and a search gets contact ids without reading
text. The indexed text is folded (case and accents) by `relm_fold`, and
phones also carry their bare digits (`relm_digits`) so "5551234" finds
"+1 (555) 123-4". SQLite's trigram
tokenizer cannot drop accents before 3.45, hence the Python functions: every
connection the app opens registers them (`store.database`), and a plain
`sqlite3` connection that writes contacts must call `register_functions`.

Migration 0004 holds a frozen copy of this DDL; a test checks they agree.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import Connection

from relmanager.store.normalize import strip_accents

TABLE = "search_index"
# Row id = contact id << 32 | kind << 29 | source row id (mod 2^29): the contact
# comes back from a match as `rowid >> 32` without reading any stored text.
CONTACT_SHIFT = 32
KIND_SHIFT = 29

# FTS5 buffers this much new index data in memory before writing a segment.
DEFAULT_HASH_SIZE = 1024 * 1024
# An import's: with automerge off while it writes, a larger buffer is no faster,
# and 32 MiB took a 50k-card import over its 150 MiB memory budget.
BULK_HASH_SIZE = 4 * 1024 * 1024
DEFAULT_AUTOMERGE = 4  # FTS5's own default

FOLD_SQL = "relm_fold"
DIGITS_SQL = "relm_digits"


def fold(text: str | None) -> str:
    """Case- and accent-free text for the index and for queries."""
    if not text:
        return ""
    if text.isascii():  # most e-mails, phones and many names: skip Unicode work
        return text.lower()
    return strip_accents(text.casefold())


_NOT_DIGITS = re.compile(r"\D+")


def digits(text: str | None) -> str:
    return _NOT_DIGITS.sub("", text) if text else ""


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function(FOLD_SQL, 1, fold, deterministic=True)
    conn.create_function(DIGITS_SQL, 1, digits, deterministic=True)


# (table, kind, columns whose change re-indexes, text expression over `{r}`)
SOURCES: tuple[tuple[str, int, tuple[str, ...], str], ...] = (
    ("contacts", 0, ("display_name", "given", "family", "additional", "nicknames", "note"),
     "relm_fold({r}.display_name || ' ' || {r}.given || ' ' || {r}.family || ' ' || "
     "{r}.additional || ' ' || {r}.nicknames || ' ' || {r}.note)"),
    ("emails", 1, ("contact_id", "address"), "relm_fold({r}.address)"),
    ("phones", 2, ("contact_id", "number"),
     "relm_fold({r}.number) || ' ' || relm_digits({r}.number)"),
    ("organisations", 3, ("contact_id", "name", "units"),
     "relm_fold({r}.name || ' ' || {r}.units)"),
    ("categories", 4, ("contact_id", "name"), "relm_fold({r}.name)"),
)


def _rowid(table: str, kind: int, r: str) -> str:
    if table == "contacts":
        return f"({r}.id << {CONTACT_SHIFT})"
    return (f"(({r}.contact_id << {CONTACT_SHIFT}) | ({kind} << {KIND_SHIFT}) | "
            f"({r}.id % {1 << KIND_SHIFT}))")


def _owner(table: str) -> str:
    return f"{table}.id" if table == "contacts" else f"{table}.contact_id"


def _insert(table: str, kind: int, text: str, r: str) -> str:
    return (f"INSERT INTO {TABLE}(rowid, body) VALUES "
            f"({_rowid(table, kind, r)}, {text.format(r=r)});")


def _delete(table: str, kind: int, r: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {_rowid(table, kind, r)};"


def ddl() -> list[str]:
    """CREATE statements for the index table and its triggers."""
    out = [f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, tokenize = 'trigram', "
           "columnsize = 0)"]
    for table, kind, columns, text in SOURCES:
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        out += [
            f"CREATE TRIGGER {TABLE}_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"{_insert(table, kind, text, 'new')} END",
            f"CREATE TRIGGER {TABLE}_{table}_update AFTER UPDATE OF {', '.join(columns)} "
            f"ON {table} WHEN {changed} BEGIN {_delete(table, kind, 'old')} "
            f"{_insert(table, kind, text, 'new')} END",
            _delete_trigger(table, kind),
        ]
    return out


def _delete_trigger(table: str, kind: int) -> str:
    if table != "contacts":
        return (f"CREATE TRIGGER {TABLE}_{table}_delete AFTER DELETE ON {table} BEGIN "
                f"{_delete(table, kind, 'old')} END")
    # BEFORE, and every row of the contact at once in row-id order: its cascaded
    # child deletes then find nothing left, and FTS5 never sees a smaller row id
    # than the last one (which would flush its in-memory segment per contact).
    return (f"CREATE TRIGGER {TABLE}_contacts_delete BEFORE DELETE ON contacts BEGIN "
            f"DELETE FROM {TABLE} WHERE rowid BETWEEN (old.id << {CONTACT_SHIFT}) "
            f"AND ((old.id + 1) << {CONTACT_SHIFT}) - 1; END")


def fill_sql() -> list[str]:
    """INSERTs that index every existing row (after `ddl`, on an empty index)."""
    return [f"INSERT INTO {TABLE}(rowid, body) SELECT {_rowid(table, kind, table)}, "
            f"{text.format(r=table)} FROM {table}"
            for table, kind, _columns, text in SOURCES]


def trigger_names() -> list[str]:
    return [f"{TABLE}_{table}_{event}" for table, *_ in SOURCES
            for event in ("insert", "update", "delete")]


@contextlib.contextmanager
def suspended(conn: Connection, touched: Callable[[], Iterable[int]]) -> Iterator[None]:
    """Bulk writes (an import) without per-row index upkeep, then one in-order pass.

    FTS5 flushes its in-memory segment whenever a row id is smaller than the last
    one, and an import writes contacts, then their e-mails, then phones… so the
    triggers cost it more than the rest of the import. Inside the caller's write
    transaction the triggers are dropped, the rows of `touched()` contacts are
    re-indexed at the end (in one row-id ordered pass), and the triggers come
    back: DDL is transactional in SQLite, so a rollback restores them too.
    """
    for name in trigger_names():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
        # No merging of segments while the import's rows are written: automerge
        # would copy the new index a second time (the user's next edits merge them).
        automerge = _config(conn, "automerge", DEFAULT_AUTOMERGE)
        _set_config(conn, "hashsize", BULK_HASH_SIZE)
        _set_config(conn, "automerge", 0)
        reindex(conn, touched())
        _set_config(conn, "hashsize", DEFAULT_HASH_SIZE)
        _set_config(conn, "automerge", automerge)
    finally:
        for statement in ddl()[1:]:
            conn.exec_driver_sql(statement)


def _config(conn: Connection, key: str, default: int) -> int:
    value = conn.exec_driver_sql(f"SELECT v FROM {TABLE}_config WHERE k = ?",
                                 (key,)).scalar()
    return default if value is None else int(value)


def _set_config(conn: Connection, key: str, value: int) -> None:
    conn.exec_driver_sql(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('{key}', {int(value)})")


def _ranges(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted ids as (first, last) runs: an import's new contacts are one run."""
    runs: list[tuple[int, int]] = []
    for i in ids:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _reindex_sql() -> str:
    selects = " UNION ALL ".join(
        f"SELECT {_rowid(table, kind, table)} AS rid, {text.format(r=table)} AS body "
        f"FROM runs JOIN {table} ON {_owner(table)} BETWEEN runs.lo AND runs.hi"
        for table, kind, _columns, text in SOURCES)
    return ("WITH runs(lo, hi) AS (SELECT json_extract(value, '$[0]'), "
            "json_extract(value, '$[1]') FROM json_each(?)) "
            f"INSERT INTO {TABLE}(rowid, body) SELECT rid, body FROM ({selects}) ORDER BY rid")


_REINDEX_SQL = _reindex_sql()


def reindex(conn: Connection, contact_ids: Iterable[int]) -> None:
    """Rebuild the index rows of these contacts (gone contacts just lose theirs).

    All tables in one statement, in row-id order: FTS5 then appends to one
    in-memory segment instead of flushing it each time a row id goes back.
    """
    runs = _ranges(sorted(set(contact_ids)))
    if not runs:
        return
    conn.exec_driver_sql(f"DELETE FROM {TABLE} WHERE rowid BETWEEN ? AND ?",
                         [(lo << CONTACT_SHIFT, ((hi + 1) << CONTACT_SHIFT) - 1)
                          for lo, hi in runs])
    conn.exec_driver_sql(_REINDEX_SQL, (json.dumps(runs),))
