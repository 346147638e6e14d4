"""A contact as JSON, exactly: for undo snapshots and change detection.

`content_hash` is what decides "unchanged" on re-import (compare the mapped
content, not the raw bytes: folding, line endings or PRODID differences must
not count as a change).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import asdict, replace
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
    if isinstance(value, bytes):
        return {"__b64__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def contact_to_json(contact: Contact) -> str:
    data = _encode(asdict(contact))
    data.pop("id", None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


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

    repr() of the dataclasses is exact and several times faster than the
    JSON form, which matters at 50k cards per import.
    """
    # Photos enter as their own digest: repr() of 20 KB of bytes is slow.
    photos = [replace(p, data=hashlib.sha256(p.data).digest() if p.data else None)
              for p in contact.photos]
    text = repr(replace(contact, id=None, photos=photos))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
