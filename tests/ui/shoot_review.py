"""Show the Review page over a generated, imported book, for a screenshot.

`python shoot_review.py HOME READY_FILE`: imports a 300-card book from
../shared/bench/gen_vcards.py through services.importer, accepts the first
group as a user would, and writes READY_FILE once the window has painted.
Started by tests/ui/test_review_xvfb.py on an Xvfb display.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.paths import app_paths
from relmanager.services.importer import import_files
from relmanager.store import open_database
from relmanager.ui.main_window import MainWindow

GENERATOR = Path(__file__).resolve().parents[3] / "shared" / "bench" / "gen_vcards.py"


def main() -> int:
    home, ready = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    book = home / "book.vcf"
    subprocess.run([sys.executable, str(GENERATOR), "--cards", "300", "--photos", "0",
                    "--seed", "7", "--out", str(book)], check=True, capture_output=True)
    import_files(engine, [book])
    window = MainWindow(engine, paths)
    window.resize(1180, 700)
    window.show()
    window.circles.show_review()
    page = window.circles.review
    QTest.keyClick(page.tree, Qt.Key.Key_Return)  # accept the first group
    QTest.keyClick(page.tree, Qt.Key.Key_Space)  # and one more contact
    QTimer.singleShot(800, lambda: ready.write_text("ready"))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
