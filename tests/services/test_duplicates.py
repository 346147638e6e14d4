"""Possible duplicates on a real SQLite file: listing them and "not duplicates".

The helpers here (two Annas sharing an e-mail, a whole-database dump) serve the
merge tests too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from relmanager.services.duplicates import (
    DuplicateError,
    dismiss,
    first_photo,
    list_candidates,
    undismiss,
)
from relmanager.services.importer import import_files
from relmanager.store import schema as s
from relmanager.store import write_transaction
from relmanager.store.contacts import CHILD_TABLES, load_contacts
from tests.services.test_importer import vcf

ANNA = """UID:anna-1
FN:Anna Smith
N:Smith;Anna;;;
EMAIL;TYPE=HOME:anna@example.org
TEL;TYPE=CELL:+49 30 1234567
ORG:Acme
TITLE:Engineer
CATEGORIES:Climbing
NOTE:Met at the climbing gym
"""
ANNA_WORK = """UID:anna-2
FN:Anna Smith-Jones
N:Smith-Jones;Anna;;;
EMAIL;TYPE=WORK:ANNA@example.org
EMAIL;TYPE=WORK:a.jones@bigcorp.example
ORG:BigCorp
BDAY:1990-04-01
CATEGORIES:Work
URL:https://bigcorp.example/anna
"""


def import_pair(engine: Engine, tmp_path: Path, first: str = ANNA,
                second: str = ANNA_WORK) -> tuple[int, int]:
    """Two imports that share an e-mail under different names: one possible duplicate."""
    import_files(engine, [vcf(tmp_path, "phone.vcf", first)])
    result = import_files(engine, [vcf(tmp_path, "work.vcf", second)])
    assert result.possible_duplicates == 1
    [candidate] = list_candidates(engine)
    return candidate.a.id, candidate.b.id


CHILD_NAMES = {t.name for t in CHILD_TABLES}


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table: the whole database as data.

    Child rows (e-mails, phones…) are compared without their row ids, in card
    order: nothing refers to those ids, and undo may give them new ones.
    """
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for t in s.metadata.sorted_tables:
            if t.name in CHILD_NAMES:
                cols = [c for c in t.columns if c.name != "id"]
                out[t.name] = [tuple(r) for r in conn.execute(
                    select(*cols).order_by(t.c.contact_id, t.c.position))]
            else:
                out[t.name] = [tuple(r) for r in conn.execute(
                    select(t).order_by(*t.primary_key.columns))]
    return out


def card(engine: Engine, cid: int):
    with engine.connect() as conn:
        return load_contacts(conn, [cid]).get(cid)


def head(engine: Engine, cid: int):
    with engine.connect() as conn:
        return conn.execute(select(s.contacts).where(s.contacts.c.id == cid)).one()


def test_an_import_with_a_shared_email_lists_the_pair(engine: Engine, tmp_path: Path) -> None:
    import_pair(engine, tmp_path)
    [candidate] = list_candidates(engine)
    assert candidate.a.display_name == "Anna Smith"
    assert candidate.b.display_name == "Anna Smith-Jones"
    assert candidate.a.emails == ("anna@example.org",)
    assert candidate.b.emails == ("ANNA@example.org", "a.jones@bigcorp.example")
    assert candidate.a.org == "Acme"
    assert candidate.a.phones == ("+49 30 1234567",)
    assert candidate.reason


def test_not_duplicates_hides_the_pair_and_can_be_taken_back(engine: Engine,
                                                             tmp_path: Path) -> None:
    a, b = import_pair(engine, tmp_path)
    [candidate] = list_candidates(engine)
    with write_transaction(engine) as conn:  # the same pair recorded again, the other way round
        conn.execute(s.duplicate_candidates.insert().values(
            contact_a=b, contact_b=a, reason="same e-mail"))
    assert len(list_candidates(engine)) == 1  # one row per pair
    changed = dismiss(engine, candidate.id)
    assert len(changed) == 2
    assert list_candidates(engine) == []
    assert card(engine, a) is not None and card(engine, b) is not None  # nothing merged
    undismiss(engine, changed)
    assert [c.id for c in list_candidates(engine)] == [candidate.id]


def test_dismissing_an_unknown_candidate_says_so(engine: Engine) -> None:
    with pytest.raises(DuplicateError):
        dismiss(engine, 12345)


def test_pairs_whose_contact_was_deleted_are_not_listed(engine: Engine, tmp_path: Path) -> None:
    _, b = import_pair(engine, tmp_path)
    with write_transaction(engine) as conn:
        conn.execute(s.contacts.delete().where(s.contacts.c.id == b))
    assert list_candidates(engine) == []


PNG = "iVBORw0KGgo="  # the PNG signature: enough for the list to know there is a picture


def test_the_list_knows_who_has_a_photo(engine: Engine, tmp_path: Path) -> None:
    import_pair(engine, tmp_path, ANNA, ANNA_WORK + f"PHOTO;ENCODING=b;TYPE=PNG:{PNG}\n")
    [candidate] = list_candidates(engine)
    assert not candidate.a.has_photo and candidate.b.has_photo
    assert first_photo(engine, candidate.b.id) == b"\x89PNG\r\n\x1a\n"
    assert first_photo(engine, candidate.a.id) is None
