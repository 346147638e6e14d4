"""Circles: friend, professional, both or unsorted.

A circle is two independent facts (is a friend, is a professional contact);
"both" is both true and "unsorted" is neither. The enum is the one name used
in code, UI, CLI and exports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Circle(StrEnum):
    FRIEND = "friend"
    PROFESSIONAL = "professional"
    BOTH = "both"
    UNSORTED = "unsorted"

    @classmethod
    def from_flags(cls, friend: bool, professional: bool) -> Circle:
        if friend and professional:
            return cls.BOTH
        if friend:
            return cls.FRIEND
        if professional:
            return cls.PROFESSIONAL
        return cls.UNSORTED

    @property
    def is_friend(self) -> bool:
        return self in (Circle.FRIEND, Circle.BOTH)

    @property
    def is_professional(self) -> bool:
        return self in (Circle.PROFESSIONAL, Circle.BOTH)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CircleSource(StrEnum):
    SUGGESTED = "suggested"
    USER = "user"


@dataclass(frozen=True)
class CircleSuggestion:
    """What the app thinks, kept apart from what the user decided."""

    circle: Circle = Circle.UNSORTED
    confidence: float = 0.0
    reasons: tuple[str, ...] = field(default_factory=tuple)


def effective_circle(
    suggestion: CircleSuggestion, user_choice: Circle | None
) -> tuple[Circle, CircleSource]:
    """The user's decision always wins over the suggestion."""
    if user_choice is not None:
        return user_choice, CircleSource.USER
    return suggestion.circle, CircleSource.SUGGESTED
