"""Matching cards against contacts stored before the import (looked up in the database)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from relmanager.services.importer import import_files
from relmanager.store import schema as s
from tests.factories import make_contact, store
from tests.services.test_importer import all_contacts, vcf


def duplicates(engine: Engine) -> list[tuple[int, int, str]]:
    c = s.duplicate_candidates.c
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(  # type: ignore[misc]
            select(c.contact_a, c.contact_b, c.reason).order_by(c.id))]


def test_stored_contacts_are_found_by_uid_email_and_phone(engine: Engine, tmp_path: Path) -> None:
    ann, bob, cy = store(engine,
                         make_contact("Ann Lee", "ann@example.org", uid="ann-1"),
                         make_contact("Bob Marsh", "bob@example.org", phone="+44 20 7946 0001"),
                         make_contact("Cy Twombly", phone="+1 212 555 0199"))
    book = vcf(tmp_path, "book.vcf",
               "UID:ann-1\nFN:Ann Lee\nN:Lee;Ann;;;\nEMAIL;TYPE=INTERNET:ann@example.org\n"
               "TITLE:Editor",  # same UID: Ann, updated
               "UID:bob-2\nFN:Bob Marsh\nEMAIL:BOB@example.org\nTEL:+44 20 7946 0001",  # sure
               "UID:cy-2\nFN:Cyrus Twombly\nTEL:+1 (212) 555-0199",  # same phone, other name
               "UID:new-1\nFN:Dee New\nEMAIL:dee@example.org")
    result = import_files(engine, [book])
    assert (result.created, result.merged, result.unchanged) == (2, 1, 1)  # Bob: nothing new
    contacts = all_contacts(engine)
    assert contacts["ann-1"].title == "Editor"
    assert len(contacts) == 5
    assert contacts["uid-bob-marsh"].id == bob
    assert [e.address for e in contacts["uid-bob-marsh"].emails] == ["bob@example.org"]
    cyrus = contacts["cy-2"].id
    assert duplicates(engine) == [(cy, cyrus, "same phone number, different name")]
    assert ann < bob < cy < cyrus
    # The same file again: every card is now the same UID with the same content.
    again = import_files(engine, [book])
    assert (again.created, again.merged, again.unchanged) == (0, 0, 4)


def test_a_stored_contact_matches_by_the_keys_it_had_before_the_import(
        engine: Engine, tmp_path: Path) -> None:
    """Merging a card into a stored contact adds its address, but a later card of the
    same import is matched against the contact as it was: both are kept apart, and
    the next import (which sees the added address) lists or merges as usual."""
    (ann,) = store(engine, make_contact("Ann Lee", "ann@example.org"))
    book = vcf(tmp_path, "book.vcf",
               "UID:a-2\nFN:Ann Lee\nEMAIL:ann@example.org\nEMAIL:ann@work.example",
               "UID:a-3\nFN:Ann Lee\nEMAIL:ann@work.example")
    result = import_files(engine, [book])
    assert (result.created, result.merged) == (1, 1)
    contacts = all_contacts(engine)
    assert {e.address for e in contacts["uid-ann-lee"].emails} == {"ann@example.org",
                                                                    "ann@work.example"}
    assert duplicates(engine) == []
    later = vcf(tmp_path, "later.vcf", "UID:a-4\nFN:Ann Lee\nEMAIL:ann@work.example\nNOTE:hi")
    result = import_files(engine, [later])
    assert (result.created, result.merged) == (0, 1)
    assert all_contacts(engine)["uid-ann-lee"].note == "hi"
    assert all_contacts(engine)["uid-ann-lee"].id == ann


def test_same_name_wins_over_a_lower_id_and_a_number_is_confirmed_not_just_its_digits(
        engine: Engine, tmp_path: Path) -> None:
    """Candidates share the last 8 digits; only a real phone match counts, and among
    sharers the one with the same name is chosen even when another has a lower id."""
    other, lookalike, namesake = store(
        engine,
        make_contact("Zed Other", "shared@example.org"),
        make_contact("Eve Park", phone="+1 650 1234 5678", uid="eve-look"),
        make_contact("Eve Park", phone="+49 30 1234 5678", uid="eve-1"))
    book = vcf(tmp_path, "book.vcf",
               "UID:eve-2\nFN:Eve Park\nEMAIL:shared@example.org\nTEL:+49 30 12345678",
               "UID:vic-1\nFN:Vic Nobody\nTEL:+33 1 1234 5678")  # same last digits only
    result = import_files(engine, [book])
    assert (result.created, result.merged) == (1, 1)
    contacts = all_contacts(engine)
    assert [p.number for p in contacts["eve-1"].phones] == ["+49 30 1234 5678"]
    assert [e.address for e in contacts["eve-1"].emails] == ["shared@example.org"]
    assert contacts["eve-1"].id == namesake
    assert duplicates(engine) == []
    assert other < lookalike < namesake
