"""`due` speed against a plain SQL aggregate floor, measured in the same run.

    python -m bench.due [--contacts 50000] [--interactions 500000] [--repeat 5] [--out DIR]

Prints one JSON object. The database is built directly with executemany
(schema from `open_database`, so it is the app's real schema and indexes):
contacts in every circle, ~40 % with a birthday (some year-less, some 29 Feb),
one or two groups each, interactions spread over two years, a few snoozes and
per-contact cadences, and a group cadence override so every code path runs.

Floor: `SELECT contact_id, max(occurred_on) FROM interactions GROUP BY contact_id`
joined to contacts, all rows fetched with plain sqlite3. Ours: `due(engine, today)`
(SQLAlchemy engine, cadence/snooze/birthday rules, DueItem objects with reasons).
Both run warm, `--repeat` times each, interleaved; the median counts.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 24)
CIRCLES = ("friend", "professional", "both", "unsorted")
CATEGORIES = ("Family", "Friends", "Coworkers", "Clients", "Book club", "Climbing",
              "Alumni", "Neighbours", "Conference", "Investors")
KINDS = ("met", "call", "message", "gave", "received", "asked", "introduced")

FLOOR_SQL = """
SELECT c.id, c.display_name, m.last_on
FROM contacts c
LEFT JOIN (SELECT contact_id, max(occurred_on) AS last_on
           FROM interactions GROUP BY contact_id) m ON m.contact_id = c.id
"""


def build(db: Path, contacts: int, interactions: int, seed: int = 1) -> None:
    from relmanager.store import open_database
    from relmanager.store.search_index import register_functions

    open_database(db).dispose()
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    register_functions(conn)  # the search index triggers call them
    created = (TODAY - timedelta(days=400)).isoformat() + "T10:00:00+00:00"
    rows = []
    for cid in range(1, contacts + 1):
        bday: tuple[int | None, int | None, int | None] = (None, None, None)
        if rng.random() < 0.4:
            d = date(2000, 1, 1) + timedelta(days=rng.randrange(366))
            year = None if rng.random() < 0.3 else rng.randrange(1950, 2005)
            bday = (year, d.month, d.day)
        suggested = rng.choice(CIRCLES)
        user = rng.choice(CIRCLES) if rng.random() < 0.2 else None
        cadence = rng.choice((0, 30, 90)) if rng.random() < 0.02 else None
        rows.append((cid, f"uid-{cid}", f"Person {cid}", f"person {cid}", *bday, suggested,
                     user, cadence, created, created))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO contacts (id, uid, display_name, sort_key, bday_year, bday_month, "
        "bday_day, circle_suggested, circle_user, cadence_days, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    cats = [(cid, pos, name) for cid in range(1, contacts + 1)
            for pos, name in enumerate(rng.sample(CATEGORIES, rng.choice((1, 1, 2))))]
    conn.executemany("INSERT INTO categories (contact_id, position, name) VALUES (?, ?, ?)",
                     cats)
    start = TODAY - timedelta(days=730)
    inter = [(rng.randrange(1, contacts + 1), rng.choice(KINDS),
              (start + timedelta(days=rng.randrange(730))).isoformat(), "", created)
             for _ in range(interactions)]
    conn.executemany("INSERT INTO interactions (contact_id, kind, occurred_on, note, created_at)"
                     " VALUES (?, ?, ?, ?, ?)", inter)
    snoozes = [(cid, (TODAY + timedelta(days=7)).isoformat(), TODAY.isoformat(), created)
               for cid in rng.sample(range(1, contacts + 1), contacts // 50)]
    conn.executemany("INSERT INTO snoozes VALUES (?, ?, ?, ?)", snoozes)
    conn.execute("INSERT OR REPLACE INTO settings VALUES ('reminders.cadence.categories', ?)",
                 (json.dumps(json.dumps({"Family": 30, "Book club": 0})),))
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def floor(db: Path) -> tuple[float, int]:
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    n = len(conn.execute(FLOOR_SQL).fetchall())
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed, n


def measure(contacts: int, interactions: int, repeat: int, work: Path) -> dict[str, Any]:
    from relmanager.services.reminders import due, next_due_moment
    from relmanager.store import open_database

    db = work / f"due-{contacts}-{interactions}.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    build(db, contacts, interactions)
    build_s = time.perf_counter() - t0
    engine = open_database(db)
    floors, ours = [], []
    items: list[Any] = []
    floor(db)
    due(engine, TODAY)  # warm both (page cache, SQLAlchemy statement cache)
    for _ in range(repeat):
        f, _rows = floor(db)
        floors.append(f)
        t0 = time.perf_counter()
        items = due(engine, TODAY)
        ours.append(time.perf_counter() - t0)
    from datetime import datetime
    from zoneinfo import ZoneInfo
    t0 = time.perf_counter()
    moment = next_due_moment(engine, datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("UTC")))
    next_s = time.perf_counter() - t0
    engine.dispose()
    floor_s, due_s = statistics.median(floors), statistics.median(ours)
    return {
        "contacts": contacts, "interactions": interactions, "build_s": round(build_s, 2),
        "floor_s": round(floor_s, 4), "due_s": round(due_s, 4),
        "due_ratio": round(due_s / floor_s, 2),
        "due_min_s": round(min(ours), 4), "floor_min_s": round(min(floors), 4),
        "next_due_moment_s": round(next_s, 4), "next_due_moment": moment and moment.isoformat(),
        "items_due": len(items),
        "birthdays_due": sum(1 for it in items if it.kind.value == "birthday"),
        "target": {"due_s_max": 0.5, "ratio_max": 3.0},
        "ok": due_s <= 0.5 and due_s / floor_s <= 3.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="relmanager-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result = measure(args.contacts, args.interactions, args.repeat, work)
    print(json.dumps({"benchmark": "due", "runs": [result]}, indent=2))


if __name__ == "__main__":
    main()
