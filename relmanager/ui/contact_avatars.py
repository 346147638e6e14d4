"""Small pictures beside names in the list: the contact's photo, or a circle badge.

Photos are decoded lazily, only for rows the view paints, scaled down while
decoding (JPEG decodes at 1/8 size for free), and kept in a bounded LRU of
pixmaps, so scrolling 50k contacts never holds 50k images. A contact without a
photo (or with one that does not decode) gets a round badge with its initial,
coloured by circle; badges are shared per (initial, circle).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLoggingCategory, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImageReader,
    QPainter,
    QPainterPath,
    QPixmap,
)

from relmanager.domain import Circle

log = logging.getLogger(__name__)

SIZE = 20  # logical pixels; the view's rows are ~24 px high
MAX_PHOTOS = 600  # decoded thumbnails kept (a few screens' worth)
# Raw photos fetched with a block of rows, kept until their rows are painted: two
# blocks' worth. (2,000 unpainted ones, the old bound, could hold 40 MiB of 20 KB
# photos, and 300 MiB of phone-camera ones, after jumping around a big book.)
MAX_PENDING = 200
MAX_PENDING_BYTES = 16 * 1024 * 1024

BADGE_COLOURS = {
    Circle.FRIEND: QColor("#2e8b57"),
    Circle.PROFESSIONAL: QColor("#3465a4"),
    Circle.BOTH: QColor("#8e44ad"),
    Circle.UNSORTED: QColor("#7f8c8d"),
}

# Contact photos are untrusted bytes: a corrupt JPEG is ours to handle (we show
# the badge), not a warning for the log on every repaint.
QLoggingCategory.setFilterRules("qt.gui.imageio.jpeg.warning=false")


def _ratio() -> float:
    app = QGuiApplication.instance()
    return float(app.devicePixelRatio()) if isinstance(app, QGuiApplication) else 1.0


def _initial(name: str) -> str:
    for ch in name:
        if ch.isalnum():
            return ch.upper()
    return "?"


def _canvas() -> tuple[QPixmap, float]:
    ratio = _ratio()
    pixmap = QPixmap(round(SIZE * ratio), round(SIZE * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    return pixmap, ratio


def badge(name: str, circle: Circle) -> QPixmap:
    pixmap, _ = _canvas()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BADGE_COLOURS[circle])
    painter.drawEllipse(0, 0, SIZE, SIZE)
    font = QFont()
    font.setPixelSize(round(SIZE * 0.55))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, _initial(name))
    painter.end()
    return pixmap


# Photo formats by their first bytes: naming the format spares QImageReader asking
# every image plugin in turn (half the time of a photo that does not decode).
_MAGIC = ((b"\xff\xd8\xff", b"jpeg"), (b"\x89PNG\r\n\x1a\n", b"png"), (b"GIF8", b"gif"),
          (b"BM", b"bmp"))


def _format(data: bytes) -> bytes:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return b""  # let the reader find out (WebP, TIFF, …)


def decode_thumbnail(data: bytes) -> QPixmap | None:
    """A round SIZE×SIZE thumbnail, or None when the bytes are no image we can read."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, _format(data))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        return None
    pixmap, ratio = _canvas()
    side = round(SIZE * ratio)
    reader.setScaledSize(size.scaled(QSize(side, side),
                                     Qt.AspectRatioMode.KeepAspectRatioByExpanding))
    image = reader.read()
    if image.isNull():
        return None
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    clip.addEllipse(0, 0, SIZE, SIZE)
    painter.setClipPath(clip)
    x = (image.width() / ratio - SIZE) / 2
    y = (image.height() / ratio - SIZE) / 2
    image.setDevicePixelRatio(ratio)
    painter.drawImage(round(-x), round(-y), image)
    painter.end()
    return pixmap


class AvatarCache:
    """Pixmaps for the name column. Raw photos come with their rows (`offer`);
    `load` fetches those that were not offered (or were dropped meanwhile)."""

    def __init__(self, load: Callable[[list[int]], dict[int, bytes]]) -> None:
        self._load = load
        self._photos: OrderedDict[int, QPixmap | None] = OrderedDict()
        self._pending: OrderedDict[int, bytes] = OrderedDict()
        self._pending_bytes = 0
        self._badges: dict[tuple[str, Circle], QPixmap] = {}

    def clear(self) -> None:
        self._photos.clear()
        self._pending.clear()
        self._pending_bytes = 0

    def offer(self, photos: dict[int, bytes]) -> None:
        """Raw photos of a block the view is about to paint, decoded when painted."""
        for cid, data in photos.items():
            if cid not in self._photos and cid not in self._pending:
                self._pending[cid] = data
                self._pending_bytes += len(data)
        while self._pending and (len(self._pending) > MAX_PENDING
                                 or self._pending_bytes > MAX_PENDING_BYTES):
            self._pending_bytes -= len(self._pending.popitem(last=False)[1])

    def pixmap(self, contact_id: int, name: str, circle: Circle, has_photo: bool) -> QPixmap:
        if has_photo:
            photo = self._photo(contact_id)
            if photo is not None:
                return photo
        key = (_initial(name), circle)
        found = self._badges.get(key)
        if found is None:
            found = self._badges[key] = badge(name, circle)
        return found

    def _photo(self, contact_id: int) -> QPixmap | None:
        if contact_id in self._photos:
            self._photos.move_to_end(contact_id)
            return self._photos[contact_id]
        data = self._pending.pop(contact_id, None)
        if data is not None:
            self._pending_bytes -= len(data)
        else:
            data = self._load([contact_id]).get(contact_id)
        photo = decode_thumbnail(data) if data else None
        if data and photo is None:
            log.debug("Photo of contact %s does not decode; showing a badge", contact_id)
        self._photos[contact_id] = photo
        while len(self._photos) > MAX_PHOTOS:
            self._photos.popitem(last=False)
        return photo
