"""Alembic environment: always run on a connection handed in by store.migrate.

relmanager never runs Alembic from its own CLI or an ini file; the app opens
the database, backs it up and passes the connection here.
"""

from __future__ import annotations

from alembic import context

from relmanager.store.schema import is_search_index_table, metadata


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    # The FTS5 search index is built by raw DDL (migration 0004), not from metadata.
    return not (type_ == "table" and is_search_index_table(name))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
