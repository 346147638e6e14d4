"""Merging two stored contacts on a real SQLite file, and undoing it exactly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from relmanager.domain import Circle, InteractionKind
from relmanager.services.contact_merge import merge, undo_merge
from relmanager.services.contacts import set_circle
from relmanager.services.duplicates import DuplicateError, list_candidates
from relmanager.services.exporter import export_contacts
from relmanager.services.importer import import_files
from relmanager.services.interactions import history, log_interaction
from relmanager.services.reminders.actions import snooze_many, snooze_rows
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import load_contacts, replace_contact
from tests.factories import make_contact, store
from tests.services.test_duplicates import (
    ANNA,
    ANNA_WORK,
    PNG,
    card,
    dump,
    head,
    import_pair,
)
from tests.services.test_importer import vcf

# A second, different picture (a GIF header) for "which photo" choices.
GIF = "R0lGODlhAQABAAAAACw="


def same_but_time(one: dict[str, list[tuple]], two: dict[str, list[tuple]]) -> bool:
    """Equal dumps, but for `contacts.updated_at` (a clock reading)."""
    at = [c.name for c in s.contacts.columns].index("updated_at")
    def strip(d: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
        return {**d, "contacts": [r[:at] + r[at + 1:] for r in d["contacts"]]}
    return strip(one) == strip(two)


def exported(engine: Engine, tmp_path: Path, *ids: int) -> bytes:
    out = tmp_path / f"export-{'-'.join(map(str, ids))}.vcf"
    export_contacts(engine, out, ids=list(ids))
    return out.read_bytes()


def test_merge_applies_choices_unions_lists_and_moves_history(engine: Engine,
                                                              tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    log_interaction(engine, other, InteractionKind.CALL, date(2024, 5, 1), "about the offer")
    log_interaction(engine, keep, InteractionKind.MET, date(2023, 1, 1))
    merge(engine, keep, other, {"display_name": "other", "name": "other",
                                "organisations": "keep"})
    merged = card(engine, keep)
    assert card(engine, other) is None
    assert merged.display_name == "Anna Smith-Jones"
    assert merged.name.family == "Smith-Jones"
    assert [o.name for o in merged.organisations] == ["Acme"]
    assert merged.title == "Engineer" and merged.note == "Met at the climbing gym"
    assert merged.birthday is not None and merged.birthday.year == 1990  # only the other had one
    assert merged.uid == "anna-1"
    # e-mails compare case-insensitively: anna@ once, plus the work address
    assert [e.address for e in merged.emails] == ["anna@example.org", "a.jones@bigcorp.example"]
    assert merged.categories == ["Climbing", "Work"]
    assert merged.urls == ["https://bigcorp.example/anna"]
    assert [p.number for p in merged.phones] == ["+49 30 1234567"]
    with engine.connect() as conn:
        log = history(conn, [keep, other])
    assert [(i.kind, i.note) for i in log[keep]] == [
        (InteractionKind.MET, ""), (InteractionKind.CALL, "about the offer")]
    assert other not in log
    assert list_candidates(engine) == []
    # what the user decided between survives a re-import of the kept card
    assert {"display_name", "name", "organisations"} <= set(
        json.loads(head(engine, keep).user_edited))


def test_circle_decision_only_one_side_or_chosen(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    set_circle(engine, other, Circle.FRIEND)
    with write_transaction(engine) as conn:
        conn.execute(update(s.contacts).where(s.contacts.c.id == other).values(dont_pitch=True))
    undo = merge(engine, keep, other, {})
    row = head(engine, keep)
    assert row.circle_user == "friend"  # only the other had one: kept
    assert row.dont_pitch  # either side said "don't pitch"
    undo_merge(engine, undo)
    set_circle(engine, keep, Circle.PROFESSIONAL)
    merge(engine, keep, other, {"circle": "other"})
    assert head(engine, keep).circle_user == "friend"


def test_both_circles_differ_and_keep_wins_by_default(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    set_circle(engine, keep, Circle.PROFESSIONAL)
    set_circle(engine, other, Circle.FRIEND)
    merge(engine, keep, other, {})
    assert head(engine, keep).circle_user == "professional"


def test_undo_restores_both_contacts_exactly(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    third = store(engine, make_contact("Anna S", "anna.s@example.org"))[0]
    with write_transaction(engine) as conn:  # `other` is also a possible duplicate of a third
        conn.execute(s.duplicate_candidates.insert().values(
            contact_a=third, contact_b=other, reason="same phone"))
    set_circle(engine, keep, Circle.PROFESSIONAL)
    set_circle(engine, other, Circle.FRIEND)
    log_interaction(engine, other, InteractionKind.GAVE, date(2024, 2, 2), "book")
    log_interaction(engine, keep, InteractionKind.CALL, date(2024, 3, 3))
    before = dump(engine)

    undo = merge(engine, keep, other, {"display_name": "other", "circle": "other"})
    after_merge = dump(engine)
    assert after_merge != before
    [left] = list_candidates(engine)  # the third's pair now points at the kept contact
    assert {left.a.id, left.b.id} == {keep, third}

    undo_merge(engine, undo)
    assert dump(engine) == before  # every row of every table
    assert len(list_candidates(engine)) == 2

    merge(engine, keep, other, {"display_name": "other", "circle": "other"})  # redo
    assert same_but_time(dump(engine), after_merge)
    assert card(engine, keep).display_name == "Anna Smith-Jones"
    assert head(engine, keep).circle_user == "friend"


def test_merge_then_undo_gives_byte_identical_exports(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(
        engine, tmp_path, ANNA + "X-SOCIALPROFILE;TYPE=twitter:anna\n",
        ANNA_WORK + f"PHOTO;ENCODING=b;TYPE=PNG:{PNG}\nNICKNAME:Annie\n")
    set_circle(engine, other, Circle.FRIEND)
    before = exported(engine, tmp_path, keep), exported(engine, tmp_path, other)
    undo = merge(engine, keep, other, {"note": "other", "title": "other"})
    merged = exported(engine, tmp_path, keep)
    assert merged not in before
    assert b"a.jones@bigcorp.example" in merged and b"X-SOCIALPROFILE" in merged
    undo_merge(engine, undo)
    assert (exported(engine, tmp_path, keep), exported(engine, tmp_path, other)) == before


def test_photos_are_a_choice_and_raw_properties_are_kept(engine: Engine,
                                                         tmp_path: Path) -> None:
    keep, other = import_pair(
        engine, tmp_path, ANNA + f"X-SOCIALPROFILE;TYPE=twitter:anna\nPHOTO;ENCODING=b:{GIF}\n",
        ANNA_WORK + f"PHOTO;ENCODING=b;TYPE=PNG:{PNG}\n")
    before = dump(engine)
    undo = merge(engine, keep, other, {"photos": "other"})
    merged = card(engine, keep)
    assert [p.data for p in merged.photos] == [b"\x89PNG\r\n\x1a\n"]  # the picked one only
    assert merged.raw_values("X-SOCIALPROFILE") == ["anna"]
    undo_merge(engine, undo)
    assert dump(engine) == before
    merge(engine, keep, other, {})
    assert [p.data[:3] for p in card(engine, keep).photos if p.data] == [b"GIF"]


def test_a_snooze_moves_over_and_comes_back(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    snooze_many(engine, [other], date(2030, 6, 1))
    before = dump(engine)
    undo = merge(engine, keep, other, {})
    rows = snooze_rows(engine, [keep, other])
    assert rows[keep] is not None and rows[keep].until == "2030-06-01"
    undo_merge(engine, undo)
    assert dump(engine) == before
    # the kept contact's own snooze wins over the other's
    snooze_many(engine, [keep], date(2029, 1, 1))
    undo = merge(engine, keep, other, {})
    assert snooze_rows(engine, [keep])[keep].until == "2029-01-01"
    undo_merge(engine, undo)
    assert snooze_rows(engine, [other])[other].until == "2030-06-01"


def test_the_circle_suggestion_is_recomputed_and_undone(engine: Engine, tmp_path: Path) -> None:
    friendly = "UID:f-1\nFN:Kim Park\nEMAIL;TYPE=HOME:kim@gmail.com\nCATEGORIES:Friends\n"
    work = ("UID:f-2\nFN:Kim Park (Initech)\nEMAIL;TYPE=WORK:kim@gmail.com\nORG:Initech\n"
            "TITLE:Sales Director\nEMAIL;TYPE=WORK:kim.park@initech.example\n")
    keep, other = import_pair(engine, tmp_path, friendly, work)
    suggested_before = head(engine, keep).circle_suggested
    assert suggested_before == "friend"
    undo = merge(engine, keep, other, {})
    # the work address, organisation and title are now the kept contact's
    assert head(engine, keep).circle_suggested == "both"
    undo_merge(engine, undo)
    assert head(engine, keep).circle_suggested == suggested_before


def test_undo_leaves_rows_written_after_the_merge_alone(engine: Engine, tmp_path: Path) -> None:
    """SQLite reuses freed row ids: undo must not delete a later row that got one."""
    keep, other = import_pair(engine, tmp_path)
    bystander = store(engine, make_contact("Bea Stander", "bea@example.org"))[0]
    undo = merge(engine, keep, other, {})
    # Re-writing a card gives its e-mails new row ids: the ones the merge freed.
    with write_transaction(engine) as conn:
        contact = load_contacts(conn, [bystander])[bystander]
        contact.emails.append(make_contact("x", "bea@work.example").emails[0])
        replace_contact(conn, contact)
    undo_merge(engine, undo)
    assert [e.address for e in card(engine, bystander).emails] == [
        "bea@example.org", "bea@work.example"]
    assert [e.address for e in card(engine, other).emails] == [
        "ANNA@example.org", "a.jones@bigcorp.example"]


def test_a_pair_recorded_after_the_merge_keeps_its_row(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    third = store(engine, make_contact("Ann Smith", "anna@example.org"))[0]
    [pair] = list_candidates(engine)
    undo = merge(engine, keep, other, {})
    with write_transaction(engine) as conn:  # a later import lists a pair: the freed row id
        conn.execute(s.duplicate_candidates.insert().values(
            contact_a=keep, contact_b=third, reason="same e-mail"))
    undo_merge(engine, undo)
    listed = {frozenset((c.a.id, c.b.id)): c.id for c in list_candidates(engine)}
    assert listed[frozenset((keep, third))] == pair.id  # untouched
    assert listed[frozenset((keep, other))] != pair.id  # back, under a new row id


def test_undo_refuses_when_the_merged_away_id_was_reused(engine: Engine,
                                                          tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    undo = merge(engine, keep, other, {})
    # the merged-away contact had the highest id, so the next new contact gets it
    [reused] = store(engine, make_contact("Someone Else", "else@example.org"))
    assert reused == other
    with pytest.raises(DuplicateError, match="in use again"):
        undo_merge(engine, undo)
    assert card(engine, reused).display_name == "Someone Else"  # nothing changed


def test_merge_refuses_missing_or_identical_contacts(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    with pytest.raises(DuplicateError):
        merge(engine, keep, keep, {})
    with pytest.raises(DuplicateError):
        merge(engine, keep, 999, {})
    assert card(engine, keep) is not None and card(engine, other) is not None


def test_a_failed_merge_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    before = dump(engine)
    with write_transaction(engine) as conn:  # a trigger makes the last step fail
        conn.exec_driver_sql("CREATE TRIGGER no_delete BEFORE DELETE ON contacts "
                             "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    with pytest.raises(Exception, match="refused"):
        merge(engine, keep, other, {"display_name": "other"})
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("DROP TRIGGER no_delete")
    assert dump(engine) == before


def test_reimporting_the_kept_card_keeps_the_users_picks(engine: Engine,
                                                         tmp_path: Path) -> None:
    keep, other = import_pair(engine, tmp_path)
    merge(engine, keep, other, {"display_name": "other", "note": "keep"})
    newer = ANNA.replace("TITLE:Engineer", "TITLE:Lead Engineer").replace(
        "ORG:Acme", "ORG:Acme Labs")
    import_files(engine, [vcf(tmp_path, "again.vcf", newer)])
    merged = card(engine, keep)
    assert merged.display_name == "Anna Smith-Jones"  # picked: not overwritten
    assert merged.title == "Lead Engineer"  # not decided between: the newer card updates it
    with engine.connect() as conn:
        assert conn.execute(select(s.contacts.c.id)).scalars().all() == [keep]
