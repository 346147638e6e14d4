"""Drive the real window and tray on an X display with a tray (run by test_tray_xvfb.py).

    python tray_driver.py HOME REPORT.json [SHOT_DIR]

Builds the app's real MainWindow over HOME's database, uses the tray menu as a
user would (log touch, snooze a week), closes the window to the tray, clicks the
notification, optionally takes screenshots, then quits through the tray's Quit.
Writes what it observed as JSON; the test asserts on it and on the database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon

from relmanager import settings
from relmanager.paths import app_paths
from relmanager.store import open_database
from relmanager.ui.app import make_application
from relmanager.ui.main_window import MainWindow


def spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(check, timeout_ms: int = 10_000) -> bool:  # type: ignore[no-untyped-def]
    waited = 0
    while not check() and waited < timeout_ms:
        spin(50)
        waited += 50
    return bool(check())


def grab(rect: QRect, out: Path) -> None:
    screen = QGuiApplication.primaryScreen()
    image = screen.grabWindow(0).toImage().copy(rect.intersected(screen.geometry()))
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"could not save {out}")


def main() -> int:
    home, report_path = Path(sys.argv[1]), Path(sys.argv[2])
    shots = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    app = make_application()
    # trayer may take a moment to claim the tray selection after it starts.
    wait_until(QSystemTrayIcon.isSystemTrayAvailable, 5000)
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    report: dict[str, object] = {"system_tray_available":
                                 QSystemTrayIcon.isSystemTrayAvailable()}
    window = MainWindow(engine, paths)
    feature, tray = window.reminders, window.reminders.tray
    report.update(feature_tray=tray.available, icon_visible=tray.icon.isVisible(),
                  quit_on_last_window_closed=app.quitOnLastWindowClosed())
    window.resize(1100, 620)
    window.show()
    wait_until(lambda: window.isVisible() and not feature.view.loading)
    report["menu"] = [a.text() for a in tray.menu.actions()]
    report["due_contacts"] = list(tray.due_actions)

    if shots is not None:
        feature.show_due()
        spin(800)
        grab(window.frameGeometry().adjusted(0, 0, 1, 1), shots / "due-view.png")

    first, second = list(tray.due_actions)[:2]
    tray.due_actions[first][0].trigger()  # Due now ▸ first ▸ Log touch
    wait_until(lambda: not feature.view.loading and first not in tray.due_actions)
    tray.due_actions[second][1].trigger()  # Due now ▸ second ▸ Snooze a week
    wait_until(lambda: not feature.view.loading and second not in tray.due_actions)
    report.update(logged=first, snoozed=second, menu_after=[a.text() for a in
                                                            tray.menu.actions()],
                  undo_text=window.undo_stack.undoText())

    if shots is not None and tray.available:
        icon = tray.icon.geometry()
        tray.menu.popup(QPoint(0, 0))
        spin(300)
        size = tray.menu.sizeHint()
        spot = QPoint(max(0, icon.right() - size.width()), max(0, icon.top() - size.height()))
        tray.menu.move(spot)
        spin(800)
        area = QRect(spot, size).united(icon).adjusted(-40, -20, 8, 8)
        grab(area, shots / "tray-menu.png")
        tray.menu.hide()
        report["icon_geometry"] = [icon.x(), icon.y(), icon.width(), icon.height()]

    window.close()  # the close button: the app stays in the tray
    spin(1000)
    with engine.connect() as conn:
        report["hint_shown"] = settings.get(conn, settings.TRAY_HINT_SHOWN)
    report["visible_after_close"] = window.isVisible()

    window.pages.setCurrentIndex(0)
    tray.icon.messageClicked.emit()  # no notification daemon runs: click it by hand
    wait_until(window.isVisible, 5000)
    report.update(visible_after_click=window.isVisible(),
                  due_page_after_click=window.pages.currentWidget() is feature.view)

    quit_action = next(a for a in tray.menu.actions() if a.text() == "&Quit")
    QTimer.singleShot(200, quit_action.trigger)
    QTimer.singleShot(10_000, lambda: app.exit(3))  # a Quit that does not quit fails
    report["exit_code"] = app.exec()
    report_path.write_text(json.dumps(report, indent=2))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
