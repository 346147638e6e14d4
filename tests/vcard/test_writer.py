"""Writer: output other apps accept, and nothing in a field can forge a property or card."""

from __future__ import annotations

import io

from relmanager.domain.contact import (
    Address,
    Birthday,
    Contact,
    Email,
    Organisation,
    Phone,
    Photo,
    RawProperty,
    StructuredName,
)
from relmanager.vcard import serialize_contact, write_vcards
from relmanager.vcard.writer import encode_card, fold
from tests.vcard.helpers import contacts, one, parsed

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4


def _full() -> Contact:
    return Contact(
        uid="u-1", display_name="Zoë Ünal", name=StructuredName("Ünal", "Zoë"),
        nicknames=("Zo",), emails=[Email("z@x.example", ("home",), pref=True, label="Private")],
        phones=[Phone("+49 1", ("cell",))], addresses=[Address(street="Hauptstr. 1",
                                                                locality="Köln")],
        organisations=[Organisation("ABC, Inc.", ("R&D",))], title="CTO",
        categories=["Friends"], birthday=Birthday(2, 29), note="line1\nline2",
        urls=["https://x.example/a,b"], photos=[Photo(JPEG, "image/jpeg")],
        raw=[RawProperty("X-SKYPE", "X-SKYPE;TYPE=home:zoe")])


def _lines(data: bytes) -> list[bytes]:
    return data.replace(b"\r\n ", b"").split(b"\r\n")


def test_v30_shape_crlf_fn_type_params_no_charset() -> None:
    data = serialize_contact(_full())
    lines = _lines(data)
    assert lines[:3] == [b"BEGIN:VCARD", b"VERSION:3.0", "FN:Zoë Ünal".encode()]
    assert b"EMAIL;TYPE=HOME,PREF:z@x.example" in [ln.partition(b".")[2] for ln in lines]
    assert b"ORG:ABC\\, Inc.;R&D" in lines
    assert b"BDAY:--02-29" in lines
    assert b"CHARSET" not in data and b"\n" not in data.replace(b"\r\n", b"")


def test_v40_pref_data_uri_and_yearless_birthday() -> None:
    lines = _lines(serialize_contact(_full(), version="4.0"))
    assert any(ln.endswith(b"EMAIL;TYPE=home;PREF=1:z@x.example") for ln in lines)
    assert any(ln.startswith(b"PHOTO:data:image/jpeg;base64,/9j/") for ln in lines)
    assert b"BDAY:--0229" in lines


def test_folding_at_75_octets_never_splits_utf8() -> None:
    data = serialize_contact(Contact(display_name="ж" * 200, note="€" * 100))
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # a split character would raise here


def test_fn_always_present() -> None:
    assert b"\r\nFN:ACME\r\n" in serialize_contact(Contact(organisations=[Organisation("ACME")]))
    assert b"\r\nFN:\r\n" in serialize_contact(Contact())


def test_injection_in_note_stays_one_card_with_text_intact() -> None:
    evil = "hi\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Mallory"
    data = serialize_contact(Contact(display_name="Alice", note=evil))
    [back] = contacts(data)
    assert (back.display_name, back.note) == ("Alice", evil.replace("\r\n", "\n"))


def test_injection_in_params_label_group_and_extra() -> None:
    contact = Contact(
        display_name="A",
        emails=[Email("a@x.example", types=("home\r\nEND:VCARD",), label="x\nBEGIN:VCARD",
                      group="g\r\nEND:VCARD", extra_params=(("X-P", 'v"\r\n:;,'),))])
    data = serialize_contact(contact, extra=[("X-EVIL\r\nEND", (("K", "\nBEGIN:VCARD"),),
                                              "v\r\nEND:VCARD")])
    lines = _lines(data)
    assert [ln for ln in lines if ln.upper().startswith((b"BEGIN", b"END"))] == [
        b"BEGIN:VCARD", b"END:VCARD"]
    [result] = parsed(data)
    assert len(result.lines) == len(lines) - 3  # all but BEGIN, END and the final empty split
    [back] = contacts(data)
    assert back.emails[0].label == "x\nBEGIN:VCARD"


def test_raw_properties_written_back_unchanged() -> None:
    raw = RawProperty("X-ABLABEL", "item9.X-ABLABEL:_$!<Anniversary>!$_")
    data = serialize_contact(Contact(display_name="R", raw=[raw]))
    assert b"item9.X-ABLABEL:_$!<Anniversary>!$_" in _lines(data)
    assert one(data).raw == [raw]


def test_raw_begin_end_version_never_written() -> None:
    c = Contact(display_name="R", raw=[RawProperty("END", "END:VCARD"),
                                        RawProperty("VERSION", "VERSION:2.1")])
    data = serialize_contact(c)
    assert data.count(b"END:VCARD") == 1 and data.count(b"VERSION") == 1


def test_extra_properties_from_exporter() -> None:
    data = serialize_contact(Contact(display_name="C"),
                             extra=[("X-RELMANAGER-CIRCLE", (), "friend")])
    assert one(data).raw_values("X-RELMANAGER-CIRCLE") == ["friend"]


def test_full_contact_round_trips_in_both_versions() -> None:
    for version in ("3.0", "4.0"):
        back = one(serialize_contact(_full(), version=version))
        expected = _full()
        expected.emails = [Email("z@x.example", ("home",), True, "Private", "item1")]
        assert back == expected, version


def test_write_vcards_streams_every_contact() -> None:
    out = io.BytesIO()
    count = write_vcards([Contact(display_name="A"), Contact(display_name="B")], out,
                         version="4.0", extra=lambda c: [("X-N", (), c.display_name)])
    assert count == 2
    assert [c.raw_values("X-N") for c in contacts(out.getvalue())] == [["A"], ["B"]]


def test_photo_media_type_cannot_start_a_new_line() -> None:
    contact = Contact(uid="u", display_name="X",
                      photos=[Photo(b"\xff\xd8data", "image/jpeg\r\nX-EVIL:1", None)])
    for version in ("3.0", "4.0"):
        text = serialize_contact(contact, version).decode()
        assert "\r\nX-EVIL" not in text
        assert text.count("BEGIN:VCARD") == 1


def test_encode_card_folds_every_line_as_fold_does() -> None:
    """The whole-card shortcut gives what folding each line on its own gives."""
    near = [
        "A" * 75, "A" * 76, "é" * 37, "é" * 38, "x" * 72 + "é", "x" * 73 + "é", "x" * 74 + "€",
        "字" * 25, "字" * 26, "😀" * 18, "😀" * 19, "NOTE:" + "Ünïcødé " * 40, "B" * 300,
        "", "FN:a\rb", "NOTE:lone\nbreak",
    ]
    for i, line in enumerate(near):
        for others in ([], ["FN:x"], ["NOTE:" + "ß" * 30]):  # other lines add octets, not length
            lines = ["BEGIN:VCARD", "VERSION:3.0", *others, line]
            expected = b"".join(map(fold, lines)) + b"END:VCARD\r\n"
            assert encode_card(lines) == expected, (i, others)
    assert max(map(len, encode_card(["BEGIN:VCARD", "😀" * 40]).split(b"\r\n"))) <= 75


def test_encode_card_folds_a_line_with_a_crlf_in_it_on_its_own() -> None:
    lines = ["BEGIN:VCARD", "X-A:one\r\ntwo", "X-B:" + "z" * 80]
    assert encode_card(lines) == b"".join(map(fold, lines)) + b"END:VCARD\r\n"
