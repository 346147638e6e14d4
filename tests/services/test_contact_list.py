"""Search and order of the contact list, on a real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, insert

from relmanager.domain import Circle
from relmanager.services.contact_list import ContactList, ListQuery, SortKey, contact_ids
from relmanager.services.contacts import set_circle
from relmanager.services.reminders.snooze import snooze
from relmanager.store import schema as s
from relmanager.store import write_transaction
from tests.factories import make_contact, store


@pytest.fixture
def book(engine: Engine) -> dict[str, int]:
    ada = make_contact("Ada Lovelace", "ada@analytical.example", "Analytical Engines Ltd",
                       "+44 20 7946 0018")
    ada.note = "Wrote the first program; likes poetry"
    ada.categories = ["Mathematicians"]
    chloe = make_contact("Chloé Dubois", "chloe@exemple.fr", "Société Générale", "06 12 34 56 78")
    bob = make_contact("Bob Builder", "bob@gmail.com", phone="+1 (555) 123-4567")
    joan = make_contact("Mary Jones", "mary@gmail.com", "Acme 100% Ltd")
    ids = store(engine, ada, chloe, bob, joan)
    return dict(zip(("ada", "chloe", "bob", "mary"), ids, strict=True))


def names(engine: Engine, **query: object) -> list[int]:
    return contact_ids(engine, ListQuery(**query))  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "who"), [
    ("lovelace", "ada"),            # name
    ("analytical.example", "ada"),  # e-mail
    ("gmail", "bob mary"),          # e-mail domain, two people
    ("engines", "ada"),             # organisation
    ("poetry", "ada"),              # note
    ("mathematic", "ada"),          # category, partial word
    ("ilder", "bob"),               # inside a word
])
def test_search_matches_each_kind_of_field(engine: Engine, book: dict[str, int], text: str,
                                          who: str) -> None:
    assert set(names(engine, search=text)) == {book[w] for w in who.split()}


@pytest.mark.parametrize("text", ["5551234", "555-1234", "(555) 123", "+1 555 123 4567",
                                  "15551234567"])
def test_phone_digits_match_whatever_the_formatting(engine: Engine, book: dict[str, int],
                                                     text: str) -> None:
    assert names(engine, search=text) == [book["bob"]]


def test_accents_and_case_do_not_matter_either_way(engine: Engine, book: dict[str, int]) -> None:
    for text in ("chloe", "CHLOÉ", "société", "SOCIETE generale", "Chloé dubois"):
        assert names(engine, search=text) == [book["chloe"]], text


def test_every_word_must_match_somewhere(engine: Engine, book: dict[str, int]) -> None:
    assert names(engine, search="gmail builder") == [book["bob"]]
    assert names(engine, search="gmail lovelace") == []


def test_short_words_match_the_start_of_a_name(engine: Engine, book: dict[str, int]) -> None:
    assert names(engine, search="b") == [book["bob"]]
    assert names(engine, search="ma") == [book["mary"]]
    assert names(engine, search="jo") == []  # alone: the start of the name only (instant)
    assert names(engine, search="ma jo") == [book["mary"]]  # beside others: any name word
    assert names(engine, search="gmail jo") == [book["mary"]]
    assert names(engine, search="ov") == []


def test_search_text_is_never_syntax(engine: Engine, book: dict[str, int]) -> None:
    assert names(engine, search="100%") == [book["mary"]]
    assert names(engine, search="%") == []  # a literal percent sign starts no name
    assert names(engine, search='"acme" OR *') == []
    assert names(engine, search="a_a") == []


def test_circle_filter_and_search_combine(engine: Engine, book: dict[str, int]) -> None:
    set_circle(engine, book["bob"], Circle.FRIEND)
    assert names(engine, search="gmail", circle=Circle.FRIEND) == [book["bob"]]
    assert names(engine, search="gmail", circle=Circle.PROFESSIONAL) == []
    assert names(engine, search="lovelace", circle=Circle.FRIEND) == []


def test_list_is_sorted_by_name_and_results_keep_that_order(engine: Engine,
                                                           book: dict[str, int]) -> None:
    order = [book[w] for w in ("ada", "bob", "chloe", "mary")]
    assert names(engine) == order
    assert names(engine, descending=True) == order[::-1]
    assert names(engine, search="gmail", descending=True) == [book["mary"], book["bob"]]


def test_sort_by_organisation_puts_contacts_without_one_last(engine: Engine,
                                                             book: dict[str, int]) -> None:
    by_org = names(engine, sort=SortKey.ORGANISATION)
    assert by_org == [book["mary"], book["ada"], book["chloe"], book["bob"]]
    assert names(engine, sort=SortKey.ORGANISATION, descending=True) == [
        book["chloe"], book["ada"], book["mary"], book["bob"]]


def test_sort_by_next_due_follows_last_contact_cadence_and_snoozes(
        engine: Engine, book: dict[str, int]) -> None:
    for who in ("ada", "bob", "chloe"):  # friends: every 60 days; Mary stays unsorted (none)
        set_circle(engine, book[who], Circle.FRIEND)
    today = date.today()
    with write_transaction(engine) as conn:
        conn.execute(insert(s.interactions), [
            {"contact_id": book["ada"], "kind": "call", "occurred_on": str(today - timedelta(50)),
             "created_at": "2026-01-01T00:00:00+00:00"},
            {"contact_id": book["chloe"], "kind": "met",
             "occurred_on": str(today - timedelta(55)), "created_at": "2026-01-01T00:00:00+00:00"},
            {"contact_id": book["bob"], "kind": "met", "occurred_on": str(today - timedelta(40)),
             "created_at": "2026-01-01T00:00:00+00:00"}])
    snooze(engine, book["chloe"], today + timedelta(days=30))
    assert names(engine, sort=SortKey.NEXT_DUE) == [book["ada"], book["bob"], book["chloe"],
                                                    book["mary"]]
    assert names(engine, sort=SortKey.NEXT_DUE, descending=True)[-1] == book["mary"]
    rows = ContactList(engine)
    assert list(rows.ids(ListQuery(sort=SortKey.LAST_CONTACT))) == [
        book["chloe"], book["ada"], book["bob"], book["mary"]]


def test_contact_list_remembers_the_order_until_invalidated(engine: Engine,
                                                            book: dict[str, int]) -> None:
    rows = ContactList(engine)
    assert len(rows.ids(ListQuery())) == 4
    [zed] = store(engine, make_contact("Zed Zulu", "zed@gmail.com"))
    assert zed not in rows.ids(ListQuery())  # still the remembered order…
    rows.invalidate()
    assert rows.ids(ListQuery())[-1] == zed  # …until the data changed
    assert list(rows.ids(ListQuery(search="zulu"))) == [zed]
