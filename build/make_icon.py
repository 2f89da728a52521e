"""Draw the NK Dash icon with Qt and write resources/nkdash.ico and resources/nkdash.png.

Run it after changing the design (`python build/make_icon.py`) and commit both outputs: the build
only reads them. Qt draws every size itself (small sizes drop the detail that would blur), and the
.ico container is written here because Qt's ico writer stores one image per file.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICO = ROOT / "resources" / "nkdash.ico"
PNG = ROOT / "resources" / "nkdash.png"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_SIZE = 512
TEAL_TOP, TEAL_BOTTOM, AMBER = "#14919B", "#0B5563", "#F5B301"


def draw(size: int):
    """The icon at `size` pixels, as a non-premultiplied ARGB32 QImage."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)  # designed on a 256 grid
    gradient = QLinearGradient(0, 0, 0, 256)
    gradient.setColorAt(0, QColor(TEAL_TOP))
    gradient.setColorAt(1, QColor(TEAL_BOTTOM))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    inset = 4 if size >= 32 else 0  # the smallest sizes use every pixel
    p.drawRoundedRect(QRectF(inset, inset, 256 - 2 * inset, 256 - 2 * inset), 56, 56)

    # three rising bars on a common baseline
    p.setBrush(QColor("white"))
    baseline, width = 212, 42
    for x, height in ((46, 56), (107, 92), (168, 128)):
        bar = QPainterPath()
        bar.addRoundedRect(QRectF(x, baseline - height, width, height), 10, 10)
        p.drawPath(bar)

    if size >= 32:  # the trend line and its end point are mush below 32 px
        pen = QPen(QColor(AMBER), 16)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        points = [QPointF(46, 108), QPointF(106, 68), QPointF(146, 86), QPointF(206, 36)]
        p.drawPolyline(points)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(AMBER))
        p.drawEllipse(points[-1], 17, 17)
    p.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def dib_bytes(image) -> bytes:
    """A 32-bit BGRA DIB as .ico stores it: height doubled, rows bottom-up, then the AND mask
    (all zero: the alpha channel decides). Classic bitmaps keep old shell code paths happy."""
    size = image.width()
    row = size * 4
    bits = bytes(image.constBits())
    stride = image.bytesPerLine()
    pixels = b"".join(bits[y * stride : y * stride + row] for y in reversed(range(size)))
    mask_row = ((size + 31) // 32) * 4
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels), 0, 0, 0, 0)
    return header + pixels + bytes(mask_row * size)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """The .ico container: header, one directory entry per image, then the images."""
    count = len(images)
    offset = 6 + 16 * count
    directory, blobs = [], []
    for size, blob in sorted(images.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in a directory entry
        directory.append(struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, count) + b"".join(directory) + b"".join(blobs)


def ico_sizes(data: bytes) -> list[int]:
    """The image sizes an .ico file holds (used by the packaging test)."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    if reserved != 0 or kind != 1:
        raise ValueError("not an .ico file")
    sizes = []
    for i in range(count):
        edge = struct.unpack_from("<B", data, 6 + 16 * i)[0]
        sizes.append(edge or 256)
    return sizes


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # drawing needs no display
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    images = {}
    for size in ICO_SIZES:
        image = draw(size)
        images[size] = png_bytes(image) if size >= 256 else dib_bytes(image)  # PNG: Vista+ form
    ICO.parent.mkdir(parents=True, exist_ok=True)
    ICO.write_bytes(ico_bytes(images))
    PNG.write_bytes(png_bytes(draw(PNG_SIZE)))
    print(f"wrote {ICO.relative_to(ROOT)} ({', '.join(map(str, ICO_SIZES))} px)")
    print(f"wrote {PNG.relative_to(ROOT)} ({PNG_SIZE} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
