"""Reminder settings: cadences per circle and per group, pause, time of day, birthdays.

Every knob is a typed `relmanager.settings.Setting` declared here, so the UI
edits the same keys the reminder engine reads.

How a contact's cadence is chosen (first that applies):
1. the contact's own `cadence_days` (0 = no reminders for this contact at all,
   birthdays included);
2. its groups (vCard CATEGORIES) listed in `reminders.cadence.categories`, a JSON
   object `{"Family": 30, "Book club": 0}`. Names match case-insensitively (for
   ASCII letters, as SQLite's `lower()` does). When several groups match, the
   shortest positive cadence wins; if only 0 matches, the contact gets no reminders;
3. the default of its circle (friend 60, both 60, professional 120, unsorted none).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import time

from sqlalchemy import Connection, Engine

from relmanager import settings
from relmanager.domain import Circle
from relmanager.services.contacts import ContactNotFoundError
from relmanager.settings import Setting
from relmanager.store import schema as s
from relmanager.store import write_transaction

CADENCE_FRIEND = Setting("reminders.cadence.friend", 60, "days between catch-ups with friends")
CADENCE_BOTH = Setting("reminders.cadence.both", 60,
                       "days between catch-ups with contacts who are friend and professional")
CADENCE_PROFESSIONAL = Setting("reminders.cadence.professional", 120,
                               "days between catch-ups with professional contacts")
CADENCE_UNSORTED = Setting("reminders.cadence.unsorted", 0,
                           "days between catch-ups with unsorted contacts (0: none)")
CADENCE_CATEGORIES = Setting("reminders.cadence.categories", "{}",
                             "JSON object: group (category) name -> days (0: no reminders)")
PAUSED = Setting("reminders.paused", False, "pause every reminder (keep-in-touch and birthdays)")
TIME_OF_DAY = Setting("reminders.time_of_day", "09:00", "local time reminders fire (HH:MM)")
BIRTHDAYS = Setting("reminders.birthdays", True, "remind of birthdays")
BIRTHDAY_LEAD_DAYS = Setting("reminders.birthday_lead_days", 0,
                             "days before a birthday the reminder appears")
BIRTHDAY_GRACE_DAYS = Setting("reminders.birthday_grace_days", 1,
                              "days after a birthday the reminder stays unless you logged contact")
LAST_DIGEST_ON = Setting("reminders.last_digest_on", "", "date (ISO) the last digest was sent")

CIRCLE_SETTINGS = {
    Circle.FRIEND: CADENCE_FRIEND,
    Circle.BOTH: CADENCE_BOTH,
    Circle.PROFESSIONAL: CADENCE_PROFESSIONAL,
    Circle.UNSORTED: CADENCE_UNSORTED,
}
DEFAULT_TIME = time(9, 0)
MAX_CADENCE_DAYS = 3650
MAX_WINDOW_DAYS = 60  # cap for birthday lead/grace days


@dataclass(frozen=True)
class ReminderConfig:
    circle_cadence: dict[Circle, int] = field(default_factory=lambda: {
        c: st.default for c, st in CIRCLE_SETTINGS.items()})
    category_cadence: dict[str, int] = field(default_factory=dict)
    paused: bool = False
    time_of_day: time = DEFAULT_TIME
    birthdays: bool = True
    birthday_lead_days: int = 0
    birthday_grace_days: int = 1


def _days(value: int) -> int:
    return max(0, min(int(value), MAX_CADENCE_DAYS))


def parse_categories(text: str) -> dict[str, int]:
    """The group override mapping; anything malformed is skipped, never fatal."""
    try:
        raw = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, int] = {}
    for name, days in raw.items():
        if isinstance(name, str) and name.strip() and isinstance(days, int) \
                and not isinstance(days, bool) and days >= 0:
            out[name.strip()] = _days(days)
    return out


def parse_time(text: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute)
    except ValueError:
        return DEFAULT_TIME


def load_config(conn: Connection) -> ReminderConfig:
    return ReminderConfig(
        circle_cadence={c: _days(settings.get(conn, st)) for c, st in CIRCLE_SETTINGS.items()},
        category_cadence=parse_categories(settings.get(conn, CADENCE_CATEGORIES)),
        paused=settings.get(conn, PAUSED),
        time_of_day=parse_time(settings.get(conn, TIME_OF_DAY)),
        birthdays=settings.get(conn, BIRTHDAYS),
        birthday_lead_days=max(0, min(settings.get(conn, BIRTHDAY_LEAD_DAYS), MAX_WINDOW_DAYS)),
        birthday_grace_days=max(0, min(settings.get(conn, BIRTHDAY_GRACE_DAYS),
                                       MAX_WINDOW_DAYS)),
    )


def read_config(engine: Engine) -> ReminderConfig:
    with engine.connect() as conn:
        return load_config(conn)


def set_circle_cadence(engine: Engine, circle: Circle, days: int) -> None:
    if days < 0:
        raise ValueError("a cadence is 0 (no reminders) or a number of days")
    settings.put(engine, CIRCLE_SETTINGS[circle], _days(days))


def set_category_cadence(engine: Engine, category: str, days: int | None) -> None:
    """Override the cadence for a group; `None` removes the override, 0 silences it."""
    if days is not None and days < 0:
        raise ValueError("a cadence is 0 (no reminders) or a number of days")
    name = category.strip()
    if not name:
        raise ValueError("a group needs a name")
    with engine.connect() as conn:
        mapping = parse_categories(settings.get(conn, CADENCE_CATEGORIES))
    for key in [k for k in mapping if k.casefold() == name.casefold()]:
        del mapping[key]
    if days is not None:
        mapping[name] = _days(days)
    settings.put(engine, CADENCE_CATEGORIES, json.dumps(mapping, ensure_ascii=False,
                                                        sort_keys=True))


def set_paused(engine: Engine, paused: bool) -> None:
    settings.put(engine, PAUSED, paused)


def set_time_of_day(engine: Engine, when: time) -> None:
    settings.put(engine, TIME_OF_DAY, f"{when.hour:02d}:{when.minute:02d}")


def set_contact_cadence(engine: Engine, contact_id: int, days: int | None) -> None:
    """This contact's own cadence: `None` follows group/circle, 0 means no reminders."""
    if days is not None and days < 0:
        raise ValueError("a cadence is 0 (no reminders) or a number of days")
    with write_transaction(engine) as conn:
        done = conn.execute(s.contacts.update().where(s.contacts.c.id == contact_id)
                            .values(cadence_days=None if days is None else _days(days)))
        if done.rowcount == 0:
            raise ContactNotFoundError(f"no contact with id {contact_id}")
