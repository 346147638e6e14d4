"""Raw bytes → logical content lines, streaming, before any decoding.

Everything here works on bytes in chunks so that a file of any size is read
in bounded memory and a fold inside a multi-byte UTF-8 character is joined
before the character is decoded.

* UTF-8 BOM is dropped; UTF-16 (BOM, or the `B\\0E\\0` pattern) is transcoded
  to UTF-8 on the fly so the rest of the pipeline only sees one byte format.
* Line endings: CRLF, CR CR LF (some iOS exports) and LF all become LF. A
  bare CR is a line break only in files that contain no LF at all (classic
  Mac); elsewhere it is a stray byte inside a value and stays there.
* Unfolding: "LF + space/tab" is replaced by `FOLD`, a NUL byte. Keeping a
  marker instead of deleting the break lets the decoder tell a QP soft break
  followed by a fold (`=` LF space) from literal text, and lets us count
  physical line numbers. Real NUL bytes are removed first (never valid text).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

FOLD = b"\x00"
CHUNK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"
_CRS_LF = re.compile(rb"\r+\n")
_CR_BREAK = re.compile(rb"\r\n?")
_NEXT_START = re.compile(rb"\n[^ \t]")

# A block of complete logical lines joined by LF, with the 1-based physical line
# number of its first line; None instead of bytes for one line that was longer
# than the limit and has been skipped. Blocks are handed out whole so the
# caller can split cards with one regex pass instead of a Python loop per line.
Block = tuple[int, bytes | None]


class LineSource:
    """Iterate a binary file object as blocks of logical lines; `bytes_consumed` tracks progress."""

    def __init__(self, source: BinaryIO, max_line: int, chunk_size: int = CHUNK) -> None:
        self._source = source
        self._max_line = max_line
        self._chunk_size = chunk_size
        self.bytes_consumed = 0

    def __iter__(self) -> Iterator[Block]:
        lineno = 1
        pending = b""
        skipping = False  # inside an over-long line we are throwing away
        for data in self._normalised_chunks():
            buf = pending + data if pending else data
            if skipping:
                buf, lineno, skipping = _skip_to_next_line(buf, lineno)
                if skipping:
                    pending = b""
                    continue
            cut = _last_safe_break(buf)
            if cut < 0:
                pending = buf
                if len(pending) > self._max_line:
                    yield lineno, None
                    lineno += pending.count(b"\n")
                    pending, skipping = b"", True
                continue
            pending = buf[cut + 1:]
            yield lineno, _unfold(buf[:cut + 1])
            lineno += buf.count(b"\n", 0, cut + 1)
        if pending and not skipping:
            yield lineno, _unfold(pending + b"\n")

    def _raw_chunks(self) -> Iterator[bytes]:
        while True:
            data = self._source.read(self._chunk_size)
            if not data:
                return
            self.bytes_consumed += len(data)
            yield data

    def _decoded_chunks(self) -> Iterator[bytes]:
        """Bytes as UTF-8-compatible 8-bit text: BOM removed, UTF-16 transcoded."""
        chunks = self._raw_chunks()
        first = next(chunks, b"")
        utf16 = _utf16_codec(first)
        if utf16 is None:
            yield first.removeprefix(_UTF8_BOM)
            yield from chunks
            return
        decoder = codecs.getincrementaldecoder(utf16)(errors="replace")
        yield decoder.decode(first).removeprefix("\ufeff").encode("utf-8")
        for data in chunks:
            yield decoder.decode(data).encode("utf-8")
        yield decoder.decode(b"", final=True).encode("utf-8")

    def _normalised_chunks(self) -> Iterator[bytes]:
        """Chunks with only LF line breaks and no NUL bytes."""
        held = b""  # trailing CRs wait for the next chunk: they may pair with its LF
        cr_only: bool | None = None  # decided on the first chunk with a line break
        for chunk in self._decoded_chunks():
            data = chunk.replace(FOLD, b"") if FOLD in chunk else chunk
            data = held + data if held else data
            held = b""
            if data.endswith(b"\r"):
                keep = len(data.rstrip(b"\r"))
                data, held = data[:keep], data[keep:]
            if cr_only is None and (b"\n" in data or b"\r" in data):
                cr_only = b"\n" not in data
            if b"\r" in data:
                data = _normalise_crs(data, bool(cr_only))
            if data:
                yield data
        if held:
            yield b"\n"


def _normalise_crs(data: bytes, cr_only: bool) -> bytes:
    if cr_only:
        return _CR_BREAK.sub(b"\n", data)
    data = data.replace(b"\r\n", b"\n")
    if b"\r\n" in data:  # what is left of CR CR LF
        data = _CRS_LF.sub(b"\n", data)
    return data


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # the codec reads the BOM itself
    if head[:4] in (b"B\x00E\x00", b"b\x00e\x00"):
        return "utf-16-le"
    if head[:4] in (b"\x00B\x00E", b"\x00b\x00e"):
        return "utf-16-be"
    return None


def _last_safe_break(buf: bytes) -> int:
    """Index of the last LF that is known to end a logical line, or -1.

    An LF followed by space/tab is a fold, and an LF at the very end may be
    followed by a fold in the next chunk, so neither is a safe place to cut.
    """
    i = buf.rfind(b"\n")
    while i >= 0:
        if i + 1 < len(buf) and buf[i + 1] not in (0x20, 0x09):
            return i
        i = buf.rfind(b"\n", 0, i)
    return -1


def _skip_to_next_line(buf: bytes, lineno: int) -> tuple[bytes, int, bool]:
    """Drop the rest of an over-long line; return (remaining, lineno, still_skipping)."""
    m = _NEXT_START.search(buf)
    if m is None:
        return b"", lineno + buf.count(b"\n"), True
    start = m.start() + 1
    return buf[start:], lineno + buf.count(b"\n", 0, start), False


def _unfold(part: bytes) -> bytes:
    part = part.replace(b"\n ", FOLD)
    if b"\n\t" in part:
        part = part.replace(b"\n\t", FOLD)
    return part
