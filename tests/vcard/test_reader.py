"""Reader: byte-level quirks of real producers, card isolation and limits."""

from __future__ import annotations

import io

from relmanager.vcard import CardError, Limits, ParsedCard, read_cards
from tests.vcard.helpers import card, cards, contacts, mapped, one, parsed


def test_utf8_bom_before_begin() -> None:
    assert one(b"\xef\xbb\xbf" + card("FN:Ann")).display_name == "Ann"


def test_utf16_file_with_bom() -> None:
    data = card("FN:Zoë Ωmega").decode().encode("utf-16")
    assert one(data).display_name == "Zoë Ωmega"


def test_ios_cr_cr_lf() -> None:
    data = b"BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:Bob\r\r\nNOTE:a long\r\r\n  note\r\r\nEND:VCARD\r\r\n"
    c = one(data)
    assert (c.display_name, c.note) == ("Bob", "a long note")


def test_bare_cr_file_and_mixed_endings() -> None:
    assert one(b"BEGIN:VCARD\rFN:Cy\rEND:VCARD\r").display_name == "Cy"
    assert one(b"BEGIN:VCARD\nFN:Di\r\nTITLE:Boss\nEND:VCARD").title == "Boss"


def test_stray_cr_inside_value_does_not_split_property() -> None:
    c = one(b"BEGIN:VCARD\r\nFN:Ed\r\nX-CUSTOM3:custom\r3\r\nEND:VCARD\r\n")
    assert c.raw_values("X-CUSTOM3") == ["custom\\n3"]


def test_fold_inside_multibyte_utf8_character() -> None:
    name = "Łukasz".encode()
    data = b"BEGIN:VCARD\r\nFN:" + name[:1] + b"\r\n " + name[1:] + b"\r\nEND:VCARD\r\n"
    assert one(data).display_name == "Łukasz"


def test_fold_across_read_chunks() -> None:
    note = "x" * 5000
    folded = "\r\n ".join(note[i:i + 70] for i in range(0, len(note), 70))
    data = card("FN:F", f"NOTE:{folded}")
    result = list(read_cards(io.BytesIO(data)))
    small_chunks = read_cards(io.BytesIO(data))
    small_chunks._source._chunk_size = 7  # every boundary case: CR/LF/fold split
    assert [c.lines for c in small_chunks] == [c.lines for c in result]  # type: ignore[union-attr]
    assert one(data).note == note


def test_qp_soft_breaks_with_fold_and_blank_lines() -> None:
    data = (b"BEGIN:VCARD\nVERSION:2.1\nFN:Q\n"
            b"NOTE;CHARSET=utf-8;ENCODING=QUOTED-PRINTABLE:K=C3=\n\n=A4se=0D=0A=\n Baytown\n"
            b"END:VCARD\n")
    assert one(data).note == "Käse\nBaytown"


def test_lowercase_quoted_printable_and_8bit() -> None:
    data = card("VERSION:2.1", "FN;encoding=quoted-printable:J=C3=B6rg",
                "TITLE;ENCODING=8BIT:Chef", eol="\n")
    c = one(data)
    assert (c.display_name, c.title) == ("Jörg", "Chef")


def test_outlook_cp1252_qp() -> None:
    data = card("VERSION:2.1", "FN:Reid", "NOTE;ENCODING=QUOTED-PRINTABLE:Reid=92s place")
    assert one(data).note == "Reid\u2019s place"


def test_undeclared_8bit_uses_charset_declared_elsewhere_in_card() -> None:
    data = (b"BEGIN:VCARD\nVERSION:2.1\nFN:\xc2\xb3\xf2\xe0\xeb\xb3\xe9\n"
            b"LABEL;CHARSET=Windows-1251;QUOTED-PRINTABLE:=CA=E8=BF=E2\nEND:VCARD\n")
    c = one(data)
    assert c.display_name == "Віталій"
    assert c.raw_values("LABEL") == ["Київ"]


def test_dangerous_charset_is_not_used_as_codec() -> None:
    data = card("FN;CHARSET=unicode_escape:A\\u0041", "NOTE;CHARSET=punycode:abc-")
    c = one(data)
    assert (c.display_name, c.note) == ("A\\u0041", "abc-")


def test_begin_with_trailing_space_and_lowercase() -> None:
    data = b"begin:vcard \nfn:Low\nend:vcard \nBEGIN:VCard\nFN:Mixed\nEND:VCARD"
    assert [c.display_name for c in contacts(data)] == ["Low", "Mixed"]


def test_truncated_last_card_is_recovered() -> None:
    data = card("FN:First") + b"BEGIN:VCARD\r\nFN:Cut off\r\nTEL:123"
    results = parsed(data)
    assert [r.index for r in results] == [0, 1]
    assert "file ended before END:VCARD" in results[1].warnings[-1]
    assert contacts(data)[1].phones[0].number == "123"


def test_comment_and_junk_lines_skipped_with_warning() -> None:
    data = card("VERSION:2.1", "# exported by a tool", "FN:Tom", "garbage without colon")
    [result] = parsed(data)
    assert any("comment" in w for w in result.warnings)
    assert any("not a property" in w for w in result.warnings)
    assert one(data).display_name == "Tom"


def test_nested_agent_card_is_not_a_separate_contact() -> None:
    data = card("VERSION:2.1", "FN:Boss", "AGENT:", "BEGIN:VCARD", "FN:Assistant",
                "END:VCARD", "TEL:1")
    reader = read_cards(io.BytesIO(data))
    [c] = mapped(list(reader))
    assert reader.cards_seen == 1
    assert (c.display_name, c.phones[0].number) == ("Boss", "1")
    assert "FN:Assistant" in c.raw_values("AGENT")[0]


def test_inline_agent_begin_keeps_outer_card_whole() -> None:
    data = card("VERSION:2.1", "FN:John", "AGENT:BEGIN:VCARD", "FN:Jane", "END:VCARD",
                "TITLE:Engineer")
    [c] = contacts(data)
    assert (c.display_name, c.title) == ("John", "Engineer")


def test_invalid_property_name_kept_under_safe_name() -> None:
    c = one(card("FN:G", "X-GOOGLE TALK;TYPE=WORK:gtalk.john"))
    assert c.raw_values("X-GOOGLE-TALK") == ["gtalk.john"]


def test_version21_bare_params_become_type() -> None:
    [result] = parsed(card("VERSION:2.1", "FN:T", "TEL;HOME;PREF;VOICE:1"))
    tel = next(line for line in result.lines if line.name == "TEL")
    assert tel.params == [("TYPE", "home"), ("TYPE", "pref"), ("TYPE", "voice")]


def test_quoted_param_value_with_colon() -> None:
    [result] = parsed(card('FN:Q', 'X-A;X-P="a:b;c":value'))
    line = next(line for line in result.lines if line.name == "X-A")
    assert (line.params, line.value) == ([("X-P", "a:b;c")], "value")


def test_pathological_params_rejected_quickly() -> None:
    evil = b"TEL;TYPE=" + b"," * 5000 + b'"' + b":123"
    data = b"BEGIN:VCARD\r\nFN:Eve\r\n" + evil + b"\r\nEND:VCARD\r\n" + card("FN:Next")
    results = parsed(data)
    assert [c.display_name for c in mapped(results)] == ["Eve", "Next"]
    assert any("parameter longer than" in w for w in results[0].warnings)
    assert not any(line.name == "TEL" for line in results[0].lines)


def test_overlong_line_is_skipped_not_fatal() -> None:
    limits = Limits(max_line=1000)
    data = card("FN:Big", "NOTE:" + "x" * 5000, "TITLE:Kept")
    [result] = list(read_cards(io.BytesIO(data), limits))
    assert isinstance(result, ParsedCard)
    assert [line.name for line in result.lines] == ["FN", "TITLE"]
    assert "longer than 1000 bytes" in result.warnings[0]


def test_photo_of_a_few_hundred_kb_passes_default_limits() -> None:
    b64 = "A" * 400_000
    [result] = parsed(card("FN:P", "PHOTO;ENCODING=b;TYPE=JPEG:" + b64))
    assert len(result.lines[1].value) == 400_000


def test_card_over_size_limit_is_an_error_and_next_card_survives() -> None:
    limits = Limits(max_card=2000)
    data = card("FN:Huge", *[f"NOTE:{'y' * 60}" for _ in range(100)]) + card("FN:Small")
    results = list(read_cards(io.BytesIO(data), limits))
    assert isinstance(results[0], CardError) and "larger than 2000" in results[0].reason
    assert isinstance(results[1], ParsedCard) and results[1].index == 1


def test_empty_card_is_reported_with_reason() -> None:
    data = card("FN:A") + b"BEGIN:VCARD\r\nEND:VCARD\r\n"
    results = cards(data)
    assert isinstance(results[1], CardError)
    assert (results[1].index, results[1].line, results[1].reason) == (1, 4, "empty card")


def test_line_numbers_count_physical_lines() -> None:
    data = b"\n\nBEGIN:VCARD\nNOTE:a\n b\n c\nFN:X\nEND:VCARD\n"
    [result] = parsed(data)
    assert result.line == 3
    assert [(line.name, line.line) for line in result.lines] == [("NOTE", 4), ("FN", 7)]


def test_bytes_consumed_reaches_file_size() -> None:
    data = card("FN:A") * 3
    reader = read_cards(io.BytesIO(data))
    list(reader)
    assert (reader.bytes_consumed, reader.cards_seen) == (len(data), 3)


def test_reader_streams_instead_of_reading_whole_file() -> None:
    data = card("FN:A", "NOTE:" + "n" * 60) * 40_000  # about 3.5 MB
    reader = read_cards(io.BytesIO(data))
    first = next(iter(reader))
    assert isinstance(first, ParsedCard)
    assert reader.bytes_consumed < len(data) / 2
