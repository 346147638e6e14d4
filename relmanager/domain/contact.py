"""The contact model: pure data, no I/O, no Qt, no vobject.

Every field a vCard can carry that we model has a typed home here; anything
else travels as a `RawProperty` so an export can write it back unchanged.
`extra_params` on a modelled field keeps the parameters we do not interpret
(e.g. `X-SERVICE-TYPE=Skype`) for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Parameters we keep but do not interpret: ordered (NAME, value) pairs, the
# name upper-cased, the value as decoded text.
Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class StructuredName:
    family: str = ""
    given: str = ""
    additional: str = ""
    prefixes: str = ""
    suffixes: str = ""

    def is_empty(self) -> bool:
        return not any((self.family, self.given, self.additional, self.prefixes, self.suffixes))

    def formatted(self) -> str:
        """Western display order, used when a card has no FN."""
        parts = (self.prefixes, self.given, self.additional, self.family, self.suffixes)
        return " ".join(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Email:
    address: str
    types: tuple[str, ...] = ()  # lower-case: "home", "work", "internet", ...
    pref: bool = False
    label: str | None = None  # Apple/Google item-group label (X-ABLabel)
    group: str | None = None  # item group ("item1") as read, for round trips
    extra_params: Params = ()


@dataclass(frozen=True)
class Phone:
    number: str
    types: tuple[str, ...] = ()  # "cell", "work", "home", "voice", "fax", ...
    pref: bool = False
    label: str | None = None
    group: str | None = None
    extra_params: Params = ()


@dataclass(frozen=True)
class Address:
    po_box: str = ""
    extended: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    types: tuple[str, ...] = ()
    pref: bool = False
    label: str | None = None
    group: str | None = None
    extra_params: Params = ()

    def one_line(self) -> str:
        parts = (self.street, self.extended, self.po_box, self.postal_code, self.locality,
                 self.region, self.country)
        return ", ".join(p.replace("\n", " ").strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Organisation:
    name: str
    units: tuple[str, ...] = ()
    group: str | None = None
    extra_params: Params = ()


@dataclass(frozen=True)
class Birthday:
    """A birthday; `year` is None for year-less dates (`--MMDD`, X-APPLE-OMIT-YEAR)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # Validate against a leap year so Feb 29 is accepted with or without a year.
        date(self.year if self.year is not None else 2000, self.month, self.day)

    def iso(self) -> str:
        """`YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Photo:
    """Inline image bytes, or a URI we do not fetch (no network we were not asked for)."""

    data: bytes | None = None
    media_type: str | None = None  # e.g. "image/jpeg"
    uri: str | None = None
    extra_params: Params = ()


@dataclass(frozen=True)
class RawProperty:
    """A property we do not model, kept as its unfolded content line.

    `line` is the decoded text line (`item1.X-ABLabel:Work`), without the
    line break; `name` is its upper-case property name without group.
    """

    name: str
    line: str


@dataclass
class Contact:
    uid: str = ""
    display_name: str = ""  # FN (synthesised from N/ORG/EMAIL when missing)
    name: StructuredName = field(default_factory=StructuredName)
    nicknames: tuple[str, ...] = ()
    emails: list[Email] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    title: str = ""
    role: str = ""
    categories: list[str] = field(default_factory=list)
    birthday: Birthday | None = None
    note: str = ""
    urls: list[str] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    raw: list[RawProperty] = field(default_factory=list)
    id: int | None = None  # database id, None until stored

    @property
    def org(self) -> str:
        return self.organisations[0].name if self.organisations else ""

    def raw_values(self, name: str) -> list[str]:
        """Values of raw properties called `name` (text after the first unquoted colon)."""
        wanted = name.upper()
        return [_value_of(p.line) for p in self.raw if p.name == wanted]


def _value_of(line: str) -> str:
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            return line[i + 1:]
    return ""
