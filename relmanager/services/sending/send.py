"""The one way a message leaves relmanager: validate, guard, deliver, log.

No message reaches a transport without passing the ask guard: `send` runs
`check_message` itself on every recipient (To, Cc and Bcc), whatever the
compose window showed. A flagged recipient (caution or warn) blocks the send
unless the user gives a reason to override, which is logged (without contact
data) and kept in the interaction note. After delivery, every recipient who
is a contact gets one interaction: `asked` when the message is an ask,
`message` otherwise, all in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address

from sqlalchemy import Engine

from relmanager.domain import InteractionKind
from relmanager.domain.asks import GuardLevel, Judgement
from relmanager.services.ask_check import AskCheck, check_message
from relmanager.services.interactions import log_in
from relmanager.services.sending.message import (
    InvalidAddressError,
    clean_subject,
    parse_address,
)
from relmanager.services.sending.transports import Delivery, Draft, Transport
from relmanager.store import write_transaction

log = logging.getLogger(__name__)

MAX_NOTE_SUBJECT = 200


class GuardBlockedError(Exception):
    """The ask guard flagged recipients and no override reason was given; nothing was sent."""

    def __init__(self, check: AskCheck) -> None:
        self.check = check
        self.flagged = flagged(check)
        super().__init__(
            f"not sent: the ask guard flagged {len(self.flagged)} of "
            f"{len(check.judgements)} recipients; give a reason to send anyway")


@dataclass(frozen=True)
class SendResult:
    check: AskCheck
    delivery: Delivery
    kind: InteractionKind  # what was logged: asked or message
    logged_contact_ids: tuple[int, ...]
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None


def flagged(check: AskCheck) -> tuple[Judgement, ...]:
    return tuple(j for j in check.judgements if j.level is not GuardLevel.OK)


def _as_stored(address: Address) -> str:
    """The address as an address book keeps it: an IDN domain in Unicode, not punycode."""
    try:
        domain = address.domain.encode("ascii").decode("idna")
    except UnicodeError:
        domain = address.domain
    return f"{address.username}@{domain}"


def stored_form(text: str) -> str:
    """What the guard looks up for a typed recipient: `Bob <bob@x.example>` -> `bob@x.example`.

    Text that is no address is returned as typed; `send` refuses it later with a reason.
    """
    try:
        return _as_stored(parse_address(text))
    except InvalidAddressError:
        return text.strip()


def _note(subject: str, override: str | None, was_flagged: bool) -> str:
    line = clean_subject(subject)
    if len(line) > MAX_NOTE_SUBJECT:
        line = line[:MAX_NOTE_SUBJECT - 1] + "…"
    note = f"E-mail: {line}" if line else "E-mail (no subject)"
    if override is not None and was_flagged:
        note += f"\nSent despite the ask guard. Reason: {override}"
    return note


def send(engine: Engine, draft: Draft, *, transport: Transport,
         override_reason: str | None = None, today: date | None = None) -> SendResult:
    """Guard, deliver and log one message.

    Raises InvalidAddressError before anything else when an address is bad,
    GuardBlockedError when a recipient is flagged and `override_reason` is
    empty, and the transport's SendError when delivery fails (nothing logged).
    """
    recipients = draft.recipients
    if not recipients:
        raise InvalidAddressError("", "a message needs at least one recipient")
    addresses = [parse_address(r) for r in recipients]
    today = today or date.today()
    check = check_message(engine, [_as_stored(a) for a in addresses], draft.subject,
                          draft.body, today)
    reason = (override_reason or "").strip() or None
    risky = flagged(check)
    if risky and reason is None:
        log.info("send blocked by the ask guard: %d flagged recipients", len(risky))
        raise GuardBlockedError(check)

    delivery = transport.deliver(draft)
    if risky:
        log.info("sent ask despite guard: %d flagged recipients, reason given", len(risky))

    kind = InteractionKind.ASKED if check.finding.is_ask else InteractionKind.MESSAGE
    accepted = {a.lower() for a in delivery.accepted}
    flagged_ids = {j.contact_id for j in risky if j.contact_id is not None}
    logged: list[int] = []
    with write_transaction(engine) as conn:
        for address, judgement in zip(addresses, check.judgements, strict=True):
            contact_id = judgement.contact_id
            if (contact_id is None or contact_id in logged
                    or address.addr_spec.lower() not in accepted):
                continue
            log_in(conn, contact_id, kind, today,
                   _note(draft.subject, reason, contact_id in flagged_ids))
            logged.append(contact_id)
    log.info("sent a message via %s to %d recipients (%d refused); logged %d %s interactions",
             delivery.transport, len(delivery.accepted), len(delivery.refused), len(logged),
             kind.value)
    return SendResult(check, delivery, kind, tuple(logged), reason if risky else None)
