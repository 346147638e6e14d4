"""Keep-in-touch reminders, birthdays and the daily digest.

    due(engine, today)              -> list[DueItem]   (sorted; `relmanager due`)
    due_json(engine, today)         -> list[dict]      (the CLI contract)
    next_due_moment(engine, now)    -> datetime | None (arm the UI's timer)
    snooze(engine, contact_id, until)
    digest(engine, today), should_send_digest(...), mark_digest_sent(...)

Settings (cadences, pause, time of day, birthdays) live in `.config`.
"""

from relmanager.services.reminders.config import (
    ReminderConfig,
    read_config,
    set_category_cadence,
    set_circle_cadence,
    set_contact_cadence,
    set_paused,
    set_time_of_day,
)
from relmanager.services.reminders.digest import (
    Digest,
    DigestGroup,
    digest,
    mark_digest_sent,
    should_send_digest,
)
from relmanager.services.reminders.due import DueItem, ReminderKind, due, due_json
from relmanager.services.reminders.schedule import next_due_moment
from relmanager.services.reminders.snooze import (
    ONE_DAY,
    ONE_WEEK,
    clear_snooze,
    snooze,
    snooze_for,
    snoozed_until,
)

__all__ = [
    "ONE_DAY", "ONE_WEEK", "Digest", "DigestGroup", "DueItem", "ReminderConfig",
    "ReminderKind", "clear_snooze", "digest", "due", "due_json", "mark_digest_sent",
    "next_due_moment", "read_config", "set_category_cadence", "set_circle_cadence",
    "set_contact_cadence", "set_paused", "set_time_of_day", "should_send_digest", "snooze",
    "snooze_for", "snoozed_until",
]
