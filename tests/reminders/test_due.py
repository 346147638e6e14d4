"""Keep-in-touch arithmetic with fixed dates: cadences, overrides, pause, ordering."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from relmanager.domain import Circle, InteractionKind
from relmanager.services.interactions import log_interaction
from relmanager.services.reminders import (
    DueItem,
    ReminderKind,
    due,
    due_json,
    read_config,
    set_category_cadence,
    set_circle_cadence,
    set_contact_cadence,
    set_paused,
)
from relmanager.services.reminders.config import CADENCE_CATEGORIES
from relmanager.settings import put
from tests.reminders.helpers import add

TODAY = date(2026, 6, 1)


def _ids(items: list[DueItem]) -> list[int]:
    return [it.contact_id for it in items]


def test_default_cadences_per_circle(engine: Engine) -> None:
    cfg = read_config(engine)
    assert {c: cfg.circle_cadence[c] for c in Circle} == {
        Circle.FRIEND: 60, Circle.BOTH: 60, Circle.PROFESSIONAL: 120, Circle.UNSORTED: 0}


def test_friend_is_due_one_cadence_after_last_contact(engine: Engine) -> None:
    met = TODAY - timedelta(days=60)
    cid = add(engine, "Ana Friend", met=met)
    assert due(engine, TODAY - timedelta(days=1)) == []
    [item] = due(engine, TODAY)
    assert (item.contact_id, item.due_date, item.overdue_days) == (cid, TODAY, 0)
    assert item.kind is ReminderKind.KEEP_IN_TOUCH
    assert item.reason == "last contact 60 days ago (cadence 60 days)"
    later = due(engine, TODAY + timedelta(days=15))[0]
    assert later.overdue_days == 15
    assert later.reason == "last contact 75 days ago (cadence 60 days)"


def test_last_interaction_of_any_kind_counts(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 1, 1))
    log_interaction(engine, cid, InteractionKind.ASKED, date(2026, 5, 1))
    assert due(engine, TODAY) == []
    assert due(engine, date(2026, 6, 30))[0].due_date == date(2026, 6, 30)


def test_professional_cadence_and_unsorted_has_none(engine: Engine) -> None:
    pro = add(engine, "Paul Pro", circle=Circle.PROFESSIONAL, met=date(2026, 1, 1))
    add(engine, "Uma Unsorted", circle=None, met=date(2025, 1, 1))
    assert due(engine, date(2026, 4, 30)) == []
    assert _ids(due(engine, date(2026, 5, 1))) == [pro]


def test_circle_cadence_is_a_setting(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 5, 1))
    set_circle_cadence(engine, Circle.FRIEND, 14)
    assert _ids(due(engine, date(2026, 5, 15))) == [cid]
    set_circle_cadence(engine, Circle.UNSORTED, 10)
    u = add(engine, "Uma Unsorted", circle=None, met=date(2026, 5, 1))
    assert _ids(due(engine, date(2026, 5, 15))) == [u, cid]  # overdue (4 days) first


def test_group_override_beats_circle_and_shortest_positive_wins(engine: Engine) -> None:
    fam = add(engine, "Fay Family", categories=["family", "Climbing"], met=date(2026, 5, 1))
    club = add(engine, "Carl Club", categories=["Book club"], met=date(2026, 1, 1))
    both = add(engine, "Bo Both", categories=["Book club", "Family"], met=date(2026, 5, 1))
    set_category_cadence(engine, "Family", 30)
    set_category_cadence(engine, "Climbing", 45)
    set_category_cadence(engine, "Book club", 0)
    # Family matches "family" case-insensitively; 30 < 45; Book club (0) silences Carl only.
    assert _ids(due(engine, date(2026, 5, 31))) == [both, fam]
    set_category_cadence(engine, "family", None)
    assert read_config(engine).category_cadence == {"Book club": 0, "Climbing": 45}
    assert _ids(due(engine, date(2026, 5, 31))) == []
    assert _ids(due(engine, date(2026, 6, 15))) == [fam]  # Climbing 45; Bo: club 0 -> none
    assert club not in _ids(due(engine, date(2027, 1, 1)))


def test_group_overrides_match_non_ascii_names_by_casefold(engine: Engine) -> None:
    cid = add(engine, "Zoë Coll", categories=["COLLÈGUES"], met=date(2026, 5, 1))
    set_category_cadence(engine, "Collègues", 7)
    assert _ids(due(engine, date(2026, 5, 8))) == [cid]


def test_malformed_group_setting_is_ignored(engine: Engine) -> None:
    add(engine, "Ana Friend", categories=["Family"], met=date(2026, 5, 1))
    put(engine, CADENCE_CATEGORIES, '["not", "a", "mapping"]')
    assert due(engine, date(2026, 6, 29)) == []
    assert len(due(engine, date(2026, 6, 30))) == 1


def test_contact_override_beats_group_and_zero_means_no_reminders(engine: Engine) -> None:
    a = add(engine, "Ana Friend", categories=["Family"], met=date(2026, 5, 1), cadence=10)
    b = add(engine, "Ben Friend", met=date(2025, 1, 1), cadence=0)
    set_category_cadence(engine, "Family", 30)
    assert _ids(due(engine, date(2026, 5, 11))) == [a]
    assert b not in _ids(due(engine, date(2030, 1, 1)))
    set_contact_cadence(engine, b, None)
    assert b in _ids(due(engine, date(2026, 5, 11)))


def test_pause_silences_everything(engine: Engine) -> None:
    add(engine, "Ana Friend", met=date(2025, 1, 1))
    set_paused(engine, True)
    assert due(engine, TODAY) == []
    set_paused(engine, False)
    assert len(due(engine, TODAY)) == 1


def test_new_contacts_do_not_flood_on_day_one(engine: Engine) -> None:
    ids = [add(engine, f"New Person{i}", added=date(2026, 1, 1)) for i in range(30)]
    assert due(engine, date(2026, 1, 1)) == []
    assert due(engine, date(2026, 3, 1)) == []  # one cadence (60 days) not yet over
    # First reminders fall between one and two cadences after import, spread by id.
    firsts: dict[int, date] = {}
    for offset in range(60, 121):
        for it in due(engine, date(2026, 1, 1) + timedelta(days=offset)):
            firsts.setdefault(it.contact_id, it.due_date)
    assert set(firsts) == set(ids)
    assert all(date(2026, 3, 2) <= d <= date(2026, 4, 30) for d in firsts.values())
    assert len(set(firsts.values())) == 30  # one a day, not a wall
    item = due(engine, date(2026, 6, 1))[0]
    assert item.reason.startswith("no contact logged since you added them ")


def test_logging_resets_the_due_date(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 1, 1))
    assert _ids(due(engine, TODAY)) == [cid]
    log_interaction(engine, cid, InteractionKind.CALL, TODAY)
    assert due(engine, TODAY) == []
    assert due(engine, TODAY + timedelta(days=60))[0].reason == \
        "last contact 60 days ago (cadence 60 days)"


def test_year_boundary(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 11, 2), cadence=60)
    assert due(engine, date(2026, 12, 31)) == []
    [item] = due(engine, date(2027, 1, 1))
    assert (item.contact_id, item.due_date) == (cid, date(2027, 1, 1))
    add(engine, "Ben Friend", met=date(2026, 12, 31), cadence=1)
    assert {it.display_name for it in due(engine, date(2027, 1, 1))} == \
        {"Ana Friend", "Ben Friend"}


def test_sorted_overdue_first_then_by_circle(engine: Engine) -> None:
    pro = add(engine, "Paul Pro", circle=Circle.PROFESSIONAL, met=date(2025, 1, 1))
    both = add(engine, "Bo Both", circle=Circle.BOTH, met=date(2026, 3, 1))
    friend_old = add(engine, "Fred Friend", met=date(2025, 6, 1))
    friend_new = add(engine, "Fay Friend", met=date(2026, 1, 1))
    today_due = add(engine, "Al Today", met=TODAY - timedelta(days=60))
    items = due(engine, TODAY)
    assert _ids(items) == [friend_old, friend_new, both, pro, today_due]
    assert [it.circle for it in items][:4] == [Circle.FRIEND, Circle.FRIEND, Circle.BOTH,
                                               Circle.PROFESSIONAL]


def test_due_json_matches_the_cli_contract(engine: Engine) -> None:
    cid = add(engine, "Ana Friend", met=date(2026, 3, 1))
    assert due_json(engine, TODAY) == [{
        "contact_id": cid, "display_name": "Ana Friend",
        "reason": "last contact 92 days ago (cadence 60 days)",
        "due_date": "2026-04-30", "overdue_days": 32}]
    [extended] = due_json(engine, TODAY, extended=True)
    assert (extended["kind"], extended["circle"]) == ("keep_in_touch", "friend")


@pytest.mark.parametrize("days", [-1])
def test_negative_cadences_are_refused(engine: Engine, days: int) -> None:
    cid = add(engine, "Ana Friend")
    with pytest.raises(ValueError):
        set_contact_cadence(engine, cid, days)
    with pytest.raises(ValueError):
        set_circle_cadence(engine, Circle.FRIEND, days)
