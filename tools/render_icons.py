"""Render resources/icons/relmanager.svg to every icon file the platforms ask for.

Run after changing the SVG: `python tools/render_icons.py` (needs PySide6). It writes
- the hicolor PNG sizes Linux desktops use (`icons/hicolor/NxN/apps/relmanager.png`),
- `icons/relmanager.ico` for the Windows executable and
- `icons/relmanager.icns` for the macOS app bundle.
The .ico and .icns are written by hand (both are PNG images in a small container), so
no Qt image-format plugin and no platform tool (iconutil, ImageMagick) is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"

# Windows shows 16-48 in Explorer and 256 in large views; PNG entries need Vista or later.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types that hold PNG data, by pixel size (the @2x types reuse the bigger image).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"could not encode PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico_container(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size, each pointing at embedded PNG data."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO format
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_container(pngs: dict[int, bytes]) -> bytes:
    """'icns' + total length, then (type, length incl. 8-byte header, PNG) per entry."""
    body = b"".join(kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    app = QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "relmanager.svg"))
    pngs: dict[int, bytes] = {}
    for size in sorted({*SIZES, *ICO_SIZES, *(s for _, s in ICNS_TYPES)}):
        pngs[size] = png_bytes(render(renderer, size))
    for size in SIZES:
        out = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "relmanager.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pngs[size])
    (ICONS / "relmanager.ico").write_bytes(ico_container({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "relmanager.icns").write_bytes(icns_container(pngs))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
