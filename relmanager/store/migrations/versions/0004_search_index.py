"""Full-text search index (FTS5, trigram) over names, e-mails, phones, organisations,
notes and categories, kept in step by triggers; built here for existing contacts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

A frozen copy of relmanager/store/search_index.py at this revision (a test checks
that a migrated database and a new one have the same index and triggers). The
triggers call relm_fold() and relm_digits(), which the app registers on every
connection it opens.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CREATE = (
    (
        "CREATE VIRTUAL TABLE search_index USING fts5(body, tokenize = 'trigram', columnsize "
        "= 0)"
    ),
    (
        "CREATE TRIGGER search_index_contacts_insert AFTER INSERT ON contacts BEGIN INSERT "
        "INTO search_index(rowid, body) VALUES ((new.id << 32), relm_fold(new.display_name ||"
        " ' ' || new.given || ' ' || new.family || ' ' || new.additional || ' ' || "
        "new.nicknames || ' ' || new.note)); END"
    ),
    (
        "CREATE TRIGGER search_index_contacts_update AFTER UPDATE OF display_name, given, "
        "family, additional, nicknames, note ON contacts WHEN old.display_name IS NOT "
        "new.display_name OR old.given IS NOT new.given OR old.family IS NOT new.family OR "
        "old.additional IS NOT new.additional OR old.nicknames IS NOT new.nicknames OR "
        "old.note IS NOT new.note BEGIN DELETE FROM search_index WHERE rowid = (old.id << "
        "32); INSERT INTO search_index(rowid, body) VALUES ((new.id << 32), "
        "relm_fold(new.display_name || ' ' || new.given || ' ' || new.family || ' ' || "
        "new.additional || ' ' || new.nicknames || ' ' || new.note)); END"
    ),
    (
        "CREATE TRIGGER search_index_contacts_delete BEFORE DELETE ON contacts BEGIN DELETE "
        "FROM search_index WHERE rowid BETWEEN (old.id << 32) AND ((old.id + 1) << 32) - 1; "
        "END"
    ),
    (
        "CREATE TRIGGER search_index_emails_insert AFTER INSERT ON emails BEGIN INSERT INTO "
        "search_index(rowid, body) VALUES (((new.contact_id << 32) | (1 << 29) | (new.id % "
        "536870912)), relm_fold(new.address)); END"
    ),
    (
        "CREATE TRIGGER search_index_emails_update AFTER UPDATE OF contact_id, address ON "
        "emails WHEN old.contact_id IS NOT new.contact_id OR old.address IS NOT new.address "
        "BEGIN DELETE FROM search_index WHERE rowid = ((old.contact_id << 32) | (1 << 29) | "
        "(old.id % 536870912)); INSERT INTO search_index(rowid, body) VALUES "
        "(((new.contact_id << 32) | (1 << 29) | (new.id % 536870912)), "
        "relm_fold(new.address)); END"
    ),
    (
        "CREATE TRIGGER search_index_emails_delete AFTER DELETE ON emails BEGIN DELETE FROM "
        "search_index WHERE rowid = ((old.contact_id << 32) | (1 << 29) | (old.id % "
        "536870912)); END"
    ),
    (
        "CREATE TRIGGER search_index_phones_insert AFTER INSERT ON phones BEGIN INSERT INTO "
        "search_index(rowid, body) VALUES (((new.contact_id << 32) | (2 << 29) | (new.id % "
        "536870912)), relm_fold(new.number) || ' ' || relm_digits(new.number)); END"
    ),
    (
        "CREATE TRIGGER search_index_phones_update AFTER UPDATE OF contact_id, number ON "
        "phones WHEN old.contact_id IS NOT new.contact_id OR old.number IS NOT new.number "
        "BEGIN DELETE FROM search_index WHERE rowid = ((old.contact_id << 32) | (2 << 29) | "
        "(old.id % 536870912)); INSERT INTO search_index(rowid, body) VALUES "
        "(((new.contact_id << 32) | (2 << 29) | (new.id % 536870912)), relm_fold(new.number) "
        "|| ' ' || relm_digits(new.number)); END"
    ),
    (
        "CREATE TRIGGER search_index_phones_delete AFTER DELETE ON phones BEGIN DELETE FROM "
        "search_index WHERE rowid = ((old.contact_id << 32) | (2 << 29) | (old.id % "
        "536870912)); END"
    ),
    (
        "CREATE TRIGGER search_index_organisations_insert AFTER INSERT ON organisations BEGIN"
        " INSERT INTO search_index(rowid, body) VALUES (((new.contact_id << 32) | (3 << 29) |"
        " (new.id % 536870912)), relm_fold(new.name || ' ' || new.units)); END"
    ),
    (
        "CREATE TRIGGER search_index_organisations_update AFTER UPDATE OF contact_id, name, "
        "units ON organisations WHEN old.contact_id IS NOT new.contact_id OR old.name IS NOT "
        "new.name OR old.units IS NOT new.units BEGIN DELETE FROM search_index WHERE rowid = "
        "((old.contact_id << 32) | (3 << 29) | (old.id % 536870912)); INSERT INTO "
        "search_index(rowid, body) VALUES (((new.contact_id << 32) | (3 << 29) | (new.id % "
        "536870912)), relm_fold(new.name || ' ' || new.units)); END"
    ),
    (
        "CREATE TRIGGER search_index_organisations_delete AFTER DELETE ON organisations BEGIN"
        " DELETE FROM search_index WHERE rowid = ((old.contact_id << 32) | (3 << 29) | "
        "(old.id % 536870912)); END"
    ),
    (
        "CREATE TRIGGER search_index_categories_insert AFTER INSERT ON categories BEGIN "
        "INSERT INTO search_index(rowid, body) VALUES (((new.contact_id << 32) | (4 << 29) | "
        "(new.id % 536870912)), relm_fold(new.name)); END"
    ),
    (
        "CREATE TRIGGER search_index_categories_update AFTER UPDATE OF contact_id, name ON "
        "categories WHEN old.contact_id IS NOT new.contact_id OR old.name IS NOT new.name "
        "BEGIN DELETE FROM search_index WHERE rowid = ((old.contact_id << 32) | (4 << 29) | "
        "(old.id % 536870912)); INSERT INTO search_index(rowid, body) VALUES "
        "(((new.contact_id << 32) | (4 << 29) | (new.id % 536870912)), relm_fold(new.name)); "
        "END"
    ),
    (
        "CREATE TRIGGER search_index_categories_delete AFTER DELETE ON categories BEGIN "
        "DELETE FROM search_index WHERE rowid = ((old.contact_id << 32) | (4 << 29) | (old.id"
        " % 536870912)); END"
    ),
)
FILL = (
    (
        "INSERT INTO search_index(rowid, body) SELECT (contacts.id << 32), "
        "relm_fold(contacts.display_name || ' ' || contacts.given || ' ' || contacts.family "
        "|| ' ' || contacts.additional || ' ' || contacts.nicknames || ' ' || contacts.note) "
        "FROM contacts"
    ),
    (
        "INSERT INTO search_index(rowid, body) SELECT ((emails.contact_id << 32) | (1 << 29) "
        "| (emails.id % 536870912)), relm_fold(emails.address) FROM emails"
    ),
    (
        "INSERT INTO search_index(rowid, body) SELECT ((phones.contact_id << 32) | (2 << 29) "
        "| (phones.id % 536870912)), relm_fold(phones.number) || ' ' || "
        "relm_digits(phones.number) FROM phones"
    ),
    (
        "INSERT INTO search_index(rowid, body) SELECT ((organisations.contact_id << 32) | (3 "
        "<< 29) | (organisations.id % 536870912)), relm_fold(organisations.name || ' ' || "
        "organisations.units) FROM organisations"
    ),
    (
        "INSERT INTO search_index(rowid, body) SELECT ((categories.contact_id << 32) | (4 << "
        "29) | (categories.id % 536870912)), relm_fold(categories.name) FROM categories"
    ),
)
TRIGGERS = tuple(f"search_index_{table}_{event}"
                 for table in ("contacts", "emails", "phones", "organisations", "categories")
                 for event in ("insert", "update", "delete"))


def upgrade() -> None:
    for statement in (*CREATE, *FILL):
        op.execute(statement)


def downgrade() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_index")
