"""When one contact's keep-in-touch reminder is next due (for the detail pane).

The same rules as `due`, for a single contact: cadence own > group > circle;
next due = last interaction + cadence, or, never contacted, added + cadence +
(id mod cadence); a snooze postpones unless contact was logged after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine, text

from relmanager.services.contacts import ContactNotFoundError
from relmanager.services.reminders import birthdays as bd
from relmanager.services.reminders.config import load_config
from relmanager.services.reminders.query import cadence_parts


def _day(d: date) -> str:
    return f"{bd.day_label(d.month, d.day)} {d.year}"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class NextReminder:
    today: date
    cadence_days: int  # 0: no reminders for this contact
    due_on: date | None = None  # None when there are no reminders
    paused: bool = False
    snoozed: bool = False  # due_on comes from a snooze

    @property
    def overdue_days(self) -> int:
        return (self.today - self.due_on).days if self.due_on else 0

    @property
    def text(self) -> str:
        """E.g. "overdue by 5 days (since 3 March 2026)", "due in 12 days (…)"."""
        if self.due_on is None:
            return "no reminders for this contact"
        days = self.overdue_days
        if days > 0:
            when = f"overdue by {_days(days)} (since {_day(self.due_on)})"
        elif days == 0:
            when = "due today"
        else:
            when = f"due in {_days(-days)} ({_day(self.due_on)})"
        when += f", every {_days(self.cadence_days)}"
        if self.snoozed:
            when += ", snoozed"
        if self.paused:
            when += " — reminders are paused"
        return when


def next_reminder(engine: Engine, contact_id: int, today: date) -> NextReminder:
    with engine.connect() as conn:
        cfg = load_config(conn)
        cte, join, cadence, params = cadence_parts(conn, cfg)
        sql = (f"{'WITH ' + cte.rstrip().rstrip(',') if cte else ''} "
               f"SELECT {cadence} AS cadence, substr(c.created_at, 1, 10) AS added, "
               "(SELECT max(i.occurred_on) FROM interactions i WHERE i.contact_id = c.id) "
               "AS last_on, sn.until, sn.last_contact_on "
               f"FROM contacts c {join} LEFT JOIN snoozes sn ON sn.contact_id = c.id "
               "WHERE c.id = :cid")
        row = conn.execute(text(sql), {**params, "cid": contact_id}).first()
    if row is None:
        raise ContactNotFoundError(f"no contact with id {contact_id}")
    days = int(row.cadence or 0)
    if days <= 0:
        return NextReminder(today, 0, paused=cfg.paused)
    if row.last_on:
        due_on = date.fromisoformat(row.last_on) + timedelta(days=days)
    else:
        due_on = date.fromisoformat(row.added) + timedelta(days=days + contact_id % days)
    snoozed = False
    if row.until and (row.last_on is None or row.last_on <= row.last_contact_on):
        until = date.fromisoformat(row.until)
        if until > due_on:
            due_on, snoozed = until, True
    return NextReminder(today, days, due_on, cfg.paused, snoozed)
