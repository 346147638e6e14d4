"""Persistence: SQLite via SQLAlchemy Core, migrated with Alembic."""

from relmanager.store.database import (
    DatabaseError,
    NotRelmanagerDatabaseError,
    SchemaTooNewError,
    open_database,
    write_transaction,
)

__all__ = [
    "DatabaseError", "NotRelmanagerDatabaseError", "SchemaTooNewError", "open_database",
    "write_transaction",
]
