"""Run many phrase rules over a long message quickly: match only where a rule can start.

Trying ~200 regexes over a 5,000-word message one by one costs ~1 ms each
(a pattern that starts with a word-boundary check gets no literal-prefix
speed-up in `re`). Every rule starts with a known word, though ("would",
"invest", "kickstarter"…), so we index rules by those first words, walk the
message's words once, and call `pattern.match` only at words that can start a
rule. Rules whose start we cannot name are scanned in full.

Walking the words is itself the larger cost in Python (a `re` match object per word),
so the message is split at spaces by `str.split` and each space-free chunk ("you,",
"book.\n\nhi") is looked up in a cache of where its candidate words are. Chunks repeat
as much as words do, and only chunks holding a candidate word reach Python code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import accumulate, compress, count
from operator import add
from typing import Generic, NamedTuple, Protocol, TypeVar, cast

DIGIT = "#digit"  # anchor of rules that start with a number ("49 €", "30% off")
_WORD = re.compile(r"\w+")
_QUANTIFIERS = "?*{"
# A literal followed by one of these ends its word: the anchor must be the whole token.
_WORD_ENDS = " '-,.:;!\""
_CACHE_LIMIT = 50_000  # words (and chunks); a few MB at most
_MAX_CHUNK = 80  # longer chunks (text without spaces) are walked but not cached
_HEAD = 3  # prefix anchors are looked up by their first (up to) three characters


class Anchor(NamedTuple):
    text: str
    whole_word: bool  # "i" in "i'd" must be the token "i"; "invest" in "invest\w*" a prefix


class Anchored(Protocol):
    @property
    def anchors(self) -> frozenset[Anchor] | None: ...

    @property
    def pattern(self) -> re.Pattern[str]: ...


def anchors_of(source: str) -> frozenset[Anchor] | None:
    """Words one of which every match of `source` starts with, or None if unknown.

    `source` is a rule in the phrase mini-language (see `phrases`); only its
    leading literals are read, so this is a necessary condition, never a filter
    that could drop a real match.
    """
    found: set[Anchor] = set()
    for alternative in _split_top(source):
        words = _leading(alternative, top=True)
        if words is None:
            return None
        found |= words
    return frozenset(found)


def _split_top(source: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


def _group_end(source: str) -> int:
    """Index of the ")" closing the group that opens at source[0]."""
    depth, i = 0, 0
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "(":
            depth += 1
        elif source[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced group in rule: {source!r}")


def _leading(alternative: str, *, top: bool) -> set[Anchor] | None:
    if alternative.startswith(("(?<=", "(?<!", "(?=", "(?!")):
        return _leading(alternative[_group_end(alternative) + 1:], top=top)
    if alternative.startswith("(?:"):
        return _leading_group(alternative, top=top)
    if alternative.startswith(r"\d"):
        return {Anchor(DIGIT, whole_word=False)}
    word = ""
    for ch in alternative:
        if not (ch.isalnum() or ch == "_"):
            break
        word += ch
    after = alternative[len(word):len(word) + 1]
    if after and after in _QUANTIFIERS and word:
        return {Anchor(word[:-1], whole_word=False)} if len(word) > 1 else None
    if not word:
        return None
    # "i'd": the token is "i"; "i'?d" may be the token "id", so "i" is only a prefix there.
    then = alternative[len(word) + 1:len(word) + 2]
    separated = after != "" and after in _WORD_ENDS and not (then != "" and then in _QUANTIFIERS)
    whole = separated or (after == "" and top)
    return {Anchor(word, whole_word=whole)}


def _leading_group(alternative: str, *, top: bool) -> set[Anchor] | None:
    end = _group_end(alternative)
    inner: set[Anchor] = set()
    for part in _split_top(alternative[3:end]):
        words = _leading(part, top=False)
        if words is None:
            return None
        inner |= words
    if alternative[end + 1:end + 2] in ("?", "*"):  # optional group: what follows may start
        rest = _leading(alternative[end + 2:], top=top)
        return None if rest is None else inner | rest
    return inner


R = TypeVar("R", bound=Anchored)
_Matcher = Callable[[str, int], "re.Match[str] | None"]
# Where a chunk's candidate words start (offset in the chunk), each with its rules.
_ChunkInfo = tuple[tuple[int, tuple[tuple[R, _Matcher], ...]], ...]


class RuleIndex(Generic[R]):
    """Rules by the first word they can match; unanchored rules kept apart."""

    def __init__(self, rules: Iterable[R]) -> None:
        self._whole: defaultdict[str, list[R]] = defaultdict(list)
        self._heads: defaultdict[str, list[tuple[str, R]]] = defaultdict(list)
        self._unanchored: list[R] = []
        # Candidate rules per word and per chunk, kept across messages: vocabulary repeats a lot.
        self._cache: dict[str, tuple[tuple[R, _Matcher], ...]] = {}
        self._chunks: dict[str, _ChunkInfo[R]] = {}
        for rule in rules:
            if rule.anchors is None:
                self._unanchored.append(rule)
                continue
            for anchor in rule.anchors:
                if anchor.whole_word:
                    self._whole[anchor.text].append(rule)
                else:
                    self._heads[anchor.text[:_HEAD]].append((anchor.text, rule))

    @property
    def unanchored(self) -> tuple[R, ...]:
        return tuple(self._unanchored)

    def matches(self, text: str) -> list[tuple[R, int, int]]:
        """(rule, start, end) for every match in `text`, in no particular order."""
        out = [(rule, m.start(), m.end())
               for rule in self._unanchored for m in rule.pattern.finditer(text)]
        if len(self._chunks) > _CACHE_LIMIT:
            self._chunks.clear()
        chunks = text.split(" ")
        cached = list(map(self._chunks.get, chunks))
        if None in cached:  # chunks not seen before
            for i in compress(count(), map(_is_none, cached)):
                cached[i] = self._chunk_info(chunks[i])
        infos = cast("list[_ChunkInfo[R]]", cached)  # no None left
        # Chunk i starts after the i chunks and i spaces before it.
        starts = map(add, accumulate(map(len, chunks), initial=0), count())
        append = out.append  # a local: the loop below runs once per candidate word
        for info, chunk_start in zip(compress(infos, infos), compress(starts, infos), strict=False):
            for offset, candidates in info:
                start = chunk_start + offset
                for rule, match in candidates:
                    found = match(text, start)
                    if found:
                        append((rule, start, found.end()))
        return out

    def _chunk_info(self, chunk: str) -> _ChunkInfo[R]:
        """Candidate words of a space-free piece of text: each word's offset and rules."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        found = []
        for token in _WORD.finditer(chunk):
            word = token.group()
            candidates = self._cache.get(word)
            if candidates is None:  # shared by every chunk holding the word
                candidates = self._cache[word] = tuple(
                    (rule, rule.pattern.match) for rule in self._candidates(word))
            if candidates:
                found.append((token.start(), candidates))
        info = tuple(found)
        if len(chunk) <= _MAX_CHUNK:
            self._chunks[chunk] = info
        return info

    def _candidates(self, word: str) -> tuple[R, ...]:
        found: dict[int, R] = {id(r): r for r in self._whole.get(word, ())}
        heads = [word[:k] for k in range(1, min(len(word), _HEAD) + 1)]
        if word[0].isdigit():
            heads.append(DIGIT[:_HEAD])
        for head in heads:
            for anchor, rule in self._heads.get(head, ()):
                if anchor == DIGIT or word.startswith(anchor):
                    found[id(rule)] = rule
        return tuple(found.values())


def _is_none(value: object) -> bool:
    return value is None
