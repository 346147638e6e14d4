"""The group (vCard CATEGORIES) names a cadence override can name."""

from __future__ import annotations

from sqlalchemy import Connection, text


def group_names(conn: Connection) -> list[str]:
    """Every group name in use, sorted case-insensitively; spellings that differ only
    in case are offered once (overrides match case-insensitively anyway)."""
    seen: dict[str, str] = {}
    for (name,) in conn.execute(text("SELECT DISTINCT name FROM categories")):
        if name.strip():
            seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)
