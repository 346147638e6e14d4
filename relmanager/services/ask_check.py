"""Checking a message before it goes out: detect the ask, judge every recipient.

The one entry point the CLI, the compose window and the sender share, so no
path can send without passing the guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from relmanager import settings
from relmanager.domain import Circle
from relmanager.domain.asks import AskFinding, AskPolicy, Judgement, RecipientContext
from relmanager.services.asks import detect, judge
from relmanager.services.interactions import history
from relmanager.store import schema as s
from relmanager.store.normalize import normalize_email


@dataclass(frozen=True)
class AskCheck:
    finding: AskFinding
    judgements: tuple[Judgement, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "is_ask": self.finding.is_ask,
            "kind": self.finding.kind.value if self.finding.kind else None,
            "evidence": [{"field": e.field.value, "start": e.start, "end": e.end,
                          "text": e.text, "explanation": e.explanation}
                         for e in self.finding.evidence],
            "recipients": [{"email": j.email, "contact_id": j.contact_id,
                            "circle": j.circle.value if j.circle else None,
                            "level": j.level.value, "reasons": list(j.reasons)}
                           for j in self.judgements],
        }


def policy(conn: Connection) -> AskPolicy:
    return AskPolicy(settings.get(conn, settings.ASK_BUDGET_COUNT),
                     settings.get(conn, settings.ASK_BUDGET_DAYS),
                     settings.get(conn, settings.ASK_SILENCE_DAYS))


def recipient_contexts(conn: Connection, emails: list[str]) -> list[RecipientContext]:
    """Who each address belongs to (case-insensitive), with the effective circle."""
    c, e = s.contacts.c, s.emails.c
    keys = [normalize_email(x) for x in emails]
    rows = conn.execute(
        select(e.normalized, c.id, c.display_name, c.dont_pitch,
               func.coalesce(c.circle_user, c.circle_suggested).label("circle"))
        .join(s.contacts, c.id == e.contact_id).where(e.normalized.in_(keys))
        .order_by(c.id)).all()
    found: dict[str, Any] = {}
    for row in rows:
        found.setdefault(row.normalized, row)  # the oldest contact owns a shared address
    out = []
    for email, key in zip(emails, keys, strict=True):
        match = found.get(key)
        if match is None:
            out.append(RecipientContext(email=email.strip()))
        else:
            out.append(RecipientContext(email=email.strip(), display_name=match.display_name,
                                        contact_id=match.id, circle=Circle(match.circle),
                                        dont_pitch=bool(match.dont_pitch)))
    return out


def check_message(engine: Engine, recipients: list[str], subject: str, body: str,
                  today: date | None = None) -> AskCheck:
    finding = detect(subject, body)
    today = today or date.today()
    with engine.connect() as conn:
        contexts = recipient_contexts(conn, recipients)
        past = history(conn, [r.contact_id for r in contexts if r.contact_id is not None])
        rules = policy(conn)
    judgements = tuple(
        judge(r, finding, past.get(r.contact_id, []) if r.contact_id else [], rules, today)
        for r in contexts)
    return AskCheck(finding, judgements)
