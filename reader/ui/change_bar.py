"""The overview bar beside a pane's scrollbar: every change as a tick, the visible region framed.

Clicking jumps there (KDiff3's overview column, Meld's side bars). The current change is drawn
wider; rejected changes grey, so what is left to review stands out.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QWidget


class Mark(NamedTuple):
    index: int
    fraction: float  # 0..1 of the document height
    colour: QColor
    muted: bool = False


class ChangeBar(QWidget):
    jump_requested = Signal(float)  # fraction of the document the user clicked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFixedWidth(14)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Overview of all changes: click to jump there")
        self._marks: list[Mark] = []
        self._by_index: dict[int, Mark] = {}  # the current change's mark without a scan at every paint
        self._view = (0.0, 1.0)  # visible region as fractions
        self._current: int | None = None
        self._row_cache: dict[int, int] = {}
        self._rows_for = -1
        self._image: QImage | None = None
        self._image_bytes = b""

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(14, 100)

    def set_marks(self, marks: list[Mark]) -> None:
        self._marks = marks
        self._by_index = {m.index: m for m in marks}
        self._rows_for = -1
        self._image = None
        self.update()

    def _rows(self, h: int) -> dict[int, int]:
        """One tick per pixel row (computed once per size): row -> ARGB colour. Thousands of edits stay cheap:
        one mark per row (a live change beats a rejected one), and a Qt call per colour, not per mark."""
        if self._rows_for != h:
            best: dict[int, Mark] = {}
            for m in self._marks:
                y = int(2 + m.fraction * h)
                held = best.get(y)
                if held is None or (held.muted and not m.muted):
                    best[y] = m
            argb: dict[tuple[int, bool], int] = {}
            rows: dict[int, int] = {}
            for y, m in best.items():
                key = (id(m.colour), m.muted)
                value = argb.get(key)
                if value is None:
                    col = QColor(m.colour)
                    if m.muted:
                        col.setAlpha(90)
                    value = argb[key] = col.rgba()
                rows[y] = value
            self._row_cache, self._rows_for = rows, h
            self._image = None
        return self._row_cache

    def _ticks(self, h: int) -> QImage:
        """The ticks as one image (drawn with one call): a paint made of a Qt call per row waited for the
        interpreter's lock at every call while a worker ran Python, 100-250 ms a paint on long articles."""
        rows = self._rows(h)
        w, height = self.width(), h + 4
        if self._image is None or self._image.width() != w or self._image.height() != height:
            buf = bytearray(w * height * 4)  # ARGB32: bytes B, G, R, A per pixel; transparent where no tick
            pixel: dict[int, bytes] = {}
            x0, x1 = 3, max(3, w - 3)
            for y, rgba in rows.items():
                px = pixel.get(rgba)
                if px is None:
                    px = pixel[rgba] = rgba.to_bytes(4, "little")
                for yy in (y - 1, y, y + 1):
                    if 0 <= yy < height:
                        start = (yy * w + x0) * 4
                        buf[start : start + (x1 - x0) * 4] = px * (x1 - x0)
            self._image_bytes = bytes(buf)  # QImage reads the buffer it is given: keep it alive with the image
            self._image = QImage(self._image_bytes, w, height, w * 4, QImage.Format.Format_ARGB32)
        return self._image

    def marks(self) -> list[Mark]:
        return list(self._marks)

    def set_view(self, top: float, bottom: float) -> None:
        self._view = (top, bottom)
        self.update()

    def set_current(self, index: int | None) -> None:
        self._current = index
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        h = max(1, self.height() - 4)
        current = None
        if self._current is not None:
            m = self._by_index.get(self._current)
            if m is not None:
                current = (int(2 + m.fraction * h), m.colour)
        p.drawImage(0, 0, self._ticks(h))
        if current is not None:
            y, col = current
            p.fillRect(QRectF(0, y - 2, self.width(), 5), col)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawRect(QRectF(0, y - 2, self.width() - 1, 5))
        top, bottom = self._view
        frame = pal.color(QPalette.ColorRole.Text)
        frame.setAlpha(110)
        p.setPen(frame)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(0.5, 2 + top * h, self.width() - 1.5, max(3.0, (bottom - top) * h)))
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            h = max(1, self.height() - 4)
            self.jump_requested.emit(min(1.0, max(0.0, (event.position().y() - 2) / h)))
