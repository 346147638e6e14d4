"""Who is due for a catch-up, and whose birthday it is.

Keep in touch: next due = last interaction (any kind) + cadence. Logging any
interaction resets it; a snooze moves it without counting as contact.

A contact with no interaction logged yet is first due between one and two
cadences after it was added (`contacts.created_at`), spread by contact id:
`added + cadence + (id mod cadence)`. So importing 5,000 contacts never floods
a new user on day one, nor all at once one cadence later: with a 60-day cadence
the first reminders trickle in over days 60-119.

Everything per contact is computed in SQL (cadence resolution, last contact via
the (contact_id, occurred_on) index, snooze, due date); Python only formats the
rows that are due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine

from relmanager.domain import Circle
from relmanager.services.reminders import birthdays as bd
from relmanager.services.reminders import query as q
from relmanager.services.reminders.config import ReminderConfig, load_config

_CIRCLES = {c.value: c for c in Circle}
CIRCLE_ORDER = {Circle.FRIEND: 0, Circle.BOTH: 1, Circle.PROFESSIONAL: 2, Circle.UNSORTED: 3}


class ReminderKind(StrEnum):
    KEEP_IN_TOUCH = "keep_in_touch"
    BIRTHDAY = "birthday"


_KIND_ORDER = {ReminderKind.BIRTHDAY: 0, ReminderKind.KEEP_IN_TOUCH: 1}


class DueItem(NamedTuple):
    """One reminder. A named tuple: `due` builds tens of thousands of them."""

    contact_id: int
    display_name: str
    circle: Circle
    reason: str  # plain text for the list, the tray and `relmanager due`
    due_date: date
    overdue_days: int  # > 0 overdue, 0 due today, < 0 upcoming (birthday lead days)
    kind: ReminderKind = ReminderKind.KEEP_IN_TOUCH
    cadence_days: int | None = None
    last_contact_on: date | None = None
    snoozed_until: date | None = None

    def to_json(self, extended: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "contact_id": self.contact_id, "display_name": self.display_name,
            "reason": self.reason, "due_date": self.due_date.isoformat(),
            "overdue_days": self.overdue_days}
        if extended:
            out.update(kind=self.kind.value, circle=self.circle.value)
        return out


# --------------------------------------------------------------------------- items


def _date_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


def _keep_in_touch_reason(today: date, cadence: int, last_on: date | None,
                          added_on: date | None, snoozed: date | None) -> str:
    every = f"cadence {cadence} day{'s' if cadence != 1 else ''}"
    if last_on is not None:
        days = (today - last_on).days
        text = f"last contact {_ago(days)} ({every})" if days != 0 else \
            f"last contact today ({every})"
    elif added_on is not None:
        text = f"no contact logged since you added them {_ago((today - added_on).days)} ({every})"
    else:
        text = f"no contact logged yet ({every})"
    if snoozed is not None:
        text += f", snoozed until {bd.day_label(snoozed.month, snoozed.day)}"
    return text


def keep_in_touch_items(conn: Connection, cfg: ReminderConfig, today: date) -> list[DueItem]:
    snoozed_map = q.snoozes(conn)
    items = []
    # Memoised per distinct value: tens of thousands of rows share a few hundred dates.
    day_of: dict[int, date] = {}
    parsed: dict[str | None, date | None] = {None: None}
    reasons: dict[tuple[Any, ...], str] = {}
    kit = ReminderKind.KEEP_IN_TOUCH
    for cid, name, circle, cadence, created_at, last_on, days in q.keep_in_touch_rows(
            conn, cfg, today):
        overdue: int = days
        due_on = day_of.get(overdue) or day_of.setdefault(overdue, today - timedelta(overdue))
        snoozed = None
        if cid in snoozed_map:
            until, base = snoozed_map[cid]
            until_on = _date_or_none(until)
            if (last_on is None or last_on <= base) and until_on is not None \
                    and until_on > due_on:
                if until_on > today:
                    continue  # snoozed past today
                due_on = snoozed = until_on
                overdue = (today - until_on).days
        if last_on not in parsed:
            parsed[last_on] = _date_or_none(last_on)
        last = parsed[last_on]
        added_iso = None if last_on else str(created_at)[:10]
        if added_iso not in parsed:
            parsed[added_iso] = _date_or_none(added_iso)
        key = (cadence, last_on, added_iso, snoozed)
        reason = reasons.get(key)
        if reason is None:
            reason = reasons[key] = _keep_in_touch_reason(today, cadence, last,
                                                          parsed[added_iso], snoozed)
        items.append(DueItem(cid, name, _CIRCLES[circle], reason, due_on, overdue, kit,
                             cadence, last, snoozed))
    return items


def birthday_items(conn: Connection, cfg: ReminderConfig, today: date) -> list[DueItem]:
    """Birthdays whose window contains today, unless contact was logged since it opened."""
    if not cfg.birthdays:
        return []
    lead, grace = cfg.birthday_lead_days, cfg.birthday_grace_days
    items = []
    keys = bd.window_month_days(today, lead, grace)
    for cid, name, circle, year, month, day, last_on in q.birthday_rows(conn, cfg, keys):
        try:
            hit = bd.birthday_hit(month, day, year, today, lead_days=lead, grace_days=grace)
        except ValueError:  # a stored birthday that is no date (e.g. 31 Apr)
            continue
        if hit is None:
            continue
        opened = hit.celebrated_on - timedelta(days=lead)
        last = date.fromisoformat(last_on) if last_on else None
        if last is not None and last >= opened:
            continue  # already in touch for this birthday
        items.append(DueItem(
            cid, name, _CIRCLES[circle], bd.birthday_reason(name, month, day, hit),
            hit.celebrated_on, -hit.days_until, ReminderKind.BIRTHDAY, None, last))
    return items


def sort_items(items: Sequence[DueItem]) -> list[DueItem]:
    """Overdue first; then by circle (friend, both, professional, unsorted); then the
    most overdue, name, id. Due-today and upcoming items follow, in the same order."""
    return sorted(items, key=lambda it: (
        it.overdue_days <= 0, CIRCLE_ORDER[it.circle], -it.overdue_days,
        it.display_name.casefold(), it.contact_id, _KIND_ORDER[it.kind]))


def due_in(conn: Connection, today: date, cfg: ReminderConfig | None = None) -> list[DueItem]:
    cfg = cfg or load_config(conn)
    if cfg.paused:
        return []
    return sort_items(keep_in_touch_items(conn, cfg, today) + birthday_items(conn, cfg, today))


def due(engine: Engine, today: date) -> list[DueItem]:
    """Everything due on `today`: keep-in-touch reminders and birthdays, sorted."""
    with engine.connect() as conn:
        return due_in(conn, today)


def due_json(engine: Engine, today: date, extended: bool = False) -> list[dict[str, Any]]:
    """`relmanager due --json`: `{contact_id, display_name, reason, due_date, overdue_days}`
    (plus `kind` and `circle` when `extended`)."""
    return [item.to_json(extended) for item in due(engine, today)]
