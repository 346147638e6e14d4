"""The in-process half of bench.ui: drives the real MainWindow offscreen.

    python -m bench.ui_child HOME BOOK QUERIES_JSON TICK_MS

Prints one JSON object (per-keystroke and per-frame times, sort times, import
latency, peak RSS) for bench.ui to summarise.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _search(window: Any, app: Any, queries: list[str]) -> list[float]:
    field = window.filter_bar.search
    viewport = window.table.viewport()
    times = []
    for query in queries:
        for n in range(1, len(query) + 1):
            start = time.perf_counter()
            field.setText(query[:n])  # textChanged: filter + model reset, as typing does
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000)
        field.clear()
        app.processEvents()
    return times


def _scroll(window: Any, app: Any) -> list[float]:
    table = window.table
    bar = table.verticalScrollBar()
    viewport = table.viewport()
    bar.setValue(0)
    app.processEvents()
    times = []
    while bar.value() < bar.maximum():
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        viewport.repaint()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _sorts(window: Any) -> dict[str, float]:
    from PySide6.QtCore import Qt

    from relmanager.ui.contact_table import HEADERS, Column

    out = {}
    table = window.table
    for column in (*Column, Column.NAME):
        start = time.perf_counter()
        table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        table.viewport().repaint()
        out[HEADERS[column].lower().replace(" ", "_")] = round(
            (time.perf_counter() - start) * 1000, 1)
    return out


def _import_latency(window: Any, app: Any, book: Path, tick_ms: int) -> tuple[float, float, int]:
    from PySide6.QtCore import QTimer

    last = [time.perf_counter()]
    late = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        late[0] = max(late[0], (now - last[0]) * 1000 - tick_ms)
        last[0] = now

    results: list[Any] = []
    window.import_flow.finished.connect(results.append)
    timer = QTimer()
    timer.setInterval(tick_ms)
    timer.timeout.connect(tick)
    timer.start()
    start = time.perf_counter()
    last[0] = start
    window.import_files([str(book)])
    while not results:
        app.processEvents()
        time.sleep(0.0005)
    took = time.perf_counter() - start
    # The window refreshes on data_changed before `finished`; let queued paints run.
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    summary = window.import_flow.summary
    if summary is not None:
        summary.close()
    return late[0], took, results[0].created


def main() -> None:
    home, book, queries, tick_ms = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    from PySide6.QtWidgets import QApplication

    from relmanager.paths import app_paths
    from relmanager.store import open_database
    from relmanager.ui.main_window import MainWindow

    app = QApplication(["relmanager-bench"])
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    window = MainWindow(engine, paths)
    window.resize(1100, 700)
    window.show()
    app.processEvents()
    search_ms = _search(window, app, json.loads(queries))
    scroll_ms = _scroll(window, app)
    sort_ms = _sorts(window)
    latency, import_s, created = _import_latency(window, app, book, int(tick_ms))
    print(json.dumps({
        "search_ms": search_ms, "scroll_ms": scroll_ms, "sort_ms": sort_ms,
        "import_max_latency_ms": latency, "import_s": import_s, "import_created": created,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
    window.close()
    engine.dispose()


if __name__ == "__main__":
    main()
