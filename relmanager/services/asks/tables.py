"""Shapes of the per-language rule tables (kept apart so the tables import nothing else)."""

from __future__ import annotations

from typing import Literal

from relmanager.domain.asks import AskKind

# (name, kind, weight, readable phrase, pattern). Weight 1.0 is a clear ask on its own;
# lower weights are hints that only count together (see `phrases.STRONG`).
AskTable = tuple[tuple[str, AskKind, float, str, str], ...]

# (name, guard, readable phrase, pattern).
GuardKind = Literal["negation", "offer", "thanks", "favour"]
GuardTable = tuple[tuple[str, GuardKind, str, str], ...]

# One-letter kinds keep the tables' rows on one line each.
IV = AskKind.INVEST
P = AskKind.PITCH
B = AskKind.BUY
R = AskKind.REFER
H = AskKind.HIRE
V = AskKind.REVIEW
E = AskKind.PAID_EVENT
