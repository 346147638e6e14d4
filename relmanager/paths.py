"""Where relmanager keeps its files.

One data directory holds the database, its backups and the log. It comes from
platformdirs (per-user, per-OS), and `--home DIR` or `RELMANAGER_HOME`
override it so tests and power users can keep several books apart.

Contact data is private: the directory is 0700 and the database 0600 whatever
the umask says (umask 022 would otherwise give 0755/0644).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from relmanager import APP_NAME, ORG_NAME

ENV_HOME = "RELMANAGER_HOME"
DB_FILENAME = "relmanager.db"
LOG_DIRNAME = "logs"
BACKUP_DIRNAME = "backups"

DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class AppPaths:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / DB_FILENAME

    @property
    def logs(self) -> Path:
        return self.home / LOG_DIRNAME

    @property
    def log_file(self) -> Path:
        return self.logs / f"{APP_NAME}.log"

    @property
    def backups(self) -> Path:
        return self.home / BACKUP_DIRNAME

    @property
    def instance_key(self) -> str:
        """Name for the single-instance socket: one running app per data dir."""
        digest = hashlib.sha256(str(self.home).encode()).hexdigest()[:16]
        return f"{APP_NAME}-{os.getuid() if hasattr(os, 'getuid') else 0}-{digest}"


def resolve_home(cli_home: str | os.PathLike[str] | None = None) -> Path:
    """`--home` beats `RELMANAGER_HOME` beats the platform's user data dir."""
    if cli_home:
        return Path(cli_home).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # noqa: PLC0415  (only without --home or $RELMANAGER_HOME)

    return Path(platformdirs.user_data_dir(APP_NAME, ORG_NAME, roaming=False))


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make the leaf 0700 regardless of umask."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    path.chmod(DIR_MODE)
    return path


def ensure_private_file(path: Path) -> Path:
    """Create `path` empty if missing with mode 0600, and force 0600 if present.

    Creating it ourselves with O_CREAT|0600 means there is no window in which
    SQLite has made a world-readable file.
    """
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    path.chmod(FILE_MODE)
    return path


def app_paths(cli_home: str | os.PathLike[str] | None = None) -> AppPaths:
    home = ensure_private_dir(resolve_home(cli_home))
    ensure_private_dir(home / LOG_DIRNAME)
    return AppPaths(home)
