"""Next keep-in-touch due date of many contacts at once (the list's "Next due" column).

The same rules as `due` and `next_for_contact`: cadence own > group > circle;
next due = last interaction + cadence, or, never contacted, added + cadence +
(id mod cadence); a snooze postpones unless contact was logged after it. All
in one SQL statement, for a visible block of rows or for every contact (to
sort the list by it), never one query per row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Connection, text

from relmanager.services.reminders.config import ReminderConfig, load_config
from relmanager.services.reminders.query import cadence_parts


def next_due_dates(conn: Connection, ids: Sequence[int] | None = None,
                   config: ReminderConfig | None = None) -> dict[int, str]:
    """contact id -> ISO date its keep-in-touch reminder is next due; contacts with no
    reminders (cadence 0) are absent. `ids` limits the work to those contacts."""
    cte, join, cadence, params = cadence_parts(conn, config or load_config(conn))
    where = ""
    if ids is not None:
        where = "WHERE c.id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(list(ids))
    sql = (f"WITH {cte}base AS MATERIALIZED (SELECT c.id AS id, {cadence} AS cadence, "
           "substr(c.created_at, 1, 10) AS added, (SELECT max(i.occurred_on) FROM "
           f"interactions i WHERE i.contact_id = c.id) AS last_on FROM contacts c {join} "
           f"{where}), natural AS (SELECT id, last_on, CASE WHEN last_on IS NULL "
           "THEN julianday(added) + cadence + (id % cadence) "
           "ELSE julianday(last_on) + cadence END AS jd FROM base WHERE cadence > 0) "
           "SELECT n.id, date(CASE WHEN sn.until IS NOT NULL AND (n.last_on IS NULL OR "
           "n.last_on <= sn.last_contact_on) AND julianday(sn.until) > n.jd "
           "THEN julianday(sn.until) ELSE n.jd END) "
           "FROM natural n LEFT JOIN snoozes sn ON sn.contact_id = n.id")
    return {int(cid): str(day) for cid, day in conn.execute(text(sql), params) if day}
