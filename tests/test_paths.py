from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from relmanager.paths import ENV_HOME, app_paths, resolve_home
from relmanager.store import open_database


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_data_dir_is_0700_and_database_files_0600_despite_umask_022(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "fresh" / "home")
    engine = open_database(paths.database)
    with engine.connect() as conn:  # keep a connection open so -wal/-shm exist
        conn.exec_driver_sql("SELECT 1")
        assert mode(paths.home) == 0o700
        assert mode(paths.database) == 0o600
        sidecars = [paths.database.with_name(paths.database.name + s) for s in ("-wal", "-shm")]
        assert all(p.exists() for p in sidecars), "WAL mode should create -wal and -shm"
        assert [mode(p) for p in sidecars] == [0o600, 0o600]
    engine.dispose()


@pytest.mark.usefixtures("umask_022")
def test_existing_world_readable_dir_and_db_are_tightened(tmp_path: Path) -> None:
    home = tmp_path / "loose"
    home.mkdir(mode=0o755)
    (home / "relmanager.db").touch(mode=0o644)
    paths = app_paths(home)
    open_database(paths.database).dispose()
    assert mode(home) == 0o700
    assert mode(paths.database) == 0o600


def test_home_option_beats_environment_beats_platform_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "env"))
    assert resolve_home(tmp_path / "cli") == tmp_path / "cli"
    assert resolve_home(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_HOME)
    assert "relmanager" in str(resolve_home(None))
