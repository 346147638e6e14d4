"""Pure domain types shared by every layer (no I/O, no Qt)."""

from relmanager.domain.circles import Circle, CircleSource, CircleSuggestion, effective_circle
from relmanager.domain.contact import (
    Address,
    Birthday,
    Contact,
    Email,
    Organisation,
    Params,
    Phone,
    Photo,
    RawProperty,
    StructuredName,
)
from relmanager.domain.interactions import Interaction, InteractionKind

__all__ = [
    "Address", "Birthday", "Circle", "CircleSource", "CircleSuggestion", "Contact", "Email",
    "Interaction", "InteractionKind", "Organisation", "Params", "Phone", "Photo", "RawProperty",
    "StructuredName", "effective_circle",
]
