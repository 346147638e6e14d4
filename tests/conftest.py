"""Shared fixtures: a real data directory and a real SQLite file per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests run offscreen unless a test starts its own X server (see tests/ui/xvfb.py).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the developer's real data dir from a test.
os.environ.pop("RELMANAGER_HOME", None)

from sqlalchemy import Engine

from relmanager.paths import AppPaths, app_paths
from relmanager.store import open_database

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "vcf"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def paths(home: Path) -> AppPaths:
    return app_paths(home)


@pytest.fixture
def engine(paths: AppPaths) -> Iterator[Engine]:
    eng = open_database(paths.database, paths.backups)
    yield eng
    eng.dispose()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"vCard corpus not found at {CORPUS} (clone with shared/ beside the repo)")
    return CORPUS
