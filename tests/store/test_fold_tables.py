"""Folding and phone keys through `str.translate` tables give what the per-character
loops they replaced gave: stored sort keys, index text and phone keys must not change."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from relmanager.store import search_index
from relmanager.store.normalize import fold, normalize_phone

SURROGATES = range(0xD800, 0xE000)


def loop_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def every_character_in_chunks(size: int) -> list[str]:
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if c not in SURROGATES)
    return [chars[i:i + size] for i in range(0, len(chars), size)]


def test_folding_every_character_is_unchanged() -> None:
    for chunk in every_character_in_chunks(64):
        assert fold(chunk) == loop_fold(chunk).strip(), ascii(chunk)
        assert search_index.fold(chunk) == (chunk.lower() if chunk.isascii()
                                            else loop_fold(chunk)), ascii(chunk)


def test_folding_real_names_and_notes(corpus: Path) -> None:
    texts = [line for path in sorted(corpus.glob("*.vcf"))
             for line in path.read_bytes().decode("utf-8", "replace").splitlines()]
    texts += ["Jürgen Müller", "  Søren Ørsted ", "Ǆemal Đukić", "ﬁnn", "Ⅻ Ｆｕｌｌ", "Çağla Şebnem"]
    for text in texts:
        expected = text.lower().strip() if text.isascii() else loop_fold(text).strip()
        assert fold(text) == expected
    assert fold("  Jürgen MÜLLER ") == "jurgen muller"
    assert search_index.fold("Ǆemal") == "dzemal"


def test_phone_keys_keep_every_digit_of_any_script() -> None:
    for chunk in every_character_in_chunks(48):
        expected = "".join(ch for ch in chunk if ch.isdigit())[-8:]
        assert normalize_phone(chunk) == expected, ascii(chunk)
    assert normalize_phone("+49 (30) 1234-5678") == "12345678"
    assert normalize_phone("٠١٢٣٤٥٦٧٨٩") == "٢٣٤٥٦٧٨٩"  # Arabic-Indic digits stay as written
    assert normalize_phone("call me") == ""
