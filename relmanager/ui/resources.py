"""Locating shipped resources (icons) in a checkout and in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    icons = resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / "relmanager.png"
        if png.exists():
            icon.addFile(str(png))
    svg = icons / "relmanager.svg"
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon
