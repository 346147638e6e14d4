"""Logging to a rotating file in the data dir.

At INFO and above we log what happened (counts, ids, file names), never what
a contact contains: the log is the file users attach to bug reports.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from relmanager.paths import FILE_MODE

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating handler whose files are 0600 like the database."""

    def _open(self):  # type: ignore[no-untyped-def]  # stdlib signature is untyped
        stream = super()._open()
        Path(self.baseFilename).chmod(FILE_MODE)
        return stream


def setup_logging(log_file: Path, *, level: int = logging.INFO, stderr: bool = False) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_relmanager", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = _PrivateRotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler._relmanager = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if stderr:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        console._relmanager = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(level)
    # vobject logs the raw lines it skips: contact data must not reach the log.
    logging.getLogger("vobject").setLevel(logging.CRITICAL + 1)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per open is noise
