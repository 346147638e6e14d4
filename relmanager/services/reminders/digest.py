"""The daily digest: what is due, grouped by circle, sent at most once a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from relmanager import settings
from relmanager.domain import Circle
from relmanager.services.reminders.config import LAST_DIGEST_ON, PAUSED
from relmanager.services.reminders.due import CIRCLE_ORDER, DueItem, ReminderKind, due

_NOUNS = {Circle.FRIEND: ("friend", "friends"),
          Circle.BOTH: ("friend and colleague", "friends and colleagues"),
          Circle.PROFESSIONAL: ("professional contact", "professional contacts"),
          Circle.UNSORTED: ("unsorted contact", "unsorted contacts")}


@dataclass(frozen=True)
class DigestGroup:
    circle: Circle
    items: tuple[DueItem, ...]

    @property
    def title(self) -> str:
        return f"{self.circle.label} ({len(self.items)})"


@dataclass(frozen=True)
class Digest:
    today: date
    groups: tuple[DigestGroup, ...]

    @property
    def items(self) -> tuple[DueItem, ...]:
        return tuple(item for group in self.groups for item in group.items)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def summary(self) -> str:
        """One line for a notification, e.g. "3 to get in touch with: 2 friends, 1 ... "."""
        if self.is_empty:
            return "Nobody is due today."
        items = self.items
        birthdays = sum(1 for it in items if it.kind is ReminderKind.BIRTHDAY)
        catch_ups = len(items) - birthdays
        parts = []
        if catch_ups:
            per_circle = ", ".join(
                f"{n} {_NOUNS[g.circle][n != 1]}"
                for g in self.groups
                if (n := sum(1 for it in g.items if it.kind is ReminderKind.KEEP_IN_TOUCH)))
            parts.append(f"{catch_ups} to get in touch with ({per_circle})")
        if birthdays:
            parts.append(f"{birthdays} birthday{'s' if birthdays != 1 else ''}")
        return " and ".join(parts) + "."


def group_by_circle(today: date, items: list[DueItem]) -> Digest:
    buckets: dict[Circle, list[DueItem]] = {}
    for item in items:
        buckets.setdefault(item.circle, []).append(item)
    groups = tuple(DigestGroup(c, tuple(buckets[c]))
                   for c in sorted(buckets, key=CIRCLE_ORDER.__getitem__))
    return Digest(today, groups)


def digest(engine: Engine, today: date) -> Digest:
    """What is due today, grouped friend, both, professional, unsorted (each sorted)."""
    return group_by_circle(today, due(engine, today))


def should_send_digest(engine: Engine, today: date) -> bool:
    """True at most once per day (and never while paused or after the clock went back)."""
    with engine.connect() as conn:
        if settings.get(conn, PAUSED):
            return False
        last = settings.get(conn, LAST_DIGEST_ON)
    try:
        return not last or date.fromisoformat(last) < today
    except ValueError:
        return True


def mark_digest_sent(engine: Engine, today: date) -> None:
    settings.put(engine, LAST_DIGEST_ON, today.isoformat())
