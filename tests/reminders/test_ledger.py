"""The give/take ledger per contact and the value of each group."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from relmanager.domain import InteractionKind as K
from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.interactions import log_interaction
from relmanager.services.ledger import (
    LedgerEntry,
    balance_summary,
    balance_verdict,
    group_report,
    ledger,
)
from tests.reminders.helpers import add

TODAY = date(2026, 6, 1)


def _log(engine: Engine, cid: int, *entries: tuple[K, date]) -> None:
    for kind, on in entries:
        log_interaction(engine, cid, kind, on, note=f"{kind.value} on {on}")


@pytest.mark.parametrize(("asked", "gave", "received", "summary", "verdict"), [
    (3, 1, 0, "you asked 3 times and gave once in the last year",
     "you have asked more than you gave — give before you ask again"),
    (1, 2, 0, "you asked once and gave twice in the last year",
     "you have given more than you asked — nice"),
    (0, 0, 2, "you received twice in the last year",
     "they have given more than you gave back — a chance to return the favour"),
    (1, 1, 1, "you asked once, gave once and received once in the last year",
     "you give as much as you ask"),
    (0, 0, 0, "nothing given, received or asked in the last year",
     "log what you give and ask to see the balance"),
])
def test_phrases(asked: int, gave: int, received: int, summary: str, verdict: str) -> None:
    assert balance_summary(asked, gave, received) == summary
    assert balance_verdict(asked, gave, received) == verdict


def test_ledger_counts_last_year_and_keeps_a_timeline(engine: Engine) -> None:
    cid = add(engine, "Maria Year")
    _log(engine, cid, (K.ASKED, date(2026, 5, 1)), (K.ASKED, date(2026, 3, 1)),
         (K.ASKED, date(2025, 6, 2)), (K.GAVE, date(2025, 12, 24)),
         (K.GAVE, date(2024, 1, 1)),  # more than a year ago: timeline only
         (K.MET, date(2026, 5, 20)), (K.ASKED, date(2026, 7, 1)))  # future: left out
    led = ledger(engine, cid, TODAY)
    assert (led.asked, led.gave, led.received) == (3, 1, 0)
    assert led.summary == "you asked 3 times and gave once in the last year"
    assert led.verdict.startswith("you have asked more than you gave")
    assert led.totals[K.GAVE] == 2
    assert led.counts[K.MET] == 1
    assert led.last_contact_on == date(2026, 5, 20)
    assert led.timeline[0] == LedgerEntry(date(2026, 5, 1), K.ASKED, "asked on 2026-05-01")
    assert [e.kind for e in led.timeline] == [K.ASKED, K.ASKED, K.GAVE, K.ASKED, K.GAVE]
    assert led.since == date(2025, 6, 2)


def test_ledger_of_a_generous_contact(engine: Engine) -> None:
    cid = add(engine, "Gil Giver")
    _log(engine, cid, (K.GAVE, date(2026, 1, 1)), (K.GAVE, date(2026, 2, 1)),
         (K.ASKED, date(2026, 3, 1)))
    assert ledger(engine, cid, TODAY).verdict == "you have given more than you asked — nice"


def test_ledger_of_unknown_contact(engine: Engine) -> None:
    with pytest.raises(ContactNotFoundError):
        ledger(engine, 4242, TODAY)


def test_group_report(engine: Engine) -> None:
    a = add(engine, "Ann Club", categories=["Book club", "Family"])
    b = add(engine, "Bob Club", categories=["Book club"])
    c = add(engine, "Cat Work", categories=["Coworkers"])
    add(engine, "Dan Quiet", categories=["Alumni"])
    _log(engine, a, (K.GAVE, date(2026, 5, 1)), (K.MET, date(2026, 4, 1)))
    _log(engine, b, (K.RECEIVED, date(2026, 5, 1)), (K.RECEIVED, date(2026, 1, 1)),
         (K.GAVE, date(2026, 2, 1)))
    _log(engine, c, (K.ASKED, date(2026, 5, 1)), (K.ASKED, date(2024, 5, 1)))
    report = {g.name: g for g in group_report(engine, TODAY)}
    club = report["Book club"]
    assert (club.contacts, club.contacts_in_touch, club.interactions) == (2, 2, 5)
    assert (club.gave, club.received, club.asked) == (2, 2, 0)
    assert club.summary == "2 contacts, 5 interactions in the last year with 2 of them"
    assert club.verdict == "a balanced group you are in touch with"
    assert report["Coworkers"].verdict == "you ask more than you give here"
    assert report["Coworkers"].interactions == 1
    assert report["Family"].verdict == "you give a lot here — make sure it gives something back"
    alumni = report["Alumni"]
    assert (alumni.contacts, alumni.interactions, alumni.per_contact) == (1, 0, 0.0)
    assert alumni.verdict.startswith("no contact with anyone here in the last year")
    assert [g.name for g in group_report(engine, TODAY)] == [
        "Book club", "Family", "Coworkers", "Alumni"]
