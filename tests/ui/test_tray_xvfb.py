"""A real tray: Xvfb + trayer, the app's real window and tray icon in a subprocess
(tray_driver.py), a generated book with a history of interactions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import select, update

from relmanager.domain import InteractionKind
from relmanager.paths import app_paths
from relmanager.services.interactions import log_many
from relmanager.services.reminders import due, snoozed_until
from relmanager.store import open_database, write_transaction
from relmanager.store import schema as s
from tests.ui.test_app_xvfb import wait_for_log
from tests.ui.xvfb import stop_process, x11_env

DOCS = Path(__file__).resolve().parents[2] / "docs"
DRIVER = Path(__file__).with_name("tray_driver.py")
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def tray_display(xvfb_display: str) -> Iterator[str]:
    """trayer (a stand-alone system tray panel) on the test's X server."""
    binary = shutil.which("trayer")
    if binary is None:
        if os.environ.get("RELMANAGER_REQUIRE_XVFB"):
            pytest.fail("trayer is required (RELMANAGER_REQUIRE_XVFB is set) but not installed")
        pytest.skip("trayer not installed (apt install trayer)")
    proc = subprocess.Popen(
        [binary, "--edge", "bottom", "--align", "right", "--widthtype", "request",
         "--height", "32", "--SetDockType", "true", "--transparent", "false"],
        env=x11_env(xvfb_display), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        assert proc.poll() is None, "trayer exited at once"
        yield xvfb_display
    finally:
        stop_process(proc)


def build_home(tmp_path: Path, corpus: Path) -> Path:
    """A 200-card generated book, imported, added a year ago, each contact last met
    0-200 days ago: some are due, some not."""
    home = tmp_path / "home"
    book = tmp_path / "book.vcf"
    generator = corpus.parents[1] / "bench" / "gen_vcards.py"
    subprocess.run([sys.executable, str(generator), "--cards", "200", "--photos", "0",
                    "--out", str(book)], check=True, capture_output=True, timeout=120)
    subprocess.run([sys.executable, "-m", "relmanager", "--home", str(home), "import",
                    str(book)], check=True, capture_output=True, timeout=300, cwd=REPO)
    paths = app_paths(home)
    engine = open_database(paths.database, paths.backups)
    today = date.today()
    with write_transaction(engine) as conn:
        conn.execute(update(s.contacts).values(
            created_at=f"{(today - timedelta(days=400)).isoformat()}T10:00:00+00:00"))
        ids = list(conn.execute(select(s.contacts.c.id).order_by(s.contacts.c.id)).scalars())
    for n, cid in enumerate(ids):
        log_many(engine, [cid], (InteractionKind.MET, InteractionKind.MESSAGE)[n % 2],
                 today - timedelta(days=(n * 37) % 200))
    assert len(due(engine, today)) >= 5
    engine.dispose()
    return home


@pytest.mark.xvfb
def test_real_tray_menu_notification_and_quit(tray_display: str, tmp_path: Path,
                                              corpus: Path) -> None:
    home = build_home(tmp_path, corpus)
    report_file = tmp_path / "report.json"
    run = subprocess.run([sys.executable, str(DRIVER), str(home), str(report_file),
                          str(tmp_path)], env=x11_env(tray_display), cwd=REPO,
                         capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(report_file.read_text())

    assert report["system_tray_available"] is True
    assert report["feature_tray"] is True and report["icon_visible"] is True
    assert report["quit_on_last_window_closed"] is False  # closing keeps the app in the tray
    assert report["menu"][0].startswith("Due now (")
    assert {"&Open relmanager", "&Pause reminders", "&Quit"} <= set(report["menu"])
    assert len(report["due_contacts"]) == 5  # the top few, each with its submenu

    today = date.today()
    engine = open_database(app_paths(home).database)
    try:
        i = s.interactions.c
        with engine.connect() as conn:
            latest = conn.execute(select(i.kind, i.occurred_on).where(
                i.contact_id == report["logged"]).order_by(i.id.desc())).first()
        assert tuple(latest) == ("met", today.isoformat())  # Log touch from the tray
        assert snoozed_until(engine, report["snoozed"]) == today + timedelta(days=7)
        assert report["logged"] not in {it.contact_id for it in due(engine, today)}
    finally:
        engine.dispose()
    assert report["undo_text"].startswith("snooze ")  # tray actions are undoable too

    assert report["visible_after_close"] is False and report["hint_shown"] is True
    assert report["visible_after_click"] is True and report["due_page_after_click"] is True
    assert report["exit_code"] == 0  # Quit really quits

    for name in ("due-view.png", "tray-menu.png"):
        image = QImage(str(tmp_path / name))
        assert not image.isNull() and image.width() > 100, name
        if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
            shutil.copy(tmp_path / name, DOCS / name)


def start_minimized(display: str, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "relmanager", "--home", str(home),
                             "--minimized"], env=x11_env(display), cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.xvfb
def test_autostart_with_a_tray_stays_hidden_in_it(tray_display: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = start_minimized(tray_display, home)
    try:
        log = home / "logs" / "relmanager.log"
        wait_for_log(log, "Started minimized to the tray")
        time.sleep(1.0)
        assert "Main window shown" not in log.read_text()
    finally:
        stop_process(proc)


@pytest.mark.xvfb
def test_autostart_without_a_tray_shows_the_window(xvfb_display: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = start_minimized(xvfb_display, home)
    try:
        wait_for_log(home / "logs" / "relmanager.log", "Main window shown")
    finally:
        stop_process(proc)
