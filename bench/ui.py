"""The main window with a big book: start-up, search per keystroke, scrolling, import.

    python -m bench.ui [--contacts 50000] [--import-cards 10000] [--work DIR]

Builds a book with ../shared/bench/gen_vcards.py, imports it once into a cached
database (reused while the schema revision and size match), then measures on a
copy, offscreen, in fresh processes:
- startup_s: `python -m relmanager` spawned until its window is shown (the list
  is filled before it is shown), median of 3;
- settle_max_latency_ms: how late a 5 ms timer fires in the 4 s after the window
  is shown (pages loading their data); typing starts after that;
- search_median_ms / search_p95_ms: per keystroke of realistic queries typed char
  by char into the real search field (the debounced search's event-loop turn,
  filter + model update + a forced repaint);
  floor: the same keystrokes' raw FTS5 query in plain sqlite3 (words of three or
  more characters; shorter ones do not use the index);
- scroll_max_frame_ms: the whole list page by page, each page repainted at once;
- import_max_latency_ms: how late a 5 ms repeating timer fires (beyond its 5 ms)
  while a 10k-card import runs through the window's ImportFlow, refresh included,
  and until the background work it starts (pages re-reading) is done;
- rss_mib: peak resident memory of the window process (after all of the above).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_vcards.py"
TARGETS = {"startup_s": 1.0, "search_median_ms": 16.0, "search_p95_ms": 50.0,
           "scroll_max_frame_ms": 16.0, "import_max_latency_ms": 50.0, "rss_mib": 250.0}
# What people type: names (with and without accents), a company, an e-mail
# provider, a phone fragment, a city in a note, two words, a category.
QUERIES = ("anna", "muller", "müller", "gmail", "555 12", "acme", "john smi", "berlin",
           "friends", "sofia garcia", "zoe", "example.com")
TICK_MS = 5


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("RELMANAGER_HOME", "DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _book(work: Path, cards: int, seed: int) -> Path:
    book = work / f"book{cards}-seed{seed}.vcf"
    if not book.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--cards", str(cards), "--photos", "0.1",
                        "--seed", str(seed), "--out", str(book)], check=True, capture_output=True)
    return book


def _cached_db(work: Path, contacts: int) -> Path:
    """A database with `contacts` imported (and some history), built once per revision."""
    from relmanager.store.database import head_revision

    db = work / f"book{contacts}-rev{head_revision()}.db"
    if db.exists():
        return db
    home = work / "build"
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "relmanager", "--home", str(home), "import",
                    str(_book(work, contacts, 1))], check=True, capture_output=True, env=_env())
    built = home / "relmanager.db"
    conn = sqlite3.connect(built)
    # Some logged contact, so "Last contact" and "Next due" have values to show and sort.
    conn.execute("INSERT INTO interactions (contact_id, kind, occurred_on, note, created_at) "
                 "SELECT id, 'message', date('2026-01-01', '-' || (id * 7919 % 400) || ' days'),"
                 " '', '2026-01-01T00:00:00+00:00' FROM contacts WHERE id % 3 = 0")
    conn.commit()
    conn.execute("VACUUM INTO ?", (str(db),))
    conn.close()
    shutil.rmtree(home, ignore_errors=True)
    return db


def _fresh_home(work: Path, db: Path, name: str) -> Path:
    home = work / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shutil.copy(db, home / "relmanager.db")
    (home / "relmanager.db").chmod(0o600)
    return home


def startup_once(home: Path, timeout: float = 60.0) -> float:
    log = home / "logs" / "relmanager.log"
    log.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "relmanager", "--home", str(home)],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            elapsed = time.perf_counter() - start
            if log.exists() and "Main window shown" in log.read_text(errors="replace"):
                return elapsed
            if proc.poll() is not None or elapsed > timeout:
                sys.exit(f"relmanager did not show its window (exit {proc.returncode})")
            time.sleep(0.002)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def fts_floor_ms(db: Path) -> list[float]:
    """Raw FTS5 query per keystroke (3+ characters), plain sqlite3: the least work."""
    from relmanager.store.search_index import fold, register_functions

    conn = sqlite3.connect(db)
    register_functions(conn)
    times = []
    for query in QUERIES:
        for n in range(3, len(query) + 1):
            word = fold(query[:n]).split()[-1]
            if len(word) < 3:
                continue
            start = time.perf_counter()
            conn.execute("SELECT rowid >> 32 FROM search_index WHERE search_index MATCH ?",
                         (f'"{word}"',)).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(contacts: int, import_cards: int, work: Path) -> dict[str, Any]:
    db = _cached_db(work, contacts)
    book = _book(work, import_cards, 2)  # another seed: new people, so the import creates
    home = _fresh_home(work, db, "startup")
    # An installed app starts from compiled bytecode (the bundle ships it); with
    # PYTHONDONTWRITEBYTECODE set, every start would compile ~100 modules afresh.
    compileall.compile_dir(REPO / "relmanager", quiet=1)
    startups = [startup_once(home) for _ in range(3)]
    home = _fresh_home(work, db, "window")
    out = subprocess.run([sys.executable, "-m", "bench.ui_child", str(home), str(book),
                          json.dumps(QUERIES), str(TICK_MS)],
                         cwd=REPO, env=_env(), check=True, capture_output=True, text=True)
    child = json.loads(out.stdout.strip().splitlines()[-1])
    floor = fts_floor_ms(db)
    result: dict[str, Any] = {
        "bench": "ui", "contacts": contacts, "import_cards": import_cards,
        "startup_s": round(statistics.median(startups), 3),
        "startup_runs_s": [round(t, 3) for t in startups],
        "settle_max_latency_ms": round(child["settle_max_latency_ms"], 1),
        "search_median_ms": round(statistics.median(child["search_ms"]), 2),
        "search_p95_ms": round(_pct(child["search_ms"], 0.95), 2),
        "search_max_ms": round(max(child["search_ms"]), 2),
        "search_keystrokes": len(child["search_ms"]),
        "search_floor_fts_median_ms": round(statistics.median(floor), 2),
        "search_floor_fts_p95_ms": round(_pct(floor, 0.95), 2),
        "scroll_max_frame_ms": round(max(child["scroll_ms"]), 2),
        "scroll_median_frame_ms": round(statistics.median(child["scroll_ms"]), 2),
        "scroll_pages": len(child["scroll_ms"]),
        "sort_ms": child["sort_ms"],
        "import_max_latency_ms": round(child["import_max_latency_ms"], 1),
        "import_s": round(child["import_s"], 2),
        "import_created": child["import_created"],
        "rss_mib": round(child["rss_mib"], 1),
        "cpus": os.cpu_count(),
    }
    result["search_ratio_to_floor"] = round(
        result["search_median_ms"] / max(result["search_floor_fts_median_ms"], 0.01), 1)
    result["targets"] = TARGETS
    result["within_targets"] = {k: result[k] <= v for k, v in TARGETS.items()}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument("--import-cards", type=int, default=10_000)
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "relmanager-bench-ui")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure(args.contacts, args.import_cards, args.work)))


if __name__ == "__main__":
    main()
