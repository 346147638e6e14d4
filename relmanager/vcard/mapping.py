"""ParsedCard → Contact (vCard 2.1, 3.0 and 4.0).

What is modelled is mapped; everything else goes to `Contact.raw` as a
`RawProperty` whose line is the decoded, unfolded content line (parameters
made safe, line breaks as `\\n`), so the writer puts it back unchanged.
Not kept at all: VERSION, PRODID, REV and PROFILE of the source (the writer
states its own), a second N, UID or BDAY (a card has one; we keep the first
and warn). A second FN, TITLE or ROLE is kept raw; notes are joined.

Apple/Google item groups: `item1.EMAIL` + `item1.X-ABLabel:Work` become
`Email(label="Work", group="item1")` for EMAIL, TEL and ADR; the label line
is consumed (the writer re-creates it). Labels of other groups stay raw.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from relmanager.domain.contact import (
    Address,
    Contact,
    Email,
    Organisation,
    Params,
    Phone,
    RawProperty,
    StructuredName,
)
from relmanager.vcard.model import ContentLine, ParsedCard
from relmanager.vcard.text import clean, content_line, split_escaped, type_token, unescape
from relmanager.vcard.values import PhotoError, parse_birthday, parse_photo

_DROPPED = frozenset({"VERSION", "PRODID", "REV", "PROFILE", "BEGIN", "END"})
_LABELLED = frozenset({"EMAIL", "TEL", "ADR"})
_LABEL = "X-ABLABEL"


class _Builder:
    def __init__(self, card: ParsedCard) -> None:
        self.card = card
        self.contact = Contact()
        self.warnings: list[str] = list(card.warnings)
        self._labels: dict[str, str] | None = None
        self.seen: set[str] = set()
        self.used_labels: set[str] = set()

    def warn(self, line: ContentLine, text: str) -> None:
        self.warnings.append(f"line {line.line}: {line.name} {text}")

    def keep_raw(self, line: ContentLine) -> None:
        value = clean(line.value)
        if "\n" in value:
            value = value.replace("\n", "\\n")
        self.contact.raw.append(
            RawProperty(line.name, content_line(line.group, line.name, line.params, value)))

    def first_only(self, line: ContentLine) -> bool:
        """True for the first occurrence of a single-valued property."""
        if line.name in self.seen:
            return False
        self.seen.add(line.name)
        return True

    @property
    def labels(self) -> dict[str, str]:
        # Only grouped lines ask, and most cards have none: built on first use.
        if self._labels is None:
            self._labels = _group_labels(self.card.lines)
        return self._labels

    def label_for(self, line: ContentLine) -> str | None:
        return self.labels.get(line.group.lower()) if line.group else None


def card_to_contact(card: ParsedCard) -> tuple[Contact, list[str]]:
    """Map a parsed card; never raises for bad values: they become warnings."""
    b = _Builder(card)
    for line in card.lines:
        handler = _HANDLERS.get(line.name)
        if handler is not None:
            handler(b, line)
        elif line.name not in _DROPPED:
            b.keep_raw(line)
    _synthesise_display_name(b.contact)
    return b.contact, b.warnings


def _group_labels(lines: list[ContentLine]) -> dict[str, str]:
    """Labels of groups that hold an EMAIL, TEL or ADR (first label per group)."""
    groups = {ln.group.lower() for ln in lines if ln.group and ln.name in _LABELLED}
    labels: dict[str, str] = {}
    for ln in lines:
        if ln.name == _LABEL and ln.group and ln.group.lower() in groups:
            labels.setdefault(ln.group.lower(), unescape(ln.value).strip())
    return labels


def _types_and_pref(params: list[tuple[str, str]]) -> tuple[tuple[str, ...], bool, Params]:
    return _types_and_pref_of(tuple(params))


@functools.lru_cache(maxsize=1024)  # the same few parameter sets repeat on every card
def _types_and_pref_of(params: Params) -> tuple[tuple[str, ...], bool, Params]:
    """TYPE values (lower-case, split, de-duplicated), PREF (2.1/3.0/4.0), other params."""
    types: list[str] = []
    pref = False
    extra: list[tuple[str, str]] = []
    for key, value in params:
        if key == "TYPE":
            for token in value.lower().split(","):
                # Same alphabet as the writer uses, so types survive a round trip;
                # "TYPE=HOME,TYPE=VOICE" (seen in the wild) loses its inner "type=".
                t = type_token(token.strip().removeprefix("type="))
                if t == "pref":
                    pref = True
                elif t and t not in types:
                    types.append(t)
        elif key == "PREF" and value.strip() == "1":
            pref = True
        else:
            extra.append((key, value))
    return tuple(types), pref, tuple(extra)


def _fn(b: _Builder, line: ContentLine) -> None:
    text = unescape(line.value).strip()
    if not b.contact.display_name and text:
        b.contact.display_name = text
    elif text:
        b.keep_raw(line)


def _n(b: _Builder, line: ContentLine) -> None:
    if not b.first_only(line):
        b.warn(line, "appears twice; the first one is kept")
        return
    parts = [p.strip() for p in split_escaped(line.value, ";")] + [""] * 5
    b.contact.name = StructuredName(*parts[:5])


def _email(b: _Builder, line: ContentLine) -> None:
    address = unescape(line.value).strip()
    if address:
        types, pref, extra = _types_and_pref(line.params)
        b.contact.emails.append(Email(address, types, pref, b.label_for(line), line.group, extra))


def _tel(b: _Builder, line: ContentLine) -> None:
    number = unescape(line.value).strip()
    params = line.params
    if number[:4].lower() == "tel:":  # 4.0 URI form; the writer uses plain text
        number = number[4:]
        params = [(k, v) for k, v in params if not (k == "VALUE" and v.lower() == "uri")]
    if number:
        types, pref, extra = _types_and_pref(params)
        b.contact.phones.append(Phone(number, types, pref, b.label_for(line), line.group, extra))


def _adr(b: _Builder, line: ContentLine) -> None:
    parts = split_escaped(line.value, ";")
    if len(parts) > 7:  # more components than ADR has: keep them in the last one
        parts = [*parts[:6], ";".join(parts[6:])]
    parts += [""] * (7 - len(parts))
    if "".join(parts).strip():  # some part is not blank
        types, pref, extra = _types_and_pref(line.params)
        po_box, extended, street, locality, region, postal_code, country = parts
        b.contact.addresses.append(Address(
            po_box, extended, street, locality, region, postal_code, country, types=types,
            pref=pref, label=b.label_for(line), group=line.group, extra_params=extra))


def _org(b: _Builder, line: ContentLine) -> None:
    parts = [p.strip() for p in split_escaped(line.value, ";")]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    if any(parts):
        b.contact.organisations.append(
            Organisation(parts[0], tuple(parts[1:]), line.group, tuple(line.params)))


def _text_field(attr: str) -> Callable[[_Builder, ContentLine], None]:
    def handle(b: _Builder, line: ContentLine) -> None:
        text = unescape(line.value).strip()
        if not text:
            return
        if not getattr(b.contact, attr):
            setattr(b.contact, attr, text)
        else:
            b.keep_raw(line)
    return handle


def _note(b: _Builder, line: ContentLine) -> None:
    text = unescape(line.value).strip("\n")
    if text:
        b.contact.note = f"{b.contact.note}\n\n{text}" if b.contact.note else text


def _list_field(attr: str) -> Callable[[_Builder, ContentLine], None]:
    def handle(b: _Builder, line: ContentLine) -> None:
        current: list[str] = list(getattr(b.contact, attr))
        for part in split_escaped(line.value, ","):
            item = part.strip()
            if item and item not in current:
                current.append(item)
        setattr(b.contact, attr, tuple(current) if attr == "nicknames" else current)
    return handle


def _url(b: _Builder, line: ContentLine) -> None:
    url = unescape(line.value).strip()
    if url:
        b.contact.urls.append(url)


def _bday(b: _Builder, line: ContentLine) -> None:
    if b.contact.birthday is not None:
        b.warn(line, "appears twice; the first one is kept")
        return
    birthday = parse_birthday(unescape(line.value), line.params)
    if birthday is None:
        b.warn(line, "is not a date we understand; kept unchanged")
        b.keep_raw(line)
    else:
        b.contact.birthday = birthday


def _photo(b: _Builder, line: ContentLine) -> None:
    value = line.value
    if value.lstrip()[:5].lower() == "data:" and "\\" in value:
        value = unescape(value)  # 4.0 writers may escape the comma in data:...;base64\,
    try:
        b.contact.photos.append(parse_photo(value, line.params))
    except PhotoError as exc:
        b.warn(line, f"dropped from the contact: {exc}; kept unchanged for export")
        b.keep_raw(line)


def _uid(b: _Builder, line: ContentLine) -> None:
    uid = unescape(line.value).strip()
    if uid and not b.contact.uid:
        b.contact.uid = uid
    elif uid and uid != b.contact.uid:
        b.warn(line, "appears twice; the first one is kept")


def _label(b: _Builder, line: ContentLine) -> None:
    group = line.group.lower() if line.group else None
    if group is not None and group in b.labels and group not in b.used_labels:
        b.used_labels.add(group)  # the writer re-creates it next to its property
    else:
        b.keep_raw(line)


def _synthesise_display_name(contact: Contact) -> None:
    if contact.display_name:
        return
    contact.display_name = (contact.name.formatted() or contact.org
                            or (contact.emails[0].address if contact.emails else ""))


_HANDLERS: dict[str, Callable[[_Builder, ContentLine], None]] = {
    "FN": _fn, "N": _n, "EMAIL": _email, "TEL": _tel, "ADR": _adr, "ORG": _org,
    "TITLE": _text_field("title"), "ROLE": _text_field("role"), "NOTE": _note,
    "NICKNAME": _list_field("nicknames"), "CATEGORIES": _list_field("categories"),
    "URL": _url, "BDAY": _bday, "PHOTO": _photo, "UID": _uid, _LABEL: _label,
}
