"""Merging an incoming card into a stored contact without losing anything.

List fields (e-mails, phones, addresses, …) are unioned. Single fields
(name, title, note, birthday, …) follow one rule: a field the user edited in
relmanager is never overwritten; otherwise a newer version of the same card
(same UID) updates it, and a card from elsewhere only fills what is empty.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from typing import TypeVar

from relmanager.domain import Contact, Photo
from relmanager.store.normalize import normalize_email, normalize_phone

T = TypeVar("T")

SCALAR_FIELDS = ("display_name", "name", "title", "role", "note", "birthday")


def _union(first: Iterable[T], second: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    out: list[T] = []
    seen: set[Hashable] = set()
    for item in (*first, *second):
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _photo_key(photo: Photo) -> Hashable:
    return hashlib.sha256(photo.data).digest() if photo.data else photo.uri


def _is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    is_empty = getattr(value, "is_empty", None)
    return bool(is_empty()) if callable(is_empty) else False


def merge_contacts(existing: Contact, incoming: Contact, *, user_edited: Iterable[str] = (),
                   incoming_is_newer: bool = False) -> Contact:
    """The union of both; `existing` keeps its id and UID."""
    locked = set(user_edited)
    scalars = {}
    for name in SCALAR_FIELDS:
        old, new = getattr(existing, name), getattr(incoming, name)
        take_new = name not in locked and not _is_empty(new) and (
            incoming_is_newer or _is_empty(old))
        scalars[name] = new if take_new else old
    return replace(
        existing,
        **scalars,
        nicknames=tuple(_union(existing.nicknames, incoming.nicknames, str.casefold)),
        emails=_union(existing.emails, incoming.emails, lambda e: normalize_email(e.address)),
        phones=_union(existing.phones, incoming.phones, lambda p: normalize_phone(p.number)),
        addresses=_union(existing.addresses, incoming.addresses,
                         lambda a: a.one_line().casefold()),
        organisations=_union(existing.organisations, incoming.organisations,
                             lambda o: (o.name.casefold(), o.units)),
        categories=_union(existing.categories, incoming.categories, str.casefold),
        urls=_union(existing.urls, incoming.urls, str),
        photos=_union(existing.photos, incoming.photos, _photo_key),
        raw=_union(existing.raw, incoming.raw, lambda r: r.line),
    )
