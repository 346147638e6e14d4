"""The logical lines of one card → `ParsedCard` (QP soft breaks, 2.1 base64, junk lines)."""

from __future__ import annotations

import re

from relmanager.vcard.decode import (
    Head,
    RejectedError,
    charset_codec,
    decode_text,
    decode_value,
    find_colon,
    parse_head,
)
from relmanager.vcard.lines import FOLD
from relmanager.vcard.model import CardError, CardResult, ContentLine, Limits, ParsedCard

_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=\s\x00]+\Z")
_LOOKS_LIKE_PROPERTY = re.compile(rb"\s*[A-Za-z0-9_.-]+[;:]")
_CHARSET_PARAM = re.compile(rb"(?i)charset=\"?([A-Za-z0-9_.:-]+)")
_SPECIAL_FIRST = frozenset(b" \t#")  # lines that need a closer look before parsing
_HEAD_CACHE_SIZE = 4096
_MISSING = Head(None, "", (), None, None)  # cache sentinel, never returned


class CardParser:
    """Parses one card; `heads` is a cache of parsed property heads shared across cards."""

    def __init__(self, index: int, line: int, lines: list[bytes], *, limits: Limits,
                 heads: dict[bytes, Head | None], notes: list[str]) -> None:
        self._index, self._line = index, line
        self._lines = lines  # lines[0] is what followed BEGIN:VCARD on its line
        self._limits = limits
        self._heads = heads
        self._warnings = list(notes)
        self._hint: str | None = None
        self._hint_done = False

    def parse(self) -> CardResult:
        out: list[ContentLine] = []
        lines, n, max_line = self._lines, len(self._lines), self._limits.max_line
        heads = self._heads
        i, lineno = 0, self._line
        while i < n:
            data = lines[i]
            i += 1
            folds = data.count(FOLD)
            start, lineno = lineno, lineno + 1 + folds
            if not data or (data[0] in _SPECIAL_FIRST and not data.strip()):
                continue
            # Fast path for the common line: known head, plain UTF-8 value, one physical
            # line or folds only. Everything else goes through _property below.
            colon = data.find(b":")
            head = heads.get(data[:colon]) if colon > 0 and len(data) <= max_line else None
            if head is not None and head.plain and data[-1] != 0x5C:  # 0x5C: "\" continuation
                value = data[colon + 1:]
                if folds:  # (a fold in the head leaves none here: replace finds nothing)
                    value = value.replace(FOLD, b"")
                try:
                    text = value.decode("utf-8")
                except UnicodeDecodeError:
                    text = decode_text(value, None, self._card_charset)
                out.append(ContentLine(head.group, head.name, list(head.params), text, start))
                continue
            if len(data) > max_line:
                self._warn(f"line {start}: line longer than {max_line} bytes skipped")
            elif data.lstrip()[:1] == b"#":
                self._warn(f"line {start}: comment line skipped")
            else:
                after = self._property(start, data, i, out)
                if after != i:  # the value took more lines (QP, 2.1 base64, backslash)
                    lineno += sum(1 + d.count(FOLD) for d in lines[i:after])
                    i = after
        if not out:
            return CardError(self._index, self._line, "empty card")
        return ParsedCard(self._index, self._line, out, _version(out), self._warnings)

    def _property(self, lineno: int, data: bytes, i: int, out: list[ContentLine]) -> int:
        """Read the property starting at `data`; return the index of the next line."""
        try:
            colon = find_colon(data, self._limits.max_head)
            head = self._head(data[:colon]) if colon >= 0 else None
        except RejectedError as exc:
            self._warn(f"line {lineno}: {exc}")
            return i
        if head is None:
            self._warn(f"line {lineno}: not a property, skipped")
            return i
        if head.warning:
            self._warn(f"line {lineno}: {head.warning}")
        value = data[colon + 1:]
        if head.encoding is None and head.charset is None:  # the common case, kept lean
            if value.endswith(b"\\"):
                value, i = self._backslash_lines(value, i)
            if FOLD in value:
                value = value.replace(FOLD, b"")
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_text(value, None, self._card_charset)
            out.append(ContentLine(head.group, head.name, list(head.params), text, lineno))
            return i
        too_long = False
        if head.is_qp:
            value, i = self._qp_soft_breaks(value, i)
        elif head.is_base64:
            value, i, too_long = self._base64_lines(value, i)
        if too_long or len(value) > self._limits.max_line:
            self._warn(f"line {lineno}: value longer than {self._limits.max_line} bytes skipped")
        else:
            out.append(decode_value(head, value, lineno, self._card_charset))
        return i

    def _head(self, raw: bytes) -> Head | None:
        head = self._heads.get(raw, _MISSING)
        if head is _MISSING:
            head = parse_head(raw, self._limits)
            # Heads with quotes are not cached: the fast path in parse() looks heads up
            # by the text before the first ':', which a quoted ':' would make ambiguous.
            if len(self._heads) < _HEAD_CACHE_SIZE and b'"' not in raw:
                self._heads[raw] = head
        return head

    def _backslash_lines(self, value: bytes, i: int) -> tuple[bytes, int]:
        # Android: a value continued with backslash + line break (not a fold).
        while value.endswith(b"\\") and i < len(self._lines):
            nxt = self._lines[i]
            if not nxt.strip() or b":" in nxt:
                break
            value += b"n" + nxt  # "\" + "n" reads as an escaped line break
            i += 1
        return value, i

    def _qp_soft_breaks(self, value: bytes, i: int) -> tuple[bytes, int]:
        lines = self._lines
        while value.rstrip(b" \t").endswith(b"=") and len(value) <= self._limits.max_line:
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1  # blank lines inside a soft-broken value (Outlook, cropped files)
            if j == len(lines) or (j > i and _LOOKS_LIKE_PROPERTY.match(lines[j])):
                break
            value = value.rstrip(b" \t")[:-1] + lines[j]
            i = j + 1
        return value, i

    def _base64_lines(self, value: bytes, i: int) -> tuple[bytes, int, bool]:
        # vCard 2.1: base64 continues on unindented lines until a blank line.
        parts, size = [value], len(value)
        while i < len(self._lines):
            nxt = self._lines[i]
            if not _BASE64_LINE.match(nxt):
                break
            i += 1
            if not nxt.strip():
                break
            size += len(nxt)
            if size <= self._limits.max_line:  # past the limit: consume, stop growing
                parts.append(nxt)
        return b"".join(parts), i, size > self._limits.max_line

    def _card_charset(self) -> str | None:
        """The first non-UTF-8 charset declared anywhere in the card, for undeclared 8-bit text."""
        if not self._hint_done:
            self._hint_done = True
            for data in self._lines:
                m = _CHARSET_PARAM.search(data, 0, self._limits.max_head)
                codec = charset_codec(m.group(1).decode("ascii")) if m else None
                if codec and codec not in ("utf-8", "ascii"):
                    self._hint = codec
                    break
        return self._hint

    def _warn(self, text: str) -> None:
        if len(self._warnings) < self._limits.max_warnings:
            self._warnings.append(text)


def _version(lines: list[ContentLine]) -> str:
    for line in lines:  # VERSION is nearly always the first line
        if line.name == "VERSION":
            return line.value.strip()
    return ""
