"""Learned circle rules: what the app learned from the user's decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "circle_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("circle", sa.String(), nullable=False),
        sa.Column("evidence_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("removed", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint(
            "circle IN ('friend', 'professional', 'both', 'unsorted')",
            name=op.f("ck_circle_rules_circle"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_rules")),
    )
    with op.batch_alter_table("circle_rules", schema=None) as batch_op:
        batch_op.create_index("ix_circle_rules_signal_value", ["signal", "value"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("circle_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_circle_rules_signal_value")
    op.drop_table("circle_rules")
