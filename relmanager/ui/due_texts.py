"""What the Due page and the tray say: row texts, group titles, empty states.

Plain strings only; views show them as plain text.
"""

from __future__ import annotations

import html
from datetime import date

from relmanager.domain import Circle
from relmanager.services.reminders import DueItem, ReminderKind
from relmanager.services.reminders.birthdays import MONTHS

COLUMNS = ("Name", "Circle", "Why due", "Last contact")
GROUP_NAMES = {Circle.FRIEND: "Friends", Circle.BOTH: "Friends and professional",
               Circle.PROFESSIONAL: "Professional", Circle.UNSORTED: "Unsorted"}
INTRO = ("Who to get in touch with, overdue first. Log a touch once you have been in touch; "
         "snooze to be reminded later without counting it as contact.")
EMPTY = ("Nobody is due. Everyone you keep in touch with has heard from you recently enough.\n\n"
         "When a friend or contact is due for a catch-up, or has a birthday, they show up here "
         "and in the tray.")
PAUSED = ("Reminders are paused, so nobody is listed.\n\n"
          "Turn them back on with Tools ▸ Pause reminders (or from the tray icon's menu).")
LOADING = "Looking for who is due…"
MORE = "…and {} more, listed as you log or snooze the ones above"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def why_due(item: DueItem) -> str:
    if item.kind is ReminderKind.BIRTHDAY:
        return item.reason
    if item.overdue_days > 0:
        return f"overdue {plural(item.overdue_days, 'day')}"
    return "due today"


def last_contact_text(item: DueItem, today: date) -> str:
    last = item.last_contact_on
    if last is None:
        return "never logged"
    days = (today - last).days
    ago = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{last.day} {MONTHS[last.month - 1]} {last.year} · {ago}"


def section_of(item: DueItem) -> str:
    if item.overdue_days > 0:
        return "Overdue"
    return "Due today" if item.overdue_days == 0 else "Coming up"


def plain_tooltip(text: str) -> str:
    """Tooltips guess rich text: force it and escape, so contact text stays literal."""
    return f"<qt>{html.escape(text)}</qt>"
