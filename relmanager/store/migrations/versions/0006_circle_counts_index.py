"""A covering index for the circle counts and the review queue's size.

The filter chips' counts (`count_by_circle`, after every refresh) and "how many
contacts await review" scanned the whole contacts table: 40-130 ms at 60k
contacts, on the GUI thread right after an import. With this index both read
only the index (a few ms).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contacts_circle", "contacts", ["circle_user", "circle_suggested"])


def downgrade() -> None:
    op.drop_index("ix_contacts_circle", table_name="contacts")
