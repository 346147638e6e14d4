"""Normalised keys used to match and sort contacts."""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING

from relmanager.domain import Contact

if TYPE_CHECKING:
    import phonenumbers

PHONE_KEY_DIGITS = 8


def normalize_email(address: str) -> str:
    return address.strip().casefold()


# An import asks for the same number's key when matching, indexing and storing it.
@functools.lru_cache(maxsize=4096)
def normalize_phone(number: str) -> str:
    """A cheap lookup key: the last 8 digits.

    Full parsing costs ~50 µs a number (too slow for 50k-card imports) and
    needs a region we often do not know ("030 1234567" vs "+49 30 1234567").
    The key finds candidates; `same_phone` confirms them with phonenumbers.
    """
    return number.translate(DIGITS_ONLY)[-PHONE_KEY_DIGITS:]


@functools.lru_cache(maxsize=65536)
def _parsed(number: str) -> phonenumbers.PhoneNumber | None:
    # Parsing dominates is_number_match; books repeat numbers (switchboards,
    # shared lines), so parse each written form once. A number without a
    # country code parses as "unknown region" (country code 0) so that
    # is_number_match can still compare its national part.
    # phonenumbers is imported here, not at the top: its metadata takes ~50 ms to
    # load and only matching needs it, never the window's first paint.
    import phonenumbers  # noqa: PLC0415

    try:
        return phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        digits = "".join(ch for ch in number if ch.isdigit()).lstrip("0")
        if not digits:
            return None
        return phonenumbers.PhoneNumber(country_code=0, national_number=int(digits))


@functools.cache
def _matches() -> tuple[int, ...]:
    import phonenumbers  # noqa: PLC0415

    match = phonenumbers.MatchType
    return (match.EXACT_MATCH, match.NSN_MATCH, match.SHORT_NSN_MATCH)


def same_phone(a: str, b: str) -> bool:
    """True when two written numbers are the same line (country code optional)."""
    pa, pb = _parsed(a), _parsed(b)
    if pa is None or pb is None:
        return False
    if pa.country_code == 0 or pb.country_code == 0:
        # One side has no country code: compare national numbers only.
        return bool(pa.national_number == pb.national_number)
    import phonenumbers  # noqa: PLC0415  (loaded by _parsed already: a dict lookup)

    return phonenumbers.is_number_match(pa, pb) in _matches()


class _WithoutCombining(dict[int, int | None]):
    """A `str.translate` table dropping combining marks, filled as characters appear.

    One C-level lookup per character instead of a Python-level `combining()`
    call: folding non-Latin names (an import folds each one several times, the
    search index every text) cost more than the rest of the name handling.
    """

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


class _DigitsOnly(dict[int, int | None]):
    """A `str.translate` table keeping what `str.isdigit` accepts (any script)."""

    def __missing__(self, code: int) -> int | None:
        kept = code if chr(code).isdigit() else None
        self[code] = kept
        return kept


WITHOUT_COMBINING = _WithoutCombining()
DIGITS_ONLY = _DigitsOnly()


def strip_accents(text: str) -> str:
    """NFKD of `text` without its combining marks (accents)."""
    return unicodedata.normalize("NFKD", text).translate(WITHOUT_COMBINING)


# An import folds each name three times (matching, its index, the sort key).
@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and matching names."""
    if text.isascii():  # the same result without the Unicode work
        return text.lower().strip()
    return strip_accents(text.casefold()).strip()


def sort_key(contact: Contact) -> str:
    return fold(contact.display_name)
