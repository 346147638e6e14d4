"""A contact as JSON, exactly: for undo snapshots and change detection.

`content_hash` is what decides "unchanged" on re-import (compare the mapped
content, not the raw bytes: folding, line endings or PRODID differences must
not count as a change).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from dataclasses import fields, is_dataclass
from types import NoneType
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


def _encode(value: Any) -> Any:
    """JSON-ready copy: dataclasses as dicts, tuples as lists, bytes as {"__b64__": ...}.

    The same as `asdict` and then converting, without `asdict`'s deep copy of every
    string (it cost more than the JSON text of a contact an import merges into).
    """
    if isinstance(value, str | int | float | NoneType):
        return value
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    return copy.deepcopy(value)


_TO_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def contact_to_json(contact: Contact) -> str:
    data = _encode(contact)
    data.pop("id", None)
    return _TO_JSON(data)


def _params(items: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in items)


def _bytes(value: Any) -> bytes | None:
    return base64.b64decode(value["__b64__"]) if isinstance(value, dict) else None


def contact_from_json(text: str) -> Contact:
    d = json.loads(text)
    return Contact(
        uid=d["uid"], display_name=d["display_name"], name=StructuredName(**d["name"]),
        nicknames=tuple(d["nicknames"]),
        emails=[Email(e["address"], tuple(e["types"]), e["pref"], e["label"], e["group"],
                      _params(e["extra_params"])) for e in d["emails"]],
        phones=[Phone(p["number"], tuple(p["types"]), p["pref"], p["label"], p["group"],
                      _params(p["extra_params"])) for p in d["phones"]],
        addresses=[Address(**{**a, "types": tuple(a["types"]),
                              "extra_params": _params(a["extra_params"])})
                   for a in d["addresses"]],
        organisations=[Organisation(o["name"], tuple(o["units"]), o["group"],
                                    _params(o["extra_params"])) for o in d["organisations"]],
        title=d["title"], role=d["role"], categories=list(d["categories"]),
        birthday=Birthday(**d["birthday"]) if d["birthday"] else None, note=d["note"],
        urls=list(d["urls"]),
        photos=[Photo(_bytes(p["data"]), p["media_type"], p["uri"], _params(p["extra_params"]))
                for p in d["photos"]],
        raw=[RawProperty(r["name"], r["line"]) for r in d["raw"]],
    )


def content_hash(contact: Contact) -> str:
    """A digest of everything a card says (not the database id).

    The digested text is exactly repr() of the contact with id=None and each
    photo's data replaced by its SHA-256 digest (hashes stored by earlier
    versions must still match), built by `_card_repr` without the dataclass
    repr machinery, which cost more than the rest of an import's matching.
    """
    return hashlib.sha256(_card_repr(contact).encode("utf-8")).hexdigest()[:32]


def _card_repr(c: Contact) -> str:
    n, b = c.name, c.birthday
    name = (f"StructuredName(family={n.family!r}, given={n.given!r}, "
            f"additional={n.additional!r}, prefixes={n.prefixes!r}, suffixes={n.suffixes!r})")
    bday = "None" if b is None else f"Birthday(month={b.month!r}, day={b.day!r}, year={b.year!r})"
    return (f"Contact(uid={c.uid!r}, display_name={c.display_name!r}, name={name}, "
            f"nicknames={c.nicknames!r}, emails=[{', '.join(map(_email_repr, c.emails))}], "
            f"phones=[{', '.join(map(_phone_repr, c.phones))}], "
            f"addresses=[{', '.join(map(_address_repr, c.addresses))}], "
            f"organisations=[{', '.join(map(_org_repr, c.organisations))}], "
            f"title={c.title!r}, role={c.role!r}, categories={c.categories!r}, "
            f"birthday={bday}, note={c.note!r}, urls={c.urls!r}, "
            f"photos=[{', '.join(map(_photo_repr, c.photos))}], "
            f"raw=[{', '.join(map(_raw_repr, c.raw))}], id=None)")


def _email_repr(e: Email) -> str:
    return (f"Email(address={e.address!r}, types={e.types!r}, pref={e.pref!r}, "
            f"label={e.label!r}, group={e.group!r}, extra_params={e.extra_params!r})")


def _phone_repr(p: Phone) -> str:
    return (f"Phone(number={p.number!r}, types={p.types!r}, pref={p.pref!r}, "
            f"label={p.label!r}, group={p.group!r}, extra_params={p.extra_params!r})")


def _address_repr(a: Address) -> str:
    return (f"Address(po_box={a.po_box!r}, extended={a.extended!r}, street={a.street!r}, "
            f"locality={a.locality!r}, region={a.region!r}, postal_code={a.postal_code!r}, "
            f"country={a.country!r}, types={a.types!r}, pref={a.pref!r}, label={a.label!r}, "
            f"group={a.group!r}, extra_params={a.extra_params!r})")


def _org_repr(o: Organisation) -> str:
    return (f"Organisation(name={o.name!r}, units={o.units!r}, group={o.group!r}, "
            f"extra_params={o.extra_params!r})")


def _photo_repr(p: Photo) -> str:
    # Photos enter as their own digest: repr() of 20 KB of bytes is slow.
    data = hashlib.sha256(p.data).digest() if p.data else None
    return (f"Photo(data={data!r}, media_type={p.media_type!r}, uri={p.uri!r}, "
            f"extra_params={p.extra_params!r})")


def _raw_repr(r: RawProperty) -> str:
    return f"RawProperty(name={r.name!r}, line={r.line!r})"

