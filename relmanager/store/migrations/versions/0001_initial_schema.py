"""Initial schema: contacts with their fields, circles, interactions, import batches.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(), nullable=False),
        sa.Column("finished_at", sa.String(), nullable=True),
        sa.Column("state", sa.String(), server_default="running", nullable=False),
        sa.Column("files", sa.Text(), server_default="[]", nullable=False),
        sa.Column("cards_seen", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created", sa.Integer(), server_default="0", nullable=False),
        sa.Column("merged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("failed", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "state IN ('running', 'done', 'cancelled', 'undone')",
            name=op.f("ck_import_batches_state"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "batch_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('created', 'merged', 'unchanged')", name=op.f("ck_batch_changes_action")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_batch_changes_batch_id_import_batches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_changes")),
    )
    with op.batch_alter_table("batch_changes", schema=None) as batch_op:
        batch_op.create_index("ix_batch_changes_batch_id", ["batch_id"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("display_name", sa.String(), nullable=False),
        sa.Column("sort_key", sa.String(), server_default="", nullable=False),
        sa.Column("family", sa.String(), server_default="", nullable=False),
        sa.Column("given", sa.String(), server_default="", nullable=False),
        sa.Column("additional", sa.String(), server_default="", nullable=False),
        sa.Column("prefixes", sa.String(), server_default="", nullable=False),
        sa.Column("suffixes", sa.String(), server_default="", nullable=False),
        sa.Column("nicknames", sa.Text(), server_default="[]", nullable=False),
        sa.Column("title", sa.String(), server_default="", nullable=False),
        sa.Column("role", sa.String(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("bday_year", sa.Integer(), nullable=True),
        sa.Column("bday_month", sa.Integer(), nullable=True),
        sa.Column("bday_day", sa.Integer(), nullable=True),
        sa.Column("circle_suggested", sa.String(), server_default="unsorted", nullable=False),
        sa.Column("circle_confidence", sa.Float(), server_default="0", nullable=False),
        sa.Column("circle_reasons", sa.Text(), server_default="[]", nullable=False),
        sa.Column("circle_user", sa.String(), nullable=True),
        sa.Column("dont_pitch", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(), server_default="", nullable=False),
        sa.Column("user_edited", sa.Text(), server_default="[]", nullable=False),
        sa.Column("created_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "circle_suggested IN ('friend', 'professional', 'both', 'unsorted')",
            name=op.f("ck_contacts_circle_suggested"),
        ),
        sa.CheckConstraint(
            "circle_user IS NULL OR circle_user IN ('friend', 'professional', 'both', 'unsorted')",
            name=op.f("ck_contacts_circle_user"),
        ),
        sa.CheckConstraint(
            "circle_confidence >= 0 AND circle_confidence <= 1", name=op.f("ck_contacts_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["created_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_contacts_created_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("uid", name=op.f("uq_contacts_uid")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index("ix_contacts_sort_key", ["sort_key"], unique=False)

    op.create_table(
        "addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("po_box", sa.String(), server_default="", nullable=False),
        sa.Column("extended", sa.String(), server_default="", nullable=False),
        sa.Column("street", sa.String(), server_default="", nullable=False),
        sa.Column("locality", sa.String(), server_default="", nullable=False),
        sa.Column("region", sa.String(), server_default="", nullable=False),
        sa.Column("postal_code", sa.String(), server_default="", nullable=False),
        sa.Column("country", sa.String(), server_default="", nullable=False),
        sa.Column("types", sa.String(), server_default="", nullable=False),
        sa.Column("pref", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("grp", sa.String(), nullable=True),
        sa.Column("extra_params", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_addresses_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addresses")),
    )
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.create_index("ix_addresses_contact_id", ["contact_id"], unique=False)

    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_categories_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
    )
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.create_index("ix_categories_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_categories_name", ["name"], unique=False)

    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_a", sa.Integer(), nullable=False),
        sa.Column("contact_b", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("dismissed", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_duplicate_candidates_batch_id_import_batches"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_a"],
            ["contacts.id"],
            name=op.f("fk_duplicate_candidates_contact_a_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_b"],
            ["contacts.id"],
            name=op.f("fk_duplicate_candidates_contact_b_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_candidates")),
    )
    with op.batch_alter_table("duplicate_candidates", schema=None) as batch_op:
        batch_op.create_index("ix_duplicate_candidates_a", ["contact_a"], unique=False)
        batch_op.create_index("ix_duplicate_candidates_b", ["contact_b"], unique=False)

    op.create_table(
        "emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("normalized", sa.String(), nullable=False),
        sa.Column("types", sa.String(), server_default="", nullable=False),
        sa.Column("pref", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("grp", sa.String(), nullable=True),
        sa.Column("extra_params", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_emails_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emails")),
    )
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.create_index("ix_emails_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_emails_normalized", ["normalized"], unique=False)

    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("occurred_on", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('met', 'call', 'message', 'gave', 'received', 'asked', 'introduced')",
            name=op.f("ck_interactions_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interactions_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interactions")),
    )
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interactions_contact_date", ["contact_id", "occurred_on"], unique=False
        )

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("units", sa.Text(), server_default="[]", nullable=False),
        sa.Column("grp", sa.String(), nullable=True),
        sa.Column("extra_params", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_organisations_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index("ix_organisations_contact_id", ["contact_id"], unique=False)

    op.create_table(
        "phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("normalized", sa.String(), nullable=False),
        sa.Column("types", sa.String(), server_default="", nullable=False),
        sa.Column("pref", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("grp", sa.String(), nullable=True),
        sa.Column("extra_params", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_phones_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phones")),
    )
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.create_index("ix_phones_contact_id", ["contact_id"], unique=False)
        batch_op.create_index("ix_phones_normalized", ["normalized"], unique=False)

    op.create_table(
        "photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("media_type", sa.String(), nullable=True),
        sa.Column("uri", sa.String(), nullable=True),
        sa.Column("extra_params", sa.Text(), server_default="[]", nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_photos_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
    )
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.create_index("ix_photos_contact_id", ["contact_id"], unique=False)

    op.create_table(
        "raw_properties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_raw_properties_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_properties")),
    )
    with op.batch_alter_table("raw_properties", schema=None) as batch_op:
        batch_op.create_index("ix_raw_properties_contact_id", ["contact_id"], unique=False)

    op.create_table(
        "urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_urls_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urls")),
    )
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.create_index("ix_urls_contact_id", ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("urls", schema=None) as batch_op:
        batch_op.drop_index("ix_urls_contact_id")

    op.drop_table("urls")
    with op.batch_alter_table("raw_properties", schema=None) as batch_op:
        batch_op.drop_index("ix_raw_properties_contact_id")

    op.drop_table("raw_properties")
    with op.batch_alter_table("photos", schema=None) as batch_op:
        batch_op.drop_index("ix_photos_contact_id")

    op.drop_table("photos")
    with op.batch_alter_table("phones", schema=None) as batch_op:
        batch_op.drop_index("ix_phones_normalized")
        batch_op.drop_index("ix_phones_contact_id")

    op.drop_table("phones")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index("ix_organisations_contact_id")

    op.drop_table("organisations")
    with op.batch_alter_table("interactions", schema=None) as batch_op:
        batch_op.drop_index("ix_interactions_contact_date")

    op.drop_table("interactions")
    with op.batch_alter_table("emails", schema=None) as batch_op:
        batch_op.drop_index("ix_emails_normalized")
        batch_op.drop_index("ix_emails_contact_id")

    op.drop_table("emails")
    with op.batch_alter_table("duplicate_candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_duplicate_candidates_b")
        batch_op.drop_index("ix_duplicate_candidates_a")

    op.drop_table("duplicate_candidates")
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.drop_index("ix_categories_name")
        batch_op.drop_index("ix_categories_contact_id")

    op.drop_table("categories")
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.drop_index("ix_addresses_contact_id")

    op.drop_table("addresses")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_sort_key")

    op.drop_table("contacts")
    with op.batch_alter_table("batch_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_batch_changes_batch_id")

    op.drop_table("batch_changes")
    op.drop_table("settings")
    op.drop_table("import_batches")
