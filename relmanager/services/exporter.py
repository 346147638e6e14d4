"""Exporting contacts to one vCard file, atomically.

The file appears complete or not at all: we write a temporary file in the
target folder, fsync it and rename it over the target. A failed or cancelled
export leaves whatever was at the path before.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from relmanager.domain import Circle, CircleSource
from relmanager.services.export_rows import CardWriter
from relmanager.store import schema as s
from relmanager.store.contacts import ContactRows, load_contact_rows

log = logging.getLogger(__name__)

CHUNK = 500
VERSIONS = ("3.0", "4.0")


class ExportCancelledError(Exception):
    pass


@dataclass(frozen=True)
class ExportResult:
    path: str
    count: int


def _circle_rows(conn: Connection, circle: Circle | None,
                 ids: Sequence[int] | None) -> list[tuple[int, Circle, CircleSource]]:
    c = s.contacts.c
    if ids is not None:  # a selection: read just those rows, in list order
        rows = conn.exec_driver_sql(
            "SELECT id, circle_user, circle_suggested FROM contacts WHERE id IN "
            "(SELECT value FROM json_each(?)) ORDER BY sort_key, id",
            (json.dumps(sorted(set(ids))),)).all()
        return [(cid, value, source) for cid, user, suggested in rows
                for value, source in [_circle_of(user, suggested)]
                if circle is None or value is circle]
    # The order comes from the sort_key index alone; reading the circles in the
    # same query would look up every row out of table order (several times slower).
    order = conn.execute(select(c.id).order_by(c.sort_key, c.id)).scalars().all()
    circles = {cid: (user, suggested) for cid, user, suggested in conn.execute(
        select(c.id, c.circle_user, c.circle_suggested))}
    out = []
    for cid in order:
        value, source = _circle_of(*circles[cid])
        if circle is None or value is circle:
            out.append((cid, value, source))
    return out


def _circle_of(user: str | None, suggested: str) -> tuple[Circle, CircleSource]:
    return Circle(user or suggested), CircleSource.USER if user else CircleSource.SUGGESTED


def export_contacts(engine: Engine, output: str | Path, *, circle: Circle | None = None,
                    version: str = "3.0", ids: Sequence[int] | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    should_cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Write the contacts (all, one circle, or just `ids`, in list order) to `output`."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {', '.join(VERSIONS)}")
    target = Path(output)
    card = CardWriter(version).card
    with engine.connect() as conn:
        rows = _circle_rows(conn, circle, ids)
        with _atomic_file(target) as out:
            for done, chunk in enumerate(_chunks(conn, rows), start=1):
                if should_cancel and should_cancel():
                    raise ExportCancelledError
                out.write(b"".join([card(stored, value, source)
                                    for stored, value, source in chunk]))
                if progress:
                    progress(min(done * CHUNK, len(rows)), len(rows))
    log.info("Exported %d contacts (vCard %s)", len(rows), version)
    return ExportResult(str(target), len(rows))


def _chunks(conn: Connection, rows: list[tuple[int, Circle, CircleSource]]
            ) -> Iterator[list[tuple[ContactRows, Circle, CircleSource]]]:
    for start in range(0, len(rows), CHUNK):
        part = rows[start:start + CHUNK]
        contacts = load_contact_rows(conn, [r[0] for r in part], shaped=True)
        yield [(contacts[cid], value, source) for cid, value, source in part if cid in contacts]


@contextlib.contextmanager
def _atomic_file(target: Path) -> Iterator[tempfile._TemporaryFileWrapper[bytes]]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed below, renamed on success)
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False)
    try:
        yield tmp
        tmp.flush()
        os.fsync(tmp.fileno())
        tmp.close()
        Path(tmp.name).replace(target)
    except BaseException:
        tmp.close()
        Path(tmp.name).unlink(missing_ok=True)
        raise
