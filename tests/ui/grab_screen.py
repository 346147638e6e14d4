"""Save a PNG of what is on the X screen: `python grab_screen.py OUT.png` (DISPLAY set).

Without a window manager windows sit at the top left on black; the picture is
cropped to the non-black area so docs show the window, not the empty screen.
"""

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

BLACK = 0xFF000000

app = QGuiApplication(sys.argv[:1])
image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
if image.isNull():
    sys.exit("could not grab the screen")
width = max((x for x in range(0, image.width(), 4) if image.pixel(x, 0) != BLACK), default=0)
height = max((y for y in range(0, image.height(), 4) if image.pixel(0, y) != BLACK), default=0)
if width and height:
    image = image.copy(QRect(0, 0, width + 4, height + 4))
if not image.save(sys.argv[1], "PNG"):
    sys.exit("could not save the screenshot")
