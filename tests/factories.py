"""Small builders for contacts stored through the real repository."""

from __future__ import annotations

from sqlalchemy import Engine

from relmanager.domain import Contact, Email, Organisation, Phone, StructuredName
from relmanager.store import write_transaction
from relmanager.store.contacts import insert_contacts


def make_contact(name: str, email: str = "", org: str = "", phone: str = "",
                 uid: str | None = None) -> Contact:
    given, _, family = name.partition(" ")
    return Contact(
        uid=uid or f"uid-{name.lower().replace(' ', '-')}",
        display_name=name,
        name=StructuredName(family=family, given=given),
        emails=[Email(email, ("internet",))] if email else [],
        phones=[Phone(phone, ("cell",))] if phone else [],
        organisations=[Organisation(org)] if org else [],
    )


def store(engine: Engine, *contacts: Contact) -> list[int]:
    with write_transaction(engine) as conn:
        return insert_contacts(conn, list(contacts))
