"""What store/snapshot.py writes must never drift from what earlier versions stored:
`content_hash` decides "unchanged" on re-import (earlier versions hashed repr() of the
contact, id None, photo bytes replaced by their SHA-256), and undo snapshots
(`contact_to_json`, read back by import undo) were asdict() + json.dumps."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

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
from relmanager.store.snapshot import contact_from_json, contact_to_json, content_hash
from relmanager.vcard import CardError, card_to_contact, read_cards


def stored_hash(contact: Contact) -> str:
    """The digest as earlier versions computed and stored it."""
    photos = [replace(p, data=hashlib.sha256(p.data).digest() if p.data else None)
              for p in contact.photos]
    text = repr(replace(contact, id=None, photos=photos))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def asdict_json(contact: Contact) -> str:
    """The snapshot text as earlier versions wrote it."""
    def encode(value: Any) -> Any:
        if isinstance(value, bytes):
            return {"__b64__": base64.b64encode(value).decode("ascii")}
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        return value
    data = encode(asdict(contact))
    data.pop("id", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def every_field_contact() -> Contact:
    return Contact(
        uid="urn:uuid:1", display_name="Richter, James 'Jim'",
        name=StructuredName("Richter", "James", "P.", "Dr.", "Jr."), nicknames=("Jim", "Ü"),
        emails=[Email("j@work.example", ("work",), True, "Office", "item1", (("X-A", "b"),))],
        phones=[Phone("+49 30 1234567", ("cell",), False, None, None, ())],
        addresses=[Address("", "", "Lämmerweg 12\nHof", "Kleindorf", "", "98765", "DE",
                           ("home",), True, "Home", "item2", ())],
        organisations=[Organisation("ABC, Inc.", ("Sales",), None, (("X-O", "1"),))],
        title="Boss", role="Lead", categories=["Friends", "Work"],
        birthday=Birthday(2, 29, None), note='Says "hi"\\ often \u2028',
        urls=["https://x.example"],
        photos=[Photo(b"\xff\xd8jpeg", "image/jpeg", None, ()), Photo(None, None, "http://p", ())],
        raw=[RawProperty("X-SKYPE", "X-SKYPE:jim")], id=42)


def corpus_contacts(corpus: Path) -> Iterator[tuple[str, int, Contact]]:
    for path in sorted(corpus.glob("*.vcf")):
        with path.open("rb") as f:
            for card in read_cards(f):
                if not isinstance(card, CardError):
                    yield path.name, card.index, card_to_contact(card)[0]


def test_every_field_enters_the_hash_as_earlier_versions_stored_it() -> None:
    contact = every_field_contact()
    assert content_hash(contact) == stored_hash(contact)
    assert content_hash(replace(contact, id=7)) == content_hash(contact)
    assert content_hash(replace(contact, note="other")) != content_hash(contact)


def test_snapshot_of_every_field_is_the_earlier_text_and_restores_the_contact() -> None:
    contact = every_field_contact()
    text = contact_to_json(contact)
    assert text == asdict_json(contact)
    restored = contact_from_json(text)
    restored.id = 42
    assert restored == contact


def test_every_corpus_card_hashes_and_snapshots_as_earlier_versions_did(corpus: Path) -> None:
    checked = 0
    for name, index, contact in corpus_contacts(corpus):
        assert content_hash(contact) == stored_hash(contact), (name, index)
        assert contact_to_json(contact) == asdict_json(contact), (name, index)
        checked += 1
    assert checked > 100
