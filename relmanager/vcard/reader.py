"""Tolerant, streaming vCard reader: a binary file → one result per top-level card.

`read_cards(fileobj)` returns a `CardReader`; iterating it yields a
`ParsedCard` or a `CardError` for every top-level `BEGIN:VCARD`, in file
order, so `reader.cards_seen` always equals the number of results. A broken
card never costs another card: every card is parsed on its own and any
unexpected exception becomes that card's `CardError`.

What counts as a top-level card: a line that is `BEGIN:VCARD` (any case,
surrounding spaces) outside a card, or inside a card unless it is an AGENT
value. `BEGIN:VCARD` right after an empty `AGENT:` property, or the lines
after `AGENT:BEGIN:VCARD`, are the agent's nested card and become that AGENT
property's value (one line, joined by `\\n`); any other `BEGIN:VCARD` inside
a card means the card lost its END, so it is closed and a new card starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from relmanager.vcard.cardparse import CardParser
from relmanager.vcard.decode import Head
from relmanager.vcard.lines import FOLD, LineSource
from relmanager.vcard.model import CardError, CardResult, Limits

# Candidates for BEGIN:VCARD / END:VCARD lines. It starts with a literal ':' so
# the regex engine can skip ahead fast; the word before it is checked in Python.
_VCARD_VALUE = re.compile(rb":[ \t]*[vV][cC][aA][rR][dD][ \t]*(?=\n|\Z)")
_BOM = b"\xef\xbb\xbf"
_EMPTY_AGENT = re.compile(rb"(?i)\s*agent(;[^:]*)?:\s*\Z")
_INLINE_AGENT = re.compile(rb"(?im)^[ \t]*agent(;[^:\n]*)?:[ \t]*begin:vcard[ \t]*$")


def read_cards(source: BinaryIO, limits: Limits | None = None) -> CardReader:
    """Read `source` (a binary file object) lazily; see `CardReader`."""
    return CardReader(source, limits or Limits())


class CardReader:
    """Iterator over the cards of one file.

    `bytes_consumed` (bytes read from `source` so far) drives progress bars;
    `cards_seen` counts top-level BEGIN:VCARD lines; `warnings` are file-level
    notes (text outside cards, stray END lines), capped at `Limits.max_warnings`.
    """

    def __init__(self, source: BinaryIO, limits: Limits) -> None:
        self._limits = limits
        self._source = LineSource(source, limits.max_line)
        self._card: _CardBuffer | None = None
        self._heads: dict[bytes, Head | None] = {}  # parsed heads, reused by later cards
        self.cards_seen = 0
        self.warnings: list[str] = []
        self.warnings_dropped = 0

    @property
    def bytes_consumed(self) -> int:
        return self._source.bytes_consumed

    def __iter__(self) -> Iterator[CardResult]:
        for lineno, block in self._source:
            if block is None:
                self._overlong(lineno)
            else:
                yield from self._block(lineno, block)
        if self._card is not None:
            self._card.note("file ended before END:VCARD; kept what was there")
            yield self._finish()

    def _block(self, lineno: int, block: bytes) -> Iterator[CardResult]:
        pos = 0
        for m in _VCARD_VALUE.finditer(block):
            start = block.rfind(b"\n", 0, m.start()) + 1
            word = block[start:m.start()].strip().removeprefix(_BOM).upper()
            if word not in (b"BEGIN", b"END"):
                continue
            self._text(lineno, block[pos:start])
            lineno += _physical_lines(block, pos, start)
            pos = m.end()
            if word == b"BEGIN":
                yield from self._begin(lineno)
            elif self._card is None:
                self._warn(f"line {lineno}: END:VCARD outside a card skipped")
            elif self._card.end_closes_card():
                yield self._finish()
        self._text(lineno, block[pos:])

    def _begin(self, lineno: int) -> Iterator[CardResult]:
        card = self._card
        if card is not None and card.begin_is_nested():
            return
        if card is not None:
            card.note(f"line {lineno}: BEGIN:VCARD before END:VCARD; card closed there")
            yield self._finish()
        self.cards_seen += 1
        self._card = _CardBuffer(self.cards_seen - 1, lineno, self._limits)

    def _text(self, lineno: int, text: bytes) -> None:
        """Bytes between boundaries: card content, or junk outside any card."""
        if self._card is not None:
            self._card.feed(text)
        elif text.strip():
            for i, line in enumerate(text.split(b"\n")):
                if line.strip():
                    self._warn(f"line {lineno + i}: text outside a card skipped")
                    break

    def _overlong(self, lineno: int) -> None:
        message = f"line {lineno}: line longer than {self._limits.max_line} bytes skipped"
        if self._card is not None:
            self._card.note(message)
        else:
            self._warn(message)

    def _finish(self) -> CardResult:
        card, self._card = self._card, None
        assert card is not None
        return card.finish(self._heads)

    def _warn(self, text: str) -> None:
        if len(self.warnings) < self._limits.max_warnings:
            self.warnings.append(text)
        else:
            self.warnings_dropped += 1


def _physical_lines(block: bytes, start: int, end: int) -> int:
    return block.count(b"\n", start, end) + block.count(FOLD, start, end)


class _CardBuffer:
    """The text of one card as it streams in, with AGENT nesting and the size limit."""

    def __init__(self, index: int, line: int, limits: Limits) -> None:
        self.index, self.line, self.limits = index, line, limits
        self._parts: list[bytes] = []  # text after BEGIN:VCARD, starting with its "\n"
        self._notes: list[str] = []
        self._nested: list[bytes] | None = None  # an empty AGENT's nested card, being read
        self._depth = 0
        self._inline_agent = False  # an `AGENT:BEGIN:VCARD` line may still be open
        self._size = 0
        self._too_big = False

    def note(self, text: str) -> None:
        self._notes.append(text)

    def feed(self, text: bytes) -> None:
        self._size += len(text)
        if self._size > self.limits.max_card:
            self._too_big = True
            self._parts.clear()  # stop holding memory for a card we will reject
        if self._too_big:
            return
        if self._nested is not None:
            self._nested.append(text)
            return
        self._parts.append(text)
        if b"gent" in text or b"GENT" in text:  # cheap pre-check for the regex below
            self._inline_agent = self._inline_agent or bool(_INLINE_AGENT.search(text))

    def begin_is_nested(self) -> bool:
        """A BEGIN:VCARD inside this card: is it an AGENT value (or inside one)?"""
        if self._nested is not None:
            self._depth += 1
            self._nested.append(b"\nBEGIN:VCARD")
            return True
        if self._too_big or not self._parts:
            return False
        last_line = b"".join(self._parts[-2:]).rstrip().rpartition(b"\n")[2]
        if not _EMPTY_AGENT.match(last_line.replace(FOLD, b"")):
            return False
        self._nested, self._depth = [b"BEGIN:VCARD"], 1
        return True

    def end_closes_card(self) -> bool:
        """An END:VCARD: does it end this card, or a nested AGENT card?"""
        if self._nested is not None:
            self._depth -= 1
            self._nested.append(b"\nEND:VCARD")
            if self._depth == 0:
                self._attach_agent(b"".join(self._nested), empty_agent=True)
                self._nested = None
            return False
        if self._inline_agent and not self._too_big:
            self._inline_agent = False
            body = b"".join(self._parts)
            matches = list(_INLINE_AGENT.finditer(body))
            if matches:
                m = matches[-1]
                self._parts = [body[:m.end()]]
                self._attach_agent(body[m.end():] + b"\nEND:VCARD", empty_agent=False)
                return False
        return True

    def _attach_agent(self, nested: bytes, empty_agent: bool) -> None:
        lines = [ln.strip() for ln in nested.replace(FOLD, b"").split(b"\n") if ln.strip()]
        joined = b"\\n".join(lines)
        body = b"".join(self._parts).rstrip()
        self._parts = [body + (joined if empty_agent else b"\\n" + joined)]

    def finish(self, heads: dict[bytes, Head | None]) -> CardResult:
        if self._too_big:
            return CardError(self.index, self.line,
                             f"card larger than {self.limits.max_card} bytes")
        lines = b"".join(self._parts).split(b"\n")
        try:
            return CardParser(self.index, self.line, lines, limits=self.limits, heads=heads,
                              notes=self._notes).parse()
        except Exception as exc:  # isolation: one card's bug must not stop the import
            return CardError(self.index, self.line,
                             f"could not read card: {type(exc).__name__}")
