"""Merging an incoming card into a stored contact without losing anything.

One rule first: a field the user edited in relmanager is never overwritten, so
an e-mail they removed does not come back with the next import of the same
file. Otherwise list fields (e-mails, phones, addresses, …) are unioned, and
single fields (name, title, note, birthday, …) are updated by a newer version
of the same card (same UID) while a card from elsewhere only fills what is empty.

When the user merges two stored contacts, they pick a side per single field
(`merged_card`); the lists are unioned the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

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
    lists: dict[str, Any] = {}
    for name, key in _LIST_KEYS.items():
        old_items = getattr(existing, name)
        lists[name] = old_items if name in locked else type(old_items)(
            _union(old_items, getattr(incoming, name), key))
    return replace(existing, **scalars, **lists)


_LIST_KEYS: dict[str, Callable[[Any], Hashable]] = {
    "nicknames": str.casefold,
    "emails": lambda e: normalize_email(e.address),
    "phones": lambda p: normalize_phone(p.number),
    "addresses": lambda a: a.one_line().casefold(),
    "organisations": lambda o: (o.name.casefold(), o.units),
    "categories": str.casefold,
    "urls": str,
    "photos": _photo_key,
    "raw": lambda r: r.line,
}


# -- two stored contacts merged by the user (the duplicates view) -----------------------

Side = Literal["keep", "other"]
Choices = Mapping[str, Side]

# Fields where the user picks one side (everything else is unioned). "photos" is
# a pick too: two portraits of one person are one too many. "circle" is the
# user's circle decision; the rest are card fields.
CARD_CHOICE_FIELDS = ("display_name", "name", "photos", "organisations", "title", "role",
                      "birthday", "note")
CIRCLE = "circle"
CHOICE_FIELDS = (*CARD_CHOICE_FIELDS, CIRCLE)


def is_empty(value: object) -> bool:
    if value is None or value in ("", [], ()):
        return True
    return _is_empty(value)


def choice_values(contact: Contact, circle_user: str | None) -> dict[str, object]:
    """One side's values for every field in CHOICE_FIELDS."""
    values: dict[str, object] = {f: getattr(contact, f) for f in CARD_CHOICE_FIELDS}
    values[CIRCLE] = circle_user
    return values


def default_choices(keep: Mapping[str, object], other: Mapping[str, object]) -> dict[str, Side]:
    """The kept side wins unless only the other side has a value."""
    return {f: "other" if is_empty(keep.get(f)) and not is_empty(other.get(f)) else "keep"
            for f in CHOICE_FIELDS if f in keep or f in other}


def differing_fields(keep: Mapping[str, object], other: Mapping[str, object]) -> list[str]:
    """Fields (in CHOICE_FIELDS order) whose values differ: the user may pick a side."""
    return [f for f in CHOICE_FIELDS if (f in keep or f in other) and keep.get(f) != other.get(f)]


def merged_card(keep: Contact, other: Contact, choices: Choices) -> Contact:
    """The kept contact's card after the merge: picked single values, unioned lists."""
    defaults = default_choices(choice_values(keep, None), choice_values(other, None))
    picks = {f: getattr(other if choices.get(f, defaults[f]) == "other" else keep, f)
             for f in CARD_CHOICE_FIELDS}
    return replace(merge_contacts(keep, other), **picks)


def merged_circle(keep: str | None, other: str | None, choices: Choices) -> str | None:
    """The user's circle decision: one side's if only one has one, else the choice."""
    if keep is None or other is None or keep == other:
        return keep if keep is not None else other
    return other if choices.get(CIRCLE, "keep") == "other" else keep
