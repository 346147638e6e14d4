"""The SQL behind the reminders: one pass over contacts, aggregates in SQLite.

Per contact, SQLite resolves the cadence (own > group > circle), finds the last
interaction through the (contact_id, occurred_on) index, and computes the
natural due date as a Julian day number, so Python only sees contacts that are
due. Snoozes only ever postpone, so they are applied to that (small) result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, text

from relmanager.services.reminders.config import ReminderConfig

_JD_EPOCH = date(2000, 1, 1)
_JD_2000 = 2451544.5  # julianday('2000-01-01')

_CIRCLE_CADENCE = (
    "CASE coalesce(c.circle_user, c.circle_suggested) "
    "WHEN 'friend' THEN :cad_friend WHEN 'both' THEN :cad_both "
    "WHEN 'professional' THEN :cad_professional ELSE :cad_unsorted END")
_LAST_ON = "(SELECT max(i.occurred_on) FROM interactions i WHERE i.contact_id = {id})"
# Never contacted: one cadence after being added, plus a spread of up to one more.
_NATURAL_JD = ("CASE WHEN last_on IS NULL "
               "THEN julianday(substr(created_at, 1, 10)) + cadence + (id % cadence) "
               "ELSE julianday(last_on) + cadence END")


def julian(day: date) -> float:
    return _JD_2000 + (day - _JD_EPOCH).days


def from_julian(jd: float) -> date:
    return _JD_EPOCH + timedelta(days=round(jd - _JD_2000))


def _matching_categories(conn: Connection, overrides: dict[str, int]) -> dict[str, int]:
    """Stored group names (exact spelling) -> override days, matched by casefold."""
    folded = {name.casefold(): days for name, days in overrides.items()}
    names = conn.execute(text("SELECT DISTINCT name FROM categories")).scalars()
    return {n: folded[n.casefold()] for n in names if n.casefold() in folded}


def cadence_parts(conn: Connection, cfg: ReminderConfig) -> tuple[str, str, str, dict[str, Any]]:
    """(CTE prefix, join, cadence expression over `c`, params).

    Several matching groups: the shortest positive cadence wins; only zeros: 0.
    """
    params: dict[str, Any] = {f"cad_{c.value}": d for c, d in cfg.circle_cadence.items()}
    matched = _matching_categories(conn, cfg.category_cadence) if cfg.category_cadence else {}
    if not matched:
        return "", "", f"coalesce(c.cadence_days, {_CIRCLE_CADENCE})", params
    whens, names = [], []
    for n, (name, days) in enumerate(sorted(matched.items())):
        whens.append(f"WHEN :ov_n{n} THEN :ov_d{n}")
        names.append(f":ov_n{n}")
        params[f"ov_n{n}"], params[f"ov_d{n}"] = name, days
    cte = ("catcad AS MATERIALIZED (SELECT contact_id, "
           "coalesce(min(nullif(days, 0)), min(days)) AS days FROM ("
           f"SELECT contact_id, CASE name {' '.join(whens)} END AS days FROM categories "
           f"WHERE name IN ({', '.join(names)})) GROUP BY contact_id), ")
    join = "LEFT JOIN catcad cc ON cc.contact_id = c.id"
    return cte, join, f"coalesce(c.cadence_days, cc.days, {_CIRCLE_CADENCE})", params


def _timed_sql(conn: Connection, cfg: ReminderConfig) -> tuple[str, dict[str, Any]]:
    """CTEs ending in `timed(id, name, circle, cadence, created_at, last_on)`, cadence > 0.

    MATERIALIZED keeps SQLite from copying the correlated subqueries into every
    expression that uses their columns (each runs once per contact).
    """
    cte, join, cadence, params = cadence_parts(conn, cfg)
    sql = (f"WITH {cte}live AS MATERIALIZED ("
           "SELECT c.id AS id, c.display_name AS name, "
           "coalesce(c.circle_user, c.circle_suggested) AS circle, "
           f"{cadence} AS cadence, c.created_at AS created_at FROM contacts c {join}), "
           f"timed AS MATERIALIZED (SELECT *, {_LAST_ON.format(id='live.id')} AS last_on "
           "FROM live WHERE cadence > 0) ")
    return sql, params


def keep_in_touch_rows(conn: Connection, cfg: ReminderConfig, today: date) -> Sequence[Any]:
    """(id, name, circle, cadence, created_at, last_on, overdue_days) of everyone whose
    natural due date (snoozes not applied) is today or earlier."""
    sql, params = _timed_sql(conn, cfg)
    sql += ("SELECT id, name, circle, cadence, created_at, last_on, "
            "CAST(round(:today_jd - natural_jd) AS INTEGER) FROM ("
            f"SELECT *, {_NATURAL_JD} AS natural_jd FROM timed) WHERE natural_jd <= :today_jd")
    params["today_jd"] = julian(today)
    conn.execute(text("SELECT 1"))  # begin the read transaction the raw cursor joins
    # The plain DB-API cursor: tens of thousands of rows skip SQLAlchemy's row machinery.
    raw = conn.connection.driver_connection
    assert raw is not None
    rows: list[Any] = raw.execute(sql, params).fetchall()
    return rows


def snoozes(conn: Connection) -> dict[int, tuple[str, str]]:
    """contact_id -> (until, last_contact_on), ISO dates."""
    rows = conn.execute(text("SELECT contact_id, until, last_contact_on FROM snoozes"))
    return {cid: (until, base) for cid, until, base in rows}


def earliest_keep_in_touch(conn: Connection, cfg: ReminderConfig) -> date | None:
    """The earliest due date of anyone, snoozes applied (may be in the past)."""
    sql, params = _timed_sql(conn, cfg)
    sql += (f"SELECT min(max(t.natural_jd, coalesce(CASE WHEN t.last_on IS NULL "
            "OR t.last_on <= sn.last_contact_on THEN julianday(sn.until) END, t.natural_jd))) "
            f"FROM (SELECT *, {_NATURAL_JD} AS natural_jd FROM timed) t "
            "LEFT JOIN snoozes sn ON sn.contact_id = t.id")
    value = conn.execute(text(sql), params).scalar()
    return None if value is None else from_julian(value)


def birthday_rows(conn: Connection, cfg: ReminderConfig,
                  keys: Iterable[int]) -> Sequence[Any]:
    """(id, name, circle, year, month, day, last_on) for birthdays on `month*100+day` keys."""
    cte, join, cadence, params = cadence_parts(conn, cfg)
    key_list = ", ".join(str(int(k)) for k in sorted(keys)) or "NULL"
    sql = (f"WITH {cte}base AS MATERIALIZED (SELECT c.id AS id, c.display_name AS name, "
           "coalesce(c.circle_user, c.circle_suggested) AS circle, "
           f"{cadence} AS cadence, c.bday_year AS y, c.bday_month AS m, c.bday_day AS d "
           f"FROM contacts c {join} WHERE c.bday_month IS NOT NULL AND c.bday_day IS NOT NULL "
           f"AND c.bday_month * 100 + c.bday_day IN ({key_list})) "
           f"SELECT id, name, circle, y, m, d, {_LAST_ON.format(id='base.id')} AS last_on "
           "FROM base WHERE cadence > 0")
    return conn.execute(text(sql), params).all()


def birthday_keys(conn: Connection, cfg: ReminderConfig) -> list[tuple[int, int]]:
    """Distinct (month, day) of birthdays of contacts that get reminders."""
    cte, join, cadence, params = cadence_parts(conn, cfg)
    sql = (f"WITH {cte}base AS MATERIALIZED (SELECT c.bday_month AS m, c.bday_day AS d, "
           f"{cadence} AS cadence FROM contacts c {join} "
           "WHERE c.bday_month IS NOT NULL AND c.bday_day IS NOT NULL) "
           "SELECT DISTINCT m, d FROM base WHERE cadence > 0")
    return [(m, d) for m, d in conn.execute(text(sql), params)]
