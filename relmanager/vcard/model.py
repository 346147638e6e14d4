"""Result types of the vCard reader and the limits it enforces.

Kept apart from the reader so mapping, writer and importer can import the
types without pulling in the parsing machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Bounds that turn hostile or broken input into a clear error instead of a hang.

    `max_line` is generous enough for a photo of a few hundred KB folded into
    one logical line; `max_param_len` stops the exponential-regex trap
    (`TEL;TYPE=` + thousands of commas) long before any parsing happens.
    """

    max_line: int = 1 * MiB
    max_card: int = 8 * MiB
    max_head: int = 8192  # name + all parameters of one property
    max_params: int = 64
    max_param_len: int = 1024
    max_warnings: int = 50  # per card and per file; the rest are counted, not kept


@dataclass(slots=True)  # not frozen: frozen __init__ costs 3x, and there are millions
class ContentLine:
    """One property of a card: decoded text, not yet unescaped.

    `params` are ordered (NAME, value) pairs; bare vCard 2.1 parameters
    (`TEL;HOME;PREF`) appear as `("TYPE", "home")`. Transfer encodings that the
    reader already applied (QUOTED-PRINTABLE, 8BIT, CHARSET) are removed, so
    `value` is plain text; ENCODING=B/BASE64 stays, with `value` the base64 text.
    """

    group: str | None
    name: str
    params: list[tuple[str, str]]
    value: str
    line: int

    def param_values(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]


@dataclass(slots=True)
class ParsedCard:
    index: int  # 0-based position among the file's top-level cards
    line: int  # 1-based line of its BEGIN:VCARD
    lines: list[ContentLine]
    version: str = ""  # the card's VERSION value, "" when it has none
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CardError:
    """A card that could not be read at all; the other cards are unaffected."""

    index: int
    line: int
    reason: str


CardResult = ParsedCard | CardError
