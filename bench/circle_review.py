"""The circles review queue and bulk decisions on a generated book.

    python -m bench.circle_review [--cards 50000] [--keep DIR]

Prints one JSON object (seconds): `queue_s` reads and groups the whole queue;
`accept_group_s` / `undo_group_s` accept the largest group and undo it (what
Enter and U do on the Review page); `accept_all_s` / `undo_all_s` decide every
contact at once (Select all, Ctrl+Shift+1) and undo; `set_one_s` is one
contact (Space). Each includes relearning rules and re-suggesting the contacts
whose rules changed. `--keep DIR` leaves the database there for UI timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_vcards.py"


def _timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return round(time.perf_counter() - t0, 3), result


def measure(cards: int, work: Path) -> dict[str, Any]:
    from relmanager.domain import Circle
    from relmanager.services.circles.review import (
        decide_circles,
        restore_circles,
        review_queue,
        set_circles,
    )
    from relmanager.services.importer import import_files
    from relmanager.store import open_database

    book = work / f"book-{cards}.vcf"
    subprocess.run([sys.executable, str(GENERATOR), "--cards", str(cards), "--photos", "0",
                    "--out", str(book)], check=True, capture_output=True)
    engine = open_database(work / "relmanager.db")
    import_s, _ = _timed(lambda: import_files(engine, [book]))
    queue_s, queue = _timed(lambda: review_queue(engine))
    biggest = max(queue.groups, key=lambda g: len(g.items))
    decisions = {i.id: i.circle for i in biggest.items}
    accept_group_s, previous = _timed(lambda: decide_circles(engine, decisions))
    undo_group_s, _ = _timed(lambda: restore_circles(engine, previous))
    one = queue.groups[0].items[0]
    set_one_s, previous = _timed(lambda: set_circles(engine, [one.id], Circle.FRIEND))
    restore_circles(engine, previous)
    everyone = {i.id: i.circle for g in queue.groups for i in g.items}
    accept_all_s, previous = _timed(lambda: decide_circles(engine, everyone))
    undo_all_s, _ = _timed(lambda: restore_circles(engine, previous))
    after_s, after = _timed(lambda: review_queue(engine))
    engine.dispose()
    return {
        "cards": cards, "import_s": round(import_s, 3), "queue_s": queue_s,
        "queued": queue.count, "groups": len(queue.groups),
        "largest_group": len(biggest.items), "accept_group_s": accept_group_s,
        "undo_group_s": undo_group_s, "set_one_s": set_one_s,
        "accept_all_s": accept_all_s, "undo_all_s": undo_all_s,
        "queue_after_undo_s": after_s, "restored": after.count == queue.count,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=50000)
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        print(json.dumps(measure(args.cards, args.keep), indent=2))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(args.cards, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
