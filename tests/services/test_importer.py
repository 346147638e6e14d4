"""Importing real and hand-made vCards into a real SQLite file."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from relmanager.domain import InteractionKind
from relmanager.services.contact_edit import load_editable, save_contact, set_dont_pitch
from relmanager.services.import_undo import NothingToUndoError, undo_import
from relmanager.services.importer import ImportProgress, import_files
from relmanager.services.interactions import log_interaction
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import load_contacts

CRLF = "\r\n"


def vcf(tmp_path: Path, name: str, *cards: str) -> Path:
    path = tmp_path / name
    path.write_bytes("".join(
        f"BEGIN:VCARD{CRLF}VERSION:3.0{CRLF}{card.strip().replace(chr(10), CRLF)}{CRLF}"
        f"END:VCARD{CRLF}" for card in cards).encode())
    return path


def all_contacts(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        ids = conn.execute(select(s.contacts.c.id)).scalars().all()
        return {c.uid: c for c in load_contacts(conn, ids).values()}


def count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def top_level_begins(data: bytes) -> int:
    """BEGIN:VCARD lines not inside another card (AGENT cards are nested)."""
    depth = top = 0
    for raw in re.split(rb"\r\n|\r|\n", data.replace(b"\x00", b"")):
        line = raw.strip().upper()
        if line.endswith(b"BEGIN:VCARD"):
            top += depth == 0
            depth += 1
        elif line.endswith(b"END:VCARD") and depth:
            depth -= 1
    return top


def test_whole_corpus_imports_and_every_card_is_accounted_for(engine: Engine, corpus) -> None:
    files = sorted(corpus.glob("*.vcf"))
    result = import_files(engine, files)
    assert result.cards_seen == result.created + result.merged + result.unchanged + result.failed
    assert len(result.errors) == result.failed
    for error in result.errors:
        assert error.file.endswith(".vcf") and error.card_index is not None and error.line
        assert error.reason
    assert count(engine, s.contacts) == result.created


@pytest.mark.parametrize("name", [
    "ezvcard__John_Doe_IPHONE.vcf", "folker__AnsiIssue.vcf", "calcard__010.vcf",
    "folker__Utf-8_Ukrainian.vcf", "virginity__support21.vcf", "nodevcf__photo-base64.vcf",
])
def test_corpus_file_cards_seen_matches_its_begin_lines(tmp_path, engine: Engine, corpus,
                                                       name: str) -> None:
    data = (corpus / name).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode()
    result = import_files(engine, [corpus / name])
    assert result.cards_seen == top_level_begins(data)
    assert result.created + result.merged + result.unchanged + result.failed == result.cards_seen


def test_reimporting_the_corpus_changes_nothing(engine: Engine, corpus) -> None:
    files = sorted(corpus.glob("*.vcf"))
    first = import_files(engine, files)
    before = all_contacts(engine)
    again = import_files(engine, files)
    assert (again.created, again.merged) == (0, 0)
    assert again.unchanged == first.cards_seen - first.failed
    assert all_contacts(engine) == before


def test_unreadable_file_is_reported_and_others_still_import(tmp_path, engine: Engine) -> None:
    good = vcf(tmp_path, "good.vcf", "UID:1\nFN:Ada Lovelace")
    result = import_files(engine, [tmp_path / "missing.vcf", good])
    assert result.created == 1
    assert result.errors[0].file.endswith("missing.vcf")
    assert result.errors[0].card_index is None and "cannot read" in result.errors[0].reason


def test_bad_card_names_file_index_and_line_and_keeps_the_rest(tmp_path, engine) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:First\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nTEL;TYPE=" + b"," * 5000 + b'"' + b":1\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c\r\nFN:Third\r\nEND:VCARD\r\n")
    result = import_files(engine, [path])
    assert result.cards_seen == 3
    names = sorted(c.display_name for c in all_contacts(engine).values())
    assert "First" in names and "Third" in names
    assert result.failed + result.created == 3
    if result.failed:
        assert (result.errors[0].card_index, result.errors[0].line) == (1, 6)


def test_same_email_and_name_merge_fields_unioned(tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf",
                              "UID:phone-1\nFN:Maria Rossi\nEMAIL:maria@example.org\nTEL:+39 06 1234 5678")])
    result = import_files(engine, [vcf(tmp_path, "b.vcf",
                                       "UID:google-9\nFN:Maria Rossi\nEMAIL:MARIA@example.org\n"
                                       "TITLE:Architect\nCATEGORIES:Friends")])
    assert (result.created, result.merged) == (0, 1)
    [maria] = all_contacts(engine).values()
    assert maria.uid == "phone-1"
    assert [e.address for e in maria.emails] == ["maria@example.org"]
    assert [p.number for p in maria.phones] == ["+39 06 1234 5678"]
    assert maria.title == "Architect" and maria.categories == ["Friends"]


def test_same_phone_written_differently_and_same_name_merge(tmp_path, engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", "UID:x1\nFN:Jan Novak\nTEL:+49 30 1234567")])
    result = import_files(engine, [vcf(tmp_path, "b.vcf",
                                       "UID:x2\nFN:Jan Novak\nTEL:030 1234567\nTITLE:Chef")])
    assert result.merged == 1 and count(engine, s.contacts) == 1
    [jan] = all_contacts(engine).values()
    assert [p.number for p in jan.phones] == ["+49 30 1234567"] and jan.title == "Chef"


def test_uncertain_match_is_kept_apart_and_listed(tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", "UID:1\nFN:Sam Smith\nEMAIL:info@shop.example")])
    result = import_files(engine, [vcf(tmp_path, "b.vcf",
                                       "UID:2\nFN:Alex Jones\nEMAIL:info@shop.example")])
    assert result.created == 1 and result.possible_duplicates == 1
    with engine.connect() as conn:
        [dup] = conn.execute(select(s.duplicate_candidates)).all()
    assert "same e-mail" in dup.reason


def test_updated_card_updates_but_never_overwrites_user_edits(tmp_path, engine) -> None:
    import_files(engine, [vcf(tmp_path, "v1.vcf", "UID:u\nFN:Lee Chan\nTITLE:Engineer\nNOTE:old")])
    with write_transaction(engine) as conn:
        conn.execute(update(s.contacts).values(title="CTO (my words)",
                                               user_edited='["title"]'))
    result = import_files(engine, [vcf(tmp_path, "v2.vcf",
                                       "UID:u\nFN:Lee Chan\nTITLE:Manager\nNOTE:new")])
    assert result.merged == 1
    [lee] = all_contacts(engine).values()
    assert lee.title == "CTO (my words)"
    assert lee.note == "new"


def test_an_email_the_user_removed_stays_removed_when_a_newer_card_comes(
        tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "v1.vcf", "UID:u\nFN:Lee Chan\n"
                              "EMAIL:lee@old-job.example\nEMAIL:lee@home.example")])
    [lee] = all_contacts(engine).values()
    editable = load_editable(engine, lee.id)
    lee.emails = [e for e in lee.emails if e.address != "lee@old-job.example"]
    save_contact(engine, lee, editable.head)  # the user removed the stale address
    # The phone's address book still has it, and the card gained a phone since.
    result = import_files(engine, [vcf(tmp_path, "v2.vcf", "UID:u\nFN:Lee Chan\n"
                                       "EMAIL:lee@old-job.example\nEMAIL:lee@home.example\n"
                                       "EMAIL:lee@new-job.example\nTEL:+44 20 7946 0000")])
    assert result.merged == 1
    [lee] = all_contacts(engine).values()
    assert [e.address for e in lee.emails] == ["lee@home.example"]  # the user's list
    assert [p.number for p in lee.phones] == ["+44 20 7946 0000"]  # not edited: unioned


def test_undo_keeps_what_the_user_worked_on_since_the_import(tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", "UID:old\nFN:Lee Chan\nEMAIL:lee@example.org")])
    batch = import_files(engine, [vcf(
        tmp_path, "b.vcf",
        "UID:old\nFN:Lee Chan\nEMAIL:lee@example.org\nTITLE:CTO",  # merged into Lee
        "UID:n1\nFN:Untouched New", "UID:n2\nFN:Edited New", "UID:n3\nFN:Called New",
        "UID:n4\nFN:Flagged New")])
    assert (batch.created, batch.merged) == (4, 1)
    ids = {c.display_name: c.id for c in all_contacts(engine).values()}
    with write_transaction(engine) as conn:  # a second later, as a user would
        conn.execute(update(s.import_batches).where(s.import_batches.c.id == batch.batch_id)
                     .values(finished_at="2000-01-01T00:00:00+00:00"))
    edited = load_editable(engine, ids["Edited New"])
    edited.contact.note = "met at the climbing gym"
    save_contact(engine, edited.contact, edited.head)
    lee = load_editable(engine, ids["Lee Chan"])
    lee.contact.note = "prefers Signal"
    save_contact(engine, lee.contact, lee.head)
    log_interaction(engine, ids["Called New"], InteractionKind.CALL, date(2026, 11, 20))
    set_dont_pitch(engine, [ids["Flagged New"]], True)

    result = undo_import(engine)
    assert (result.removed, result.restored, result.kept) == (1, 0, 4)
    assert result.describe() == (
        f"Undid import {batch.batch_id}: removed 1 contact, restored 0 merged contacts; "
        "kept 4 contacts you changed since the import (edited, merged or with history).")
    left = {c.display_name: c for c in all_contacts(engine).values()}
    assert sorted(left) == ["Called New", "Edited New", "Flagged New", "Lee Chan"]
    assert (left["Lee Chan"].title, left["Lee Chan"].note) == ("CTO", "prefers Signal")


def test_undo_removes_created_and_restores_merged_exactly(tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf",
                              "UID:1\nFN:Maria Rossi\nEMAIL:maria@example.org")])
    before = all_contacts(engine)
    second = import_files(engine, [vcf(tmp_path, "b.vcf",
                                       "UID:1\nFN:Maria Rossi\nEMAIL:maria@example.org\nTITLE:Dr",
                                       "UID:2\nFN:New Person")])
    assert (second.created, second.merged) == (1, 1)
    result = undo_import(engine)
    assert (result.batch_id, result.removed, result.restored) == (second.batch_id, 1, 1)
    assert all_contacts(engine) == before
    # Re-importing after undo works again (the restored hash is the old one).
    assert import_files(engine, [tmp_path / "b.vcf"]).merged == 1
    with pytest.raises(NothingToUndoError):
        undo_import(engine, second.batch_id)


def test_cancel_leaves_the_database_as_it_was(tmp_path, engine: Engine, corpus) -> None:
    calls = 0

    def cancel_after_some() -> bool:
        nonlocal calls
        calls += 1
        return calls > 300

    result = import_files(engine, [corpus / "folker__LargeFile.vcf"],
                          should_cancel=cancel_after_some)
    assert result.cancelled and result.batch_id is None
    assert count(engine, s.contacts) == 0 and count(engine, s.import_batches) == 0


def test_progress_reports_bytes_and_reaches_the_end(engine: Engine, corpus) -> None:
    seen: list[ImportProgress] = []
    import_files(engine, [corpus / "folker__LargeFile.vcf"], progress=seen.append)
    assert len(seen) >= 5
    done = [p.bytes_done for p in seen]
    assert done == sorted(done) and done[-1] == seen[-1].bytes_total > 0


def test_dry_run_counts_but_writes_nothing(engine: Engine, corpus) -> None:
    result = import_files(engine, [corpus / "folker__LargeFile.vcf"], dry_run=True)
    assert result.created > 900 and result.batch_id is None
    assert count(engine, s.contacts) == 0


def test_card_without_any_name_gets_a_label(tmp_path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "n.vcf", "UID:n\nBDAY:2003-12-09",
                              "UID:m\nTEL:+1 555 0100")])
    names = sorted(c.display_name for c in all_contacts(engine).values())
    assert names == ["+1 555 0100", "Unnamed contact"]
