"""The overview bar draws one tick per change row from one cached image (no Qt call per row at each paint)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from reader.ui.change_bar import ChangeBar, Mark


def _pixel(bar: ChangeBar, x: int, y: int) -> QColor:
    return bar.grab().toImage().pixelColor(x, y)


def _red(c: QColor) -> bool:
    return c.red() > 150 and c.green() < 100 and c.blue() < 100


def _blue(c: QColor) -> bool:
    return c.blue() > 150 and c.red() < 100 and c.green() < 100


def test_ticks_and_the_current_change_are_drawn_where_their_marks_say(qtbot):
    bar = ChangeBar()
    qtbot.addWidget(bar)
    bar.resize(14, 204)
    red, blue = QColor("#d00000"), QColor("#0000d0")
    bar.set_marks([Mark(0, 0.25, red), Mark(1, 0.75, blue, muted=True), Mark(2, 0.755, red)])
    bar.show()
    qtbot.waitExposed(bar)
    assert _red(_pixel(bar, 7, 52))  # 2 + 0.25 * 200
    assert _red(_pixel(bar, 7, 153))  # rows 152 (muted blue) and 153 (red): the live change's tick is on top
    assert not _red(_pixel(bar, 7, 100)) and not _blue(_pixel(bar, 7, 100))  # no mark there
    assert not _red(_pixel(bar, 1, 52))  # ticks leave the edges free
    bar.set_current(0)
    assert _red(_pixel(bar, 1, 52))  # the current change is drawn full width
    bar.set_marks([Mark(0, 0.5, blue)])  # new marks: the cached image is made again
    assert not _red(_pixel(bar, 7, 52)) and _blue(_pixel(bar, 7, 102))
