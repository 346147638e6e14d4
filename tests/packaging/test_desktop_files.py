"""The files a Linux desktop and a software centre read: valid, and saying what we mean."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET

from PySide6.QtGui import QImageReader

from relmanager import APP_ID, __version__
from tests.packaging.support import REPO, RESOURCES, require

DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = require("desktop-file-validate", "apt install desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", f"validator hints:\n{result.stdout}"


def test_desktop_file_opens_vcards_and_names_our_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == "relmanager"
    assert entry["Exec"].endswith("%F"), "several .vcf files can be opened at once"
    assert set(filter(None, entry["MimeType"].split(";"))) == {"text/vcard", "text/x-vcard"}
    assert entry["Icon"] == APP_ID
    assert entry["Categories"] == "Office;ContactManagement;"
    assert entry["Terminal"] == "false"


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = require("appstreamcli", "apt install appstream")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_describes_this_app_and_its_screenshot_exists() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    images = [i.text or "" for i in root.iter("image")]
    assert images and all(i.endswith("/docs/main-window-empty.png") for i in images)
    assert (REPO / "docs" / "main-window-empty.png").is_file()
    assert {m.text for m in root.iter("mediatype")} == {"text/vcard", "text/x-vcard"}
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, \
        "add a <release> for this version to the metainfo"


def test_windows_and_macos_icons_hold_every_size(qapp) -> None:
    expected = {"relmanager.ico": [16, 24, 32, 48, 64, 128, 256],
                "relmanager.icns": [16, 32, 64, 128, 256, 512]}
    for name, sizes in expected.items():
        reader = QImageReader(str(RESOURCES / "icons" / name))
        found = set()
        for index in range(reader.imageCount()):
            reader.jumpToImage(index)
            image = reader.read()
            assert not image.isNull(), f"{name} image {index}: {reader.errorString()}"
            found.add(image.width())
        assert found >= set(sizes), f"{name} has sizes {sorted(found)}"
