"""Text preparation for ask detection: folding, quote/signature masking, sentences.

Every transformation here keeps the text's length, so an index found in the
prepared text is an index into the original subject or body. That is what lets
evidence spans point at the user's own words without an offset map.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add

from relmanager.domain.asks import IgnoredRegion, TextField

# Typographic variants folded to the ASCII form the phrase lists are written in.
_PUNCT_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ", "\u202f": " ",
}


_NEEDS_FOLD = re.compile(r"[^\x00-\x5f\x61-\x7f]")  # any non-ASCII character, and "`"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character in, exactly one out: lower-case, accents dropped."""
    if ch in _PUNCT_FOLD:
        return _PUNCT_FOLD[ch]
    low = ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    # "ß" stays "ß" (patterns spell it (?:ss|ß)); ligatures etc. keep their lower form.
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of `text`, same length, same indices."""
    low = text.lower()
    if text.isascii():
        return low.replace("`", "'")
    if len(low) != len(text):  # "İ".lower() is two code points: fold char by char
        return "".join(_fold_char(ch) for ch in text)
    # Few distinct characters need folding ("ü", "é", "¿"): one str.replace per character
    # beats a Python call per occurrence. Unless a folded form is itself to be replaced
    # (then replacing in turn would fold twice), which falls back to substitution.
    changes = {ch: _fold_char(ch) for ch in set(_NEEDS_FOLD.findall(low))}
    changes = {ch: to for ch, to in changes.items() if to != ch}
    if not changes.keys().isdisjoint(changes.values()):
        return _NEEDS_FOLD.sub(lambda m: _fold_char(m.group()), low)
    for ch, to in changes.items():
        low = low.replace(ch, to)
    return low


# --- quotes and signatures -------------------------------------------------------------

# Line-anchored patterns start with "\n" instead of "^" and run over "\n" + text (`lined`):
# `re` then jumps from newline to newline instead of trying every position, and a
# match's start in `lined` is the start of its line in the text.
_QUOTED_LINE = re.compile(r"\n[ \t]*>[^\n]*")

# Everything from one of these lines to the end is someone else's text (or a forward).
# "On <date>, <name> wrote:" may wrap onto a second line; it is found from its end, so a
# message full of lines starting with "le"/"el"/"on" costs no backtracking.
_ATTRIBUTION_END = re.compile(r"\b(?:wrote|schrieb|a ecrit|escribio)[ \t]*:[ \t]*$", re.MULTILINE)
_ATTRIBUTION_WORDS = ("wrote", "schrieb", "a ecrit", "escribio")  # a plain `in` first: cheaper
_ATTRIBUTION_START = re.compile(r"[ \t]*(?:on|am|le|el)\b")
_MAX_ATTRIBUTION = 400  # characters, over at most two lines
_QUOTE_BANNERS = re.compile(
    r"\n[ \t]*(?:"
    r"-{2,}[ \t]*(?:original message|forwarded message|ursprungliche nachricht"
    r"|weitergeleitete nachricht|message d'origine|message transfere|mensaje original"
    r"|mensaje reenviado)[ \t]*-{2,}"
    r"|begin forwarded message:"
    r"|(?:from|von|de|da)[ \t]*:[^\n]{1,200}\n[ \t]*(?:sent|gesendet|envoye|enviado|date|datum"
    r"|fecha)[ \t]*:"
    r")",
)

_SIG_DASHES = re.compile(r"\n--[ \t]*$", re.MULTILINE)

_MOBILE_TAIL = re.compile(
    r"\n[ \t]*(?:sent from my |sent from outlook|get outlook for |von meinem \S+ gesendet"
    r"|gesendet von (?:meinem )?|envoye de mon |envoye depuis |enviado desde mi )[^\n]*",
)

_SIGN_OFF = re.compile(
    r"\n[ \t]*(?:best|best regards|kind regards|warm regards|warmest regards|regards|cheers"
    r"|thanks|thanks again|thank you|many thanks|all the best|best wishes|love|xo|xoxo"
    r"|talk soon|sincerely|yours|yours truly|yours sincerely|take care|thx|ciao"
    r"|viele gru(?:ss|ß)e|liebe gru(?:ss|ß)e|beste gru(?:ss|ß)e|herzliche gru(?:ss|ß)e"
    r"|mit freundlichen gru(?:ss|ß)en|freundliche gru(?:ss|ß)e|gru(?:ss|ß)|gru(?:ss|ß)e|lg|vg|mfg"
    r"|bis bald|danke|vielen dank|servus"
    r"|cordialement|bien cordialement|bien a vous|bien a toi|bises|bisous|amities|a bientot"
    r"|merci|merci beaucoup|bonne journee|belle journee|salutations|sinceres salutations"
    r"|saludos|un saludo|saludos cordiales|un abrazo|abrazos|besos|un beso|atentamente"
    r"|gracias|muchas gracias|cordialmente|hasta pronto)"
    r"[ \t]*[,.!]*[ \t]*$",
    re.MULTILINE,
)

_POSTSCRIPT = re.compile(r"\n[ \t]*(?:p\.?[ \t]?s\b|p\.?[ \t]?d\b|n\.?[ \t]?b\b)")

_MAX_SIGNATURE_LINES = 8


def _quote_start(folded: str, lined: str) -> int | None:
    banner = _QUOTE_BANNERS.search(lined)
    limit = banner.start() if banner else len(folded)
    if not any(word in folded for word in _ATTRIBUTION_WORDS):
        return banner.start() if banner else None
    for end in _ATTRIBUTION_END.finditer(folded, 0, limit):
        line = folded.rfind("\n", 0, end.start()) + 1
        previous = folded.rfind("\n", 0, line - 1) + 1 if line else line
        for start in (line, previous):
            if end.end() - start <= _MAX_ATTRIBUTION and _ATTRIBUTION_START.match(folded, start):
                return start
    return banner.start() if banner else None


def _looks_like_name(line: str) -> bool:
    """A sign-off is followed by a name ("Nina", "Sabine Krüger"), not by a sentence."""
    words = line.split()
    if not words or len(words) > 4 or len(line.strip()) > 40 or any(c in line for c in "?!:;"):
        return False
    return words[0][0].isupper() or (len(words) == 1 and len(words[0]) <= 15)


def _signature_start(body: str, lined: str) -> int | None:
    """Start of a "Best regards,\\nName\\n<tagline>" tail, or None; `lined` is "\\n" + folded."""
    for m in _SIGN_OFF.finditer(lined):
        after = m.end() - 1  # in `body`
        # A long remainder is message text, not a signature (counted, not copied: cheap).
        if body.count("\n", after) >= 4 * _MAX_SIGNATURE_LINES:
            continue
        lines = [ln for ln in body[after:].split("\n") if ln.strip()]
        if not lines:
            return m.start()
        if _looks_like_name(lines[0]) and len(lines) <= _MAX_SIGNATURE_LINES:
            return m.start()
    return None


def _end_before_postscript(lined: str, start: int, end: int) -> int:
    """A P.S. after the sign-off is real content; the ignored tail stops before it."""
    ps = _POSTSCRIPT.search(lined, start, end + 1)
    return ps.start() if ps else end


def mask_body(body: str, folded: str) -> tuple[str, tuple[IgnoredRegion, ...]]:
    """Blank out text the sender did not write for this message (same length)."""
    regions: list[tuple[int, int, str]] = []
    lined = "\n" + folded  # for the line-anchored patterns: index i + 1 is folded[i]
    cut = len(folded)
    header = _quote_start(folded, lined)
    if header is not None:
        cut = header
        regions.append((cut, len(folded), "quoted or forwarded message"))
    for m in _QUOTED_LINE.finditer(lined, 0, cut + 1):
        regions.append((m.start(), m.end() - 1, "quoted reply line"))
    tail_cuts: list[tuple[int, str]] = []
    dashes = _SIG_DASHES.search(lined, 0, cut + 1)
    if dashes:
        tail_cuts.append((dashes.start(), "signature after '-- '"))
    mobile = _MOBILE_TAIL.search(lined, 0, cut + 1)
    if mobile:
        tail_cuts.append((mobile.start(), "mobile signature"))
    sign_off = _signature_start(body[:cut], lined[:cut + 1])
    if sign_off is not None:
        tail_cuts.append((sign_off, "sign-off and signature"))
    if tail_cuts:
        start, reason = min(tail_cuts)
        end = _end_before_postscript(lined, start, cut)
        if end > start:
            regions.append((start, end, reason))
        if end < cut:  # text after a P.S. may end in its own sign-off
            later = _signature_start(body[end:cut], "\n" + folded[end:cut])
            if later is not None:
                regions.append((end + later, cut, "sign-off and signature"))
    return _blank(folded, regions), tuple(
        IgnoredRegion(TextField.BODY, s, e, r) for s, e, r in sorted(regions) if e > s
    )


def _blank(text: str, regions: list[tuple[int, int, str]]) -> str:
    if not regions:
        return text
    chars = list(text)
    for start, end, _ in regions:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


_REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|fwd?|wg|tr|rv|sv|antw|r)\s*(?:\[\d+\])?\s*:", re.I)


def mask_subject(subject: str, folded: str) -> tuple[str, tuple[IgnoredRegion, ...]]:
    """A "Re:"/"Fwd:" subject repeats someone else's words, so it is not the sender's ask."""
    if _REPLY_PREFIX.match(folded):
        region = IgnoredRegion(TextField.SUBJECT, 0, len(subject), "reply or forward subject")
        return " " * len(folded), (region,)
    return folded, ()


# --- sentences and clauses -------------------------------------------------------------

# `[.!?;¡¿]+(?=\s|$)|\n[ \t]*\n`, written to start with one character class so that `re`
# skips ahead to those characters instead of trying every position.
_SENTENCE_END = re.compile(
    r"[.!?;\u00a1\u00bf\n](?:(?<=[.!?;\u00a1\u00bf])[.!?;\u00a1\u00bf]*(?=\s|$)|(?<=\n)[ \t]*\n)"
)
# A contrast opens a new clause: "not trying to sell you anything, but ..." keeps the "but" part.
_CONTRAST = re.compile(
    r"[,\s](?:but|however|though|aber|jedoch|trotzdem|doch|mais|cependant|pourtant"
    r"|pero|sin embargo|aunque)\b"
)
_WRAP_WIDTH = 50  # lines at least this long that end mid-sentence are hard-wrapped text
_match_start = re.Match.start
_match_end = re.Match.end


@dataclass(frozen=True)
class Segments:
    """Clause boundaries of one prepared text, for "same clause" tests."""

    starts: tuple[int, ...]

    def clause_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1


def segment(text: str) -> Segments:
    # Built with map/set operations: this runs over every line of long messages.
    cuts = set(map(_match_end, _SENTENCE_END.finditer(text)))
    cuts.add(0)
    lines = text.split("\n")
    lengths = list(map(len, lines))
    line_ends = list(map(add, accumulate(lengths), count()))  # each "\n" counts one
    # A short line ("Hi Ben,") or one ending in punctuation ends its sentence; only a long
    # line ending in a word is hard-wrapped text that goes on.
    wrapped = {line_ends[i] for i in compress(count(), map(_WRAP_WIDTH.__le__, lengths))
               if _is_wrapped(lines[i])}
    cuts.update(set(line_ends) - wrapped)
    cuts.update(map(_match_start, _CONTRAST.finditer(text)))
    return Segments(tuple(sorted(cuts)))


def _is_wrapped(line: str) -> bool:
    stripped = line.rstrip()
    return len(stripped) >= _WRAP_WIDTH and stripped[-1:].isalnum()
