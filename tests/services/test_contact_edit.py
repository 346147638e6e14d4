"""Editing, creating, deleting and bulk-changing contacts on a real SQLite file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from relmanager.domain import (
    Address,
    Birthday,
    Circle,
    Contact,
    Email,
    InteractionKind,
    Organisation,
    Phone,
    StructuredName,
)
from relmanager.services.circles import refresh_suggestions
from relmanager.services.contact_edit import (
    HeadFields,
    add_category,
    category_names,
    create_contact,
    delete_contacts,
    email_problem,
    load_editable,
    phone_problem,
    remove_category,
    restore,
    save_contact,
    set_dont_pitch,
)
from relmanager.services.contact_rows import RestoreError, RowSnapshot
from relmanager.services.contacts import set_circle
from relmanager.services.duplicates import list_candidates
from relmanager.services.importer import import_files
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders.actions import snooze_many
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import load_contacts
from tests.factories import make_contact
from tests.factories import store as store_raw
from tests.services.test_importer import vcf

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
       "AAAABJRU5ErkJggg==")
LEE = f"""UID:lee-1
FN:Lee Chan
N:Chan;Lee;;;
EMAIL;TYPE=HOME:lee@example.org
EMAIL;TYPE=WORK:lee.chan@acme.example
TEL;TYPE=CELL:+44 20 7946 0001
TITLE:Engineer
NOTE:Met at the conference
X-CUSTOM-THING;X-PARAM=1:kept as is
PHOTO;ENCODING=b;TYPE=PNG:{PNG}
"""
LEE_AGAIN = "UID:lee-2\nFN:Lee Chan-Wong\nEMAIL:LEE@example.org\nORG:Other Co\n"


def store(engine: Engine, *contacts: Contact) -> list[int]:
    """Stored with their circle suggestions, as an import leaves them."""
    ids = store_raw(engine, *contacts)
    with write_transaction(engine) as conn:
        refresh_suggestions(conn, ids)
    return ids


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: 'restored exactly' means this is equal."""
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(
                    select(t).order_by(*t.primary_key.columns))]
                for t in s.metadata.sorted_tables}


def head(engine: Engine, cid: int) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(s.contacts).where(s.contacts.c.id == cid)).one()


def assert_undo_redo_exact(engine: Engine, snapshot: RowSnapshot,
                           before: dict[str, list[tuple[Any, ...]]],
                           after: dict[str, list[tuple[Any, ...]]]) -> None:
    """Restoring `snapshot` gives back `before` exactly; restoring what that returns,
    `after`: undo and redo flip the stored rows."""
    redo = restore(engine, snapshot)
    assert dump(engine) == before
    restore(engine, redo)
    assert dump(engine) == after


def test_edit_saves_every_field_and_undo_redo_are_exact(engine: Engine) -> None:
    [cid] = store(engine, make_contact("Ana Lima", "ana@example.org", "Acme", "+1 555 0100"))
    before = dump(engine)
    editable = load_editable(engine, cid)
    edited = replace(
        editable.contact, display_name="Ana Lima-Souza",
        name=StructuredName("Lima-Souza", "Ana", "", "Dr.", ""),
        emails=[Email("ana@lima.example", ("home",)), Email("ana@acme.example", ("work",))],
        phones=[Phone("+1 555 0199", ("work",))],
        addresses=[Address(street="1 Rua Augusta", locality="Lisboa", country="Portugal",
                           types=("home",))],
        organisations=[Organisation("Acme Labs")], title="Head of Research",
        birthday=Birthday(2, 29), categories=["Family", "Book club"], note="Likes <b>tea</b>")
    snapshot = save_contact(engine, edited, HeadFields(Circle.BOTH, True, 30))

    again = load_editable(engine, cid)
    assert again.contact == replace(edited, uid=editable.contact.uid)
    assert again.head == HeadFields(Circle.BOTH, True, 30)
    assert again.contact.birthday == Birthday(2, 29, None)
    assert set(json.loads(head(engine, cid).user_edited)) >= {
        "display_name", "name", "emails", "phones", "addresses", "organisations", "title",
        "birthday", "categories", "note"}
    after = dump(engine)

    assert_undo_redo_exact(engine, snapshot, before, after)


def test_editing_refreshes_the_circle_suggestion(engine: Engine) -> None:
    [cid] = store(engine, make_contact("Tom Berg"))
    assert load_editable(engine, cid).suggested is Circle.UNSORTED
    contact = load_editable(engine, cid).contact
    save_contact(engine, replace(contact, categories=["Family"]), HeadFields())
    assert load_editable(engine, cid).suggested is Circle.FRIEND


def test_reimport_of_the_same_card_keeps_the_users_edit(tmp_path: Path, engine: Engine) -> None:
    card = vcf(tmp_path, "lee.vcf", LEE)
    import_files(engine, [card])
    [cid] = [c.id for c in _all(engine)]
    contact = load_editable(engine, cid).contact
    save_contact(engine, replace(contact, title="CTO", note="my note",
                                 emails=contact.emails[:1]), HeadFields())
    edited = load_editable(engine, cid).contact

    result = import_files(engine, [card])
    assert (result.unchanged, result.merged) == (1, 0)
    assert load_editable(engine, cid).contact == edited

    newer = vcf(tmp_path, "lee2.vcf", LEE.replace("TITLE:Engineer", "TITLE:Manager")
                .replace("NOTE:Met at the conference", "NOTE:card note"))
    # Only fields the user edited differ (title, note, e-mails): nothing to take.
    again = import_files(engine, [newer])
    assert (again.merged, again.unchanged) == (0, 1)
    assert load_editable(engine, cid).contact == edited


def test_delete_and_restore_put_back_history_photos_raw_and_decisions(
        tmp_path: Path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", LEE)])
    import_files(engine, [vcf(tmp_path, "b.vcf", LEE_AGAIN)])
    [lee, other] = sorted(c.id for c in _all(engine))
    assert len(list_candidates(engine)) == 1
    set_circle(engine, lee, Circle.PROFESSIONAL)
    log_interaction(engine, lee, InteractionKind.CALL, date(2024, 5, 1), "about the move")
    log_interaction(engine, other, InteractionKind.MET, date(2024, 6, 1))
    snooze_many(engine, [lee], date(2031, 1, 1))
    lee_card = load_editable(engine, lee).contact
    assert lee_card.photos[0].data and lee_card.raw_values("X-CUSTOM-THING") == ["kept as is"]
    before = dump(engine)

    snapshot = delete_contacts(engine, [lee, other])
    gone = dump(engine)
    assert not gone["contacts"] and not gone["interactions"] and not gone["photos"]
    assert not gone["duplicate_candidates"] and not gone["snoozes"]

    redo = restore(engine, snapshot)
    assert dump(engine) == before
    assert load_editable(engine, lee).head.circle_user is Circle.PROFESSIONAL
    restore(engine, redo)
    assert dump(engine) == gone


def test_deleting_one_of_a_duplicate_pair_and_undoing_keeps_the_pair(
        tmp_path: Path, engine: Engine) -> None:
    import_files(engine, [vcf(tmp_path, "a.vcf", LEE)])
    import_files(engine, [vcf(tmp_path, "b.vcf", LEE_AGAIN)])
    first = min(c.id for c in _all(engine))
    before = dump(engine)
    restore(engine, delete_contacts(engine, [first]))
    assert dump(engine) == before


def test_undo_refuses_when_the_id_went_to_a_new_contact(engine: Engine) -> None:
    _ana, b = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"))
    snapshot = delete_contacts(engine, [b])
    [reused] = store(engine, make_contact("Cy Newman"))  # max(id)+1: the same id as Bo
    assert reused == b
    before = dump(engine)
    with pytest.raises(RestoreError, match="Bo Ek"):
        restore(engine, snapshot)
    assert dump(engine) == before


def test_undo_of_an_edit_refuses_when_the_contact_was_deleted_since(engine: Engine) -> None:
    [cid] = store(engine, make_contact("Ana Lima"))
    contact = load_editable(engine, cid).contact
    snapshot = save_contact(engine, replace(contact, note="x"), HeadFields())
    delete_contacts(engine, [cid])
    with pytest.raises(RestoreError, match="deleted"):
        restore(engine, snapshot)
    assert dump(engine)["contacts"] == []


def test_new_contact_gets_a_fresh_uid_and_undo_redo_are_exact(engine: Engine) -> None:
    store(engine, make_contact("Ana Lima"))
    before = dump(engine)
    new = Contact(name=StructuredName("Okafor", "Ben"), emails=[Email("ben@example.org")],
                  birthday=Birthday(12, 24, 1990))
    cid, snapshot = create_contact(engine, new, HeadFields(dont_pitch=True))
    stored = load_editable(engine, cid)
    assert stored.contact.display_name == "Ben Okafor"  # from N when FN is empty
    assert stored.contact.uid.startswith("urn:uuid:") and len(stored.contact.uid) == 45
    assert stored.head.dont_pitch
    twin, _ = create_contact(engine, Contact(display_name="Ben Okafor"), HeadFields())
    assert load_editable(engine, twin).contact.uid != stored.contact.uid
    delete_contacts(engine, [twin])
    after = dump(engine)

    assert_undo_redo_exact(engine, snapshot, before, after)


def test_a_contact_needs_some_name(engine: Engine) -> None:
    with pytest.raises(ValueError, match="needs a name"):
        create_contact(engine, Contact(note="only a note"), HeadFields())
    assert dump(engine)["contacts"] == []


def test_bulk_category_add_and_remove_are_undoable(engine: Engine) -> None:
    a, b, c = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"),
                    make_contact("Cy Newman"))
    save_contact(engine, replace(load_editable(engine, b).contact, categories=["golf"]),
                 HeadFields())
    before = dump(engine)
    snapshot = add_category(engine, [a, b, c], " Golf ")
    cards = load_contacts_by_id(engine, [a, b, c])
    assert [cards[i].categories for i in (a, b, c)] == [["Golf"], ["golf"], ["Golf"]]
    assert "categories" in json.loads(head(engine, a).user_edited)
    assert category_names(engine) == ["Golf"]
    restore(engine, snapshot)
    assert dump(engine) == before

    removed = remove_category(engine, [a, b, c], "GOLF")
    assert all(not x.categories for x in load_contacts_by_id(engine, [a, b, c]).values())
    restore(engine, removed)
    assert dump(engine) == before
    with pytest.raises(ValueError, match="comma"):
        add_category(engine, [a], "a, b")


def test_bulk_dont_pitch_and_undo(engine: Engine) -> None:
    ids = store(engine, make_contact("Ana Lima"), make_contact("Bo Ek"))
    before = dump(engine)
    snapshot = set_dont_pitch(engine, ids, True)
    assert all(load_editable(engine, i).head.dont_pitch for i in ids)
    restore(engine, snapshot)
    assert dump(engine) == before


def test_validation_messages() -> None:
    assert email_problem("bob.example.org") == "“bob.example.org” has no @."
    assert email_problem("bob@") is not None and email_problem("b ob@x.org") is not None
    assert email_problem("bob@example.org") is None and email_problem("  ") is None
    assert phone_problem("call me") == "“call me” has no digits."
    assert phone_problem("+1 (555) 0100") is None


def test_five_thousand_contacts_delete_and_restore_in_one_transaction_each(
        engine: Engine) -> None:
    ids = store(engine, *(make_contact(f"Person {i}", f"p{i}@example.org", "Acme",
                                       uid=f"u{i}") for i in range(5000)))
    before = dump(engine)
    snapshot = delete_contacts(engine, ids)
    assert dump(engine)["contacts"] == []
    restore(engine, snapshot)
    assert dump(engine) == before
    restore(engine, add_category(engine, ids, "Clients"))
    assert dump(engine) == before


def _all(engine: Engine) -> list[Contact]:
    with engine.connect() as conn:
        ids = conn.execute(select(s.contacts.c.id)).scalars().all()
        return list(load_contacts(conn, ids).values())


def load_contacts_by_id(engine: Engine, ids: list[int]) -> dict[int, Contact]:
    with engine.connect() as conn:
        return load_contacts(conn, ids)
