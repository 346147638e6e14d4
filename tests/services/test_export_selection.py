"""File ▸ Export selection: only the chosen contacts, in list order, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from relmanager.domain import Circle
from relmanager.services.contacts import set_circle
from relmanager.services.exporter import ExportCancelledError, export_contacts
from tests.factories import make_contact, store


def test_only_the_selected_contacts_in_list_order(engine: Engine, tmp_path: Path) -> None:
    cy, ana, bo = store(engine, make_contact("Cy Newman"), make_contact("Ana Lima"),
                        make_contact("Bo Ek"))
    set_circle(engine, cy, Circle.FRIEND)
    out = tmp_path / "sel.vcf"
    result = export_contacts(engine, out, ids=[cy, ana])
    assert result.count == 2
    text = out.read_text()
    assert text.index("FN:Ana Lima") < text.index("FN:Cy Newman") and "Bo Ek" not in text
    assert "X-RELMANAGER-CIRCLE" in text.upper()  # the user's decision travels along
    friends_only = export_contacts(engine, tmp_path / "f.vcf", ids=[ana, bo, cy],
                                   circle=Circle.FRIEND)
    assert friends_only.count == 1


def test_a_cancelled_selection_export_leaves_the_old_file(engine: Engine,
                                                          tmp_path: Path) -> None:
    ids = store(engine, *(make_contact(f"Person {i}", uid=f"u{i}") for i in range(1200)))
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "sel.vcf"
    out.write_text("old contents")
    with pytest.raises(ExportCancelledError):
        export_contacts(engine, out, ids=ids, should_cancel=lambda: True)
    assert out.read_text() == "old contents"
    assert [p.name for p in folder.iterdir()] == ["sel.vcf"]  # no temp file left behind
