"""vCard text escaping shared by mapping (unescape, split) and writer (escape, sanitise)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_UNESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}
_ESCAPE_PAIR = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPE_PAIRS = tuple(("\\" + k, v) for k, v in _UNESCAPES.items() if k != "\\")
_SPLIT_MARK = "\x00"  # cannot occur in decoded values: the reader removes NUL bytes
# C0 controls except TAB and LF, plus DEL: never meaningful in contact text, and
# CR/VT/FF/NEL could be taken as line breaks by other parsers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_PARAM_BAD = re.compile(r'[\x00-\x1f\x7f"\x85\u2028\u2029]')
_NAME_BAD = re.compile(r"[^A-Za-z0-9_-]")
_GROUP_BAD = re.compile(r"[^A-Za-z0-9.-]")
_TYPE_BAD = re.compile(r"[^\w-]|_")


def clean(text: str) -> str:
    """Line breaks as "\\n", no other control characters."""
    if text.isprintable():  # fast path: no control characters at all
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _unescape_pair(m: re.Match[str]) -> str:
    return _UNESCAPES.get(m.group(1), m.group(0))


def unescape(value: str) -> str:
    """`\\n \\, \\; \\: \\\\` → characters; unknown escapes (`C:\\temp`) stay as written."""
    if "\\" not in value:
        return value if value.isprintable() else clean(value)
    if _SPLIT_MARK in value:
        return clean(_ESCAPE_PAIR.sub(_unescape_pair, value))
    # The regex's left-to-right pairs without a Python call per escape: "\\\\" pairs
    # first (in a run of backslashes they pair up from the left, as the regex does), then
    # every backslash left starts a pair with the character after it.
    value = value.replace("\\\\", _SPLIT_MARK)
    for escaped, char in _UNESCAPE_PAIRS:
        if escaped in value:
            value = value.replace(escaped, char)
    return clean(value.replace(_SPLIT_MARK, "\\"))


@functools.lru_cache(maxsize=16)
def _unescaped_separator(sep: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\\){re.escape(sep)}")


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped, then unescape each part."""
    if "\\" not in value:
        if value.isprintable():  # then so is every part: nothing to clean (most values)
            return value.split(sep)
        return [clean(part) for part in value.split(sep)]
    protected = value.replace("\\\\", _SPLIT_MARK)
    parts = _unescaped_separator(sep).split(protected)
    return [unescape(p.replace(_SPLIT_MARK, "\\\\")) for p in parts]


def _plain(text: str) -> bool:
    """Nothing to escape: printable, no `\\ , ;`. Most values (names, addresses,
    numbers) are, and these C-level scans are several times cheaper than a regex
    search, let alone the four replace() calls `escape` would make."""
    return text.isprintable() and "," not in text and ";" not in text and "\\" not in text


def escape(text: str) -> str:
    """Escape a text value so nothing in it can end the property or the card."""
    if _plain(text):
        return text
    text = clean(text)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def escape_join(parts: Iterable[str], sep: str) -> str:
    """`sep.join(escape(p) for p in parts)`: one check for the common case (nothing to escape)."""
    parts = list(parts)
    if _plain("".join(parts)):
        return sep.join(parts)
    return sep.join([escape(p) for p in parts])


def escape_uri(text: str) -> str:
    """URIs: only what would break the line or our own unescaping is escaped."""
    if text.isprintable() and "\\" not in text:  # most URIs: nothing to do
        return text
    return clean(text).replace("\\", "\\\\").replace("\n", "\\n")


def param_value(value: str) -> str:
    """A parameter value that cannot break out: no controls or quotes; quoted if needed."""
    value = _PARAM_BAD.sub("", value)
    return f'"{value}"' if any(c in value for c in ":;,") else value


def type_token(value: str) -> str:
    """A TYPE value reduced to letters, digits and "-" (any script)."""
    return value if value.isalnum() else _TYPE_BAD.sub("", value)


def safe_name(name: str) -> str:
    return _NAME_BAD.sub("", name).upper()


def safe_group(group: str | None) -> str:
    return _GROUP_BAD.sub("", group).strip(".") if group else ""


def content_line(group: str | None, name: str, params: Iterable[tuple[str, str]], value: str,
                 types: Iterable[str] = ()) -> str:
    """`group.NAME;TYPE=a,b;P=v:value` made safe; `value` must already be escaped.

    `types` become one TYPE parameter whose commas are list separators (so not
    quoted); each type is reduced to letters, digits and "-".
    """
    return f"{line_head(group, name, tuple(params), tuple(types))}:{value}"


@functools.lru_cache(maxsize=4096)
def line_head(group: str | None, name: str, params: tuple[tuple[str, str], ...],
              types: tuple[str, ...] = ()) -> str:
    """The part of `content_line` before the colon.

    Cached: an export writes the same few heads (`EMAIL;TYPE=INTERNET,HOME`)
    tens of thousands of times, and sanitising them each time cost more than
    the rest of the line.
    """
    prefix = safe_group(group)
    head = f"{prefix}.{safe_name(name)}" if prefix else safe_name(name)
    tokens = [t for t in (type_token(t) for t in types) if t]
    if tokens:
        head += ";TYPE=" + ",".join(tokens)
    for raw_key, val in params:
        key = safe_name(raw_key)
        if key:
            head += f";{key}={param_value(val)}"
    return head
