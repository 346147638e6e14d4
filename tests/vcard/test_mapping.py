"""Mapping: what a user sees in the contact after importing a card."""

from __future__ import annotations

from relmanager.domain.contact import Birthday, StructuredName
from relmanager.vcard import card_to_contact
from tests.vcard.helpers import card, one, parsed


def test_unescaped_comma_in_fn_kept_whole() -> None:
    assert one(card("VERSION:3.0", "FN:Richter, James")).display_name == "Richter, James"


def test_text_unescaping_including_colon() -> None:
    c = one(card("FN:U", "URL:http\\://x.example/a", "NOTE:l1\\nl2\\, a\\; b \\\\ c"))
    assert c.urls == ["http://x.example/a"]
    assert c.note == "l1\nl2, a; b \\ c"


def test_n_split_on_unescaped_semicolon_and_first_n_kept() -> None:
    data = card("N:O\\;Brien;Pat;;Dr.;", "N:Other;Name")
    [result] = parsed(data)
    contact, warnings = card_to_contact(result)
    assert contact.name == StructuredName("O;Brien", "Pat", "", "Dr.", "")
    assert any("N appears twice" in w for w in warnings)


def test_fn_synthesised_from_n_then_org_then_email() -> None:
    assert one(card("N:Doe;Jane;;;")).display_name == "Jane Doe"
    assert one(card("ORG:ABC\\, Inc.;Sales")).display_name == "ABC, Inc."
    assert one(card("EMAIL:x@example.com")).display_name == "x@example.com"


def test_email_types_pref_and_unknown_params() -> None:
    c = one(card("FN:E", "EMAIL;TYPE=INTERNET,HOME;TYPE=pref;X-SRC=gmail:a@x.example",
                 "EMAIL;PREF=1;TYPE=work:b@x.example", "EMAIL;PREF=2:c@x.example"))
    first, second, third = c.emails
    assert (first.types, first.pref, first.extra_params) == (("internet", "home"), True,
                                                             (("X-SRC", "gmail"),))
    assert (second.types, second.pref) == (("work",), True)
    assert (third.pref, third.extra_params) == (False, (("PREF", "2"),))


def test_v21_bare_pref_and_types_on_tel() -> None:
    phone = one(card("VERSION:2.1", "FN:T", "TEL;CELL;PREF:+1 555")).phones[0]
    assert (phone.number, phone.types, phone.pref) == ("+1 555", ("cell",), True)


def test_v40_tel_uri_is_plain_number() -> None:
    phone = one(card("VERSION:4.0", "FN:T", "TEL;VALUE=uri;TYPE=\"cell,home\":tel:+1-555")).phones[0]
    assert (phone.number, phone.types, phone.extra_params) == ("+1-555", ("cell", "home"), ())


def test_item_group_label_on_email() -> None:
    c = one(card("FN:L", "item1.EMAIL;TYPE=INTERNET:w@x.example", "item1.X-ABLabel:Work",
                 "item2.URL:http://x.example", "item2.X-ABLabel:_$!<HomePage>!$_"))
    assert (c.emails[0].label, c.emails[0].group) == ("Work", "item1")
    assert c.raw_values("X-ABLABEL") == ["_$!<HomePage>!$_"]  # URL groups are not modelled


def test_address_and_org_components() -> None:
    c = one(card("FN:A", "ADR;TYPE=WORK:;;1 Main St\\, Apt 2;Town;;12345;Land",
                 "ORG:ACME;R&D;Lab"))
    adr = c.addresses[0]
    assert (adr.street, adr.locality, adr.postal_code, adr.country, adr.types) == (
        "1 Main St, Apt 2", "Town", "12345", "Land", ("work",))
    assert (c.organisations[0].name, c.organisations[0].units) == ("ACME", ("R&D", "Lab"))


def test_lists_title_role_note_categories_nickname() -> None:
    c = one(card("FN:L", "TITLE:CEO", "ROLE:Lead", "NICKNAME:Al,Bertie",
                 "CATEGORIES:Friends,Work\\, misc", "NOTE:one", "NOTE:two"))
    assert (c.title, c.role, c.nicknames) == ("CEO", "Lead", ("Al", "Bertie"))
    assert c.categories == ["Friends", "Work, misc"]
    assert c.note == "one\n\ntwo"


def test_birthday_forms() -> None:
    def bday(line: str) -> Birthday | None:
        return one(card("FN:B", line)).birthday

    assert bday("BDAY:1980-05-17") == Birthday(5, 17, 1980)
    assert bday("BDAY:19800517") == Birthday(5, 17, 1980)
    assert bday("BDAY:1980-05-17T00:00:00Z") == Birthday(5, 17, 1980)
    assert bday("BDAY:--0517") == Birthday(5, 17)
    assert bday("BDAY:--05-17") == Birthday(5, 17)
    assert bday("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17") == Birthday(5, 17)
    assert bday("BDAY:--0229") == Birthday(2, 29)
    assert bday("BDAY:2000-02-29") == Birthday(2, 29, 2000)


def test_unparseable_birthday_is_warned_and_kept_raw() -> None:
    [result] = parsed(card("FN:B", "BDAY:2001-02-29"))
    contact, warnings = card_to_contact(result)
    assert contact.birthday is None
    assert contact.raw_values("BDAY") == ["2001-02-29"]
    assert any("BDAY" in w for w in warnings)


JPEG_B64 = "/9j/4AAQSkZJRg=="  # \xff\xd8\xff\xe0\x00\x10JFIF


def test_photo_base64_in_21_30_and_40_forms() -> None:
    v21 = one(card("VERSION:2.1", "FN:P", "PHOTO;ENCODING=BASE64;JPEG:", JPEG_B64[:8],
                   JPEG_B64[8:], "", eol="\n")).photos[0]
    v30 = one(card("FN:P", f"PHOTO;ENCODING=b;TYPE=JPEG:{JPEG_B64}")).photos[0]
    v40 = one(card("FN:P", f"PHOTO:data:image/jpeg;base64,{JPEG_B64}")).photos[0]
    for photo in (v21, v30, v40):
        assert photo.data is not None and photo.data.startswith(b"\xff\xd8")
        assert photo.media_type == "image/jpeg"


def test_undecodable_photo_is_a_warning_not_a_lost_card() -> None:
    [result] = parsed(card("FN:Still here", "PHOTO;ENCODING=b:<<not base64>>"))
    contact, warnings = card_to_contact(result)
    assert contact.display_name == "Still here" and contact.photos == []
    assert any("PHOTO" in w for w in warnings)
    assert len(contact.raw_values("PHOTO")) == 1


def test_photo_url_kept_as_uri() -> None:
    photo = one(card("FN:P", "PHOTO;VALUE=uri:https://x.example/p.png")).photos[0]
    assert (photo.uri, photo.data) == ("https://x.example/p.png", None)


def test_unknown_properties_kept_raw_but_not_version_prodid_rev() -> None:
    c = one(card("VERSION:3.0", "PRODID:-//x//EN", "REV:2020", "FN:R", "X-SKYPE:bob",
                 "item3.X-ABRELATEDNAMES:Ann", "GEO:1.0;2.0", "IMPP;X-SERVICE-TYPE=Skype:skype:b"))
    assert [r.line for r in c.raw] == ["X-SKYPE:bob", "item3.X-ABRELATEDNAMES:Ann",
                                       "GEO:1.0;2.0", "IMPP;X-SERVICE-TYPE=Skype:skype:b"]


def test_uid_read_not_synthesised() -> None:
    assert one(card("FN:U", "UID:abc-1")).uid == "abc-1"
    assert one(card("FN:U")).uid == ""
