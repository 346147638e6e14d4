"""The database schema (SQLAlchemy Core tables).

Core rather than ORM: imports write tens of thousands of rows with
executemany, and the UI reads narrow column sets for 50k-row lists.

Keep this file and the newest Alembic migration in step: a test compares the
migrated schema with this metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    event,
    text,
)

from relmanager.store import search_index

# Stable constraint names let Alembic's batch mode recreate SQLite tables.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

CIRCLES_SQL = "('friend', 'professional', 'both', 'unsorted')"
INTERACTION_KINDS_SQL = "('met', 'call', 'message', 'gave', 'received', 'asked', 'introduced')"


def _contact_fk() -> Column[int]:
    return Column(
        "contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False
    )


settings = Table(
    "settings",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),  # JSON
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", String, nullable=False),
    Column("finished_at", String),
    Column("state", String, nullable=False, server_default="running"),
    Column("files", Text, nullable=False, server_default="[]"),  # JSON list of names
    Column("cards_seen", Integer, nullable=False, server_default="0"),
    Column("created", Integer, nullable=False, server_default="0"),
    Column("merged", Integer, nullable=False, server_default="0"),
    Column("unchanged", Integer, nullable=False, server_default="0"),
    Column("failed", Integer, nullable=False, server_default="0"),
    CheckConstraint("state IN ('running', 'done', 'cancelled', 'undone')", name="state"),
)

contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String, nullable=False, unique=True),
    Column("display_name", String, nullable=False),
    Column("sort_key", String, nullable=False, server_default=""),  # casefolded name
    Column("family", String, nullable=False, server_default=""),
    Column("given", String, nullable=False, server_default=""),
    Column("additional", String, nullable=False, server_default=""),
    Column("prefixes", String, nullable=False, server_default=""),
    Column("suffixes", String, nullable=False, server_default=""),
    Column("nicknames", Text, nullable=False, server_default="[]"),  # JSON list
    Column("title", String, nullable=False, server_default=""),
    Column("role", String, nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("bday_year", Integer),
    Column("bday_month", Integer),
    Column("bday_day", Integer),
    # The app's suggestion and the user's decision are separate facts: the
    # decision wins and survives re-import, merge and export/import.
    Column("circle_suggested", String, nullable=False, server_default="unsorted"),
    Column("circle_confidence", Float, nullable=False, server_default="0"),
    Column("circle_reasons", Text, nullable=False, server_default="[]"),  # JSON list
    Column("circle_user", String),
    Column("dont_pitch", Boolean, nullable=False, server_default=text("0")),
    Column("cadence_days", Integer),  # None: circle default; 0: no reminders
    Column("content_hash", String, nullable=False, server_default=""),
    Column("user_edited", Text, nullable=False, server_default="[]"),  # JSON: fields
    Column("created_batch_id", Integer,
           ForeignKey("import_batches.id", ondelete="SET NULL")),
    Column("created_at", String, nullable=False),
    Column("updated_at", String, nullable=False),
    CheckConstraint(f"circle_suggested IN {CIRCLES_SQL}", name="circle_suggested"),
    CheckConstraint(f"circle_user IS NULL OR circle_user IN {CIRCLES_SQL}", name="circle_user"),
    CheckConstraint("circle_confidence >= 0 AND circle_confidence <= 1", name="confidence"),
    Index("ix_contacts_sort_key", "sort_key"),
    # Covers count_by_circle and the review queue's size: no table scan (0006).
    Index("ix_contacts_circle", "circle_user", "circle_suggested"),
)

emails = Table(
    "emails",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("address", String, nullable=False),
    Column("normalized", String, nullable=False),
    Column("types", String, nullable=False, server_default=""),  # comma list
    Column("pref", Boolean, nullable=False, server_default=text("0")),
    Column("label", String),
    Column("grp", String),
    Column("extra_params", Text, nullable=False, server_default="[]"),
    Index("ix_emails_normalized", "normalized"),
    Index("ix_emails_contact_id", "contact_id"),
)

phones = Table(
    "phones",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("number", String, nullable=False),
    Column("normalized", String, nullable=False),  # E.164 when parseable
    Column("types", String, nullable=False, server_default=""),
    Column("pref", Boolean, nullable=False, server_default=text("0")),
    Column("label", String),
    Column("grp", String),
    Column("extra_params", Text, nullable=False, server_default="[]"),
    Index("ix_phones_normalized", "normalized"),
    Index("ix_phones_contact_id", "contact_id"),
)

addresses = Table(
    "addresses",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("po_box", String, nullable=False, server_default=""),
    Column("extended", String, nullable=False, server_default=""),
    Column("street", String, nullable=False, server_default=""),
    Column("locality", String, nullable=False, server_default=""),
    Column("region", String, nullable=False, server_default=""),
    Column("postal_code", String, nullable=False, server_default=""),
    Column("country", String, nullable=False, server_default=""),
    Column("types", String, nullable=False, server_default=""),
    Column("pref", Boolean, nullable=False, server_default=text("0")),
    Column("label", String),
    Column("grp", String),
    Column("extra_params", Text, nullable=False, server_default="[]"),
    Index("ix_addresses_contact_id", "contact_id"),
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("name", String, nullable=False),
    Column("units", Text, nullable=False, server_default="[]"),
    Column("grp", String),
    Column("extra_params", Text, nullable=False, server_default="[]"),
    Index("ix_organisations_contact_id", "contact_id"),
)

categories = Table(
    "categories",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("name", String, nullable=False),
    Index("ix_categories_contact_id", "contact_id"),
    Index("ix_categories_name", "name"),
)

urls = Table(
    "urls",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("url", String, nullable=False),
    Index("ix_urls_contact_id", "contact_id"),
)

photos = Table(
    "photos",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("data", LargeBinary),
    Column("media_type", String),
    Column("uri", String),
    Column("extra_params", Text, nullable=False, server_default="[]"),
    Index("ix_photos_contact_id", "contact_id"),
)

raw_properties = Table(
    "raw_properties",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("position", Integer, nullable=False),
    Column("name", String, nullable=False),
    Column("line", Text, nullable=False),
    Index("ix_raw_properties_contact_id", "contact_id"),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", Integer, primary_key=True),
    _contact_fk(),
    Column("kind", String, nullable=False),
    Column("occurred_on", String, nullable=False),  # ISO date
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", String, nullable=False),
    CheckConstraint(f"kind IN {INTERACTION_KINDS_SQL}", name="kind"),
    Index("ix_interactions_contact_date", "contact_id", "occurred_on"),
    sqlite_autoincrement=True,  # undo deletes log entries by id: never hand one out twice
)

# What each import batch did, so `undo-import` can revert it exactly.
batch_changes = Table(
    "batch_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="CASCADE"),
           nullable=False),
    Column("contact_id", Integer, nullable=False),
    Column("action", String, nullable=False),
    Column("before", Text),  # JSON snapshot of a merged contact before the merge
    CheckConstraint("action IN ('created', 'merged', 'unchanged')", name="action"),
    Index("ix_batch_changes_batch_id", "batch_id"),
)

# Uncertain matches the importer did not merge; the user decides.
duplicate_candidates = Table(
    "duplicate_candidates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contact_a", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Column("contact_b", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
    Column("reason", String, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id", ondelete="SET NULL")),
    Column("dismissed", Boolean, nullable=False, server_default=text("0")),
    Index("ix_duplicate_candidates_a", "contact_a"),
    Index("ix_duplicate_candidates_b", "contact_b"),
)

# Rules the app learned from the user's circle decisions ("you sorted 2
# contacts at acme.example as professional"). Visible and removable.
circle_rules = Table(
    "circle_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("signal", String, nullable=False),  # "email_domain", "org", "category"
    Column("value", String, nullable=False),  # normalised, e.g. "acme.example"
    Column("circle", String, nullable=False),
    Column("evidence_count", Integer, nullable=False, server_default="0"),
    Column("created_at", String, nullable=False),
    Column("removed", Boolean, nullable=False, server_default=text("0")),
    CheckConstraint(f"circle IN {CIRCLES_SQL}", name="circle"),
    Index("ix_circle_rules_signal_value", "signal", "value", unique=True),
)

# A snoozed keep-in-touch reminder: due again on `until`, not counted as contact.
# `last_contact_on` is the contact's last-contact date when the user snoozed; an
# interaction logged after that date makes the snooze stale (logging resets).
snoozes = Table(
    "snoozes",
    metadata,
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"),
           primary_key=True),
    Column("until", String, nullable=False),  # ISO date
    Column("last_contact_on", String, nullable=False),  # ISO date
    Column("created_at", String, nullable=False),
)


@event.listens_for(metadata, "after_create")
def _create_search_index(_target: MetaData, connection: Connection, **_kw: object) -> None:
    """The FTS5 index and its triggers (see store/search_index.py): not Core tables,
    so `create_all` gets them here and Alembic autogenerate is told to skip them."""
    for statement in search_index.ddl():
        connection.exec_driver_sql(statement)


def is_search_index_table(name: str | None) -> bool:
    """The FTS5 table and its shadow tables (search_index_data, _idx, …)."""
    return bool(name) and str(name).startswith(search_index.TABLE)
