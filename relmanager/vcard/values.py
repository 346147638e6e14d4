"""Typed values that need real parsing: birthdays and photos."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote_to_bytes

from relmanager.domain.contact import Birthday, Photo

_FULL_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\Z|(\d{4})(\d{2})(\d{2})(?:T.*)?\Z")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})\Z")
_OMIT_YEAR_PARAM = "X-APPLE-OMIT-YEAR"
_B64_WHITESPACE = " \t\r\n"
_MAGIC = (
    (b"\xff\xd8", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif"),
    (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"BM", "image/bmp"),
)


def parse_birthday(value: str, params: list[tuple[str, str]]) -> Birthday | None:
    """`1980-05-17`, `19800517`, `--0517`, `--05-17`, date-times; Apple's omitted year."""
    value = value.strip()
    m = _NO_YEAR.match(value)
    try:
        if m:
            return Birthday(int(m.group(1)), int(m.group(2)))
        m = _FULL_DATE.match(value)
        if not m:
            return None
        year, month, day = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        omitted = any(k == _OMIT_YEAR_PARAM and v.strip() == str(year) for k, v in params)
        return Birthday(month, day, None if omitted else year)
    except ValueError:  # month 13, Feb 30...: not a date
        return None


class PhotoError(ValueError):
    """The photo value could not be decoded; the message says why (never the data)."""


def parse_photo(value: str, params: list[tuple[str, str]]) -> Photo:
    """A PHOTO content line → Photo; raises PhotoError for undecodable inline data."""
    names = {k for k, _ in params}
    extra = tuple((k, v) for k, v in params if k not in ("ENCODING", "TYPE", "VALUE",
                                                        "MEDIATYPE"))
    declared = _declared_type(params)
    value = value.strip()
    if value[:5].lower() == "data:":
        data, media_type = _data_uri(value)
        return Photo(data=data, media_type=sniff(data) or media_type or declared,
                     extra_params=extra)
    inline = "ENCODING" in names or not _looks_like_uri(value)
    if not inline:
        return Photo(uri=value, media_type=declared, extra_params=extra)
    data = decode_base64(value)
    return Photo(data=data, media_type=sniff(data) or declared, extra_params=extra)


def decode_base64(value: str) -> bytes:
    b64 = "".join(value.split()) if any(c in value for c in _B64_WHITESPACE) else value
    b64 += "=" * (-len(b64) % 4)
    try:
        data = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise PhotoError(f"photo is not valid base64 ({exc})") from None
    if not data:
        raise PhotoError("photo is empty")
    return data


def sniff(data: bytes) -> str | None:
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _declared_type(params: list[tuple[str, str]]) -> str | None:
    for key, raw in params:
        val = raw.strip().lower()
        if key == "MEDIATYPE" and val:
            return val
        if key == "TYPE" and val and val not in ("pref", "home", "work"):
            return val if "/" in val else f"image/{val}"
    return None


def _data_uri(value: str) -> tuple[bytes, str | None]:
    header, comma, payload = value[5:].partition(",")
    if not comma:
        raise PhotoError("data: URI without a comma")
    media_type = header.split(";")[0].strip().lower() or None
    if header.lower().endswith(";base64"):
        return decode_base64(payload), media_type
    data = unquote_to_bytes(payload)
    if not data:
        raise PhotoError("photo is empty")
    return data, media_type


def _looks_like_uri(value: str) -> bool:
    scheme, colon, _ = value.partition(":")
    return bool(colon) and scheme.isascii() and scheme.isalpha() and len(scheme) <= 10
