from __future__ import annotations

from sqlalchemy import Engine

from relmanager.domain import (
    Address,
    Birthday,
    Contact,
    Email,
    Organisation,
    Phone,
    Photo,
    RawProperty,
    StructuredName,
)
from relmanager.store.contacts import load_contacts
from tests.factories import store


def test_every_field_survives_a_store_and_load(engine: Engine) -> None:
    contact = Contact(
        uid="urn:uuid:1", display_name="Richter, James",
        name=StructuredName("Richter", "James", "P.", "Dr.", "Jr."),
        nicknames=("Jim", "JR"),
        emails=[Email("james@work.example", ("work", "internet"), True, "Office", "item1",
                      (("X-SERVICE", "x"),))],
        phones=[Phone("+49 30 1234567", ("cell",))],
        addresses=[Address("", "", "Lämmerweg 12", "Kleindorf", "", "98765", "Deutschland",
                           ("home",))],
        organisations=[Organisation("ABC, Inc.", ("Sales",))],
        title="Head of Sales", role="Seller", categories=["Kollegen", "VIP"],
        birthday=Birthday(2, 29, None), note="line1\nline2; with, punctuation",
        urls=["http://x.example"], photos=[Photo(b"\xff\xd8\xff\xe0jpeg", "image/jpeg")],
        raw=[RawProperty("X-ABSHOWAS", "X-ABShowAs:COMPANY")],
    )
    [cid] = store(engine, contact)
    with engine.connect() as conn:
        loaded = load_contacts(conn, [cid])[cid]
    assert loaded == contact
