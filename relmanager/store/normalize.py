"""Normalised keys used to match and sort contacts."""

from __future__ import annotations

import unicodedata

import phonenumbers

from relmanager.domain import Contact

# Numbers without a country code are read as this region; the importer can
# pass the user's locale later. Unparseable numbers fall back to their digits.
DEFAULT_REGION = "US"


def normalize_email(address: str) -> str:
    return address.strip().casefold()


def normalize_phone(number: str, region: str = DEFAULT_REGION) -> str:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    digits = "".join(ch for ch in number if ch.isdigit())
    return ("+" + digits) if number.strip().startswith("+") else digits


def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def sort_key(contact: Contact) -> str:
    return fold(contact.display_name)
