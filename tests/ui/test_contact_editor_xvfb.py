"""The contact editor on a real X server: a screenshot for docs/contact-editor.png."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import Engine

from relmanager.services.importer import import_files
from tests.services.test_importer import vcf
from tests.ui.test_app_xvfb import DOCS, distinct_colours
from tests.ui.xvfb import show_and_grab

CARD = """UID:maria-1
FN:Dr. María José Fernández-Ortega
N:Fernández-Ortega;María;José;Dr.;
NICKNAME:Majo
EMAIL;TYPE=HOME:majo@example.org
EMAIL;TYPE=WORK:m.fernandez@acme-research.example
TEL;TYPE=CELL:+34 612 345 678
TEL;TYPE=WORK:+34 91 123 45 67
ADR;TYPE=HOME:;;Calle de Alcalá 42, 3º B;Madrid;Comunidad de Madrid;28014;Spain
ORG:Acme Research Labs
TITLE:Head of Applied Research
BDAY:--0612
CATEGORIES:Book club,Climbing
NOTE:Met at the Lisbon conference. Prefers Signal to e-mail.
"""

SHOW_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from relmanager.services.contact_edit import category_names, load_editable
from relmanager.store import open_database
from relmanager.ui.app import make_application
from relmanager.ui.contact_editor import ContactEditor

app = make_application()
engine = open_database(Path(sys.argv[1]))
editor = ContactEditor(load_editable(engine, 1), category_names(engine))
if sys.argv[2] == "problem":  # show the inline message the way a user meets it
    editor.emails.rows[1].first_field().setText("m.fernandez.acme-research.example")
editor.move(0, 0)
editor.show()
QTimer.singleShot(1000, lambda: print("shown", flush=True))
app.exec()
"""


@pytest.mark.xvfb
def test_screenshot_of_the_contact_editor(xvfb_display: str, engine: Engine, paths,
                                          tmp_path: Path) -> None:
    import_files(engine, [vcf(tmp_path, "maria.vcf", CARD)])
    engine.dispose()
    shots = {}
    for what, name in (("plain", "contact-editor.png"),
                       ("problem", "contact-editor-problem.png")):
        shot = show_and_grab(xvfb_display, SHOW_SCRIPT, [str(paths.database), what], tmp_path / name)
        image = QImage(str(shot))
        assert not image.isNull() and distinct_colours(image) > 20, name
        assert image.width() >= 900 and image.height() >= 500, name
        shots[name] = shot
    if os.environ.get("RELMANAGER_UPDATE_SCREENSHOTS"):
        for name, shot in shots.items():
            shutil.copy(shot, DOCS / name)
