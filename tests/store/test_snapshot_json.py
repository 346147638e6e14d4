"""Undo snapshots (`contact_to_json`) are stored in batch_changes and read back by import
undo: the text must stay what `asdict` + json.dumps made, and must restore the contact."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
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
from relmanager.store.snapshot import contact_from_json, contact_to_json
from relmanager.vcard import CardError, card_to_contact, read_cards


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


def test_snapshot_of_every_field_is_the_earlier_text_and_restores_the_contact() -> None:
    contact = Contact(
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
    text = contact_to_json(contact)
    assert text == asdict_json(contact)
    restored = contact_from_json(text)
    restored.id = 42
    assert restored == contact


def test_snapshot_of_every_corpus_card_is_the_earlier_text(corpus: Path) -> None:
    checked = 0
    for path in sorted(corpus.glob("*.vcf")):
        with path.open("rb") as f:
            for card in read_cards(f):
                if isinstance(card, CardError):
                    continue
                contact, _ = card_to_contact(card)
                assert contact_to_json(contact) == asdict_json(contact), (path.name, card.index)
                checked += 1
    assert checked > 100
