"""Messages built from contact data that cannot smuggle in headers or parameters.

Addresses, names and subjects come from vCards and other people's exports, so
they are untrusted text. Every address is parsed strictly (one mailbox, no
group, no parser defects, no line breaks or control characters) and turned
into an `email.headerregistry.Address`; `EmailMessage` with the SMTP policy
then writes the headers. A `mailto:` URL percent-encodes every part, so an
address like `bob@x.example?bcc=evil@x.example` stays inside the address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from email import policy
from email.headerregistry import Address, AddressHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import cast
from urllib.parse import quote

_REGISTRY = HeaderRegistry()
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
MAX_ADDRESS = 320  # RFC 3696: 64 for the local part + @ + 255 for the domain


class InvalidAddressError(ValueError):
    """An address we will not put in a header; the message names it for the user."""

    def __init__(self, address: str, reason: str) -> None:
        shown = address.encode("unicode_escape").decode("ascii")
        super().__init__(f"not a valid e-mail address: {shown!r} ({reason})")
        self.address = address
        self.reason = reason


def _ascii_domain(domain: str, original: str) -> str:
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidAddressError(original, "the domain is not a valid host name") from exc
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidAddressError(original, "the domain is not a valid host name")
    return ascii_domain


def parse_address(text: str) -> Address:
    """One mailbox (`bob@x.example` or `Bob <bob@x.example>`), or InvalidAddressError."""
    if _CONTROL.search(text):
        raise InvalidAddressError(text, "it contains a line break or control character")
    value = text.strip()
    if not value:
        raise InvalidAddressError(text, "it is empty")
    if len(value) > MAX_ADDRESS * 2:
        raise InvalidAddressError(text[:80] + "…", "it is too long")
    try:
        header = _REGISTRY("To", value)
    except Exception as exc:  # the stdlib parser has crashed on odd input (IndexError)
        raise InvalidAddressError(text, "it cannot be parsed") from exc
    if header.defects:
        raise InvalidAddressError(text, str(header.defects[0]))
    groups = cast(AddressHeader, header).groups
    if len(groups) != 1 or groups[0].display_name is not None or len(groups[0].addresses) != 1:
        raise InvalidAddressError(text, "it must be exactly one address")
    found = groups[0].addresses[0]
    if not found.username or not found.domain:
        raise InvalidAddressError(text, "it needs a name before and a domain after the @")
    if not found.username.isascii():
        raise InvalidAddressError(text, "non-ASCII text before the @ is not supported")
    if len(found.addr_spec) > MAX_ADDRESS:
        raise InvalidAddressError(text, "it is too long")
    domain = _ascii_domain(found.domain, text)
    return Address(display_name=found.display_name, username=found.username, domain=domain)


def parse_addresses(texts: Iterable[str]) -> list[Address]:
    return [parse_address(text) for text in texts if text.strip()]


def clean_subject(subject: str) -> str:
    """One line: line breaks and other control characters become single spaces."""
    one_line = _LINE_BREAKS.sub(" ", subject)
    return _CONTROL.sub(" ", one_line).strip()


def envelope_recipients(*groups: Sequence[Address]) -> list[str]:
    """Every addr-spec once, in order: what the SMTP server is told (Bcc included)."""
    seen: dict[str, None] = {}
    for group in groups:
        for address in group:
            seen.setdefault(address.addr_spec, None)
    return list(seen)


def build_message(sender: str, to: Sequence[str], cc: Sequence[str],  # noqa: PLR0917
                  bcc: Sequence[str], subject: str, body: str) -> EmailMessage:
    """A message ready for `smtplib.send_message`.

    `bcc` is validated here but written to no header: Bcc recipients belong in
    the SMTP envelope only (`envelope_recipients`).
    """
    from_address = parse_address(sender)
    to_addresses, cc_addresses = parse_addresses(to), parse_addresses(cc)
    bcc_addresses = parse_addresses(bcc)
    if not (to_addresses or cc_addresses or bcc_addresses):
        raise InvalidAddressError("", "a message needs at least one recipient")
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = from_address
    if to_addresses:
        message["To"] = to_addresses
    if cc_addresses:
        message["Cc"] = cc_addresses
    message["Subject"] = clean_subject(subject)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=from_address.domain)
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    # 7-bit on the wire whatever the server supports: quoted-printable for non-ASCII.
    plain = text.isascii() and max(map(len, text.split("\n"))) <= 78
    message.set_content(text, cte="7bit" if plain else "quoted-printable")
    return message


def _mailto_address(address: str) -> str:
    # "@" is the only character left readable; everything else (",", "?", "&",
    # "#", "%", spaces) is percent-encoded so it cannot end the address list.
    return quote(address.strip(), safe="@")


def mailto_url(to: Sequence[str], cc: Sequence[str], bcc: Sequence[str], subject: str,
               body: str) -> str:
    """`mailto:` with every part percent-encoded (RFC 6068); line breaks as %0D%0A."""
    path = ",".join(_mailto_address(a) for a in to if a.strip())
    fields: list[tuple[str, str]] = []
    if cc_list := [a for a in cc if a.strip()]:
        fields.append(("cc", ",".join(_mailto_address(a) for a in cc_list)))
    if bcc_list := [a for a in bcc if a.strip()]:
        fields.append(("bcc", ",".join(_mailto_address(a) for a in bcc_list)))
    if subject_line := clean_subject(subject):
        fields.append(("subject", quote(subject_line, safe="")))
    if body:
        crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        fields.append(("body", quote(crlf, safe="")))
    query = "&".join(f"{name}={value}" for name, value in fields)
    return f"mailto:{path}" + (f"?{query}" if query else "")
