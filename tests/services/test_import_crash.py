"""kill -9 during a 10k-card import: all of the batch or none, never a broken file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS

GENERATOR = CORPUS.parents[1] / "bench" / "gen_vcards.py"
CARDS = 10_000


@pytest.fixture(scope="module")
def book_10k(tmp_path_factory) -> Path:
    if not GENERATOR.exists():
        pytest.skip(f"book generator not found at {GENERATOR}")
    out = tmp_path_factory.mktemp("books") / "book10k.vcf"
    subprocess.run([sys.executable, str(GENERATOR), "--cards", str(CARDS), "--out", str(out)],
                   check=True, capture_output=True, timeout=120)
    return out


def start_import(home: Path, book: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "RELMANAGER_HOME"}
    return subprocess.Popen([sys.executable, "-m", "relmanager", "--home", str(home), "import",
                             str(book), "--json"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def state_after_crash(db: Path) -> tuple[str, int]:
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0] \
            if "contacts" in tables else 0
    conn.close()
    return integrity, contacts


@pytest.mark.slow
def test_kill_9_at_random_moments_leaves_all_or_nothing(tmp_path: Path, book_10k: Path) -> None:
    # How long a full import takes here, so kills land across its whole run.
    started = time.monotonic()
    full = start_import(tmp_path / "timing", book_10k)
    assert full.wait(timeout=600) == 0
    duration = time.monotonic() - started
    assert state_after_crash(tmp_path / "timing" / "relmanager.db") == ("ok", CARDS)

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    outcomes = []
    for attempt in range(4):
        home = tmp_path / f"crash{attempt}"
        proc = start_import(home, book_10k)
        time.sleep(rng.uniform(0.15, 0.95) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        db = home / "relmanager.db"
        if not db.exists():
            outcomes.append("killed before the database existed")
            continue
        integrity, contacts = state_after_crash(db)
        assert integrity == "ok", f"seed {seed}, attempt {attempt}"
        assert contacts in (0, CARDS), f"partial import of {contacts} (seed {seed})"
        outcomes.append(contacts)
        # The app opens the crashed database and a re-import completes it.
        again = start_import(home, book_10k)
        assert again.wait(timeout=600) == 0
        assert state_after_crash(db) == ("ok", CARDS)
    print(f"kill -9 outcomes (seed {seed}): {outcomes}")
