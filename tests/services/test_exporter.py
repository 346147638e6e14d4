"""Export: atomic files, circles that survive the trip, a lossless corpus round trip."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.contacts import list_summaries, set_circle
from relmanager.services.exporter import ExportCancelledError, export_contacts
from relmanager.services.importer import import_files
from relmanager.store import open_database
from tests.factories import make_contact, store
from tests.services.test_importer import all_contacts


@pytest.fixture
def other_engine(tmp_path: Path):
    eng = open_database(tmp_path / "other" / "relmanager.db")
    yield eng
    eng.dispose()


def without_ids(contacts: dict) -> dict:
    return {uid: replace(c, id=None) for uid, c in contacts.items()}


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_corpus_survives_import_export_import(tmp_path, engine, other_engine, corpus,
                                              version: str) -> None:
    import_files(engine, sorted(corpus.glob("*.vcf")))
    out = tmp_path / f"all-{version}.vcf"
    result = export_contacts(engine, out, version=version)
    assert out.read_bytes().count(b"BEGIN:VCARD") >= result.count
    again = import_files(other_engine, [out])
    assert again.failed == 0 and again.created == result.count
    assert without_ids(all_contacts(other_engine)) == without_ids(all_contacts(engine))


def test_user_circle_survives_export_and_import(tmp_path, engine, other_engine) -> None:
    maria, _bob = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                        make_contact("Bob Builder", "bob@acme.example"))
    set_circle(engine, maria, Circle.FRIEND)
    out = tmp_path / "book.vcf"
    export_contacts(engine, out)
    text = out.read_text()
    assert "X-RELMANAGER-CIRCLE;X-SOURCE=user:friend" in text
    assert "relmanager:friend" in text

    import_files(other_engine, [out])
    rows = {r.display_name: r for r in list_summaries(other_engine)}
    assert (rows["Maria Rossi"].circle, rows["Maria Rossi"].circle_source) == ("friend", "user")
    assert (rows["Bob Builder"].circle, rows["Bob Builder"].circle_source) == ("professional", "suggested")
    # The carrier is the circle, not a category the user typed.
    assert all_contacts(other_engine)["uid-maria-rossi"].categories == []


def test_circle_survives_an_app_that_drops_x_properties(tmp_path, engine, other_engine) -> None:
    [maria] = store(engine, make_contact("Maria Rossi", "maria@gmail.com"))
    set_circle(engine, maria, Circle.BOTH)
    out = tmp_path / "book.vcf"
    export_contacts(engine, out)
    edited = "".join(line for line in out.read_text().splitlines(keepends=True)
                     if not line.startswith("X-RELMANAGER"))
    out.write_text(edited)
    import_files(other_engine, [out])
    [row] = list_summaries(other_engine)
    assert (row.circle, row.circle_source) == ("both", "user")


def test_export_one_circle_only(tmp_path, engine: Engine) -> None:
    maria, _bob = store(engine, make_contact("Maria Rossi", "maria@gmail.com"),
                        make_contact("Bob Builder", "bob@acme.example"))
    set_circle(engine, maria, Circle.FRIEND)
    out = tmp_path / "friends.vcf"
    assert export_contacts(engine, out, circle=Circle.FRIEND).count == 1
    assert "Maria Rossi" in out.read_text() and "Bob Builder" not in out.read_text()


def test_version_4_is_written_on_request(tmp_path, engine: Engine) -> None:
    store(engine, make_contact("Maria Rossi", "maria@gmail.com"))
    out = tmp_path / "v4.vcf"
    export_contacts(engine, out, version="4.0")
    assert "VERSION:4.0" in out.read_text()


def test_cancelled_export_leaves_the_old_file_and_no_temp_files(tmp_path, engine) -> None:
    store(engine, make_contact("Maria Rossi", "maria@gmail.com"))
    out = tmp_path / "book.vcf"
    out.write_bytes(b"previous export")
    with pytest.raises(ExportCancelledError):
        export_contacts(engine, out, should_cancel=lambda: True)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
