"""No message reaches SMTP without passing the ask guard; every send is logged."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine

from relmanager.domain import Circle, InteractionKind
from relmanager.domain.asks import GuardLevel
from relmanager.services.contacts import set_circle
from relmanager.services.interactions import history, log_interaction
from relmanager.services.sending import (
    Draft,
    GuardBlockedError,
    InvalidAddressError,
    MailtoTransport,
    SendError,
    SmtpSecurity,
    SmtpSettings,
    SmtpTransport,
    send,
)
from tests.factories import make_contact, store
from tests.sending.conftest import LOOPBACK, SENDER, SmtpServer, StartServer

TODAY = date(2026, 11, 23)
K = InteractionKind
ASK_SUBJECT = "Seed round"
ASK_BODY = "Would you consider investing in my startup? We are raising our seed round."
NOT_ASK_BODY = "Happy birthday! Hope you have a great day."


@dataclass(frozen=True)
class Book:
    fran: int  # friend
    paul: int  # professional, healthy history: gave, introduced, called
    una: int  # unsorted


@pytest.fixture
def book(engine: Engine) -> Book:
    fran, paul, una = store(engine, make_contact("Fran Friend", "fran@x.example"),
                            make_contact("Paul Pro", "paul@x.example"),
                            make_contact("Una Sorted", "una@x.example"))
    set_circle(engine, fran, Circle.FRIEND)
    set_circle(engine, paul, Circle.PROFESSIONAL)
    set_circle(engine, una, Circle.UNSORTED)
    for kind, day in ((K.GAVE, "2026-03-01"), (K.INTRODUCED, "2026-06-01"),
                      (K.CALL, "2026-10-20")):
        log_interaction(engine, paul, kind, date.fromisoformat(day))
    return Book(fran, paul, una)


@pytest.fixture
def server(smtp_server: StartServer) -> SmtpServer:
    return smtp_server()


def _smtp(server: SmtpServer) -> SmtpTransport:
    return SmtpTransport(SmtpSettings(host=LOOPBACK, port=server.port,
                                      security=SmtpSecurity.NONE, sender=SENDER, timeout=10))


def _logged(engine: Engine, contact_id: int) -> list[tuple[InteractionKind, date, str]]:
    with engine.connect() as conn:
        return [(i.kind, i.occurred_on, i.note) for i in history(conn, [contact_id])[contact_id]]


def test_ask_to_a_friend_is_blocked_and_nothing_reaches_the_server(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("fran@x.example",), subject=ASK_SUBJECT, body=ASK_BODY)
    with pytest.raises(GuardBlockedError) as info:
        send(engine, draft, transport=_smtp(server), today=TODAY)
    assert server.sink.received == []
    assert info.value.check.finding.is_ask
    [flag] = info.value.flagged
    assert (flag.contact_id, flag.level) == (book.fran, GuardLevel.WARN)
    assert "friend circle" in " ".join(flag.reasons)
    assert _logged(engine, book.fran) == []


@pytest.mark.parametrize("field", ["to", "cc", "bcc"])
def test_every_recipient_field_is_guarded(engine: Engine, book: Book, server: SmtpServer,
                                          field: str) -> None:
    parts = {"to": ("paul@x.example",), "cc": (), "bcc": ()}
    parts[field] = (*parts[field], "Fran <FRAN@x.example>")
    draft = Draft(**parts, subject=ASK_SUBJECT, body=ASK_BODY)  # type: ignore[arg-type]
    with pytest.raises(GuardBlockedError):
        send(engine, draft, transport=_smtp(server), today=TODAY)
    assert server.sink.received == []


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_empty_reason_is_no_override(engine: Engine, book: Book, server: SmtpServer,
                                        reason: str | None) -> None:
    draft = Draft(to=("una@x.example",), subject=ASK_SUBJECT, body=ASK_BODY)
    with pytest.raises(GuardBlockedError):
        send(engine, draft, transport=_smtp(server), override_reason=reason, today=TODAY)
    assert server.sink.received == []


def test_override_sends_logs_the_reason_and_records_asked(
        engine: Engine, book: Book, server: SmtpServer,
        caplog: pytest.LogCaptureFixture) -> None:
    draft = Draft(to=("fran@x.example", "paul@x.example"), cc=("stranger@y.example",),
                  subject=ASK_SUBJECT, body=ASK_BODY)
    with caplog.at_level(logging.INFO, logger="relmanager"):
        result = send(engine, draft, transport=_smtp(server),
                      override_reason="Fran asked me to send her the deck", today=TODAY)

    [got] = server.sink.received
    assert got.rcpt_tos == ["fran@x.example", "paul@x.example", "stranger@y.example"]
    assert result.overridden
    assert result.kind is K.ASKED
    assert sorted(result.logged_contact_ids) == sorted([book.fran, book.paul])
    [(kind, day, note)] = _logged(engine, book.fran)
    assert (kind, day) == (K.ASKED, TODAY)
    assert note == ("E-mail: Seed round\n"
                    "Sent despite the ask guard. Reason: Fran asked me to send her the deck")
    paul_log = _logged(engine, book.paul)
    assert paul_log[-1] == (K.ASKED, TODAY, "E-mail: Seed round")  # Paul was not flagged

    messages = [r.getMessage() for r in caplog.records]
    # Two flagged: Fran (friend) and the stranger (not a contact); no names, no body.
    assert "sent ask despite guard: 2 flagged recipients, reason given" in messages
    text = "\n".join(messages)
    for private in ("fran", "Fran", "stranger", "deck", "invest", "Seed"):
        assert private not in text


def test_professional_with_healthy_history_is_sent_without_override(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("Paul Pro <paul@x.example>",), subject=ASK_SUBJECT, body=ASK_BODY)
    result = send(engine, draft, transport=_smtp(server), today=TODAY)
    assert len(server.sink.received) == 1
    assert not result.overridden
    assert [j.level for j in result.check.judgements] == [GuardLevel.OK]
    assert _logged(engine, book.paul)[-1] == (K.ASKED, TODAY, "E-mail: Seed round")


def test_the_logged_ask_counts_against_the_budget_next_time(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("paul@x.example",), subject=ASK_SUBJECT, body=ASK_BODY)
    send(engine, draft, transport=_smtp(server), today=TODAY)
    with pytest.raises(GuardBlockedError) as info:
        send(engine, draft, transport=_smtp(server), today=TODAY)
    assert "already asked" in " ".join(info.value.flagged[0].reasons)
    assert len(server.sink.received) == 1


def test_a_message_that_is_not_an_ask_goes_to_friends_and_logs_message(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("fran@x.example",), bcc=("una@x.example", "nobody@y.example"),
                  subject="Happy birthday", body=NOT_ASK_BODY)
    result = send(engine, draft, transport=_smtp(server), today=TODAY)
    assert result.kind is K.MESSAGE
    assert len(server.sink.received) == 1
    assert _logged(engine, book.fran) == [(K.MESSAGE, TODAY, "E-mail: Happy birthday")]
    assert _logged(engine, book.una) == [(K.MESSAGE, TODAY, "E-mail: Happy birthday")]


def test_one_contact_under_two_addresses_is_logged_once(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("paul@x.example",), cc=("PAUL@X.EXAMPLE",), subject="Hi",
                  body=NOT_ASK_BODY)
    result = send(engine, draft, transport=_smtp(server), today=TODAY)
    assert result.logged_contact_ids == (book.paul,)


def test_bad_address_fails_before_the_guard_and_the_server(
        engine: Engine, book: Book, server: SmtpServer) -> None:
    draft = Draft(to=("paul@x.example",), bcc=("Bob <bob@x.example>\r\nBcc: evil@x.example",),
                  subject="Hi", body=NOT_ASK_BODY)
    with pytest.raises(InvalidAddressError, match="evil"):
        send(engine, draft, transport=_smtp(server), today=TODAY)
    with pytest.raises(InvalidAddressError, match="at least one recipient"):
        send(engine, Draft(subject="Hi"), transport=_smtp(server), today=TODAY)
    assert server.sink.received == []


# --- mailto: transport -----------------------------------------------------------------


def test_mailto_is_guarded_too(engine: Engine, book: Book) -> None:
    opened: list[str] = []
    transport = MailtoTransport(opened.append)
    with pytest.raises(GuardBlockedError):
        send(engine, Draft(to=("fran@x.example",), subject=ASK_SUBJECT, body=ASK_BODY),
             transport=transport, today=TODAY)
    assert opened == []


def test_mailto_opens_one_encoded_url_and_logs(engine: Engine, book: Book) -> None:
    opened: list[str] = []

    def opener(url: str) -> bool:
        opened.append(url)
        return True

    result = send(engine, Draft(to=("Paul Pro <paul@x.example>",), cc=("fran@x.example",),
                                subject="Lunch?", body="Lunch & chat?\nTuesday"),
                  transport=MailtoTransport(opener), today=TODAY)
    assert opened == ["mailto:paul@x.example?cc=fran@x.example&subject=Lunch%3F"
                      "&body=Lunch%20%26%20chat%3F%0D%0ATuesday"]
    assert result.delivery.transport == "mailto"
    assert sorted(result.logged_contact_ids) == sorted([book.paul, book.fran])


def test_mailto_rejects_an_address_with_query_syntax(engine: Engine, book: Book) -> None:
    opened: list[str] = []
    with pytest.raises(InvalidAddressError, match="bcc=evil"):
        send(engine, Draft(to=("paul@x.example?bcc=evil@x.example",), subject="Hi",
                           body=NOT_ASK_BODY), transport=MailtoTransport(opened.append))
    assert opened == []


def test_mailto_without_a_mail_program_logs_nothing(engine: Engine, book: Book) -> None:
    with pytest.raises(SendError, match="no mail program"):
        send(engine, Draft(to=("paul@x.example",), subject="Hi", body=NOT_ASK_BODY),
             transport=MailtoTransport(lambda _url: False), today=TODAY)
    assert [k for k, _, _ in _logged(engine, book.paul)] == [K.GAVE, K.INTRODUCED, K.CALL]


def test_an_idn_address_is_guarded_as_the_contact_it_belongs_to(
        engine: Engine, server: SmtpServer) -> None:
    [ida] = store(engine, make_contact("Ida Friend", "ida@bücher.example"))
    set_circle(engine, ida, Circle.FRIEND)
    draft = Draft(to=("ida@BÜCHER.example",), subject=ASK_SUBJECT, body=ASK_BODY)
    with pytest.raises(GuardBlockedError) as info:
        send(engine, draft, transport=_smtp(server), today=TODAY)
    assert info.value.flagged[0].contact_id == ida
    result = send(engine, draft, transport=_smtp(server), override_reason="she asked", today=TODAY)
    assert server.sink.received[0].rcpt_tos == ["ida@xn--bcher-kva.example"]
    assert result.logged_contact_ids == (ida,)
