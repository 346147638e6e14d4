"""Stored contact rows → vCard bytes, without building `Contact` objects.

The exporter's fast path: building a `Contact` per row and walking it cost
more than SQLite's reads and the writing together. `CardWriter.card` gives
the same bytes as `serialize_stored` (the per-`Contact` path) for the same
rows; tests compare the two on the corpus and on a generated book. Cards it
does not cover (labelled e-mails, numbers or addresses, which need item
groups) go through `serialize_stored` itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from relmanager.domain import Birthday, Circle, CircleSource, Contact, Photo, StructuredName
from relmanager.services.circle_tags import PROPERTY, category_for
from relmanager.store.contacts import (
    ContactRows,
    contact_from_rows,
    parse_params,
    parse_str_list,
    parse_types,
    unshape_rows,
)
from relmanager.vcard import ExtraProperty, serialize_contact
from relmanager.vcard.text import clean, escape, escape_join, escape_uri, line_head
from relmanager.vcard.writer import (
    NEVER_RAW,
    birthday_value,
    encode_card,
    photo_line,
    typed_head,
)


def circle_extras(circle: Circle, source: CircleSource) -> tuple[list[ExtraProperty], str | None]:
    """The circle's carriers: the X- property, and the category a user's decision adds."""
    if circle is Circle.UNSORTED:
        return [], None
    extra: list[ExtraProperty] = [(PROPERTY, (("X-SOURCE", source.value),), circle.value)]
    # The category survives apps that drop X- properties.
    return extra, category_for(circle) if source is CircleSource.USER else None


def serialize_stored(contact: Contact, circle: Circle, source: CircleSource,
                     version: str) -> bytes:
    """One stored contact with its circle, through the per-`Contact` writer."""
    extra, category = circle_extras(circle, source)
    if category is not None:
        contact = replace(contact, categories=[*contact.categories, category])
    return serialize_contact(contact, version, extra)


Row = tuple[Any, ...]
Rows = Sequence[Row]


class CardWriter:
    """Writes one version's cards from stored rows; caches the heads a book repeats."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.v4 = version == "4.0"
        # Line heads by stored shape text (see `load_contact_rows`), one dict a name.
        self._adr: dict[str, str] = {}
        self._tel: dict[str, str] = {}
        self._email: dict[str, str] = {}
        self._orgs: dict[tuple[Any, ...], str] = {}
        self._circles: dict[tuple[Circle, CircleSource], tuple[str | None, str | None]] = {}

    def card(self, rows: ContactRows, circle: Circle, source: CircleSource) -> bytes:
        """One card from `load_contact_rows(..., shaped=True)` rows."""
        head, kids = rows
        emails, phones, addresses, organisations, _, _, photos, raw = kids
        extra_line, category = self._circle(circle, source)
        out = self._identity(head, organisations, photos)
        if not self._communication(out, addresses, phones, emails):
            return serialize_stored(contact_from_rows(*unshape_rows(rows)), circle, source,
                                    self.version)
        self._about(out, head, kids, category)
        for _, _, name, line in raw:
            if name.upper() not in NEVER_RAW:
                out.append(clean(line).replace("\n", "\\n"))
        if extra_line is not None:
            out.append(extra_line)
        return encode_card(out)

    def _identity(self, head: Row, organisations: Rows, photos: Rows) -> list[str]:
        """BEGIN to BDAY: the lines `_Lines.identity` writes."""
        (_, _, display_name, family, given, additional, prefixes, suffixes, nicknames,
         _, _, _, bday_year, bday_month, bday_day) = head
        v4 = self.v4
        fn = (display_name or StructuredName(family, given, additional, prefixes,
                                             suffixes).formatted()
              or (organisations[0][2] if organisations else ""))
        out = ["BEGIN:VCARD", f"VERSION:{self.version}", f"FN:{escape(fn)}"]
        if not v4 or family or given or additional or prefixes or suffixes:  # 3.0 requires N
            out.append("N:" + escape_join((family, given, additional, prefixes, suffixes), ";"))
        nicks = parse_str_list(nicknames)
        if nicks:
            out.append("NICKNAME:" + escape_join(nicks, ","))
        for _, _, data, media_type, uri, params in photos:
            line = photo_line(Photo(data, media_type, uri, parse_params(params)), v4)
            if line is not None:
                out.append(line)
        if bday_month and bday_day:
            out.append("BDAY:" + birthday_value(Birthday(bday_month, bday_day, bday_year), v4))
        return out

    def _communication(self, out: list[str], addresses: Rows, phones: Rows,
                       emails: Rows) -> bool:
        """ADR, TEL and EMAIL lines; False (and half a card) if one has a label."""
        adr, tel, email = self._adr, self._tel, self._email
        for row in addresses:
            line_start = adr.get(row[9]) or self._typed_head("ADR", adr, row[9])
            if line_start is None:
                return False
            out.append(f"{line_start}:{escape_join(row[2:9], ';')}")
        for row in phones:
            line_start = tel.get(row[3]) or self._typed_head("TEL", tel, row[3])
            if line_start is None:
                return False
            out.append(f"{line_start}:{escape(row[2])}")
        for row in emails:
            line_start = email.get(row[3]) or self._typed_head("EMAIL", email, row[3])
            if line_start is None:
                return False
            out.append(f"{line_start}:{escape(row[2])}")
        return True

    def _about(self, out: list[str], head: Row, kids: Sequence[Rows],
               category: str | None) -> None:
        """ORG to UID: the lines `_Lines.about` writes."""
        uid, title, role, note = head[1], head[9], head[10], head[11]
        organisations, categories, urls = kids[3], kids[4], kids[5]
        for _, _, name, units, grp, params in organisations:
            org_head = self._orgs.get((grp, params)) or self._org_head(grp, params)
            out.append(f"{org_head}:{escape_join((name, *parse_str_list(units)), ';')}")
        if title:
            out.append(f"TITLE:{escape(title)}")
        if role:
            out.append(f"ROLE:{escape(role)}")
        if categories or category:
            names = [c[2] for c in categories]
            if category:
                names.append(category)
            out.append("CATEGORIES:" + escape_join(names, ","))
        if note:
            out.append(f"NOTE:{escape(note)}")
        for _, _, url in urls:
            out.append(f"URL:{escape_uri(url)}")
        if uid:
            out.append(f"UID:{escape(uid)}")

    def _typed_head(self, name: str, cache: dict[str, str], shape: str) -> str | None:
        """Head of an ADR/TEL/EMAIL line from its stored shape. None for a labelled one:
        a label needs an item group the writer may have to invent, so that card takes
        the full path (never cached)."""
        types, pref, label, grp, params = json.loads(shape)
        if label is not None:
            return None
        head = cache[shape] = typed_head(self.v4, grp, name, parse_types(types), bool(pref),
                                       parse_params(params))
        return head

    def _org_head(self, grp: str | None, params: str) -> str:
        head = line_head(grp, "ORG", parse_params(params))
        self._orgs[grp, params] = head
        return head

    def _circle(self, circle: Circle, source: CircleSource) -> tuple[str | None, str | None]:
        """The circle's X- property line (None when unsorted) and its category, once each."""
        known = self._circles.get((circle, source))
        if known is None:
            extra, category = circle_extras(circle, source)
            line = None
            for name, params, value in extra:
                line = f"{line_head(None, name, params)}:{escape(value)}"
            known = self._circles[circle, source] = (line, category)
        return known
