"""Photos fetched with a block of rows are kept only until painted, within a budget:
scrolling a whole book of phone-camera photos must not hold them all."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from relmanager.domain import Circle
from relmanager.ui.contact_avatars import MAX_PENDING, MAX_PENDING_BYTES, AvatarCache

MIB = 1024 * 1024


def png(colour: str) -> bytes:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


class Store:
    """The database side: what `load` was asked for."""

    def __init__(self, photos: dict[int, bytes]) -> None:
        self.photos = photos
        self.asked: list[int] = []

    def load(self, ids: list[int]) -> dict[int, bytes]:
        self.asked.extend(ids)
        return {i: self.photos[i] for i in ids if i in self.photos}


def test_offered_photos_stay_within_count_and_bytes(qtbot) -> None:
    big = {cid: bytes(MIB) for cid in range(40)}  # 40 MiB of (undecodable) photos
    cache = AvatarCache(Store(big).load)
    cache.offer(big)
    assert cache._pending_bytes <= MAX_PENDING_BYTES
    assert len(cache._pending) == MAX_PENDING_BYTES // MIB
    many = dict.fromkeys(range(1000, 1000 + 3 * MAX_PENDING), b"x" * 100)
    cache.offer(many)
    assert len(cache._pending) == MAX_PENDING
    assert cache._pending_bytes == sum(map(len, cache._pending.values()))


def test_a_photo_dropped_before_its_paint_is_fetched_again(qtbot) -> None:
    photos = {cid: png("#3366cc") for cid in range(MAX_PENDING + 10)}
    store = Store(photos)
    cache = AvatarCache(store.load)
    cache.offer(photos)  # the first ten fall out of the budget
    kept = cache.pixmap(MAX_PENDING + 5, "Ana", Circle.FRIEND, has_photo=True)
    assert store.asked == []  # came with its block
    dropped = cache.pixmap(0, "Ben", Circle.FRIEND, has_photo=True)
    assert store.asked == [0]
    for pixmap in (kept, dropped):  # both show the photo, not a badge
        image = pixmap.toImage()
        assert image.pixelColor(image.width() // 2, image.height() // 2) == QColor("#3366cc")
    assert cache._pending_bytes == sum(map(len, cache._pending.values()))
