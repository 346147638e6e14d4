"""Import/export speed and memory against a lean floor, measured in the same run.

    python -m bench.import_export [--cards 10000 50000] [--photos 0.1] [--out DIR] [--repeat N]

Prints one JSON object. Every measurement runs in a fresh process (so peak
RSS is that step's own) on a book made by ../shared/bench/gen_vcards.py.

Floors (the least work that does the same job, in plain Python + sqlite3):
- import: read, unfold, split cards, minimal parse (lines split at the first
  colon), executemany one row per card (uid, fn, email, tel, card text);
- export: read the same contacts' tables back with plain sqlite3 and write
  every value as an escaped, folded `X:value` line (a valid vCard's least
  work: no types, parameters, structure or mapping).
"""

from __future__ import annotations

import argparse
import base64
import importlib
import json
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_vcards.py"

_FOLD = re.compile(rb"\r?\n[ \t]")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor_import(book: Path, db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE cards (uid TEXT, fn TEXT, email TEXT, tel TEXT, card TEXT)")
    rows: list[tuple[str, ...]] = []
    with book.open("rb") as f:
        data = _FOLD.sub(b"", f.read())
    for block in data.split(b"END:VCARD")[:-1]:
        text = block.decode("utf-8", "replace")
        props: dict[str, str] = {}
        for line in text.split("\n"):
            name, sep, value = line.partition(":")
            if sep:
                props.setdefault(name.split(";", 1)[0].upper(), value.rstrip("\r"))
        rows.append((props.get("UID", ""), props.get("FN", ""), props.get("EMAIL", ""),
                     props.get("TEL", ""), text))
    conn.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    return {"cards": len(rows)}


def ours_import(book: Path, home: Path) -> dict[str, Any]:
    from relmanager.services.importer import import_files
    from relmanager.store import open_database

    engine = open_database(home / "relmanager.db")
    result = import_files(engine, [book])
    engine.dispose()
    return {"created": result.created, "unchanged": result.unchanged, "failed": result.failed}


_EXPORT_QUERIES = (
    "SELECT id, display_name, family, given, title, note FROM contacts",
    "SELECT contact_id, address FROM emails", "SELECT contact_id, number FROM phones",
    "SELECT contact_id, street, locality, postal_code, country FROM addresses",
    "SELECT contact_id, name FROM organisations", "SELECT contact_id, name FROM categories",
    "SELECT contact_id, url FROM urls", "SELECT contact_id, data FROM photos",
    "SELECT contact_id, line FROM raw_properties",
)


_ESCAPE = str.maketrans({"\\": "\\\\", ",": "\\,", ";": "\\;", "\n": "\\n"})


def _fold(line: str) -> str:
    raw = line.encode()
    if len(raw) <= 75:
        return line + "\r\n"
    # Minimal folding (may split a character: the floor skips that care).
    parts = [raw[i:i + 74] for i in range(0, len(raw), 74)]
    return b"\r\n ".join(parts).decode("utf-8", "replace") + "\r\n"


def floor_export(home: Path, out: Path) -> dict[str, Any]:
    conn = sqlite3.connect(home / "relmanager.db")
    cards: dict[int, list[str]] = {}
    for query in _EXPORT_QUERIES:
        for cid, *values in conn.execute(query):
            lines = cards.setdefault(cid, [])
            for v in values:
                text = base64.b64encode(v).decode() if isinstance(v, bytes) else str(v)
                lines.append(_fold("X:" + text.translate(_ESCAPE)))
    with out.open("wb") as f:
        for lines in cards.values():
            f.write(("BEGIN:VCARD\r\n" + "".join(lines) + "END:VCARD\r\n").encode())
    conn.close()
    return {"contacts": len(cards)}


def ours_export(home: Path, out: Path) -> dict[str, Any]:
    from relmanager.services.exporter import export_contacts
    from relmanager.store import open_database

    engine = open_database(home / "relmanager.db")
    result = export_contacts(engine, out)
    engine.dispose()
    return {"contacts": result.count}


CHILDREN = {"floor_import": floor_import, "ours_import": ours_import,
            "floor_export": floor_export, "ours_export": ours_export}
# The floors' modules (sqlite3, base64, json) are loaded before their clock
# starts; ours are loaded before it too, and timed apart as `modules_s` (app
# start-up, paid once per process, not per import or export).
MODULES = {"ours_import": ("relmanager.services.importer", "relmanager.store"),
           "ours_export": ("relmanager.services.exporter", "relmanager.store")}


def _child(name: str, a: str, b: str) -> None:
    start = time.perf_counter()
    for module in MODULES.get(name, ()):
        importlib.import_module(module)
    loaded = time.perf_counter()
    info = CHILDREN[name](Path(a), Path(b))
    info.update(seconds=time.perf_counter() - loaded, modules_s=loaded - start,
                peak_rss_mib=_peak_mib())
    print(json.dumps(info))


def _run(name: str, a: Path, b: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.import_export", "--child", name,
                          str(a), str(b)], cwd=REPO, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs (the least disturbed by other load), worst peak memory."""
    best = dict(min(runs, key=lambda r: float(r["seconds"])))
    best["peak_rss_mib"] = max(float(r["peak_rss_mib"]) for r in runs)
    return best


def measure(cards: int, photos: float, work: Path, repeat: int = 1) -> dict[str, Any]:
    book = work / f"book{cards}.vcf"
    if not book.exists():
        subprocess.run([sys.executable, str(GENERATOR), "--cards", str(cards), "--photos",
                        str(photos), "--out", str(book)], check=True, capture_output=True)
    home = work / f"home{cards}"
    floor_db = work / f"floor{cards}.db"
    home.mkdir(exist_ok=True)
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in ("fi", "first", "again", "fe", "ex")}
    for _ in range(repeat):  # each step of every round on the same terms: floor, then ours
        for p in (floor_db, home / "relmanager.db"):
            p.unlink(missing_ok=True)
        runs["fi"].append(_run("floor_import", book, floor_db))
        runs["first"].append(_run("ours_import", book, home))
        runs["again"].append(_run("ours_import", book, home))
        runs["fe"].append(_run("floor_export", home, work / "floor-export.vcf"))
        runs["ex"].append(_run("ours_export", home, work / "ours-export.vcf"))
    fi, first, again, fe, ex = (_best(runs[k]) for k in ("fi", "first", "again", "fe", "ex"))
    return {
        "cards": cards, "repeat": repeat, "book_mib": round(book.stat().st_size / 2**20, 1),
        "floor_import_s": fi["seconds"], "first_import_s": first["seconds"],
        "reimport_s": again["seconds"], "floor_export_s": fe["seconds"],
        "export_s": ex["seconds"],
        "first_import_ratio": first["seconds"] / fi["seconds"],
        "reimport_ratio": again["seconds"] / fi["seconds"],
        "export_ratio": ex["seconds"] / fe["seconds"],
        "ours_modules_s": ex["modules_s"],
        "first_import_ratio_with_modules": (first["seconds"] + first["modules_s"]) / fi["seconds"],
        "export_ratio_with_modules": (ex["seconds"] + ex["modules_s"]) / fe["seconds"],
        "first_import_peak_mib": first["peak_rss_mib"],
        "floor_import_peak_mib": fi["peak_rss_mib"],
        "reimport_unchanged": again["unchanged"], "created": first["created"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("NAME", "A", "B"))
    parser.add_argument("--cards", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--photos", type=float, default=0.1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every step N times and keep each one's fastest (busy machines)")
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    work = args.out or Path(tempfile.mkdtemp(prefix="relmanager-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = [measure(n, args.photos, work, max(1, args.repeat)) for n in args.cards]
    print(json.dumps({"benchmark": "import_export", "runs": results}, indent=2))


if __name__ == "__main__":
    main()
