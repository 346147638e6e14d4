"""Importing vCard files as one undoable batch.

All files of one import are one SQLite transaction: a crash, a `kill -9` or
a cancel leaves the database exactly as before. Cards are read one at a time
(streaming), so memory does not grow with the file.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, update

from relmanager.domain import CircleSource, Contact
from relmanager.services.circle_tags import CarriedCircle, extract_circle
from relmanager.services.circles import RuleIndex, refresh_suggestions, suggest
from relmanager.services.circles.refresh import active_rules
from relmanager.services.matching import MatchIndex, MatchKind
from relmanager.services.merge import merge_contacts
from relmanager.store import schema as s
from relmanager.store import search_index, write_transaction
from relmanager.store.contacts import (
    insert_contacts,
    load_contacts,
    next_id,
    now_iso,
    replace_contact,
)
from relmanager.store.snapshot import contact_to_json, content_hash
from relmanager.vcard import CardError, card_to_contact, read_cards

log = logging.getLogger(__name__)

FLUSH_EVERY = 500  # contacts per executemany
PROGRESS_EVERY = 200  # cards between progress reports
UNNAMED = "Unnamed contact"


@dataclass(frozen=True)
class CardProblem:
    """Why one card (or a whole file, card_index None) was not imported."""

    file: str
    card_index: int | None
    line: int | None
    reason: str


@dataclass(frozen=True)
class ImportProgress:
    file: str
    bytes_done: int
    bytes_total: int
    cards_seen: int


@dataclass
class ImportResult:
    batch_id: int | None = None
    cards_seen: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[CardProblem] = field(default_factory=list)
    possible_duplicates: int = 0
    dry_run: bool = False
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [asdict(e) for e in self.errors]
        return data


class ImportCancelledError(Exception):
    pass


class _DryRunDone(Exception):  # noqa: N818  (control flow, not an error)
    pass


ProgressFn = Callable[[ImportProgress], None]
CancelFn = Callable[[], bool]


def import_files(engine: Engine, files: Sequence[str | Path], *,
                 progress: ProgressFn | None = None, should_cancel: CancelFn | None = None,
                 dry_run: bool = False) -> ImportResult:
    """Import `files` as one batch. Raises nothing for bad cards: they are listed."""
    result = ImportResult(dry_run=dry_run)
    try:
        with write_transaction(engine) as conn:
            run = _ImportRun(conn, result, progress, should_cancel)
            try:
                run.import_all([Path(f) for f in files])
            finally:
                run.index.close()
            if dry_run or not result.cards_seen:  # nothing read: leave no empty batch
                raise _DryRunDone
    except _DryRunDone:
        result.batch_id = None
    except ImportCancelledError:
        log.info("Import cancelled; nothing was changed")
        return ImportResult(cards_seen=result.cards_seen, cancelled=True, dry_run=dry_run,
                            errors=result.errors)
    log.info("Import batch %s: %d cards, %d created, %d merged, %d unchanged, %d failed",
             result.batch_id, result.cards_seen, result.created, result.merged,
             result.unchanged, result.failed)
    return result


class _ImportRun:
    def __init__(self, conn: Connection, result: ImportResult, progress: ProgressFn | None,
                 should_cancel: CancelFn | None) -> None:
        self.conn = conn
        self.result = result
        self.progress = progress
        self.should_cancel = should_cancel or (lambda: False)
        self.next_id = self.first_id = next_id(conn)
        self.index = MatchIndex(conn, self.first_id)
        self.pending: dict[int, tuple[Contact, str]] = {}  # created, not yet flushed
        self.pending_circles: dict[int, CarriedCircle] = {}
        self.snapshotted: set[int] = set()
        self.merged_ids: set[int] = set()
        self.rules = RuleIndex.build(active_rules(conn))
        self.duplicates: list[dict[str, Any]] = []

    def import_all(self, files: list[Path]) -> None:
        sizes = {f: _size(f) for f in files}
        total, done = sum(sizes.values()), 0
        inserted = self.conn.execute(insert(s.import_batches).values(
            started_at=now_iso(), files=json.dumps([f.name for f in files])))
        self.result.batch_id = int(inserted.inserted_primary_key[0])  # type: ignore[index]
        with search_index.suspended(self.conn, self._touched):  # one in-order index pass
            for path in files:
                self._import_file(path, done, total)
                done += sizes[path]
            self._flush()
            if self.merged_ids:  # new fields can change what a merged contact looks like
                refresh_suggestions(self.conn, sorted(self.merged_ids), self.rules)
        self._finish_batch()

    def _touched(self) -> list[int]:
        return [*range(self.first_id, self.next_id), *self.merged_ids]

    def _import_file(self, path: Path, offset: int, total: int) -> None:
        try:
            handle = path.open("rb")
        except OSError as exc:
            self.result.errors.append(CardProblem(str(path), None, None,
                                                  f"cannot read file: {exc.strerror or exc}"))
            return
        with handle:
            reader = read_cards(handle)
            for card in reader:
                self.result.cards_seen += 1
                if self.should_cancel():
                    raise ImportCancelledError
                if isinstance(card, CardError):
                    self._fail(path, card.index, card.line, card.reason)
                else:
                    try:
                        contact, _warnings = card_to_contact(card)
                    except (ValueError, KeyError, IndexError) as exc:  # a mapping bug: isolate
                        self._fail(path, card.index, card.line, f"unreadable card: {exc}")
                        continue
                    self._store(contact)
                if self.progress and self.result.cards_seen % PROGRESS_EVERY == 0:
                    self.progress(ImportProgress(path.name, offset + reader.bytes_consumed,
                                                 total, self.result.cards_seen))
        if self.progress:
            self.progress(ImportProgress(path.name, offset + _size(path), total,
                                         self.result.cards_seen))

    def _fail(self, path: Path, index: int, line: int, reason: str) -> None:
        self.result.failed += 1
        self.result.errors.append(CardProblem(str(path), index, line, reason))

    def _store(self, contact: Contact) -> None:
        contact, carried = extract_circle(contact)
        if not contact.display_name.strip():
            # A card with no name, organisation or e-mail still needs a row label.
            contact.display_name = contact.phones[0].number if contact.phones else UNNAMED
        if not contact.uid:
            contact.uid = f"relmanager-{content_hash(contact)}"
        digest = content_hash(contact)
        match = self.index.match(contact)
        if (match.kind is MatchKind.UID and match.contact_id is not None
                and self.index.stored_hash(match.contact_id) == digest):
            self.result.unchanged += 1
            return
        if match.kind in (MatchKind.UID, MatchKind.SURE) and match.contact_id is not None:
            self._merge(match.contact_id, contact, digest, carried,
                        newer=match.kind is MatchKind.UID)
            return
        cid = self._create(contact, digest, carried)
        if match.kind is MatchKind.UNCERTAIN and match.contact_id is not None:
            self.duplicates.append({"contact_a": match.contact_id, "contact_b": cid,
                                    "reason": match.reason, "batch_id": self.result.batch_id})

    def _create(self, contact: Contact, digest: str, carried: CarriedCircle | None) -> int:
        cid = self.next_id
        self.next_id += 1
        self.pending[cid] = (contact, digest)
        if carried and carried.source is CircleSource.USER:
            self.pending_circles[cid] = carried
        self.index.add(cid, contact, digest)
        self.result.created += 1
        if len(self.pending) >= FLUSH_EVERY:
            self._flush()
        return cid

    def _merge(self, cid: int, incoming: Contact, digest: str, carried: CarriedCircle | None,
               newer: bool) -> None:
        if cid in self.pending:  # the same card twice in this import
            existing, _ = self.pending[cid]
            self.pending[cid] = (merge_contacts(existing, incoming, incoming_is_newer=newer),
                                 digest)
            self.result.merged += 1
            return
        self.index.freeze(cid)  # matching goes on with its keys from before this merge
        existing = load_contacts(self.conn, [cid])[cid]
        head = self.conn.exec_driver_sql(
            "SELECT user_edited, content_hash, circle_user FROM contacts WHERE id = ?",
            (cid,)).one()
        merged = merge_contacts(existing, incoming, user_edited=json.loads(head.user_edited),
                                incoming_is_newer=newer)
        changed = content_hash(merged) != content_hash(existing)
        if changed and cid not in self.snapshotted:
            self.snapshotted.add(cid)
            self.conn.exec_driver_sql(
                "INSERT INTO batch_changes (batch_id, contact_id, action, before) "
                "VALUES (?, ?, 'merged', ?)",
                (self.result.batch_id, cid, json.dumps({"contact": contact_to_json(existing),
                                                        "content_hash": head.content_hash,
                                                        "circle_user": head.circle_user})))
        if changed:
            replace_contact(self.conn, merged, digest if newer else None)
            self.merged_ids.add(cid)
            self.result.merged += 1
        else:
            self.result.unchanged += 1
        if carried and carried.source is CircleSource.USER and head.circle_user is None:
            self._record_circles({cid: carried})
        self.index.set_hash(cid, digest if newer else self.index.stored_hash(cid))

    def _flush(self) -> None:
        if not self.pending:
            return
        ids = list(self.pending)
        contacts = [self.pending[i][0] for i in ids]
        hashes = [self.pending[i][1] for i in ids]
        insert_contacts(self.conn, contacts, batch_id=self.result.batch_id, hashes=hashes,
                        ids=ids, suggestions=[suggest(c, self.rules) for c in contacts])
        self.conn.exec_driver_sql(  # tuples: Core's per-row dicts cost more than SQLite
            "INSERT INTO batch_changes (batch_id, contact_id, action) VALUES (?, ?, 'created')",
            [(self.result.batch_id, i) for i in ids])
        self._record_circles({i: c for i, c in self.pending_circles.items() if i in self.pending})
        self.pending.clear()
        self.pending_circles.clear()

    def _record_circles(self, carried: dict[int, CarriedCircle]) -> None:
        """Restore user decisions that travelled in the file (suggestions are recomputed)."""
        for cid, c in carried.items():
            self.conn.execute(update(s.contacts).where(s.contacts.c.id == cid)
                              .values(circle_user=c.circle.value))

    def _finish_batch(self) -> None:
        if self.duplicates:
            self.conn.execute(insert(s.duplicate_candidates), self.duplicates)
        self.result.possible_duplicates = len(self.duplicates)
        r = self.result
        self.conn.execute(update(s.import_batches).where(s.import_batches.c.id == r.batch_id)
                          .values(finished_at=now_iso(), state="done", cards_seen=r.cards_seen,
                                  created=r.created, merged=r.merged, unchanged=r.unchanged,
                                  failed=r.failed))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
