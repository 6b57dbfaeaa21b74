"""One read-only text pane of the compare view: text, highlighted spans, hover and the current change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QTextBlockFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QFrame, QTextEdit

from reader.ui import theme
from reader.ui.spans import _ASTRAL, Span, SpanIndex, SpanList, Utf16Map

WINDOWED_ABOVE = 1500  # more spans than this: only those within a page of the viewport get selections
WINDOW_CAP = 600  # and never more than this many (three pages of a dense text)
REVIEW_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Space} | {
    Qt.Key(Qt.Key.Key_1.value + i) for i in range(9)
}
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
FOCUS_LINE = 2  # px, the outline of the pane that has the keyboard
MARKER_HALF_WIDTH = 4  # px either side of an empty span's marker that still counts as hovering it


class TextPane(QTextEdit):
    """Shows one text with its edits as ExtraSelections; reports which edit is under the mouse."""

    span_hovered = Signal(int, QRect)  # edit index, the span's rectangle in global coordinates
    hover_left = Signal()
    span_clicked = Signal(int)

    def __init__(self, side: str, parent=None) -> None:
        super().__init__(parent)
        self.side = side
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.document().setDocumentMargin(10)
        self._text = ""
        self._map = Utf16Map("")
        self._block_starts: list[int] | None = None
        self._spans = SpanList.of([])
        self._categories: dict[int, str] = {}
        self._hidden: set[int] = set()
        self._current: int | None = None
        self._drawn = (0, 0)
        self._hold = 0  # inside held(): selections wait for its end
        self._stale = False  # asked for inside held(): made at its end
        self._moved = False  # scrolled inside held(): made at its end if the view left the drawn spans
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self.verticalScrollBar().rangeChanged.connect(lambda *_r: self._scrolled())  # the lazy layout went on
        self._hovered: int | None = None
        self._dark = False

    # ---- content ---------------------------------------------------------------------------
    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        """Replace the text, touching only the part that changed (keeps layout and scroll)."""
        old = self._text
        if text == old:
            return
        self._text = text
        self._map = Utf16Map(text)
        self._block_starts = None
        # the marks belong to the old text: a scroll while the document changes must not redraw them
        self._spans, self._drawn = SpanList.of([]), (0, 0)
        if not old or abs(len(text) - len(old)) > len(old) // 2:
            self.setPlainText(text)
            return
        p = _common_prefix(old, text)
        s = _common_suffix(old, text, p)
        old16 = Utf16Map(old)
        cur = QTextCursor(self.document())
        cur.setPosition(old16(p))
        cur.setPosition(old16(len(old) - s), QTextCursor.MoveMode.KeepAnchor)
        cur.insertText(text[p : len(text) - s])

    def forget_spans(self) -> None:
        self._spans, self._drawn = SpanList.of([]), (0, 0)
        self._refresh_selections()

    def adopt_text(self, text: str, inserted: Iterable[str] | None = None) -> None:
        """The document was edited in place (bulk decisions) into `text`: take it as ours without
        touching the document; if its length says otherwise, fall back to setting the text.

        `inserted`: all the words the edit put in. Without astral characters there or in the old text,
        the UTF-16 map stays empty, with no scan of the whole text (3 ms on a long article)."""
        if inserted is not None and not self._map.has_astral() and not any(_ASTRAL.search(t) for t in inserted):
            new_map = Utf16Map("")
        else:
            new_map = Utf16Map(text)
        if self.document().characterCount() - 1 != new_map(len(text)):
            self._text = ""
            self.set_text(text)
            return
        self._text = text
        self._map = new_map
        self._block_starts = None
        self._spans, self._drawn = SpanList.of([]), (0, 0)

    def set_spans(
        self,
        spans: SpanList | list[Span],
        categories: dict[int, str],
        hidden: set[int],
        dark: bool,
        index: SpanIndex | None = None,
    ) -> None:
        """`spans` in text order (the engine's edits are sorted and do not overlap); a SpanList made on a
        worker, or by SpanList.with_changes() after a decision, is taken as it is. `index` is not used."""
        self._spans = SpanList.of(spans)
        self._categories = categories
        self._hidden = hidden
        self._dark = dark
        self._refresh_selections()

    def set_current(self, index: int | None) -> None:
        self._current = index
        self._refresh_selections()

    def highlight_count(self) -> int:
        """Edits drawn in this pane: text highlights plus markers for empty (deleted) spans."""
        if not self._hidden:
            return len(self._spans)
        return sum(1 for sp in self._spans if sp.index not in self._hidden)

    def spans(self) -> SpanList:
        return self._spans

    def block_starts(self) -> list[int]:
        """Code point offset where each paragraph (block) begins."""
        if self._block_starts is None:
            starts = [0]
            pos = self._text.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = self._text.find("\n", pos + 1)
            self._block_starts = starts
        return self._block_starts

    def span(self, index: int) -> Span | None:
        return self._spans.get(index)

    def _visible_range(self) -> tuple[int, int]:
        """Indices of the spans from the top of the view to its bottom (the view is always laid out; hit
        tests above and below it answered -1 where a long text was not laid out yet)."""
        lay = self.document().documentLayout()
        top = self.verticalScrollBar().value()
        at = lay.hitTest(QPointF(0, top), Qt.HitTestAccuracy.FuzzyHit)
        t = self._spans.bisect_left(self._map.to_code_points(max(0, at)))
        end = lay.hitTest(QPointF(self.viewport().width(), top + self.viewport().height()), Qt.HitTestAccuracy.FuzzyHit)
        if end < 0:
            return t, min(len(self._spans), t + WINDOW_CAP // 2)
        return t, max(t, self._spans.bisect_right(self._map.to_code_points(end)))

    def _window(self) -> tuple[int, int]:
        """Index range of the spans to draw: all of them, or for long texts those in view and half a view
        above and one below (so a short scroll needs no new selections), never more than WINDOW_CAP:
        Qt paints every selection it holds against every paragraph in view (600 made a paint 40 ms)."""
        if len(self._spans) <= WINDOWED_ABOVE:
            return 0, len(self._spans)
        t, b = self._visible_range()
        seen = b - t
        a = max(0, t - max(20, seen // 2))
        return a, min(len(self._spans), b + max(40, seen), a + WINDOW_CAP)

    def _scrolled(self) -> None:
        if len(self._spans) <= WINDOWED_ABOVE:
            return
        if self._hold:  # looked at at the end of it, for where the view is then
            self._moved = True
            return
        self._moved = False
        t, b = self._visible_range()
        a, e = self._drawn
        if (a, e) == (0, 0) or t < a or min(b, len(self._spans)) > e:  # the view left the drawn spans
            self._refresh_selections()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Selections asked for inside are made once, at the end (a decision's edits, scrolls and
        alignment each asked again: seven times 4 ms in one turn on a long article)."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1
            if not self._hold and self._stale:
                self._refresh_selections()
            elif not self._hold and self._moved:
                self._scrolled()

    def _refresh_selections(self) -> None:
        if self._hold:
            self._stale = True
            return
        self._stale = self._moved = False
        sels = []
        formats: dict[tuple[str, str], object] = {}
        a, b = self._drawn = self._window()
        cur = QTextCursor(self.document())
        for sp in self._spans[a:b]:
            if sp.index in self._hidden or sp.start == sp.end:
                continue
            cat = self._categories.get(sp.index, "")
            key = (cat, sp.state.value)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = theme.span_format(cat, sp.state, self._dark)
            sel = QTextEdit.ExtraSelection()
            cur.setPosition(self._map(sp.start))
            cur.setPosition(self._map(sp.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = QTextCursor(cur)
            sel.format = fmt
            sels.append(sel)
        # The current change's line band is painted by paintEvent, not as a FullWidthSelection: Qt draws
        # that selection from the block's lines without checking it has any, and a block whose layout an
        # alignment step had just reset (a jump far down a long text) crashed the paint (QTextLine::textStart).
        self.setExtraSelections(sels)
        self.viewport().update()

    # ---- geometry ----------------------------------------------------------------------------
    def span_rect(self, index: int) -> QRect:
        """The span's rectangle in viewport coordinates (first line of a wrapped span)."""
        sp = self._spans.get(index)
        if sp is None:
            return QRect()
        c = QTextCursor(self.document())
        c.setPosition(self._map(sp.start))
        r1 = self.cursorRect(c)
        c.setPosition(self._map(sp.end))
        r2 = self.cursorRect(c)
        if r2.top() != r1.top() or sp.start == sp.end:  # wrapped: the first line's remainder
            r2 = QRect(max(r1.right() + 1, r1.left() + 2 * MARKER_HALF_WIDTH), r1.top(), 1, r1.height())
            if sp.start == sp.end:
                return QRect(r1.left() - MARKER_HALF_WIDTH, r1.top(), 2 * MARKER_HALF_WIDTH, r1.height())
            end_x = self.viewport().width() if r2.top() != r1.top() else r2.left()
            return QRect(r1.left(), r1.top(), max(2, end_x - r1.left()), r1.height())
        return QRect(r1.topLeft(), QPoint(r2.left(), r1.bottom()))

    def span_bounds(self, index: int) -> QRect:
        """All the lines a span covers, in viewport coordinates (what a card must not hide)."""
        r = self.span_rect(index)
        sp = self._spans.get(index)
        if sp is None or sp.start == sp.end:
            return r
        c = QTextCursor(self.document())
        c.setPosition(self._map(sp.end))
        end = self.cursorRect(c)
        if end.top() == r.top():
            return r
        return QRect(0, r.top(), self.viewport().width(), end.bottom() - r.top() + 1)

    def span_laid_out(self, index: int) -> bool:
        """Whether Qt has laid out the paragraph the span starts in (else its geometry is an estimate)."""
        sp = self._spans.get(index)
        if sp is None:
            return True
        layout = self.document().findBlock(self._map(sp.start)).layout()
        return layout is not None and layout.lineCount() > 0

    def lay_out_span(self, index: int) -> None:
        """Make Qt lay out the span's paragraph if it has no lines: a paragraph edited during Qt's lazy
        layout is skipped by it and stays without lines (re-setting its format is what makes Qt redo it)."""
        if self.span_laid_out(index):
            return
        sp = self._spans.get(index)
        block = self.document().findBlock(self._map(sp.start))
        cur = QTextCursor(block)
        cur.setBlockFormat(QTextBlockFormat(block.blockFormat()))

    def span_doc_y(self, index: int) -> float | None:
        """Where the span starts, in document pixels (for the overview bar and centring)."""
        sp = self._spans.get(index)
        if sp is None:
            return None
        pos = self._map(sp.start)
        block = self.document().findBlock(pos)
        lay = self.document().documentLayout()
        y = lay.blockBoundingRect(block).y()
        bl = block.layout()
        if bl is not None and bl.lineCount():
            line = bl.lineForTextPosition(pos - block.position())
            if line.isValid():
                y += line.y()
        return y

    def center_on(self, index: int) -> None:
        y = self.span_doc_y(index)
        if y is None:
            return
        bar = self.verticalScrollBar()
        bar.setValue(int(y - self.viewport().height() / 2))

    def span_at(self, point: QPoint) -> Span | None:
        lay = self.document().documentLayout()
        doc_pt = QPointF(point.x() + self.horizontalScrollBar().value(), point.y() + self.verticalScrollBar().value())
        pos16 = lay.hitTest(doc_pt, Qt.HitTestAccuracy.ExactHit)
        if pos16 >= 0:
            pos = self._map.to_code_points(pos16)
            i = self._spans.bisect_right(pos) - 1
            while i >= 0 and self._spans[i].start <= pos:
                sp = self._spans[i]
                if sp.start <= pos < sp.end and sp.index not in self._hidden:
                    return sp
                if sp.end < pos:
                    break
                i -= 1
        a, b = self._drawn
        for sp in self._spans[a:b]:  # markers of deleted spans (near the view): hit by proximity
            if sp.start == sp.end and sp.index not in self._hidden and self.span_rect(sp.index).contains(point):
                return sp
        return None

    # ---- events ------------------------------------------------------------------------------
    def event(self, e) -> bool:
        """Plain review keys (Enter, Delete, Space...) go to the window's shortcuts, not the read-only text."""
        if e.type() == QEvent.Type.ShortcutOverride and e.key() in REVIEW_KEYS and e.modifiers() in PLAIN:
            e.ignore()
            return False
        return super().event(e)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        sp = self.span_at(event.position().toPoint())
        if sp is None:
            if self._hovered is not None:
                self._hovered = None
                self.hover_left.emit()
            return
        if sp.index != self._hovered:
            self._hovered = sp.index
            r = self.span_bounds(sp.index)
            self.span_hovered.emit(sp.index, QRect(self.viewport().mapToGlobal(r.topLeft()), r.size()))

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.viewport().update()

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        if self._hovered is not None:
            self._hovered = None
            self.hover_left.emit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            sp = self.span_at(event.position().toPoint())
            if sp is not None:
                self.span_clicked.emit(sp.index)

    def _current_line_rect(self) -> QRectF | None:
        """The full-width band of the line holding the current change's start, in viewport coordinates;
        None when that block has no laid-out lines yet (it gets one on a later paint)."""
        sp = self._spans.get(self._current) if self._current is not None else None
        if sp is None:
            return None
        pos = self._map(sp.start)
        block = self.document().findBlock(pos)
        bl = block.layout()
        if not block.isValid() or bl is None or bl.lineCount() == 0:
            return None
        line = bl.lineForTextPosition(pos - block.position())
        if not line.isValid():
            return None
        top = self.document().documentLayout().blockBoundingRect(block).y() + line.y()
        y = top - self.verticalScrollBar().value()
        return QRectF(0, y, self.viewport().width(), line.height())

    def paintEvent(self, event) -> None:  # noqa: N802
        band = self._current_line_rect()
        if band is not None and band.intersects(QRectF(self.viewport().rect())):  # under the text
            under = QPainter(self.viewport())
            under.fillRect(band, theme.current_paragraph_colour(self._dark))
            under.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = self.viewport().rect()
        a, b = self._drawn
        for sp in self._spans[a:b]:  # deletions near the view: a small wedge where the words were
            if sp.start != sp.end or sp.index in self._hidden:
                continue
            r = self.span_rect(sp.index)
            if not r.intersects(visible):
                continue
            col = theme.accent(self._categories.get(sp.index, ""), self._dark)
            if sp.state.value == "rejected":
                col = QColor("#8c8c8c")
            painter.setPen(QPen(col, 2))
            x = r.center().x()
            painter.drawLine(x, r.top() + 1, x, r.bottom())
            painter.setBrush(col)
            painter.drawPolygon(
                [QPoint(x - 4, r.bottom() + 1), QPoint(x + 4, r.bottom() + 1), QPoint(x, r.bottom() - 4)]
            )
        if self.hasFocus():  # the frame is off, so keyboard users need another sign of where they are
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_LINE)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(visible.adjusted(1, 1, -1, -1))
        if self._current is not None and self._spans.get(self._current) is not None:
            r = self.span_rect(self._current).adjusted(-2, -1, 2, 1)
            painter.setPen(QPen(theme.current_frame_colour(self._dark), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r, 3, 3)
        painter.end()

    def set_zoom(self, point_size: float) -> None:
        f = QFont(self.font())
        f.setPointSizeF(point_size)
        self.setFont(f)
        self.document().setDefaultFont(f)


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # largest n with a[:n] == b[:n], by halving (slices compare in C)
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, prefix: int) -> int:
    lo, hi = 0, min(len(a), len(b)) - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo
