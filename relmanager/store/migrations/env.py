"""Alembic environment: always run on a connection handed in by store.migrate.

relmanager never runs Alembic from its own CLI or an ini file; the app opens
the database, backs it up and passes the connection here.
"""

from __future__ import annotations

from alembic import context

from relmanager.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
