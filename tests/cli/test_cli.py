"""The CLI as a user runs it: a real process, a real data dir."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager import __version__
from relmanager.paths import app_paths
from relmanager.store import open_database
from tests.factories import make_contact, store


def run(home: Path, *args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "RELMANAGER_HOME"}
    env["RELMANAGER_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "relmanager", *args], env=env, capture_output=True, text=True,
        timeout=60, check=False,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def test_fresh_home_lists_no_contacts_as_empty_json_with_private_files(tmp_path: Path) -> None:
    home = tmp_path / "new"
    result = run(home, "contacts", "--json", umask=0o022)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert (home.stat().st_mode & 0o777) == 0o700
    assert ((home / "relmanager.db").stat().st_mode & 0o777) == 0o600


def test_version_names_the_release(tmp_path: Path) -> None:
    result = run(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"relmanager {__version__}"


def test_home_option_overrides_environment(tmp_path: Path) -> None:
    result = run(tmp_path / "env-home", "contacts", "--json", "--home", str(tmp_path / "opt"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "opt" / "relmanager.db").exists()
    assert not (tmp_path / "env-home" / "relmanager.db").exists()


def test_contacts_json_follows_the_contract_and_set_circle_wins(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "h")
    engine = open_database(paths.database)
    ada, bob = store(engine, make_contact("Ada Lovelace", "ada@example.org", "Analytical Ltd"),
                     make_contact("Bob Builder", "bob@gmail.com"))
    engine.dispose()

    result = run(paths.home, "set-circle", str(bob), "friend")
    assert result.returncode == 0, result.stderr

    listed = json.loads(run(paths.home, "contacts", "--json").stdout)
    by_id = {c["id"]: c for c in listed}
    assert set(by_id[ada]) == {"id", "uid", "display_name", "emails", "phones", "org", "title",
                               "circle", "circle_source", "circle_confidence", "circle_reasons"}
    assert by_id[ada]["org"] == "Analytical Ltd"
    assert by_id[ada]["circle"] == "unsorted" and by_id[ada]["circle_source"] == "suggested"
    assert by_id[bob]["circle"] == "friend" and by_id[bob]["circle_source"] == "user"
    assert by_id[bob]["emails"] == ["bob@gmail.com"]

    friends = json.loads(run(paths.home, "contacts", "--circle", "friend", "--json").stdout)
    assert [c["id"] for c in friends] == [bob]


def test_set_circle_on_unknown_contact_fails_clearly(tmp_path: Path) -> None:
    result = run(tmp_path, "set-circle", "4242", "friend")
    assert result.returncode == 1
    assert "no contact with id 4242" in result.stderr


def test_set_circle_rejects_unknown_circle(tmp_path: Path) -> None:
    result = run(tmp_path, "set-circle", "1", "enemy")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize("args", [["sync"]])
def test_commands_of_later_features_say_so_and_exit_3(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 3
    assert "not available yet" in result.stderr
    assert result.stdout == ""


def test_database_from_newer_version_exits_nonzero_naming_versions_untouched(
        tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "h")
    open_database(paths.database).dispose()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    before = hashlib.sha256(paths.database.read_bytes()).hexdigest()

    result = run(paths.home, "contacts", "--json")

    assert result.returncode == 1
    assert "0099" in result.stderr and "newer" in result.stderr
    assert hashlib.sha256(paths.database.read_bytes()).hexdigest() == before


def test_logs_go_to_a_private_file_without_contact_data(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "h")
    engine = open_database(paths.database)
    [cid] = store(engine, make_contact("Secretive Person", "secret@example.org"))
    engine.dispose()
    run(paths.home, "set-circle", str(cid), "friend")
    run(paths.home, "contacts", "--json")
    log = paths.log_file.read_text()
    assert "Secretive" not in log and "secret@example.org" not in log
    assert (paths.log_file.stat().st_mode & 0o777) == 0o600


def test_import_export_undo_from_the_command_line(tmp_path: Path, corpus) -> None:
    home = tmp_path / "h"
    result = run(home, "import", str(corpus / "ezvcard__John_Doe_IPHONE.vcf"),
                 str(corpus / "calcard__063.vcf"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report) >= {"batch_id", "cards_seen", "created", "merged", "unchanged", "failed",
                           "errors"}
    assert report["cards_seen"] == 4 and report["failed"] == 1
    [error] = report["errors"]
    assert error["file"].endswith("calcard__063.vcf")
    assert (error["card_index"], error["line"]) == (2, 9) and error["reason"]

    names = [c["display_name"] for c in json.loads(run(home, "contacts", "--json").stdout)]
    assert "Mr. John Richter James Doe Sr." in names

    out = tmp_path / "export.vcf"
    assert run(home, "export", "--output", str(out), "--vcard-version", "4.0").returncode == 0
    assert b"VERSION:4.0" in out.read_bytes() and b"Mr. John Richter James Doe Sr." in out.read_bytes()

    undo = run(home, "undo-import")
    assert undo.returncode == 0 and "removed 3" in undo.stdout
    assert json.loads(run(home, "contacts", "--json").stdout) == []
    assert run(home, "undo-import").returncode == 1


def test_import_of_nothing_readable_exits_2(tmp_path: Path) -> None:
    result = run(tmp_path / "h", "import", str(tmp_path / "missing.vcf"), "--json")
    assert result.returncode == 2
    assert "cannot read file" in json.loads(result.stdout)["errors"][0]["reason"]


def test_check_ask_judges_each_recipient_as_json(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "h")
    engine = open_database(paths.database)
    maria, client = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                          make_contact("Carl Client", "carl@acme.example"))
    engine.dispose()
    assert run(paths.home, "set-circle", str(maria), "friend").returncode == 0
    assert run(paths.home, "set-circle", str(client), "professional").returncode == 0
    assert run(paths.home, "log", str(client), "gave", "--date", "2026-01-10").returncode == 0
    assert run(paths.home, "log", str(client), "met", "--date", "2026-11-01").returncode == 0

    result = run(paths.home, "check-ask", "--to", "MARIA@gmail.com", "carl@acme.example",
                 "stranger@example.net", "--subject", "My startup",
                 "--body", "Would you back my Kickstarter campaign?", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["is_ask"] is True and report["kind"] == "invest"
    assert any("back" in e["text"].lower() for e in report["evidence"])
    by_email = {r["email"]: r for r in report["recipients"]}
    assert by_email["MARIA@gmail.com"]["level"] == "warn"
    assert by_email["MARIA@gmail.com"]["contact_id"] == maria
    assert any("friend circle" in r for r in by_email["MARIA@gmail.com"]["reasons"])
    assert by_email["stranger@example.net"]["level"] == "caution"
    assert by_email["stranger@example.net"]["contact_id"] is None
    assert set(by_email["carl@acme.example"]) == {"email", "contact_id", "circle", "level",
                                                  "reasons"}


def test_check_ask_reads_the_body_from_a_file_and_passes_plain_notes(tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("Hi! Shall we grab lunch on Friday? My treat.")
    result = run(tmp_path / "h", "check-ask", "--to", "a@example.org", "--subject", "lunch",
                 "--body-file", str(body), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["is_ask"] is False
    assert report["recipients"][0]["level"] == "ok"


def test_log_rejects_unknown_kinds_dates_and_contacts(tmp_path: Path) -> None:
    assert run(tmp_path / "h", "log", "1", "bribed").returncode == 2
    assert run(tmp_path / "h", "log", "1", "met", "--date", "yesterday").returncode == 2
    missing = run(tmp_path / "h", "log", "1", "met")
    assert missing.returncode == 1 and "no contact with id 1" in missing.stderr


def test_due_lists_friends_past_their_cadence_as_json(tmp_path: Path) -> None:
    paths = app_paths(tmp_path / "h")
    engine = open_database(paths.database)
    maria, _carl = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                         make_contact("Carl Client", "carl@acme.example"))
    engine.dispose()
    run(paths.home, "set-circle", str(maria), "friend")
    run(paths.home, "log", str(maria), "met", "--date", "2026-01-01")
    result = run(paths.home, "due", "--today", "2026-04-01", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    [item] = [i for i in items if i["contact_id"] == maria]
    assert set(item) == {"contact_id", "display_name", "reason", "due_date", "overdue_days"}
    assert item["due_date"] == "2026-03-02" and item["overdue_days"] == 30
    assert "90 days ago" in item["reason"]
