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

SETTLE_S = 4.0  # after the window is shown, before typing


class _PaintSpy:
    """Whether the list still owes the user a paint of rows it changed."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.waiting = False
        paint = QEvent.Type.Paint

        class Filter(QObject):
            def eventFilter(self_, watched: Any, event: Any) -> bool:  # noqa: N802, N805
                if event.type() == paint:
                    self.waiting = False
                return False

        self._filter = Filter()
        window.table.viewport().installEventFilter(self._filter)
        window.model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.waiting = True


def _search(window: Any, app: Any, queries: list[str]) -> list[float]:
    """Per keystroke: the text set, then the event loop turned until the (debounced)
    search reached the model and, when the rows changed, the event loop painted
    them: what the user waits for before seeing the results. (Forcing a repaint
    instead would count a paint twice: the event loop's own one still follows.)"""
    field = window.filter_bar.search
    model = window.model
    viewport = window.table.viewport()
    spy = _PaintSpy(window)
    times = []
    for query in queries:
        for n in range(1, len(query) + 1):
            start = time.perf_counter()
            field.setText(query[:n])
            deadline = start + 5
            while (model.query.search != query[:n] or spy.waiting) \
                    and time.perf_counter() < deadline:
                app.processEvents()
            if spy.waiting:
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


class _Lateness:
    """How late (beyond `tick_ms`) a repeating timer fires while the event loop runs:
    the longest time the window could not react."""

    def __init__(self, tick_ms: int) -> None:
        from PySide6.QtCore import QTimer

        self.tick_ms = tick_ms
        self.worst = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self._last) * 1000 - self.tick_ms)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.worst


def _spin(app: Any, until: Any) -> None:
    """Run the event loop (as an idle window would, not a busy loop) until `until()`."""
    while not until():
        app.processEvents()
        time.sleep(0.0005)


def _settle_latency(app: Any, seconds: float, tick_ms: int) -> float:
    """How late a repeating timer fires while the window finishes its start-up work
    (pages loading in the background, then filling their views on the GUI thread)."""
    probe = _Lateness(tick_ms)
    probe.start()
    end = time.perf_counter() + seconds
    _spin(app, lambda: time.perf_counter() >= end)
    return probe.stop()


def _import_latency(window: Any, app: Any, book: Path, tick_ms: int) -> tuple[float, float, int]:
    from PySide6.QtCore import QThreadPool

    results: list[Any] = []
    window.import_flow.finished.connect(results.append)
    probe = _Lateness(tick_ms)
    probe.start()
    start = time.perf_counter()
    window.import_files([str(book)])
    _spin(app, lambda: bool(results))
    took = time.perf_counter() - start
    # What `finished` starts (pages re-reading in the background, then filling their
    # views on the GUI thread) is part of the import for the user: keep measuring
    # until the thread pool is idle, then let queued paints run.
    pool = QThreadPool.globalInstance()
    deadline = time.perf_counter() + 60
    _spin(app, lambda: not pool.activeThreadCount() or time.perf_counter() >= deadline)
    end = time.perf_counter() + 0.5
    _spin(app, lambda: time.perf_counter() >= end)
    late = probe.stop()
    summary = window.import_flow.summary
    if summary is not None:
        summary.close()
    return late, took, results[0].created


def main() -> None:
    home, book, queries, tick_ms = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    from PySide6.QtWidgets import QApplication

    from relmanager.paths import app_paths
    from relmanager.store import open_database
    from relmanager.ui.gui_runtime import ease_gui_thread
    from relmanager.ui.main_window import MainWindow

    app = QApplication(["relmanager-bench"])
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    window = MainWindow(engine, paths)
    window.resize(1100, 700)
    window.show()
    app.processEvents()
    ease_gui_thread()  # as run_app does once the window is shown
    # Start-up work of the pages is measured on its own, so keystrokes measure search.
    settle = _settle_latency(app, SETTLE_S, int(tick_ms))
    search_ms = _search(window, app, json.loads(queries))
    scroll_ms = _scroll(window, app)
    sort_ms = _sorts(window)
    latency, import_s, created = _import_latency(window, app, book, int(tick_ms))
    print(json.dumps({
        "settle_max_latency_ms": settle, "search_ms": search_ms, "scroll_ms": scroll_ms,
        "sort_ms": sort_ms,
        "import_max_latency_ms": latency, "import_s": import_s, "import_created": created,
        "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))
    window.close()
    engine.dispose()


if __name__ == "__main__":
    main()
