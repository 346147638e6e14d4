"""Every real-world file of the shared corpus: no crash, every card accounted for,
known values come out right, and mapping → writer → reader → mapping is lossless."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from relmanager.domain.contact import Birthday, Contact
from relmanager.vcard import CardError, ParsedCard, card_to_contact, read_cards, serialize_contact

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "vcf"
FILES = sorted(CORPUS.glob("*.vcf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason=f"shared corpus not found at {CORPUS}")

_BEGIN = re.compile(rb"(?i)[ \t]*(\xef\xbb\xbf)?begin[ \t]*:[ \t]*vcard[ \t]*")
_EMPTY_AGENT = re.compile(rb"(?i)[ \t]*agent(;[^:]*)?:[ \t]*")


def top_level_begins(data: bytes) -> int:
    """BEGIN:VCARD lines, minus those that are the value of an empty AGENT: property."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        data = data.decode("utf-16").encode("utf-8")
    lines = re.split(rb"\r\n|\r|\n", data)
    count, previous = 0, b""
    for line in lines:
        if _BEGIN.fullmatch(line) and not _EMPTY_AGENT.fullmatch(previous):
            count += 1
        if line.strip():
            previous = line
    return count


def _read(path: Path) -> tuple[list[ParsedCard | CardError], int]:
    with path.open("rb") as f:
        reader = read_cards(f)
        results = list(reader)
        assert reader.cards_seen == len(results)
        return results, reader.bytes_consumed


def _contacts(name: str) -> list[Contact]:
    results, _ = _read(CORPUS / name)
    return [card_to_contact(r)[0] for r in results if isinstance(r, ParsedCard)]


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_card_is_parsed_or_reported(path: Path) -> None:
    results, consumed = _read(path)
    assert len(results) == top_level_begins(path.read_bytes())
    assert consumed == path.stat().st_size
    for r in results:
        if isinstance(r, CardError):
            assert r.reason and r.line >= 1
        else:
            card_to_contact(r)  # must not raise


@needs_corpus
@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_round_trip_is_lossless(path: Path, version: str) -> None:
    for r in _read(path)[0]:
        if not isinstance(r, ParsedCard):
            continue
        contact = card_to_contact(r)[0]
        [again] = list(read_cards(io.BytesIO(serialize_contact(contact, version))))
        assert isinstance(again, ParsedCard)
        assert card_to_contact(again)[0] == contact


@needs_corpus
def test_names_with_commas_stay_whole() -> None:
    [c] = _contacts("ezvcard__John_Doe_EVOLUTION.vcf")
    assert c.display_name == "Mr. John Richter, James Doe Sr."
    [c] = _contacts("ezvcard__issue114.vcf")
    assert c.display_name == "Dummy, Dummy"


@needs_corpus
def test_non_ascii_qp_and_8bit_names() -> None:
    assert _contacts("aosp__v21_japanese_2.vcf")[0].display_name == "安藤 ロイド 1"
    assert _contacts("aosp__v21_japanese_3.vcf")[0].name.family == "伊能"
    assert _contacts("folker__Ukrainian.vcf")[0].display_name == "Віталій Володимирович Кличко"
    assert _contacts("folker__German.vcf")[0].display_name == "Sören Täve Nüßlebaum"
    assert _contacts("calcard__009.vcf")[0].display_name == "Mäx Mustermann"
    assert _contacts("applecdt__vnonascii-9.vcf")[0].display_name == "ダブル バイト"


@needs_corpus
def test_utf16_file() -> None:
    assert [c.display_name for c in _contacts("folker__v3Utf16Bom.vcf")] == [
        "Folker Kinzel", "KMS Außenstelle"]


@needs_corpus
def test_outlook_cp1252_qp_without_charset() -> None:
    assert "Reid\u2019s place" in _contacts("calcard__010.vcf")[0].note


@needs_corpus
def test_photos_decode_to_real_images() -> None:
    for name in ("applecs__F0A6918D-8E09-43FA-9684-226810B8A96F.vcf",  # 156 KB, 3.0
                 "folker__Library_v2.vcf",  # 2.1, unindented base64 lines
                 "aosp__v21_base64_no_2_crlf.vcf", "aosp__v30_ios_613_multiline.vcf"):
        [photo] = _contacts(name)[0].photos
        assert photo.data is not None and photo.data[:2] == b"\xff\xd8", name
        assert photo.media_type == "image/jpeg"
    [png] = _contacts("calcard__024.vcf")[0].photos  # 4.0 data: URI with escaped comma
    assert png.data is not None and png.data.startswith(b"\x89PNG")


@needs_corpus
def test_year_less_birthdays() -> None:
    assert _contacts("ezvcard__rfc6350-example.vcf")[0].birthday == Birthday(2, 3)


@needs_corpus
def test_broken_files_import_nothing_without_error() -> None:
    for name in ("folker__Empty.vcf", "icalrs__property_error.vcf", "vcardlib__invalid.vcf",
                 "applecdt__vcarderrors-4.vcf"):
        assert _read(CORPUS / name)[0] == [], name


@needs_corpus
def test_large_file_all_cards() -> None:
    results, _ = _read(CORPUS / "folker__LargeFile.vcf")
    assert len(results) == 1000 and all(isinstance(r, ParsedCard) for r in results)
