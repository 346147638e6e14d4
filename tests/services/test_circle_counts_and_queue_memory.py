"""Cheaper circle counts and a leaner review queue read give the same answers, on real
cards: the counts match grouping by the effective circle, the queue's items match the
stored suggestions row for row."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.circles.review import review_queue, set_circles
from relmanager.services.contacts import count_by_circle
from relmanager.services.importer import import_files


def _corpus_book(engine: Engine, corpus: Path) -> None:
    files = [p for p in sorted(corpus.glob("*.vcf")) if p.name != "folker__LargeFile.vcf"]
    assert import_files(engine, files).created > 50


def test_counts_match_the_effective_circles(engine: Engine, corpus: Path) -> None:
    _corpus_book(engine, corpus)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contacts ORDER BY id")]
    # Some decisions of the user's, which win over the suggestions.
    set_circles(engine, ids[:5], Circle.FRIEND)
    set_circles(engine, ids[5:9], Circle.PROFESSIONAL)
    set_circles(engine, ids[9:11], Circle.UNSORTED)
    with engine.connect() as conn:
        expected = dict.fromkeys(Circle, 0)
        for value, n in conn.exec_driver_sql(
                "SELECT coalesce(circle_user, circle_suggested), count(*) FROM contacts "
                "GROUP BY 1"):
            expected[Circle(value)] = n
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT circle_user, circle_suggested, count(*) FROM contacts "
            "GROUP BY circle_user, circle_suggested"))
    counts = count_by_circle(engine)
    assert counts == expected
    assert sum(counts.values()) == len(ids)
    assert counts[Circle.UNSORTED] >= 2 and counts[Circle.PROFESSIONAL] >= 4
    assert "COVERING INDEX ix_contacts_circle" in plan  # not a scan of the contacts table


def test_queue_items_match_the_stored_suggestions(engine: Engine, corpus: Path) -> None:
    _corpus_book(engine, corpus)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM contacts ORDER BY id")]
    set_circles(engine, ids[:3], Circle.BOTH)
    with engine.connect() as conn:
        stored = {r[0]: r[1:] for r in conn.exec_driver_sql(
            "SELECT id, display_name, circle_suggested, circle_confidence, circle_reasons "
            "FROM contacts WHERE circle_user IS NULL")}
    queue = review_queue(engine)
    items = [i for g in queue.groups for i in g.items]
    assert sorted(i.id for i in items) == sorted(stored)
    assert queue.decided_ids == frozenset(ids[:3])
    for item in items:
        name, circle, confidence, reasons = stored[item.id]
        assert (item.name, item.circle.value, item.confidence) == (name, circle, confidence)
        assert item.reasons == tuple(json.loads(reasons))
    # Identical reasons share one tuple (and one string per reason).
    by_text = {}
    for item in items:
        by_text.setdefault(item.reasons, item.reasons)
        assert by_text[item.reasons] is item.reasons
