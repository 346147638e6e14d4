"""Finding the stored contact an incoming card is about.

Order of certainty:
1. same UID — the same card again (unchanged or updated);
2. same e-mail address or phone number *and* the same name — merged;
3. same e-mail/phone with another name — kept apart and listed as a
   possible duplicate for the user to decide.

Two cards of the *same* import with different UIDs are never merged
automatically: the app that wrote the file kept them apart on purpose
(namesakes sharing a family address), so they are only listed. The same
full name alone says too little to list at all (thousands of namesakes in a
large book would drown the real duplicates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from sqlalchemy import Connection, select

from relmanager.domain import Contact
from relmanager.store import schema as s
from relmanager.store.normalize import fold, normalize_email, normalize_phone, same_phone


class MatchKind(StrEnum):
    UID = "uid"
    SURE = "sure"
    UNCERTAIN = "uncertain"
    NONE = "none"


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    contact_id: int | None = None
    reason: str = ""


NO_MATCH = Match(MatchKind.NONE)
_T = TypeVar("_T", int, tuple[int, str])


class _KeyIndex(Generic[_T]):
    """key → values, lean: an import indexes ~4 keys per contact, 200k at 50k cards.

    Nearly every key has one value, so it is stored bare; a second one makes a
    list. (A set per key cost 216 bytes, ~40 MB at 50k cards.) A repeated
    value, as in a card listing one address twice, only repeats a lookup for
    `_shared_contacts`, which collects matches in a dict.
    """

    def __init__(self) -> None:
        self._values: dict[str, _T | list[_T]] = {}

    def add(self, key: str, value: _T) -> None:
        old = self._values.get(key)
        if old is None:
            self._values[key] = value
        elif isinstance(old, list):
            old.append(value)
        else:
            self._values[key] = [old, value]

    def get(self, key: str) -> Sequence[_T]:
        found = self._values.get(key)
        if found is None:
            return ()
        return found if isinstance(found, list) else (found,)


class MatchIndex:
    """In-memory keys of every stored contact, kept current during an import."""

    def __init__(self) -> None:
        self.by_uid: dict[str, int] = {}
        self.hashes: dict[int, str] = {}
        self.names: dict[int, str] = {}
        self.created_now: set[int] = set()  # contacts created by the running import
        self.by_email: _KeyIndex[int] = _KeyIndex()
        self.by_phone: _KeyIndex[tuple[int, str]] = _KeyIndex()  # (contact, number as written)

    @classmethod
    def load(cls, conn: Connection) -> MatchIndex:
        index = cls()
        c = s.contacts.c
        for cid, uid, name, digest in conn.execute(
                select(c.id, c.uid, c.display_name, c.content_hash)):
            index.by_uid[uid] = cid
            index.hashes[cid] = digest
            index._add_name(cid, name)
        for cid, key in conn.execute(select(s.emails.c.contact_id, s.emails.c.normalized)):
            index.by_email.add(key, cid)
        for cid, key, number in conn.execute(
                select(s.phones.c.contact_id, s.phones.c.normalized, s.phones.c.number)):
            index.by_phone.add(key, (cid, number))
        return index

    def _add_name(self, cid: int, name: str) -> None:
        self.names[cid] = fold(name)

    def add(self, cid: int, contact: Contact, digest: str) -> None:
        """Index a contact created by the running import."""
        self.created_now.add(cid)
        self.by_uid[contact.uid] = cid
        self.hashes[cid] = digest
        self._add_name(cid, contact.display_name)
        for email in contact.emails:
            self.by_email.add(normalize_email(email.address), cid)
        for phone in contact.phones:
            self.by_phone.add(normalize_phone(phone.number), (cid, phone.number))

    def _shared_contacts(self, contact: Contact) -> dict[int, str]:
        """Stored contacts sharing an address or number, with what they share."""
        shared: dict[int, str] = {}
        for email in contact.emails:
            key = normalize_email(email.address)
            for cid in self.by_email.get(key):
                shared.setdefault(cid, f"same e-mail {key}")
        for phone in contact.phones:
            for cid, number in self.by_phone.get(normalize_phone(phone.number)):
                if cid not in shared and same_phone(number, phone.number):
                    shared[cid] = "same phone number"
        return shared

    def match(self, contact: Contact) -> Match:
        cid = self.by_uid.get(contact.uid)
        if cid is not None:
            return Match(MatchKind.UID, cid, "same UID")
        name = fold(contact.display_name)
        shared = self._shared_contacts(contact)
        for cid, why in sorted(shared.items()):
            if self.names.get(cid) == name:
                if cid in self.created_now:
                    return Match(MatchKind.UNCERTAIN, cid, f"{why} and same name, same file")
                return Match(MatchKind.SURE, cid, f"{why} and same name")
        if shared:
            cid, why = min(shared.items())
            return Match(MatchKind.UNCERTAIN, cid, f"{why}, different name")
        return NO_MATCH
