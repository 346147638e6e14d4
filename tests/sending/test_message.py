"""Headers and mailto: URLs built from contact data cannot be hijacked by that data."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from relmanager.services.sending import (
    InvalidAddressError,
    build_message,
    clean_subject,
    mailto_url,
    parse_address,
)

SENDER = "Me <me@sender.example>"

INJECTIONS = [
    "Bob <bob@x.example>\r\nBcc: evil@x.example",
    "bob@x.example\nBcc: evil@x.example",
    "bob@x.example\rBcc: evil@x.example",
    "Bob\r\n <bob@x.example>",
    "bob@x.example\u2028Bcc: evil@x.example",
    "bob@x.example\x00",
]


@pytest.mark.parametrize("address", INJECTIONS)
def test_header_injection_in_an_address_is_rejected(address: str) -> None:
    with pytest.raises(InvalidAddressError, match="line break or control character") as info:
        build_message(SENDER, [address], [], [], "Hello", "Hi")
    assert info.value.address == address


@pytest.mark.parametrize("field", ["to", "cc", "bcc", "sender"])
def test_every_address_field_is_checked(field: str) -> None:
    evil = "Bob <bob@x.example>\r\nBcc: evil@x.example"
    parts = {"to": ["ann@x.example"], "cc": [], "bcc": [], "sender": SENDER}
    parts[field] = evil if field == "sender" else [evil]
    with pytest.raises(InvalidAddressError, match=r"evil@x\.example"):
        build_message(parts["sender"], parts["to"], parts["cc"], parts["bcc"],  # type: ignore[arg-type]
                      "Hello", "Hi")


@pytest.mark.parametrize("address", [
    "bob@x.example?bcc=evil@x.example", "bob@x.example, evil@x.example", "bob",
    "Bob <bob@x.example", "<>", "team: bob@x.example;", "bob@-x.example", "bob@localhost",
    "bob@x.example>junk", "bób@x.example", "",
])
def test_invalid_addresses_name_the_bad_one(address: str) -> None:
    with pytest.raises(InvalidAddressError) as info:
        parse_address(address)
    assert info.value.address == address
    assert "not a valid e-mail address" in str(info.value)


def test_valid_addresses_keep_display_names_and_idn_domains() -> None:
    assert parse_address("bob@x.example").addr_spec == "bob@x.example"
    richter = parse_address('"Richter, James" <j.richter@x.example>')
    assert (richter.display_name, richter.addr_spec) == ("Richter, James", "j.richter@x.example")
    assert parse_address("ann@bücher.example").domain == "xn--bcher-kva.example"


def test_subject_line_breaks_become_spaces_not_headers() -> None:
    message = build_message(SENDER, ["bob@x.example"], [], [],
                            "Hello\r\nBcc: evil@x.example\nX-Evil: 1", "Hi")
    raw = message.as_bytes()
    assert b"\r\nBcc:" not in raw
    assert b"\r\nX-Evil:" not in raw
    assert message["Subject"] == "Hello Bcc: evil@x.example X-Evil: 1"
    assert clean_subject("a\u2028b\x0bc") == "a b c"


def test_display_name_with_header_syntax_stays_one_header() -> None:
    message = build_message(SENDER, ['"Bob: Bcc evil@x.example" <bob@x.example>'], [], [],
                            "Hi", "Hi")
    raw = message.as_bytes().decode("ascii")
    headers = raw.split("\r\n\r\n", 1)[0]
    names = [line.split(":", 1)[0] for line in headers.split("\r\n") if not line[0].isspace()]
    assert sorted(names) == sorted(["From", "To", "Subject", "Date", "Message-ID",
                                    "Content-Type", "Content-Transfer-Encoding",
                                    "MIME-Version"])
    assert [a.addr_spec for a in message["To"].addresses] == ["bob@x.example"]


def test_bcc_is_validated_but_never_a_header() -> None:
    message = build_message(SENDER, ["ann@x.example"], ["cat@x.example"], ["dan@x.example"],
                            "Hi", "Body")
    assert message["Bcc"] is None
    assert b"dan@x.example" not in message.as_bytes()
    assert message["Cc"].addresses[0].addr_spec == "cat@x.example"


def test_message_needs_a_recipient_and_a_valid_sender() -> None:
    with pytest.raises(InvalidAddressError, match="at least one recipient"):
        build_message(SENDER, [], [], [], "Hi", "Body")
    with pytest.raises(InvalidAddressError, match="me@"):
        build_message("me@", ["ann@x.example"], [], [], "Hi", "Body")


def test_non_ascii_names_and_body_are_encoded() -> None:
    message = build_message(SENDER, ["Zoë Müller <zoe@x.example>"], [], [], "Grüße",
                            "Liebe Zoë,\nbis bald.\n")
    raw = message.as_bytes()
    raw.decode("ascii")  # SMTP policy: 7-bit headers (RFC 2047), encoded body
    assert message["To"].addresses[0].display_name == "Zoë Müller"
    assert message.get_content() == "Liebe Zoë,\nbis bald.\n"


# --- mailto: ---------------------------------------------------------------------------


def _fields(url: str) -> tuple[list[str], dict[str, list[str]]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    to = [unquote(a) for a in parts.path.split(",")] if parts.path else []
    return to, parse_qs(parts.query, keep_blank_values=True)


def test_mailto_address_with_query_syntax_stays_in_the_address() -> None:
    url = mailto_url(["bob@x.example?bcc=evil@x.example&body=pwned"], [], [], "Hi", "Hello")
    to, query = _fields(url)
    assert to == ["bob@x.example?bcc=evil@x.example&body=pwned"]
    assert set(query) == {"subject", "body"}
    assert query["body"] == ["Hello"]
    assert "?" not in urlsplit(url).path


@pytest.mark.parametrize("field", ["cc", "bcc"])
def test_mailto_cc_and_bcc_cannot_add_parameters(field: str) -> None:
    evil = "ann@x.example&body=pwned&to=evil@x.example#frag"
    url = mailto_url(["bob@x.example"], [evil] if field == "cc" else [],
                     [evil] if field == "bcc" else [], "Hi", "")
    to, query = _fields(url)
    assert to == ["bob@x.example"]
    assert set(query) == {field, "subject"}
    assert query[field] == [evil]
    assert "#" not in url


def test_mailto_commas_inside_an_address_do_not_split_it() -> None:
    to, _ = _fields(mailto_url(["a,evil@x.example", "c@x.example"], [], [], "", ""))
    assert to == ["a,evil@x.example", "c@x.example"]


def test_mailto_subject_and_body_are_fully_encoded() -> None:
    body = "Line one\nLine two & more?\r\nbcc=evil@x.example #1 100%"
    url = mailto_url(["bob@x.example"], [], [], "Q&A?\r\nbcc=x", body)
    _, query = _fields(url)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == ["Q&A? bcc=x"]
    assert query["body"] == ["Line one\r\nLine two & more?\r\nbcc=evil@x.example #1 100%"]
    assert "%0D%0A" in url
    for raw in (" ", "\n", "#", "&b", "?b"):
        assert raw not in url.split("?", 1)[1].replace("&body=", "").replace("&subject=", "")
