"""When should the app next wake up to remind? (for the UI's single-shot timer)

Reminders fire at the configured local time of day (`reminders.time_of_day`,
09:00 by default) in the time zone of the `now` you pass. Dates carry no time
zone, so DST never shifts a due date; only the moment is zone-aware, and it is
built from the local wall-clock time, so 09:00 stays 09:00 across a DST change.

While anything is due the answer is the next morning (the daily digest); when
nothing is due it is the morning of the first day something becomes due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, Engine

from relmanager.services.reminders import birthdays as bd
from relmanager.services.reminders.config import ReminderConfig, load_config
from relmanager.services.reminders.due import birthday_items, keep_in_touch_items
from relmanager.services.reminders.query import birthday_keys, earliest_keep_in_touch


def local_moment(day: date, cfg: ReminderConfig, like: datetime) -> datetime:
    """`day` at the reminder time, in `like`'s zone (naive if `like` is naive)."""
    moment = datetime.combine(day, cfg.time_of_day, tzinfo=like.tzinfo)
    if moment.tzinfo is None:
        return moment
    # Normalise a wall time inside a DST gap to a real instant (e.g. 02:30 -> 03:30).
    return moment.astimezone(UTC).astimezone(moment.tzinfo)


def first_reminder_day(conn: Connection, cfg: ReminderConfig, start: date) -> date | None:
    """The first day from `start` on which anything is due."""
    if keep_in_touch_items(conn, cfg, start) or birthday_items(conn, cfg, start):
        return start
    candidates: list[date] = []
    kit = earliest_keep_in_touch(conn, cfg)
    if kit is not None:
        candidates.append(max(kit, start))
    if cfg.birthdays:
        for month, day in birthday_keys(conn, cfg):
            try:
                nxt = bd.next_window_start(month, day, start, cfg.birthday_lead_days)
            except ValueError:
                continue
            if nxt is not None:
                candidates.append(nxt)
    return min(candidates, default=None)


def next_due_moment(engine: Engine, now: datetime) -> datetime | None:
    """The next moment strictly after `now` at which a reminder is due, or None.

    `now` should be tz-aware (the local zone); the result is in the same zone.
    None when reminders are paused or nobody will ever be due.
    """
    with engine.connect() as conn:
        cfg = load_config(conn)
        if cfg.paused:
            return None
        today = now.date()
        start = today if local_moment(today, cfg, now) > now else today + timedelta(days=1)
        day = first_reminder_day(conn, cfg, start)
    return None if day is None else local_moment(day, cfg, now)
