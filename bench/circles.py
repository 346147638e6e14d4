"""Circle suggestions for a generated book, against the import of the same book.

    python -m bench.circles [--cards 50000] [--photos 0.0] [--out DIR]

Prints one JSON object. The book comes from ../shared/bench/gen_vcards.py and
is imported into a fresh database; then, in the same process:

- `refresh_s`: `refresh_suggestions(conn)` for every contact: read the
  signal columns, suggest, write (what the importer would add after a batch);
- `suggest_s`: `suggest()` alone over the same contacts already in memory.

Targets: `refresh_ratio` = refresh_s / import_s <= 0.2 (the budget: suggesting
may add at most 20 % to an import).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_vcards.py"
TARGET_RATIO = 0.2


def measure(cards: int, photos: float, work: Path) -> dict[str, Any]:
    from relmanager.services.circles import refresh_suggestions, suggest
    from relmanager.services.circles.refresh import _load
    from relmanager.services.circles.rules import RuleIndex
    from relmanager.services.importer import import_files
    from relmanager.store import open_database, write_transaction

    book = work / f"book-{cards}.vcf"
    subprocess.run([sys.executable, str(GENERATOR), "--cards", str(cards), "--photos",
                    str(photos), "--out", str(book)], check=True, capture_output=True)
    engine = open_database(work / "relmanager.db")
    t0 = time.perf_counter()
    result = import_files(engine, [book])
    import_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    with write_transaction(engine) as conn:
        changed = refresh_suggestions(conn)
    refresh_s = time.perf_counter() - t0

    with engine.connect() as conn:
        ids = [int(r[0]) for r in conn.exec_driver_sql("SELECT id FROM contacts ORDER BY id")]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        contacts = [c for i in range(0, len(ids), 2000)
                    for c in _load(cursor, ids[i:i + 2000])[0].values()]
        cursor.close()
        circles = Counter(r[0] for r in conn.exec_driver_sql(
            "SELECT circle_suggested FROM contacts"))
    index = RuleIndex()
    t0 = time.perf_counter()
    for contact in contacts:
        suggest(contact, index)
    suggest_s = time.perf_counter() - t0
    engine.dispose()
    return {
        "cards": cards, "created": result.created, "import_s": round(import_s, 3),
        "refresh_s": round(refresh_s, 3), "suggest_s": round(suggest_s, 3),
        "suggest_us_per_contact": round(suggest_s / max(len(contacts), 1) * 1e6, 1),
        "refresh_ratio": round(refresh_s / import_s, 3),
        "suggest_ratio": round(suggest_s / import_s, 3),
        "target_ratio": TARGET_RATIO, "ok": refresh_s / import_s <= TARGET_RATIO,
        "suggestions_written": changed, "circles": dict(circles),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=50000)
    ap.add_argument("--photos", type=float, default=0.0)
    ap.add_argument("--out", type=Path, help="work directory (default: a temporary one)")
    args = ap.parse_args()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        report = measure(args.cards, args.photos, args.out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = measure(args.cards, args.photos, Path(tmp))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
