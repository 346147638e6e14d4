"""Interactions: the typed log behind the ledger and the reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class InteractionKind(StrEnum):
    MET = "met"
    CALL = "call"
    MESSAGE = "message"
    GAVE = "gave"
    RECEIVED = "received"
    ASKED = "asked"
    INTRODUCED = "introduced"


@dataclass(frozen=True)
class Interaction:
    contact_id: int
    kind: InteractionKind
    occurred_on: date
    note: str = ""
    id: int | None = None
