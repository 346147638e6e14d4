"""Interaction ids are never reused (AUTOINCREMENT).

Undo of "log touch" deletes the entries it added by id. Without AUTOINCREMENT
SQLite hands a freed id to the next new row, so an undo could delete another
contact's entry that took the id after a delete and restore (seen in review).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interactions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}):
        pass


def downgrade() -> None:
    with op.batch_alter_table("interactions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}):
        pass
