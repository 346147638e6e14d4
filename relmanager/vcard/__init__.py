"""vCard layer: tolerant streaming reader, card ↔ domain mapping, writer. No Qt, no SQL.

Reading (untrusted bytes; never raises for bad input)::

    with open(path, "rb") as f:
        reader = read_cards(f)                 # CardReader, lazy
        for result in reader:                  # one result per top-level BEGIN:VCARD
            if isinstance(result, CardError):  # .index, .line, .reason
                ...
            else:                              # ParsedCard: .index, .line, .lines, .warnings
                contact, warnings = card_to_contact(result)
            progress(reader.bytes_consumed)    # bytes read from f so far
    reader.cards_seen                          # == number of results
    reader.warnings                            # file-level notes (text outside cards)

Writing::

    data = serialize_contact(contact, version="3.0", extra=[("X-RELMANAGER-CIRCLE", (), "friend")])
    count = write_vcards(contacts, fileobj, version="4.0", extra=lambda c: [...])

Reasons and warnings name lines and properties, never values (they may be logged).
"""

from relmanager.vcard.mapping import card_to_contact
from relmanager.vcard.model import CardError, CardResult, ContentLine, Limits, ParsedCard
from relmanager.vcard.reader import CardReader, read_cards
from relmanager.vcard.writer import ExtraProperty, serialize_contact, write_vcards

__all__ = [
    "CardError",
    "CardReader",
    "CardResult",
    "ContentLine",
    "ExtraProperty",
    "Limits",
    "ParsedCard",
    "card_to_contact",
    "read_cards",
    "serialize_contact",
    "write_vcards",
]
