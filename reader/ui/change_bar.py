"""The overview bar beside a pane's scrollbar: every change as a tick, the visible region framed.

Clicking jumps there (KDiff3's overview column, Meld's side bars). The current change is drawn
wider; rejected changes grey, so what is left to review stands out.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
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
        self._view = (0.0, 1.0)  # visible region as fractions
        self._current: int | None = None
        self._row_cache: dict[int, QColor] = {}
        self._rows_for = -1

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(14, 100)

    def set_marks(self, marks: list[Mark]) -> None:
        self._marks = marks
        self._rows_for = -1
        self.update()

    def _rows(self, h: int) -> dict[int, QColor]:
        """One tick per pixel row (computed once per size): thousands of edits stay cheap to draw."""
        if self._rows_for != h:
            # First pick one mark per row (a live change beats a rejected one), then make the
            # colours: no Qt call per mark, so tens of thousands of edits draw in milliseconds.
            best: dict[int, Mark] = {}
            for m in self._marks:
                y = int(2 + m.fraction * h)
                held = best.get(y)
                if held is None or (held.muted and not m.muted):
                    best[y] = m
            rows: dict[int, QColor] = {}
            for y, m in best.items():
                col = QColor(m.colour)
                if m.muted:
                    col.setAlpha(90)
                rows[y] = col
            self._row_cache, self._rows_for = rows, h
        return self._row_cache

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
        rows = self._rows(h)
        current = None
        if self._current is not None:
            m = next((m for m in self._marks if m.index == self._current), None)
            if m is not None:
                current = (int(2 + m.fraction * h), m.colour)
        for y, col in rows.items():
            p.fillRect(QRectF(3, y - 1, self.width() - 6, 3), col)
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
