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
from collections.abc import Callable, Iterable
from typing import BinaryIO

from relmanager.domain.contact import Address, Birthday, Contact, Email, Params, Phone, Photo
from relmanager.vcard.text import clean, content_line, escape, escape_uri, safe_group, safe_name

# (NAME, params, text value) of a property the exporter adds, e.g.
# ("X-RELMANAGER-CIRCLE", (), "friend"); the value is escaped here.
ExtraProperty = tuple[str, Params, str]
VERSIONS = ("3.0", "4.0")
_FOLD_AT = 75
_NEVER_RAW = frozenset({"BEGIN", "END", "VERSION"})


def serialize_contact(contact: Contact, version: str = "3.0",
                      extra: Iterable[ExtraProperty] = ()) -> bytes:
    if version not in VERSIONS:
        raise ValueError(f"unsupported vCard version {version!r}")
    lines = _Lines(version, contact)
    lines.identity(contact)
    lines.communication(contact)
    lines.about(contact)
    for raw in contact.raw:
        if raw.name.upper() not in _NEVER_RAW:
            lines.add_line(clean(raw.line).replace("\n", "\\n"))
    for name, params, value in extra:
        if safe_name(name) not in _NEVER_RAW:
            lines.add(None, name, params, escape(value))
    lines.add_line("END:VCARD")
    return b"".join(fold(line) for line in lines.out)


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
    if data.isascii():
        chunks = [data[:_FOLD_AT]]
        chunks += [data[i:i + _FOLD_AT - 1] for i in range(_FOLD_AT, len(data), _FOLD_AT - 1)]
        return b"\r\n ".join(chunks) + b"\r\n"
    chunks, pos, width = [], 0, _FOLD_AT
    while len(data) - pos > width:
        cut = pos + width
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the char start
            cut -= 1
        chunks.append(data[pos:cut])
        pos, width = cut, _FOLD_AT - 1  # continuation lines start with a space
    chunks.append(data[pos:])
    return b"\r\n ".join(chunks) + b"\r\n"


class _Lines:
    def __init__(self, version: str, contact: Contact) -> None:
        self.v4 = version == "4.0"
        self.out = ["BEGIN:VCARD", f"VERSION:{version}"]
        self._groups = _used_groups(contact)
        self._labelled: set[str] = set()

    def add_line(self, line: str) -> None:
        self.out.append(line)

    def add(self, group: str | None, name: str, params: Iterable[tuple[str, str]],
            value: str) -> None:
        self.out.append(content_line(group, name, list(params), value))

    def identity(self, c: Contact) -> None:
        self.add(None, "FN", (), escape(c.display_name or c.name.formatted() or c.org))
        n = c.name
        if not self.v4 or not n.is_empty():  # 3.0 requires N
            self.add(None, "N", (), ";".join(escape(p) for p in (
                n.family, n.given, n.additional, n.prefixes, n.suffixes)))
        if c.nicknames:
            self.add(None, "NICKNAME", (), ",".join(escape(x) for x in c.nicknames))
        for photo in c.photos:
            self._photo(photo)
        if c.birthday is not None:
            self.add(None, "BDAY", (), _birthday(c.birthday, self.v4))

    def communication(self, c: Contact) -> None:
        for adr in c.addresses:
            value = ";".join(escape(p) for p in (adr.po_box, adr.extended, adr.street,
                                                 adr.locality, adr.region, adr.postal_code,
                                                 adr.country))
            self._typed(adr, "ADR", value)
        for phone in c.phones:
            self._typed(phone, "TEL", escape(phone.number))
        for email in c.emails:
            self._typed(email, "EMAIL", escape(email.address))

    def about(self, c: Contact) -> None:
        for org in c.organisations:
            value = ";".join(escape(p) for p in (org.name, *org.units))
            self.add(org.group, "ORG", org.extra_params, value)
        for name, text in (("TITLE", c.title), ("ROLE", c.role)):
            if text:
                self.add(None, name, (), escape(text))
        if c.categories:
            self.add(None, "CATEGORIES", (), ",".join(escape(x) for x in c.categories))
        if c.note:
            self.add(None, "NOTE", (), escape(c.note))
        for url in c.urls:
            self.add(None, "URL", (), escape_uri(url))
        if c.uid:
            self.add(None, "UID", (), escape(c.uid))

    def _typed(self, item: Email | Phone | Address, name: str, value: str) -> None:
        types = list(item.types)
        params = list(item.extra_params)
        if item.pref:
            if self.v4:
                params.insert(0, ("PREF", "1"))
            else:
                types.append("pref")
        group = item.group
        if item.label is not None and not safe_group(group):
            group = self._new_group()  # a label needs a group to attach to
        types = [t.lower() if self.v4 else t.upper() for t in types]
        self.out.append(content_line(group, name, params, value, types))
        key = safe_group(group).lower()
        if item.label is not None and key not in self._labelled:
            self._labelled.add(key)
            self.add(group, "X-ABLabel", (), escape(item.label))

    def _photo(self, photo: Photo) -> None:
        params = list(photo.extra_params)
        mt = photo.media_type
        if photo.data is not None:
            b64 = base64.b64encode(photo.data).decode("ascii")
            if self.v4:
                self.add(None, "PHOTO", params, f"data:{mt or ''};base64,{b64}")
                return
            params[:0] = [("ENCODING", "b")] + ([("TYPE", _short_type(mt))] if mt else [])
            self.add(None, "PHOTO", params, b64)
        elif photo.uri:
            if self.v4:
                params[:0] = [("MEDIATYPE", mt)] if mt else []
            else:
                params[:0] = [("VALUE", "uri")] + ([("TYPE", _short_type(mt))] if mt else [])
            self.add(None, "PHOTO", params, escape_uri(photo.uri))

    def _new_group(self) -> str:
        n = 1
        while f"item{n}" in self._groups:
            n += 1
        self._groups.add(f"item{n}")
        return f"item{n}"


def _short_type(media_type: str) -> str:
    major, _, minor = media_type.partition("/")
    return minor.upper() if major == "image" and minor else media_type


def _birthday(b: Birthday, v4: bool) -> str:
    if b.year is None:
        return f"--{b.month:02d}{b.day:02d}" if v4 else f"--{b.month:02d}-{b.day:02d}"
    return f"{b.year:04d}{b.month:02d}{b.day:02d}" if v4 else b.iso()


def _used_groups(c: Contact) -> set[str]:
    groups = {g.lower() for g in (*(e.group for e in c.emails), *(p.group for p in c.phones),
                                  *(a.group for a in c.addresses)) if g}
    groups |= {r.line.partition(".")[0].lower() for r in c.raw
               if "." in r.line.partition(":")[0].partition(";")[0]}
    return groups
