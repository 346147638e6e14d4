"""Small helpers shared by the vCard tests: read bytes, map, write."""

from __future__ import annotations

import io

from relmanager.domain.contact import Contact
from relmanager.vcard import CardError, ParsedCard, card_to_contact, read_cards


def cards(data: bytes) -> list[ParsedCard | CardError]:
    return list(read_cards(io.BytesIO(data)))


def parsed(data: bytes) -> list[ParsedCard]:
    out = cards(data)
    assert all(isinstance(c, ParsedCard) for c in out), out
    return [c for c in out if isinstance(c, ParsedCard)]


def mapped(results: list[ParsedCard] | list[ParsedCard | CardError]) -> list[Contact]:
    return [card_to_contact(r)[0] for r in results if isinstance(r, ParsedCard)]


def contacts(data: bytes) -> list[Contact]:
    return mapped(parsed(data))


def one(data: bytes) -> Contact:
    found = contacts(data)
    assert len(found) == 1, found
    return found[0]


def card(*lines: str, eol: str = "\r\n") -> bytes:
    """A card from content lines, CRLF by default."""
    return eol.join(["BEGIN:VCARD", *lines, "END:VCARD", ""]).encode("utf-8")
