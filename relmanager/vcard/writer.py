"""Contact → vCard 3.0 (default) or 4.0 bytes.

Always: CRLF, lines folded at 75 octets without splitting a UTF-8 character,
FN present, `TYPE=` parameters (never bare), no CHARSET. Every value is
escaped and every parameter sanitised (see `text.py`), so nothing from a
field can start a new line, property or card. Raw properties are written
back as they were read (re-folded), except BEGIN/END/VERSION lines, which
only the writer may produce.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable, Iterable
from typing import BinaryIO

from relmanager.domain.contact import Address, Birthday, Contact, Email, Params, Phone, Photo
from relmanager.vcard.text import (
    clean,
    escape,
    escape_join,
    escape_uri,
    line_head,
    safe_group,
    safe_name,
)

# (NAME, params, text value) of a property the exporter adds, e.g.
# ("X-RELMANAGER-CIRCLE", (), "friend"); the value is escaped here.
ExtraProperty = tuple[str, Params, str]
VERSIONS = ("3.0", "4.0")
_FOLD_AT = 75
NEVER_RAW = frozenset({"BEGIN", "END", "VERSION"})


def serialize_contact(contact: Contact, version: str = "3.0",
                      extra: Iterable[ExtraProperty] = ()) -> bytes:
    if version not in VERSIONS:
        raise ValueError(f"unsupported vCard version {version!r}")
    lines = _Lines(version, contact)
    lines.identity(contact)
    lines.communication(contact)
    lines.about(contact)
    for raw in contact.raw:
        if raw.name.upper() not in NEVER_RAW:
            lines.add_line(clean(raw.line).replace("\n", "\\n"))
    for name, params, value in extra:
        if safe_name(name) not in NEVER_RAW:
            lines.add(None, name, tuple(params), escape(value))
    return encode_card(lines.out)


def encode_card(lines: list[str]) -> bytes:
    """A card's lines (BEGIN:VCARD first, no END) as bytes: each as `fold` writes it,
    then END:VCARD; encoded and checked as one string.

    Most cards have no line over 75 octets, and no line over 75 characters with
    too few non-ASCII octets in the whole card to push one over proves it: such
    a card is encoded in one go, without looking at each line.
    """
    longest = max(map(len, lines))
    if longest <= _FOLD_AT:
        text = "\r\n".join(lines)
        data = text.encode("utf-8")
        if longest + len(data) - len(text) <= _FOLD_AT:
            return data + b"\r\nEND:VCARD\r\n"
    parts = [line.encode("utf-8") for line in lines]
    return b"\r\n".join([p if len(p) <= _FOLD_AT else _fold_octets(p) for p in parts]) \
        + b"\r\nEND:VCARD\r\n"


def write_vcards(contacts: Iterable[Contact], fileobj: BinaryIO, version: str = "3.0",
                 extra: Callable[[Contact], Iterable[ExtraProperty]] | None = None) -> int:
    """Write each contact as it comes (streaming); returns how many were written."""
    count = 0
    for contact in contacts:
        fileobj.write(serialize_contact(contact, version, extra(contact) if extra else ()))
        count += 1
    return count


def fold(line: str) -> bytes:
    """CRLF-terminated, folded at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_AT:
        return data + b"\r\n"
    return _fold_octets(data) + b"\r\n"


def _fold_octets(data: bytes) -> bytes:
    """A line longer than 75 octets as folded physical lines (no final CRLF)."""
    if data.isascii():
        chunks = [data[:_FOLD_AT]]
        chunks += [data[i:i + _FOLD_AT - 1] for i in range(_FOLD_AT, len(data), _FOLD_AT - 1)]
        return b"\r\n ".join(chunks)
    chunks, pos, width = [], 0, _FOLD_AT
    while len(data) - pos > width:
        cut = pos + width
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the char start
            cut -= 1
        chunks.append(data[pos:cut])
        pos, width = cut, _FOLD_AT - 1  # continuation lines start with a space
    chunks.append(data[pos:])
    return b"\r\n ".join(chunks)


class _Lines:
    def __init__(self, version: str, contact: Contact) -> None:
        self.v4 = version == "4.0"
        self.out = ["BEGIN:VCARD", f"VERSION:{version}"]
        self._contact = contact
        self._groups: set[str] | None = None  # groups the card uses, once a label needs one
        self._labelled: set[str] = set()

    def add_line(self, line: str) -> None:
        self.out.append(line)

    def add(self, group: str | None, name: str, params: Params, value: str) -> None:
        self.out.append(f"{line_head(group, name, params)}:{value}")

    def identity(self, c: Contact) -> None:
        out = self.out
        out.append(f"FN:{escape(c.display_name or c.name.formatted() or c.org)}")
        n = c.name
        if not self.v4 or not n.is_empty():  # 3.0 requires N
            out.append("N:" + escape_join(
                (n.family, n.given, n.additional, n.prefixes, n.suffixes), ";"))
        if c.nicknames:
            out.append("NICKNAME:" + escape_join(c.nicknames, ","))
        for photo in c.photos:
            line = photo_line(photo, self.v4)
            if line is not None:
                self.out.append(line)
        if c.birthday is not None:
            self.add(None, "BDAY", (), birthday_value(c.birthday, self.v4))

    def communication(self, c: Contact) -> None:
        for adr in c.addresses:
            value = escape_join((adr.po_box, adr.extended, adr.street, adr.locality,
                                 adr.region, adr.postal_code, adr.country), ";")
            self._typed(adr, "ADR", value)
        for phone in c.phones:
            self._typed(phone, "TEL", escape(phone.number))
        for email in c.emails:
            self._typed(email, "EMAIL", escape(email.address))

    def about(self, c: Contact) -> None:
        out = self.out
        for org in c.organisations:
            value = escape_join((org.name, *org.units), ";")
            self.add(org.group, "ORG", org.extra_params, value)
        if c.title:
            out.append(f"TITLE:{escape(c.title)}")
        if c.role:
            out.append(f"ROLE:{escape(c.role)}")
        if c.categories:
            out.append("CATEGORIES:" + escape_join(c.categories, ","))
        if c.note:
            out.append(f"NOTE:{escape(c.note)}")
        for url in c.urls:
            out.append(f"URL:{escape_uri(url)}")
        if c.uid:
            out.append(f"UID:{escape(c.uid)}")

    def _typed(self, item: Email | Phone | Address, name: str, value: str) -> None:
        group = item.group
        if item.label is not None and not safe_group(group):
            group = self._new_group()  # a label needs a group to attach to
        head = typed_head(self.v4, group, name, item.types, item.pref, item.extra_params)
        self.out.append(f"{head}:{value}")
        if item.label is not None:
            key = safe_group(group).lower()
            if key not in self._labelled:
                self._labelled.add(key)
                self.add(group, "X-ABLabel", (), escape(item.label))

    def _new_group(self) -> str:
        if self._groups is None:
            self._groups = _used_groups(self._contact)
        n = 1
        while f"item{n}" in self._groups:
            n += 1
        self._groups.add(f"item{n}")
        return f"item{n}"


def photo_line(photo: Photo, v4: bool) -> str | None:
    """The PHOTO line (inline base64, or a URI), or None for a photo with neither."""
    params = photo.extra_params
    mt = _safe_media_type(photo.media_type)
    if photo.data is not None:
        b64 = base64.b64encode(photo.data).decode("ascii")
        if v4:
            return f"{line_head(None, 'PHOTO', params)}:data:{mt or ''};base64,{b64}"
        head: Params = (("ENCODING", "b"),) + ((("TYPE", _short_type(mt)),) if mt else ())
        return f"{line_head(None, 'PHOTO', head + params)}:{b64}"
    if photo.uri:
        if v4:
            head = (("MEDIATYPE", mt),) if mt else ()
        else:
            head = (("VALUE", "uri"),) + ((("TYPE", _short_type(mt)),) if mt else ())
        return f"{line_head(None, 'PHOTO', head + params)}:{escape_uri(photo.uri)}"
    return None


@functools.lru_cache(maxsize=4096)
def typed_head(v4: bool, group: str | None, name: str, types: tuple[str, ...],  # noqa: PLR0917
                pref: bool, params: Params) -> str:
    """Head of an EMAIL/TEL/ADR line: PREF as a 4.0 parameter or a 3.0 type.

    Cached (positional arguments are the key): a book repeats a handful of
    these heads for every address, number and e-mail.
    """
    if pref:
        if v4:
            params = (("PREF", "1"), *params)
        else:
            types = (*types, "pref")
    types = tuple(t.lower() if v4 else t.upper() for t in types)
    return line_head(group, name, params, types)


def _safe_media_type(media_type: str | None) -> str | None:
    """Only token characters: a media type goes into a data: URI or a parameter."""
    if not media_type:
        return None
    return re.sub(r"[^A-Za-z0-9.+/-]", "", media_type) or None


def _short_type(media_type: str) -> str:
    major, _, minor = media_type.partition("/")
    return minor.upper() if major == "image" and minor else media_type


def birthday_value(b: Birthday, v4: bool) -> str:
    if b.year is None:
        return f"--{b.month:02d}{b.day:02d}" if v4 else f"--{b.month:02d}-{b.day:02d}"
    return f"{b.year:04d}{b.month:02d}{b.day:02d}" if v4 else b.iso()


def _used_groups(c: Contact) -> set[str]:
    groups = {g.lower() for g in (*(e.group for e in c.emails), *(p.group for p in c.phones),
                                  *(a.group for a in c.addresses)) if g}
    groups |= {r.line.partition(".")[0].lower() for r in c.raw
               if "." in r.line.partition(":")[0].partition(";")[0]}
    return groups
