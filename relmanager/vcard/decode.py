"""One logical content line (bytes) → name, parameters and decoded text.

Two steps, because the card assembler must know a property's ENCODING before
it can tell where its value ends (2.1 QP soft breaks, 2.1 base64 lines):
`find_colon` + `parse_head` read the head (group, name, parameters; the
reader caches heads, which repeat across cards); `decode_value` applies
QUOTED-PRINTABLE / base64 / charset to the complete value.

Warnings and reasons never quote property values: they may end up in logs.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from relmanager.vcard.lines import FOLD
from relmanager.vcard.model import ContentLine, Limits

CharsetHint = Callable[[], str | None]

_QP = "QUOTED-PRINTABLE"
_BASE64 = frozenset({"B", "BASE64"})
_PLAIN = frozenset({"8BIT", "7BIT"})
_ENCODINGS = frozenset({_QP, "8BIT", "7BIT", "B", "BASE64"})
_NAME_OK = re.compile(rb"[A-Za-z0-9_-]+\Z")  # "_" is not RFC, but common (X-WAB-SPOUSE_NAME)
_NAME_BAD = re.compile(rb"[^A-Za-z0-9_-]+")
_GROUP_BAD = re.compile(rb"[^A-Za-z0-9.-]+")
_B64_JUNK = b" \t\r\n\x00"

# Text properties that some producers send as ENCODING=b; their base64 is
# decoded to text. Anything else with base64 (PHOTO, LOGO, KEY, X-...) stays base64.
TEXT_PROPERTIES = frozenset({
    "FN", "N", "NICKNAME", "NOTE", "ADR", "LABEL", "ORG", "TITLE", "ROLE", "EMAIL",
    "TEL", "CATEGORIES", "URL", "X-ABLABEL",
})

# Declared charsets we honour. Only real text codecs: a CHARSET naming
# unicode_escape, punycode, rot13, zlib... is ignored, never looked up blindly.
_ALLOWED_CHARSETS = frozenset(codecs.lookup(n).name for n in (
    "utf-8", "ascii", *(f"iso-8859-{i}" for i in (*range(1, 12), *range(13, 17))),
    *(f"cp{i}" for i in range(1250, 1259)), "shift_jis", "cp932", "euc-jp",
    "iso-2022-jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc-kr", "cp949",
    "koi8-r", "koi8-u", "mac-roman", "cp437", "cp850", "cp866",
))
_CHARSET_ALIASES = {"windows-31j": "cp932", "x-sjis": "shift_jis", "x-mac-roman": "mac-roman"}


def charset_codec(declared: str) -> str | None:
    """The codec for a CHARSET value (or comma list), if it is an allowed text charset."""
    for candidate in declared.split(","):
        name = candidate.strip().strip('"').lower()
        name = _CHARSET_ALIASES.get(name, name)
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec in _ALLOWED_CHARSETS:
            return codec
    return None


def decode_text(raw: bytes, declared: str | None, hint: CharsetHint) -> str:
    """Declared charset (if allowed), else UTF-8, else the card's charset, else cp1252."""
    if declared:
        codec = charset_codec(declared)
        if codec:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    card_codec = hint()
    if card_codec:
        try:
            return raw.decode(card_codec)
        except UnicodeDecodeError:
            pass
    return raw.decode("cp1252", errors="replace")


@dataclass(frozen=True, slots=True)
class Head:
    """Group, name and parameters of a property; shared by every line with the same head."""

    group: str | None
    name: str
    params: tuple[tuple[str, str], ...]
    encoding: str | None  # upper-case ENCODING still to apply: QUOTED-PRINTABLE, B, BASE64
    charset: str | None
    warning: str | None = None  # about the head itself, without a line number
    # Nothing to decode or report: the reader's fast path takes the value as it is.
    plain: bool = False

    @property
    def is_qp(self) -> bool:
        return self.encoding == _QP

    @property
    def is_base64(self) -> bool:
        return self.encoding in _BASE64


class RejectedError(Exception):
    """A content line refused by a limit; the message is the reason shown to the user."""


def find_colon(data: bytes, max_head: int) -> int:
    """Index of the ':' ending the head, or -1; raises RejectedError for an over-long head."""
    colon = data.find(b":")
    if colon >= 0 and data.find(b'"', 0, colon) >= 0:
        colon = _colon_after_quotes(data, colon, max_head)
    if colon > max_head:
        raise RejectedError(f"property name and parameters longer than {max_head} bytes")
    return colon


def parse_head(head: bytes, limits: Limits) -> Head | None:
    """Parse `group.NAME;P=v;...`; None when it is not a property name at all."""
    if FOLD in head:
        head = head.replace(FOLD, b"")
    parts = _split_params(head) if b";" in head else [head]
    named = _group_and_name(parts[0].strip())
    if named is None:
        return None
    group, name, warning = named
    params: list[tuple[str, str]] = []
    encoding, charset = _read_params(params, parts[1:], limits) if len(parts) > 1 else (None, None)
    return Head(group, name, tuple(params), encoding, charset, warning,
                plain=encoding is None and charset is None and not warning)


def decode_value(head: Head, value: bytes, line: int, hint: CharsetHint) -> ContentLine:
    """Apply the head's transfer encoding and charset to a complete value."""
    if head.is_qp:
        value = value.replace(b"=" + FOLD, b"").replace(FOLD, b"")
        text = decode_text(binascii.a2b_qp(value), head.charset, hint)
    elif head.is_base64:
        return _base64_line(head, value, line, hint)
    else:
        if FOLD in value:
            value = value.replace(FOLD, b"")
        text = decode_text(value, head.charset, hint)
    return ContentLine(head.group, head.name, list(head.params), text, line)


def _base64_line(head: Head, value: bytes, line: int, hint: CharsetHint) -> ContentLine:
    b64 = value.translate(None, _B64_JUNK)
    if head.name in TEXT_PROPERTIES:
        try:
            text = decode_text(base64.b64decode(b64, validate=True), head.charset, hint)
            return ContentLine(head.group, head.name, list(head.params), text, line)
        except (binascii.Error, ValueError):
            pass  # keep it as base64 below; mapping reports what it cannot use
    params = [*head.params, ("ENCODING", head.encoding or "b")]
    return ContentLine(head.group, head.name, params, b64.decode("ascii", "replace"), line)


def _colon_after_quotes(data: bytes, colon: int, max_head: int) -> int:
    """First ':' outside double quotes (quoted parameter values may contain ':')."""
    limit = min(len(data), max_head + 1)  # quotes are only scanned inside the head budget
    pos = data.find(b'"', 0, colon)
    while True:
        close = data.find(b'"', pos + 1, limit)
        after = data.find(b":", close + 1, limit) if close >= 0 else -1
        if after < 0:
            return colon  # unterminated quote: the first colon is the best guess
        pos = data.find(b'"', close + 1, after)
        if pos < 0:
            return after


def _split_params(head: bytes) -> list[bytes]:
    if b'"' not in head:
        return head.split(b";")
    parts: list[bytes] = []
    start, quoted = 0, False
    for i, byte in enumerate(head):  # bounded by Limits.max_head
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3B and not quoted:
            parts.append(head[start:i])
            start = i + 1
    parts.append(head[start:])
    return parts


def _group_and_name(raw: bytes) -> tuple[str | None, str, str | None] | None:
    group_b, _, name_b = raw.rpartition(b".")
    warning = None
    if not _NAME_OK.match(name_b):
        fixed = _NAME_BAD.sub(b"-", name_b).strip(b"-")
        if not fixed or not fixed[:1].isalnum():
            return None
        warning = (f"invalid property name "
                   f"{name_b.decode('ascii', 'replace')!r} kept as {fixed.decode()!r}")
        name_b = fixed
    group = _GROUP_BAD.sub(b"-", group_b).strip(b".-").decode("ascii") if group_b else ""
    return group or None, name_b.decode("ascii").upper(), warning


def _read_params(params: list[tuple[str, str]], raw_params: list[bytes],
                 limits: Limits) -> tuple[str | None, str | None]:
    """Fill `params`; return (ENCODING, CHARSET), which are applied, not kept."""
    if len(raw_params) > limits.max_params:
        raise RejectedError(f"more than {limits.max_params} parameters")
    encoding = charset = None
    for raw in raw_params:
        if len(raw) > limits.max_param_len:
            raise RejectedError(f"parameter longer than {limits.max_param_len} bytes")
        key_b, eq, val_b = raw.partition(b"=")
        key = _NAME_BAD.sub(b"", key_b).decode("ascii").upper()
        if not key:
            continue
        if not eq:  # vCard 2.1 bare parameter: TEL;HOME;PREF, PHOTO;JPEG, NOTE;QUOTED-PRINTABLE
            if key in _ENCODINGS:
                encoding = key
            else:
                params.append(("TYPE", key.lower()))
            continue
        value = decode_text(val_b.replace(b'"', b"").strip(), None, _no_hint)
        if key == "ENCODING":
            encoding = value.upper()
        elif key == "CHARSET":
            charset = value
        else:
            params.append((key, value))
    if encoding in _PLAIN:
        return None, charset
    if encoding is not None and encoding not in _ENCODINGS:
        params.append(("ENCODING", encoding))  # unknown: keep it, treat the value as text
        return None, charset
    return encoding, charset


def _no_hint() -> None:
    return None
