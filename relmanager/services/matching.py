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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection

from relmanager.domain import Contact
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
    """What an import matches its cards against.

    Contacts stored before the import are looked up in the database as cards
    come in (its uid, e-mail and phone indexes), not loaded up front: at 50k
    contacts that copy cost ~50 MiB and a second before the first card.
    Contacts the running import creates are indexed here in memory. A stored
    contact is matched by the keys it had when the import started: before the
    import merges into one, `freeze` copies those keys here and its changed
    rows are no longer consulted.
    """

    def __init__(self, conn: Connection, first_new_id: int) -> None:
        self.first_new_id = first_new_id  # ids from here on are this import's
        # The driver's cursor: a lookup through SQLAlchemy cost ~10x SQLite's work.
        self._cursor: Any = (conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                             if first_new_id > 1 else None)  # None: nothing stored yet
        self._frozen: set[int] = set()
        self._by_uid: dict[str, int] = {}
        self._hashes: dict[int, str] = {}
        self._names: dict[int, str] = {}  # this import's and frozen contacts'
        self._stored_names: dict[int, str] = {}  # others', read as they became candidates
        self._uid_hash: tuple[int, str] | None = None  # the last UID found stored, its hash
        self._by_email: _KeyIndex[int] = _KeyIndex()
        self._by_phone: _KeyIndex[tuple[int, str]] = _KeyIndex()  # (contact, number as written)

    def close(self) -> None:
        if self._cursor is not None:
            self._cursor.close()
            self._cursor = None

    def add(self, cid: int, contact: Contact, digest: str) -> None:
        """Index a contact created by the running import."""
        self._by_uid[contact.uid] = cid
        self._hashes[cid] = digest
        self._names[cid] = fold(contact.display_name)
        for email in contact.emails:
            self._by_email.add(normalize_email(email.address), cid)
        for phone in contact.phones:
            self._by_phone.add(normalize_phone(phone.number), (cid, phone.number))

    def freeze(self, cid: int) -> None:
        """Keep matching a stored contact by its keys as they are now (call before changing it)."""
        if self._cursor is None or cid >= self.first_new_id or cid in self._frozen:
            return
        row = self._cursor.execute("SELECT uid, content_hash, display_name FROM contacts "
                                   "WHERE id = ?", (cid,)).fetchone()
        if row is None:
            return
        self._frozen.add(cid)
        self._by_uid[row[0]] = cid
        self._hashes[cid] = row[1]
        self._names[cid] = fold(row[2])
        for (key,) in self._cursor.execute(
                "SELECT normalized FROM emails WHERE contact_id = ? ORDER BY id", (cid,)):
            self._by_email.add(key, cid)
        for key, number in self._cursor.execute(
                "SELECT normalized, number FROM phones WHERE contact_id = ? ORDER BY id", (cid,)):
            self._by_phone.add(key, (cid, number))

    def stored_hash(self, cid: int) -> str:
        """The content hash a UID match is compared with ("" when unknown)."""
        digest = self._hashes.get(cid)
        if digest is None and self._uid_hash is not None and self._uid_hash[0] == cid:
            digest = self._uid_hash[1]  # a re-import asks right after the UID lookup
        if digest is None and self._stored(cid):
            row = self._cursor.execute("SELECT content_hash FROM contacts WHERE id = ?",
                                       (cid,)).fetchone()
            digest = row[0] if row else None
        return digest or ""

    def set_hash(self, cid: int, digest: str) -> None:
        self._hashes[cid] = digest

    def _stored(self, cid: int) -> bool:
        """A stored contact whose current rows are its keys (not this import's, not frozen)."""
        return cid < self.first_new_id and cid not in self._frozen

    def _uid(self, uid: str) -> int | None:
        cid = self._by_uid.get(uid)
        if cid is None and self._cursor is not None:
            row = self._cursor.execute("SELECT id, content_hash FROM contacts WHERE uid = ?",
                                       (uid,)).fetchone()
            if row and self._stored(row[0]):
                cid, self._uid_hash = row[0], (row[0], row[1])
        return cid

    def _name(self, cid: int) -> str | None:
        name = self._names.get(cid)
        if name is None and self._stored(cid):
            name = self._stored_names.get(cid)
            if name is None:
                row = self._cursor.execute("SELECT display_name FROM contacts WHERE id = ?",
                                           (cid,)).fetchone()
                if row is None:
                    return None
                name = self._stored_names[cid] = fold(row[0])
        return name

    def _email_owners(self, key: str) -> Iterator[int]:
        yield from self._by_email.get(key)
        if self._cursor is not None:
            for (cid,) in self._cursor.execute(
                    "SELECT contact_id FROM emails WHERE normalized = ?", (key,)).fetchall():
                if self._stored(cid):
                    yield cid

    def _phone_owners(self, key: str) -> Iterator[tuple[int, str]]:
        yield from self._by_phone.get(key)
        if self._cursor is not None:
            for cid, number in self._cursor.execute(
                    "SELECT contact_id, number FROM phones WHERE normalized = ?",
                    (key,)).fetchall():
                if self._stored(cid):
                    yield cid, number

    def match(self, contact: Contact) -> Match:
        cid = self._uid(contact.uid)
        if cid is not None:
            return Match(MatchKind.UID, cid, "same UID")
        by_email: dict[int, str] = {}  # contact → the first address it shares
        for email in contact.emails:
            key = normalize_email(email.address)
            for cid in self._email_owners(key):
                by_email.setdefault(cid, f"same e-mail {key}")
        by_phone: dict[int, list[tuple[str, str]]] = {}  # contact → (its number, ours) pairs
        for phone in contact.phones:
            for cid, number in self._phone_owners(normalize_phone(phone.number)):
                if cid not in by_email:
                    by_phone.setdefault(cid, []).append((number, phone.number))
        if not by_email and not by_phone:
            return NO_MATCH
        return self._decide(fold(contact.display_name), by_email, by_phone)

    def _decide(self, name: str, by_email: dict[int, str],
                by_phone: dict[int, list[tuple[str, str]]]) -> Match:
        """The lowest-id sharer with the same name, else the lowest-id sharer.

        A phone key (last digits) only names candidates; `same_phone` confirms
        them, and is asked only about those that could still be the answer
        (parsing numbers was most of an import's matching time).
        """
        phones = sorted(by_phone)
        best = min((c for c in by_email if self._name(c) == name), default=None)
        for cid in phones:
            if best is not None and cid > best:
                break
            if self._name(cid) == name and _same_phone(by_phone[cid]):
                best = cid
                break
        if best is not None:
            why = by_email.get(best, "same phone number")
            if best >= self.first_new_id:
                return Match(MatchKind.UNCERTAIN, best, f"{why} and same name, same file")
            return Match(MatchKind.SURE, best, f"{why} and same name")
        lowest = min(by_email, default=None)
        for cid in phones:
            if lowest is not None and cid > lowest:
                break
            if _same_phone(by_phone[cid]):
                lowest = cid
                break
        if lowest is None:
            return NO_MATCH
        return Match(MatchKind.UNCERTAIN, lowest,
                     f"{by_email.get(lowest, 'same phone number')}, different name")


def _same_phone(pairs: list[tuple[str, str]]) -> bool:
    return any(same_phone(theirs, ours) for theirs, ours in pairs)
