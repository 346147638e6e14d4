"""The fast paths of ask detection give what the plain ways of computing the same thing give.

Each fast path (fold by str.replace, clause cuts by set operations, line-anchored
patterns run over "\\n" + text, the chunk cache of the rule index) is checked against
a direct reference on the labelled messages and on edge cases.
"""

from __future__ import annotations

import re

from relmanager.services.asks import detect
from relmanager.services.asks.phrases import ask_rules, guard_rules, rule_index
from relmanager.services.asks.scan import _MAX_CHUNK
from relmanager.services.asks.text import _fold_char, fold, mask_body, segment
from tests.asks.conftest import Labelled

_EDGES = (
    "", "\n", "a", "Best regards,\nAmy", "Thanks!\nNina", "> quoted first\nok", "-- \nJohn",
    "P.S. would you invest?", "Cheers,\nPaul\n\nP.S. buy my book!\n\nBest,\nPaul",
    "x" * 60 + "\nwrapped on. " + "y" * 49 + "\n" + "z" * 70 + ".\nend",
    "Hi!!! ok?! ¿Te interesaría invertir? ¡Sí!\n\n\nbut, however aber doch",
    "Sent from my iPhone", "From: Joe\nSent: Monday\nbuy", "Ünïcödé ÇA ẞ İstanbul ǅ ﬁ “q” – x",
)


def _reference_segment(text: str) -> tuple[int, ...]:
    """Clause starts, computed line by line as the rules read."""
    cuts = {0}
    cuts.update(m.end() for m in re.finditer(r"[.!?;\u00a1\u00bf]+(?=\s|$)|\n[ \t]*\n", text))
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.rstrip()
        if len(stripped) < 50 or not stripped[-1:].isalnum():
            cuts.add(end)
        pos = end + 1
    cuts.update(m.start() for m in re.finditer(
        r"[,\s](?:but|however|though|aber|jedoch|trotzdem|doch|mais|cependant|pourtant"
        r"|pero|sin embargo|aunque)\b", text))
    return tuple(sorted(cuts))


def _texts(train: list[Labelled], heldout: list[Labelled]) -> list[str]:
    return [*(c.body for c in (*train, *heldout)), *(c.subject for c in train), *_EDGES]


def test_fold_matches_folding_each_character(
    train: list[Labelled], heldout: list[Labelled]
) -> None:
    for text in _texts(train, heldout):
        expected = "".join(_fold_char(ch) for ch in text.lower()) if len(text.lower()) == len(
            text) else "".join(_fold_char(ch) for ch in text)
        assert fold(text) == expected, text


def test_segment_matches_the_line_by_line_reading(
    train: list[Labelled], heldout: list[Labelled]
) -> None:
    for text in _texts(train, heldout):
        folded = fold(text)
        assert segment(folded).starts == _reference_segment(folded), text
        masked, _ = mask_body(text, folded)
        assert segment(masked).starts == _reference_segment(masked), text


def test_line_patterns_find_the_first_and_last_lines() -> None:
    # The first line has no "\n" before it in the text: the patterns must still see it.
    masked, regions = mask_body("> Buy my book\nNo thanks", fold("> Buy my book\nNo thanks"))
    assert [(r.start, r.end, r.reason) for r in regions] == [(0, 13, "quoted reply line")]
    assert masked.strip() == "no thanks"
    body = "Best regards,\nAmy Chen"
    _, regions = mask_body(body, fold(body))
    assert [(r.start, r.end) for r in regions] == [(0, len(body))]
    body = "See you.\n\nCheers,\nPaul\n\nP.S. Know anyone who needs an accountant?"
    masked, _ = mask_body(body, fold(body))
    assert masked.rstrip().endswith("p.s. know anyone who needs an accountant?")


def test_long_chunks_without_spaces_are_scanned_too() -> None:
    # Text glued by newlines and tabs is one chunk for the index: too long to cache, still read.
    body = "\n".join(["hello", "would\tyou\tinvest\tin\tmy\tstartup?"] * 20)
    assert len(body) > _MAX_CHUNK and " " not in body
    finding = detect("", body)
    assert finding.is_ask
    assert finding.evidence[0].text == "would\tyou\tinvest"


def test_index_gives_the_same_matches_when_chunks_are_cached(
    train: list[Labelled], heldout: list[Labelled]
) -> None:
    rules = (*ask_rules(), *guard_rules())
    text = "\n\n".join(c.body for c in (*train, *heldout))
    prepared, _ = mask_body(text, fold(text))
    first = sorted((r.rule_id, s, e) for r, s, e in rule_index().matches(prepared))
    again = sorted((r.rule_id, s, e) for r, s, e in rule_index().matches(prepared))
    assert first == again
    # Every rule tried at every word start: the index finds exactly these.
    starts = [m.start() for m in re.finditer(r"\w+", prepared)]
    full = sorted((r.rule_id, s, m.end()) for r in rules for s in starts
                  if (m := r.pattern.match(prepared, s)))
    assert first == full
