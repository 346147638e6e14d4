"""`content_hash` decides "unchanged" on re-import, so its digest must never drift:
hashes stored by earlier versions are repr() of the contact (id None, photo bytes
replaced by their SHA-256), and the faster text it is now built from must be that."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

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
from relmanager.store.snapshot import content_hash
from relmanager.vcard import CardError, card_to_contact, read_cards


def stored_hash(contact: Contact) -> str:
    """The digest as earlier versions computed and stored it."""
    photos = [replace(p, data=hashlib.sha256(p.data).digest() if p.data else None)
              for p in contact.photos]
    text = repr(replace(contact, id=None, photos=photos))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def test_every_field_enters_the_hash_as_earlier_versions_stored_it() -> None:
    contact = Contact(
        uid="urn:uuid:1", display_name="Richter, James 'Jim'",
        name=StructuredName("Richter", "James", "P.", "Dr.", "Jr."), nicknames=("Jim",),
        emails=[Email("j@work.example", ("work",), True, "Office", "item1", (("X-A", "b"),))],
        phones=[Phone("+49 30 1234567", ("cell",), False, None, None, ())],
        addresses=[Address("", "", "Lämmerweg 12\nHof", "Kleindorf", "", "98765", "DE",
                           ("home",), True, "Home", "item2", ())],
        organisations=[Organisation("ABC, Inc.", ("Sales",), None, (("X-O", "1"),))],
        title="Boss", role="Lead", categories=["Friends", "Work"],
        birthday=Birthday(2, 29, None), note='Says "hi"\\ often', urls=["https://x.example"],
        photos=[Photo(b"\xff\xd8jpeg", "image/jpeg", None, ()), Photo(None, None, "http://p", ())],
        raw=[RawProperty("X-SKYPE", "X-SKYPE:jim")], id=42)
    assert content_hash(contact) == stored_hash(contact)
    assert content_hash(replace(contact, id=7)) == content_hash(contact)
    assert content_hash(replace(contact, note="other")) != content_hash(contact)


def test_every_corpus_card_hashes_as_earlier_versions_stored_it(corpus: Path) -> None:
    checked = 0
    for path in sorted(corpus.glob("*.vcf")):
        with path.open("rb") as f:
            for card in read_cards(f):
                if isinstance(card, CardError):
                    continue
                contact, _ = card_to_contact(card)
                assert content_hash(contact) == stored_hash(contact), (path.name, card.index)
                checked += 1
    assert checked > 100
