"""The exporter's row path writes the same bytes as the per-`Contact` writer.

`CardWriter.card` builds vCards straight from stored rows; `serialize_stored`
is the writer it replaces for speed (and still serves labelled cards). Both
are run on real data: the corpus, generated books with photos (3.0, 4.0 and
2.1 input), and a contact with something to escape in every field.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relmanager.domain import (
    Address,
    Birthday,
    Circle,
    Contact,
    Email,
    Organisation,
    Phone,
    Photo,
    RawProperty,
    StructuredName,
)
from relmanager.services.contacts import set_circles
from relmanager.services.export_rows import CardWriter, serialize_stored
from relmanager.services.exporter import _circle_rows, export_contacts
from relmanager.services.importer import import_files
from relmanager.store.contacts import load_contact_rows, load_contacts, unshape_rows
from tests.conftest import CORPUS
from tests.factories import store

GENERATOR = CORPUS.parents[1] / "bench" / "gen_vcards.py"
VERSIONS = ("3.0", "4.0")


def per_contact_export(engine: Engine, version: str, circle: Circle | None = None,
                       ids: list[int] | None = None) -> bytes:
    """What the exporter wrote before the row path: one `Contact` at a time."""
    with engine.connect() as conn:
        rows = _circle_rows(conn, circle, ids)
        contacts = load_contacts(conn, [r[0] for r in rows])
    return b"".join(serialize_stored(contacts[cid], value, source, version)
                    for cid, value, source in rows)


def assert_cards_match(engine: Engine, version: str) -> int:
    """Card by card (a failure names the contact), then the whole exported file."""
    writer = CardWriter(version)
    with engine.connect() as conn:
        rows = _circle_rows(conn, None, None)
        stored = load_contact_rows(conn, [r[0] for r in rows], shaped=True)
        contacts = load_contacts(conn, [r[0] for r in rows])
    for cid, circle, source in rows:
        expected = serialize_stored(contacts[cid], circle, source, version)
        assert writer.card(stored[cid], circle, source) == expected, contacts[cid].uid
    return len(rows)


def sort_some(engine: Engine) -> None:
    """User decisions on a few contacts, so both circle carriers are written."""
    with engine.connect() as conn:
        ids = [r[0] for r in _circle_rows(conn, None, None)]
    set_circles(engine, ids[::3], Circle.FRIEND)
    set_circles(engine, ids[1::7], Circle.PROFESSIONAL)


def labelled(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM emails WHERE label IS NOT NULL)"
            " + (SELECT count(*) FROM phones WHERE label IS NOT NULL)"
            " + (SELECT count(*) FROM addresses WHERE label IS NOT NULL)").scalar_one())


@pytest.mark.parametrize("version", VERSIONS)
def test_corpus_exports_the_same_bytes(engine: Engine, corpus: Path, tmp_path: Path,
                                       version: str) -> None:
    import_files(engine, sorted(corpus.glob("*.vcf")))
    sort_some(engine)
    assert labelled(engine) > 0  # the corpus covers the labelled (per-Contact) cards too
    with engine.connect() as conn:
        ids = [r[0] for r in _circle_rows(conn, None, None)]
        plain = load_contact_rows(conn, ids)
        shaped = load_contact_rows(conn, ids, shaped=True)
    assert {cid: unshape_rows(rows) for cid, rows in shaped.items()} == plain
    assert assert_cards_match(engine, version) > 100
    out = tmp_path / "all.vcf"
    export_contacts(engine, out, version=version)
    assert out.read_bytes() == per_contact_export(engine, version)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    if not GENERATOR.exists():
        pytest.skip(f"book generator not found at {GENERATOR}")
    folder = tmp_path_factory.mktemp("books")
    out = []
    for version, seed in (("3.0", 7), ("4.0", 8), ("2.1", 9)):
        book = folder / f"book-{version}.vcf"
        subprocess.run([sys.executable, str(GENERATOR), "--cards", "400", "--photos", "0.3",
                        "--dupes", "0.05", "--version", version, "--seed", str(seed),
                        "--out", str(book)], check=True, capture_output=True, timeout=120)
        out.append(book)
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_generated_books_with_photos_export_the_same_bytes(engine: Engine, books: list[Path],
                                                           tmp_path: Path,
                                                           version: str) -> None:
    result = import_files(engine, books)
    assert result.failed == 0 and result.created > 1000
    sort_some(engine)
    assert assert_cards_match(engine, version) == result.created
    out = tmp_path / "all.vcf"
    export_contacts(engine, out, version=version)
    data = out.read_bytes()
    assert data == per_contact_export(engine, version)
    assert data.count(b"\r\nPHOTO") > 100


def test_one_circle_and_a_selection_export_the_same_bytes(engine: Engine, books: list[Path],
                                                          tmp_path: Path) -> None:
    import_files(engine, books[:1])
    sort_some(engine)
    with engine.connect() as conn:
        ids = [r[0] for r in _circle_rows(conn, None, None)][5::4]
    out = tmp_path / "friends.vcf"
    result = export_contacts(engine, out, circle=Circle.FRIEND)
    assert result.count > 50
    assert out.read_bytes() == per_contact_export(engine, "3.0", circle=Circle.FRIEND)
    result = export_contacts(engine, out, ids=ids, version="4.0")
    assert result.count == len(ids)
    assert out.read_bytes() == per_contact_export(engine, "4.0", ids=ids)


def awkward_contacts() -> list[Contact]:
    """Something to escape, clean, fold or fall back on in every field the writer knows."""
    nasty = "a,b;c\\d\ne\r\nf\x07g\u2028h\u00a0i"
    long = "Ünïcødé " * 30
    return [
        Contact(uid="u-nasty;1", display_name=nasty, name=StructuredName(nasty, "G,", "", "Dr.", ""),
                nicknames=("Nick, the", "N;2"), title=nasty, role="R\\", note=long + nasty,
                birthday=Birthday(2, 29), categories=["x,y", "z"], urls=["http://a\\b", "c\nd"],
                emails=[Email("a@b.example", ("internet", "home"), pref=True, group="item3",
                              extra_params=(("X-SERVICE", 'q"uote:d'),))],
                phones=[Phone("+1 555;0", ("cell",)), Phone("555\\1")],
                addresses=[Address("PO 1", "", "Main St, 5", "Town", "", "123", long)],
                organisations=[Organisation("ACME; Inc", ("Unit,1", "Sub"), "item9",
                                            (("X-A", "b"),))],
                photos=[Photo(b"\x00\xff" * 400, "image/png"), Photo(None, "image/jpeg", "http://p/x"),
                        Photo(None, None, None), Photo(b"gif", "weird type/!")],
                raw=[RawProperty("X-SKYPE", "X-SKYPE:me\nyou"), RawProperty("END", "END:VCARD"),
                     RawProperty("version", "VERSION:9"), RawProperty("X-CTRL", "X-CTRL:\x01x")]),
        Contact(uid="u-noname", organisations=[Organisation("Only Org")]),
        Contact(uid="u-formatted", name=StructuredName("Doe", "Jane", "Q", "Ms", "Jr")),
        Contact(uid="", display_name="No UID", birthday=Birthday(12, 31, 1990)),
        Contact(uid="u-label", display_name="Labelled",
                emails=[Email("l@b.example", ("work",), label="Custom, label")],
                phones=[Phone("1", (), label="Pager", group="item1")],
                addresses=[Address(street="S", label="Holiday home")],
                raw=[RawProperty("X-ABLABEL", "item2.X-ABLabel:taken")]),
        Contact(uid="u-label-adr", display_name="Adr label",
                addresses=[Address(street="S", label="Cabin")]),
    ]


@pytest.mark.parametrize("version", VERSIONS)
def test_awkward_values_export_the_same_bytes(engine: Engine, tmp_path: Path,
                                              version: str) -> None:
    ids = store(engine, *awkward_contacts())
    set_circles(engine, ids[:2], Circle.BOTH)
    assert assert_cards_match(engine, version) == len(ids)
    out = tmp_path / "awkward.vcf"
    export_contacts(engine, out, version=version)
    data = out.read_bytes()
    assert data == per_contact_export(engine, version)
    assert b"NOTE:" + ("Ünïcødé " * 8).encode()[:60] in data  # folded, not cut short
    assert b"\r\nEND:VCARD\r\nVERSION" not in data and data.count(b"BEGIN:VCARD") == len(ids)
