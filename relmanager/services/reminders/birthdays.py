"""Birthday arithmetic: pure functions over dates, no I/O.

A birthday may have no year (`--MMDD`, X-APPLE-OMIT-YEAR): then we remind of
the day but never say an age. A 29 February birthday is remembered on
28 February in years without a 29 February (the common legal and social
convention: the last day of February; never 1 March, which is a different month).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_AGE = 130


def occurrence(month: int, day: int, year: int) -> date:
    """The day a birthday on `month`/`day` is celebrated in `year`."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def day_label(month: int, day: int) -> str:
    return f"{day} {MONTHS[month - 1]}"


def age_on(birth_year: int | None, celebrated: date) -> int | None:
    """The age reached on this birthday, when the year is known and plausible."""
    if birth_year is None:
        return None
    age = celebrated.year - birth_year
    return age if 0 < age <= MAX_AGE else None


@dataclass(frozen=True)
class BirthdayHit:
    """A birthday whose reminder window contains `today`."""

    celebrated_on: date
    days_until: int  # > 0 upcoming, 0 today, < 0 already past
    age: int | None


def birthday_hit(month: int, day: int, birth_year: int | None, today: date, *,
                 lead_days: int, grace_days: int) -> BirthdayHit | None:
    """The occurrence whose window [day - lead, day + grace] contains today, if any.

    Looks at last, this and next year so windows across New Year work
    (a 31 Dec birthday still shows on 1 Jan with a grace day).
    """
    for year in (today.year, today.year + 1, today.year - 1):
        if year < 1 or year > 9999:
            continue
        on = occurrence(month, day, year)
        delta = (on - today).days
        if -grace_days <= delta <= lead_days:
            return BirthdayHit(on, delta, age_on(birth_year, on))
    return None


def window_month_days(today: date, lead_days: int, grace_days: int) -> set[int]:
    """`month * 100 + day` of every birthday that may be in its window today.

    Used to pre-filter in SQL; includes 229 whenever 28 Feb of a non-leap year
    is in the window.
    """
    keys: set[int] = set()
    for offset in range(-grace_days, lead_days + 1):
        d = today + timedelta(days=offset)
        keys.add(d.month * 100 + d.day)
        if d.month == 2 and d.day == 28 and not calendar.isleap(d.year):
            keys.add(229)
    return keys


def next_window_start(month: int, day: int, on_or_after: date, lead_days: int) -> date | None:
    """First day from `on_or_after` on which this birthday's reminder appears."""
    for year in (on_or_after.year, on_or_after.year + 1, on_or_after.year + 2):
        if year > 9999:
            break
        start = occurrence(month, day, year) - timedelta(days=lead_days)
        if start >= on_or_after:
            return start
    return None


def birthday_reason(name: str, month: int, day: int, hit: BirthdayHit) -> str:
    """Plain text, e.g. "birthday today (turns 40)", "Maria's birthday is on 29 Feb (turns 40)"."""
    label = day_label(month, day)
    moved = hit.celebrated_on.day != day  # 29 Feb kept on 28 Feb
    if hit.days_until < 0:
        ago = -hit.days_until
        when = "yesterday" if ago == 1 else f"{ago} days ago"
        text = f"birthday was {when}, on {label}"
        if hit.age is not None:
            text += f" (turned {hit.age})"
        return text
    if hit.days_until == 0:
        text = "birthday today"
        extras = [f"born on {label}, no {label} this year"] if moved else []
    else:
        who = f"{name}'s" if name.strip() else "their"
        when = f"tomorrow, {label}" if hit.days_until == 1 else f"on {label}"
        text = f"{who} birthday is {when}"
        extras = [f"remembered on {day_label(2, 28)} this year"] if moved else []
    if hit.age is not None:
        extras.append(f"turns {hit.age}")
    return f"{text} ({'; '.join(extras)})" if extras else text
