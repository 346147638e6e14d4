"""The list's faster paths give the same answers as the plain ones, on real cards:
search results in list order whichever way they are picked out, and a block's
rows with their photos read in one statement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from relmanager.domain import Circle
from relmanager.domain.interactions import InteractionKind
from relmanager.services import contact_list
from relmanager.services.contact_list import (
    ContactList,
    ListQuery,
    SortKey,
    fetch_block,
    ordered_ids,
    photo_data,
    search_sql,
)
from relmanager.services.importer import import_files
from relmanager.services.interactions import log_interaction
from relmanager.store import schema as s


@pytest.fixture
def corpus_book(engine: Engine, corpus: Path) -> Engine:
    files = [p for p in sorted(corpus.glob("*.vcf")) if p.name != "folker__LargeFile.vcf"]
    assert import_files(engine, files).created > 50
    return engine


def _texts(engine: Engine) -> list[str]:
    """What people type, taken from the book: starts of names, e-mail parts, digits."""
    with engine.connect() as conn:
        names = conn.execute(select(s.contacts.c.display_name)).scalars().all()
        emails = conn.execute(select(s.emails.c.address)).scalars().all()
    texts = {"a", "e", "jo", "gmail", "example", "555", "nobody at all", "1", "com"}
    for name in names[::30]:
        word = name.split()[0] if name.split() else ""
        texts.update(word[:n] for n in range(1, min(len(word), 5) + 1))
    for address in emails[::30]:
        texts.update((address.split("@")[0][:4], address.split("@")[-1]))
    return sorted(t for t in texts if t.strip())


def _plain(engine: Engine, query: ListQuery, orders: dict[object, list[int]]) -> list[int]:
    """The unoptimised answer: every id of the order, kept if its row matched."""
    key = (query.circle, query.sort, query.descending)
    with engine.connect() as conn:
        if key not in orders:
            orders[key] = list(ordered_ids(conn, *key))
        sql = search_sql(query.search)
        if sql is None:
            return orders[key]
        found = {cid for (cid,) in conn.exec_driver_sql(*sql)}
    return [cid for cid in orders[key] if cid in found]


def test_search_results_keep_list_order_on_either_path(
        corpus_book: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = corpus_book
    queries = [ListQuery(circle, text, sort, descending)
               for text in _texts(engine)
               for circle in (None, Circle.UNSORTED, Circle.PROFESSIONAL)
               for sort, descending in ((SortKey.NAME, False), (SortKey.ORGANISATION, True))]
    orders: dict[object, list[int]] = {}
    expected = [_plain(engine, q, orders) for q in queries]
    sizes = {len(e) for e in expected}
    assert 0 in sizes and len(sizes) > 10  # no matches, a few, many
    for few in (0, 1_000_000):  # never / always look up positions
        monkeypatch.setattr(contact_list, "FEW_MATCHES", few)
        rows = ContactList(engine)
        assert [list(rows.ids(q)) for q in queries] == expected


def test_a_block_reads_rows_and_first_photos_together(corpus_book: Engine) -> None:
    engine = corpus_book
    with engine.connect() as conn:
        ids = list(ordered_ids(conn, None, SortKey.NAME, False))
    rows, photos = fetch_block(engine, ids)
    assert sorted(rows) == sorted(ids)
    assert photos == photo_data(engine, ids) and photos  # the corpus has photos
    assert {cid for cid, row in rows.items() if row.has_photo} == set(photos)


def test_every_list_order_read_in_one_go_matches_a_row_by_row_read(
        corpus_book: Engine) -> None:
    # The list reads an order as one JSON array aggregated over an ordered subquery;
    # that must be exactly the subquery's own order, for every sort and filter.
    with corpus_book.connect() as conn:
        some = [cid for (cid,) in conn.exec_driver_sql("SELECT id FROM contacts LIMIT 40")]
    for n, cid in enumerate(some):  # a few "last contact" dates, with ties
        log_interaction(corpus_book, cid, InteractionKind.CALL, date(2026, 1 + n % 3, 1))
    sent: list[str] = []
    with corpus_book.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.set_trace_callback(sent.append)
        checked = 0
        for circle in (None, *Circle):
            for sort in SortKey:
                for descending in (False, True):
                    sent.clear()
                    ids = list(ordered_ids(conn, circle, sort, descending))
                    wrapped = [q for q in sent if q.startswith("SELECT json_group_array(id)")]
                    assert wrapped, sent
                    inner = wrapped[-1].removeprefix("SELECT json_group_array(id) FROM (")
                    one_by_one = [cid for (cid,) in raw.execute(inner.removesuffix(")"))]
                    if sort is SortKey.NEXT_DUE:  # reads by name, then sorts in Python
                        assert sorted(ids) == sorted(one_by_one)
                    else:
                        assert ids == one_by_one, (circle, sort, descending)
                    checked += len(ids)
        raw.set_trace_callback(None)
    assert checked > 1000
