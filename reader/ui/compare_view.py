"""Spun original on the left, cleaned text on the right, paragraphs aligned, every edit highlighted.

The widget only renders a Correction plus the user's decisions and reports intents (hover,
click, jump); the main window decides and stores. Paragraph alignment pads the shorter of
each pair of paragraphs with a bottom margin (Meld-style), so both panes scroll together;
scrolling is synchronised through paragraph anchors with an explicit re-entrancy guard.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from reader.engine.model import Correction
from reader.review import Decision, effective_value
from reader.ui import theme
from reader.ui.change_bar import ChangeBar, Mark
from reader.ui.pane import TextPane
from reader.ui.spans import Prepared, SpanList, State, prepare, update_left, update_right

INCREMENTAL_UP_TO = 500  # decisions at once redrawn by shifting spans; more than that: recompute all
MARK_ROWS = 2048  # long texts: at most one tick per 1/2048 of the bar, category and state
EXACT_MARKS_BELOW = 150_000  # characters; longer texts place overview ticks by character share
PARAGRAPH_GAP = 6.0  # px between paragraphs, on top of the padding that aligns them
KEEP_IN_VIEW_S = 1.5  # after a jump, late layout (long texts are laid out lazily) may not push the change away
KEEP_AT_MOST_S = 10.0  # and while that layout keeps moving it, up to this long (a scroll by the reader ends it)
MARKS_STEP = 500  # spans per step when long texts' ticks are recomputed on the event loop
SLICE_S = 0.012  # GUI time per slice of that work
# a continuation "in the next turn" is a real timer: a 0 ms single shot is a posted event, run in the
# same pass as the posted events before it, so their times added up into one stall
NEXT_TURN_MS = 1
ALIGN_PAIRS_MAX = 400  # paragraph pairs measured and padded in one turn of the event loop at most
ALIGN_BUDGET_S = 0.015  # and about this long (the padding after the walk, and Qt's relayout, add as much)
IDLE_ALIGN_S = 0.006  # the rest of a long text: slices this long (the padding after the walk about doubles it)
IDLE_ALIGN_GAP_MS = 5  # with this much room between them for everything else
TURN_GAP_S = 0.002  # work that ended less than this ago most likely ran in this same pass of the event loop
ALIGN_RETRIES = 50  # turns in a row an interrupted alignment may make no progress before it waits for a scroll


class Legend(QLabel):
    """Which colour is which category (only those present, with counts) and how states are drawn.

    A hint may follow (`set_hint`, rich text whose links the window handles through linkActivated).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setContentsMargins(8, 3, 8, 3)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self._cats: list[tuple[str, str, int]] = []
        self._chips = ""
        self._hint = ""

    def categories(self) -> list[tuple[str, str, int]]:
        return list(self._cats)

    def hint(self) -> str:
        return self._hint

    def set_hint(self, html: str) -> None:
        self._hint = html
        self._render()

    def set_categories(self, cats: list[tuple[str, str, int]], dark: bool, only: str | None = None) -> None:
        """`only`: the category the view is filtered to; the others are drawn struck through and grey."""
        self._cats = cats
        if not cats:
            self._chips = ""
            self._render()
            return
        chips = []
        fg = "#f0f0f0" if dark else "#1a1a1a"
        muted = theme.muted_colour(dark).name()
        for cid, name, n in cats:
            if only is not None and cid != only:
                chips.append(f'<span style="color:{muted}; text-decoration: line-through;">{name}&nbsp;{n}</span>')
                continue
            bg = theme.background(cid, dark).name()
            ac = theme.accent(cid, dark).name()
            chips.append(
                f'<span style="background-color:{bg}; color:{fg};">'
                f'&nbsp;{name}&nbsp;</span><span style="color:{ac};">&#9632;</span>&nbsp;{n}'
            )
        self._chips = (
            "&nbsp;&nbsp; ".join(chips) + "<br><small>shaded: applied &middot; underlined: accepted by you &middot; "
            "wavy underline: suggestion (below threshold) &middot; grey dashed: rejected &middot; "
            "striped: flag only, nothing to replace</small>"
        )
        self._render()

    def _render(self) -> None:
        self.setText("<br>".join(part for part in (self._chips, self._hint) if part))


def marks_by_chars(spans, text_len: int, categories: dict[int, str], hidden: set[int], dark: bool) -> list[Mark]:
    """Ticks placed by character share, at most one per 1/MARK_ROWS of the bar, category and state."""
    out: list[Mark] = []
    for _ in marks_by_chars_steps(spans, text_len, categories, hidden, dark, out):
        pass
    return out


def marks_by_chars_steps(
    spans, text_len: int, categories: dict[int, str], hidden: set[int], dark: bool, out: list[Mark]
) -> Iterator[None]:
    """marks_by_chars() into `out`, pausing (yield) every MARKS_STEP spans so the event loop can run between."""
    text_len = max(1, text_len)
    seen: set[tuple[int, bool]] = set()
    colours: dict[str, QColor] = {}
    rejected_state = State.REJECTED
    for a in range(0, len(spans), MARKS_STEP):
        for sp in spans[a : a + MARKS_STEP]:
            if sp.index in hidden:
                continue
            # one tick per row and state: the bar draws one colour a pixel row anyway (a key per category
            # too made up to 28,000 ticks, and the bar's paint walked them all)
            key = (sp.start * MARK_ROWS // text_len, sp.state is rejected_state)
            if key in seen:
                continue
            seen.add(key)
            cid = categories.get(sp.index, "")
            col = colours.get(cid) or colours.setdefault(cid, theme.accent(cid, dark))
            out.append(Mark(sp.index, sp.start / text_len, col, key[1]))
        yield


def hidden_for(correction: Correction, category_filter: str | None) -> set[int]:
    """Edits the category filter hides (none without a filter)."""
    if not category_filter:
        return set()
    return {i for i, e in enumerate(correction.edits) if e.category.id != category_filter}


@dataclass(eq=False)
class Ready:
    """Everything set_document() needs beyond handing text to Qt, computed on a worker (pure Python).

    On a 200,000-word article (60,000 edits) this is a few hundred milliseconds of Python the GUI
    thread used to spend in one turn of the event loop: spans, their indexes, legend counts, ticks."""

    correction: Correction
    prepared: Prepared
    categories: dict[int, str]
    legend: list[tuple[str, str, int]]
    category_filter: str | None
    dark: bool
    hidden: set[int]
    marks: tuple[list[Mark], list[Mark]] | None


def ready_for(
    correction: Correction,
    decisions: Mapping[int, Decision],
    category_filter: str | None,
    dark: bool,
    prepared: Prepared | None = None,
) -> Ready:
    """Worker-safe: no widget is touched (QColor is a plain value)."""
    prepared = prepared or prepare(correction, decisions)
    categories = {i: e.category.id for i, e in enumerate(correction.edits)}
    counts: dict[str, list] = {}
    for e in correction.edits:
        counts.setdefault(e.category.id, [e.category.name, 0])[1] += 1
    hidden = hidden_for(correction, category_filter)
    return Ready(
        correction,
        prepared,
        categories,
        [(cid, n, c) for cid, (n, c) in counts.items()],
        category_filter,
        dark,
        hidden,
        CompareView.marks_for(prepared, len(correction.text), categories, hidden, dark),
    )


def _in_view(pane: TextPane, index: int) -> bool:
    return pane.viewport().rect().contains(pane.span_rect(index).center())


def _column(title: str, pane: TextPane, bar: ChangeBar) -> tuple[QWidget, QLabel]:
    w = QWidget()
    v = QVBoxLayout(w)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(0)
    head = QLabel(title)
    head.setContentsMargins(10, 4, 4, 4)
    head.setStyleSheet("font-weight: 600;")
    v.addWidget(head)
    h = QHBoxLayout()
    h.setContentsMargins(0, 0, 0, 0)
    h.setSpacing(0)
    h.addWidget(pane, 1)
    h.addWidget(bar)
    v.addLayout(h, 1)
    return w, head


class CompareView(QWidget):
    span_hovered = Signal(int, str, QRect)  # index, "left"/"right", global rect of the span
    hover_left = Signal()
    span_clicked = Signal(int)
    current_changed = Signal(object)  # index or None
    aligned = Signal()
    shown = Signal()  # a long text's right side and reading position are in (set_document spreads them)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.left = TextPane("left")
        self.right = TextPane("right")
        self.left.setPlaceholderText("Open an article (File > Open, Ctrl+O) or drop files on the window.")
        self.right.setPlaceholderText("The cleaned text appears here.")
        self.left_bar = ChangeBar()
        self.right_bar = ChangeBar()
        self.legend = Legend()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("compare_splitter")
        lw, self.left_head = _column("Spun original", self.left, self.left_bar)
        rw, self.right_head = _column("Probably the original (cleaned)", self.right, self.right_bar)
        self.splitter.addWidget(lw)
        self.splitter.addWidget(rw)
        self.splitter.setChildrenCollapsible(False)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        v.addWidget(self.legend)
        v.addWidget(self.splitter, 1)

        self.correction: Correction | None = None
        self.decisions: dict[int, Decision] = {}
        self.current: int | None = None
        self.hidden: set[int] = set()
        self.category_filter: str | None = None
        self.dark = theme.is_dark()
        self._syncing = False  # the feedback guard for synchronised scrolling
        self._scroll_source: TextPane = self.left  # the pane the reader scrolled last (the other follows)
        self._bulk_drawing = False  # a bulk's words are being replaced in chunks (bulk_apply .. bulk_finish)
        self._editing = False  # a decision's words are going to Qt (update_decisions): layout signals wait
        self._right_pending: set[int] | None = None  # a long text's right side is drawn in the next turn (and
        # these decisions made before it with it); None: nothing waits
        self._worked_at = 0.0  # when the last long piece of GUI work ended (turn_taken)
        self._waited: set[str] = set()  # the steps that waited a pass for it (they do not wait twice)
        self._aligning = False  # inside _align_more (its own edits' layout signals must not start another)
        self._aligned_upto = 0
        self._keep_until = 0.0  # monotonic time until which the current change is held in view
        self._categories: dict[int, str] = {}
        self._align_timer = QTimer(self)
        self._align_timer.setSingleShot(True)
        self._align_timer.setInterval(60)
        self._align_timer.timeout.connect(self.align)
        self._align_target = 0.0  # how far down the interrupted alignment was to go (document px)
        self._align_stuck = 0
        self._visible: tuple | None = None  # (correction, hidden, indices) of visible_indices()
        self._settling: Correction | None = None  # a long text shown, its padding and scrolling next turn
        self._decidable: tuple | None = None  # (visible indices, set) of decidable_indices()
        self._keep_known = False
        self._keep_last = 0.0  # the latest the change is kept in view after a jump (KEEP_AT_MOST_S)
        self._keep_timer = QTimer(self)  # after a jump: the change re-centred until its paragraph is laid out
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(40)
        self._keep_timer.timeout.connect(self._keep_check)
        self._align_retry = QTimer(self)
        self._align_retry.setSingleShot(True)
        self._align_retry.setInterval(NEXT_TURN_MS)  # not in the same pass as the handler that started it
        self._align_retry.timeout.connect(self._align_resume)
        self._align_idle = QTimer(self)
        self._align_idle.setSingleShot(True)
        self._align_idle.setInterval(IDLE_ALIGN_GAP_MS)
        self._align_idle.timeout.connect(self._align_idle_step)
        self._marks_timer = QTimer(self)  # coalesces the several reasons to recompute ticks into one
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(NEXT_TURN_MS)
        self._marks_timer.timeout.connect(self._update_marks)
        self._marks_of: dict[str, tuple] = {}  # pane side -> (spans, hidden, dark) its bar's ticks were made from
        self._marks_jobs: dict[str, tuple] = {}  # pane side -> (source, steps, out): ticks being made in slices
        self._marks_step_timer = QTimer(self)
        self._marks_step_timer.setSingleShot(True)
        self._marks_step_timer.setInterval(NEXT_TURN_MS)
        self._marks_step_timer.timeout.connect(self._marks_step)

        for pane, other, bar in ((self.left, self.right, self.left_bar), (self.right, self.left, self.right_bar)):
            pane.verticalScrollBar().valueChanged.connect(lambda _v, a=pane, b=other: self._sync(a, b))
            pane.verticalScrollBar().rangeChanged.connect(lambda *_a: self._range_changed())
            pane.verticalScrollBar().actionTriggered.connect(self._reader_scrolled)
            pane.span_hovered.connect(lambda i, r, s=pane.side: self.span_hovered.emit(i, s, r))
            pane.hover_left.connect(self.hover_left)
            pane.span_clicked.connect(self.span_clicked)
            bar.jump_requested.connect(self.jump_to_fraction)

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Selections asked for inside are made once per pane, at the end (see TextPane.held)."""
        with self.left.held(), self.right.held():
            yield

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Layout signals of edits made inside do not align or re-centre (the caller does after)."""
        was, self._editing = self._editing, True
        try:
            yield
        finally:
            self._editing = was

    # ---- content --------------------------------------------------------------------------------
    def clear(self, left_text: str = "", message: str = "") -> None:
        """Show the spun text alone (while the engine works) or nothing."""
        if self._settling is not None:
            self._settling = None
            self.setUpdatesEnabled(True)
        self._bulk_drawing = False  # a bulk left unfinished (another article) draws no more
        self._right_pending = None
        for bar in (self.left_bar, self.right_bar):
            bar.setUpdatesEnabled(True)
        self.correction = None
        self.decisions = {}
        self.current = None
        self.left.set_text(left_text)
        self.right.set_text(message)
        for pane in (self.left, self.right):
            pane.set_spans([], {}, set(), self.dark)
            pane.set_current(None)
        self.left_bar.set_marks([])
        self.right_bar.set_marks([])
        self.legend.set_categories([], self.dark)

    def set_document(
        self, correction: Correction, decisions: Mapping[int, Decision], prepared: Prepared | Ready | None = None
    ) -> None:
        """Show a correction; `prepared` (spans, or all of ready_for(), computed on a worker) saves the GUI
        thread the walk over every edit."""
        # the new texts' layout signals come before their spans: alignment and keep-in-view wait for
        # _settle_document (aligning there meanwhile cost 10 ms); highlights made once per pane
        with self._held(), self._quiet():
            self._set_document(correction, decisions, prepared)
        self.worked()

    def _set_document(
        self, correction: Correction, decisions: Mapping[int, Decision], prepared: Prepared | Ready | None
    ) -> None:
        if isinstance(prepared, Ready) and prepared.correction is correction:
            ready = prepared
        else:
            ready = ready_for(correction, decisions, self.category_filter, self.dark, prepared)  # type: ignore[arg-type]
        self.correction = correction
        self.decisions = dict(decisions)
        self.current = None
        keep = self._reading_position(correction.text)
        self.left.set_text(correction.text)
        self.legend.set_categories(ready.legend, self.dark, self.category_filter)
        self._categories = ready.categories
        if len(correction.text) <= EXACT_MARKS_BELOW:
            self._show_ready(ready)
            self._settle_document(correction, keep)
            return
        # A long text in three turns: the left text and spans here (the status counts read them), the right
        # ones in the next turn, then the paragraphs padded and the reading position restored (all in one
        # turn held the event loop 150 ms). Nothing is painted in between, so the reader never sees the
        # text unpadded or scrolled to the top; decisions made meanwhile are drawn once the right is in.
        self.setUpdatesEnabled(False)
        self._settling = correction
        self.hidden = ready.hidden if self._ready_current(ready) else hidden_for(correction, self.category_filter)
        self.left.set_spans(ready.prepared.left, self._categories, self.hidden, self.dark)
        self.right.forget_spans()
        self._right_pending = set()
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._show_right(correction, ready, keep))

    def showing(self) -> bool:
        """Whether a long text is still being put on screen (its right side and settling come in later turns)."""
        return self._settling is not None

    def _ready_current(self, ready: Ready) -> bool:
        """Whether the worker made `ready` for the filter and colours shown now."""
        return ready.category_filter == self.category_filter and ready.dark == self.dark

    def _show_ready(self, ready: Ready) -> None:
        if self._ready_current(ready):
            self._show(ready.prepared, ready.marks, ready.hidden)
        else:  # the filter or the colours changed while the worker ran
            self._show(ready.prepared, None)

    def _show_right(self, correction: Correction, ready: Ready, keep: int) -> None:
        """The second turn of showing a long text: the right text and both panes' spans and ticks."""
        if self._settling is not correction or self.correction is not correction:
            return  # another text came meanwhile
        if self._right_pending is not None:  # not drawn whole meanwhile (a threshold, filter or colour change)
            pending, self._right_pending = self._right_pending, None
            with self._held(), self._quiet():
                self._show_ready(ready)
            if pending:
                self.update_decisions(self.decisions, pending)
            self.worked()
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._settle_document(correction, keep))

    def _settle_document(self, correction: Correction, keep: int) -> None:
        with self._held():
            self._settle(correction, keep)

    def _settle(self, correction: Correction, keep: int) -> None:
        was_settling = self._settling is correction
        if was_settling:
            self._settling = None
            self.setUpdatesEnabled(True)
        if self.correction is not correction:
            return  # another text came meanwhile
        if was_settling:
            self.shown.emit()
        if keep:  # the reader scrolled the preview while the engine worked: stay there
            self._aligned_upto = 0  # the scroll's follow aligns from the top (a second walk here doubled it)
            self._scroll_to_offset(keep)
            if not self._align_retry.isActive():
                self._align_retry.start()
        else:
            self.align()

    def _reading_position(self, new_text: str) -> int:
        """The code point at the top of the left pane, if the new text has the same words up to it."""
        old = self.left.text
        if not old or self.left.verticalScrollBar().value() == 0:
            return 0
        pos16 = self.left.cursorForPosition(QPoint(4, 4)).position()
        pos = self.left._map.to_code_points(pos16)
        return pos if pos > 0 and old[:pos] == new_text[:pos] else 0

    def _scroll_to_offset(self, offset: int, tries: int = 60) -> None:
        """Put `offset` at the top of the left pane. A long text is laid out lazily, so the scroll
        range may not reach it yet: try again on the next turns until it sits there."""
        if self.correction is None or offset >= len(self.left.text):
            return
        with self._held():  # the scroll, the other pane following and the alignment each remade highlights
            self._scroll_there(offset, tries)

    def _scroll_there(self, offset: int, tries: int) -> None:
        cur = QTextCursor(self.left.document())
        cur.setPosition(self.left._map(offset))
        self.left.document().documentLayout().blockBoundingRect(cur.block())  # lays out up to there
        bar = self.left.verticalScrollBar()
        bar.setValue(bar.value() + self.left.cursorRect(cur).top() - 4)  # its valueChanged syncs the right pane
        if abs(self.left.cursorRect(cur).top() - 4) > 2 and tries > 0:
            QTimer.singleShot(50, lambda: self._scroll_to_offset(offset, tries - 1))

    def update_decisions(self, decisions: Mapping[int, Decision], changed: set[int] | None = None) -> None:
        """Redraw after decisions; with `changed` only those edits' text and the spans after them move."""
        with self._held():  # each pane's highlights made once, at the end
            self._update_decisions(decisions, changed)
        self.worked()

    def _update_decisions(self, decisions: Mapping[int, Decision], changed: set[int] | None) -> None:
        if self.correction is None:
            return
        self.decisions = dict(decisions)
        if self._right_pending is not None:  # a long text's right side comes in the next turn: drawn then
            if changed is None:
                self._right_pending = None  # drawn whole below instead
            else:
                self._right_pending |= changed
                return
        if changed is None or len(changed) > INCREMENTAL_UP_TO:
            self._render()
        else:
            c = self.correction
            old_text, old_right = self.right.text, self.right.spans()
            text, right = update_right(c, self.decisions, old_text, old_right, changed)  # O(changes), not O(edits)
            left = update_left(c, self.decisions, self.left.spans(), changed)
            # While Qt takes the new words, its layout signals come with the old spans still in the pane: the
            # keep-in-view check measured the change there, re-centred, and each scroll and alignment step
            # edited the document again (a cascade of 300 ms on a long article). Handled once, after.
            with self._quiet():
                if text != old_text:  # only the changed words go to Qt (comparing 1 MB texts took 20 ms)
                    reps = self.bulk_replacements(c, self.decisions, changed, old_text, old_right, self.right._map)
                    self._replace_right(reps)
                    self.right.adopt_text(text, [t for _a, _b, t in reps])
                self._show(Prepared(left, text, right), hidden=self.hidden)
            # paragraphs above the first change kept their heights: re-pad from there, not from the top; a
            # change below where the walk has reached is padded when it gets there (a walk here cost 25 ms)
            first = self.left.document().findBlock(self.left._map(min((c.edits[i].offset for i in changed), default=0)))
            if changed and first.blockNumber() < self._aligned_upto:
                self._aligned_upto = max(0, first.blockNumber())
                self._align_more()
            self._range_changed()
            return
        self.align()

    # ---- bulk decisions: the right pane's words replaced in chunks, then the final spans ----------
    @staticmethod
    def bulk_replacements(
        correction: Correction, decisions: Mapping[int, Decision], indices: set[int], text: str, spans, utf16
    ) -> list[tuple[int, int, str]]:
        """(UTF-16 start, end, new text) in the right pane for each changed edit, last first.

        Pure (a worker computes it): `text`, `spans` and `utf16` are the right pane's at the start."""
        spans = SpanList.of(spans)
        # a few: found by bisection (a dict of 60,000 spans took 50 ms a decision); many: one walk
        find = spans.get if len(indices) * 16 < len(spans) else {sp.index: sp for sp in spans}.get
        out = []
        for i in sorted(indices, reverse=True):
            sp = find(i)
            if sp is None:
                continue
            e = correction.edits[i]
            value = effective_value(e, decisions.get(i))
            shown = correction.text[e.offset : e.end] if value is None else value
            if text[sp.start : sp.end] != shown:
                out.append((utf16(sp.start), utf16(sp.end), shown))
        return out

    def bulk_begin(self) -> None:
        """A bulk's drawing starts (bulk_finish ends it): no paragraph alignment until then. Its chunks
        change the paragraphs and bulk_finish aligns from the top anyway; steps of it meanwhile, with the
        bulk's worker running Python, waited at each Qt call for the interpreter's lock (120-180 ms)."""
        self._bulk_drawing = True
        self._align_idle.stop()
        self._align_retry.stop()

    def bulk_abort(self) -> None:
        """The bulk will not be finished (another article): alignment and the bars go on as before."""
        self._bulk_drawing = False
        for bar in (self.left_bar, self.right_bar):
            bar.setUpdatesEnabled(True)

    def bulk_apply(self, replacements: list[tuple[int, int, str]], shift: int = 0) -> int:
        """Replace words in the right pane's document: positions from the text before the bulk, ascending,
        `shift` the UTF-16 growth of the ones applied before. Returns the shift after these."""
        for bar in (self.left_bar, self.right_bar):  # their ticks wait for the final spans
            bar.setUpdatesEnabled(False)
        self.bulk_begin()
        if not replacements:
            return shift
        cur = QTextCursor(self.right.document())
        cur.beginEditBlock()
        for a, b, t in replacements:
            cur.setPosition(a + shift)
            cur.setPosition(b + shift, QTextCursor.MoveMode.KeepAnchor)
            cur.insertText(t)
            shift += (len(t) if t.isascii() else len(t.encode("utf-16-le", "surrogatepass")) // 2) - (b - a)
        cur.endEditBlock()
        return shift

    def _replace_right(self, replacements: list[tuple[int, int, str]]) -> None:
        """Replace words in the right document (UTF-16 positions of the text before, last first)."""
        if not replacements:
            return
        cur = QTextCursor(self.right.document())
        cur.beginEditBlock()
        for a, b, t in replacements:
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            cur.insertText(t)
        cur.endEditBlock()

    @staticmethod
    def marks_for(prepared: Prepared, left_len: int, categories, hidden: set[int], dark: bool):
        """Both bars' ticks for long texts (None for short ones: those are placed by the layout)."""
        if left_len <= EXACT_MARKS_BELOW or len(prepared.right_text) <= EXACT_MARKS_BELOW:
            return None
        return (
            marks_by_chars(prepared.left, left_len, categories, hidden, dark),
            marks_by_chars(prepared.right, len(prepared.right_text), categories, hidden, dark),
        )

    def bulk_finish(
        self,
        prepared: Prepared | None,
        marks,
        decisions: Mapping[int, Decision],
        edited: bool,
        align: bool = True,
    ) -> None:
        """The document now holds the replaced words: adopt that text, then the worker's spans and ticks."""
        self.decisions = dict(decisions)
        self._bulk_drawing = False
        if prepared is not None and edited:
            self.right.adopt_text(prepared.right_text)
        if prepared is None:
            self._render()
        else:
            self._show(prepared, marks)
        for bar in (self.left_bar, self.right_bar):
            bar.setUpdatesEnabled(True)
        if align:
            self.align()
        self.worked()

    def set_correction(self, correction: Correction) -> None:
        """Same edits, re-marked for another threshold."""
        self.correction = correction
        self._render()
        self.align()

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        self.legend.set_categories(self.legend.categories(), dark, self.category_filter)  # chips follow too
        if self.correction is not None:
            self._show(Prepared(self.left.spans(), self.right.text, self.right.spans()))

    def set_filter(self, category_id: str | None) -> None:
        self.category_filter = category_id
        self.legend.set_categories(self.legend.categories(), self.dark, category_id)  # say which are hidden
        if self.correction is not None:
            self._show(Prepared(self.left.spans(), self.right.text, self.right.spans()))

    def _render(self, prepared: Prepared | None = None) -> None:
        assert self.correction is not None
        self._show(prepared or prepare(self.correction, self.decisions))

    def _show(self, prepared: Prepared, marks=None, hidden: set[int] | None = None) -> None:
        """Text and spans on screen; `marks` and `hidden` when a worker made them."""
        c = self.correction
        assert c is not None
        self._right_pending = None  # whatever _show_right was to draw is drawn (or superseded)
        self.hidden = hidden if hidden is not None else hidden_for(c, self.category_filter)
        self.right.set_text(prepared.right_text)
        self.left.set_spans(prepared.left, self._categories, self.hidden, self.dark)
        self.right.set_spans(prepared.right, self._categories, self.hidden, self.dark)
        if marks is not None:  # computed on a worker
            self._marks_timer.stop()
            self._marks_jobs.clear()
            for pane, bar, m in ((self.left, self.left_bar, marks[0]), (self.right, self.right_bar, marks[1])):
                bar.set_marks(m)
                self._marks_of[pane.side] = self._marks_source(pane)
            self._update_view_frames()
        else:
            self._marks_timer.start()

    def visible_indices(self) -> list[int]:
        """Indices of the edits shown (the filter's), ascending; one list per correction and filter (do not modify)."""
        if self.correction is None:
            return []
        made = self._visible
        if made is None or made[0] is not self.correction or made[1] is not self.hidden:
            edits = range(len(self.correction.edits))
            made = self._visible = (
                self.correction,
                self.hidden,
                [i for i in edits if i not in self.hidden] if self.hidden else list(edits),
            )
        return made[2]

    def decidable_indices(self) -> set[int]:
        """The shown edits that have a replacement (what Accept/Reject All act on); one set per correction and
        filter (do not modify)."""
        made = self._decidable
        shown = self.visible_indices()
        if made is None or made[0] is not shown:
            edits = self.correction.edits if self.correction is not None else ()
            made = self._decidable = (shown, {i for i in shown if edits[i].replacements})
        return made[1]

    # ---- current change and navigation ----------------------------------------------------------
    def set_current(self, index: int | None, scroll: bool = True) -> None:
        with self._held():  # scrolling there and aligning asked for them again and again
            self._set_current(index, scroll)

    def _set_current(self, index: int | None, scroll: bool) -> None:
        self.current = index
        for pane, bar in ((self.left, self.left_bar), (self.right, self.right_bar)):
            pane.set_current(index)
            bar.set_current(index)
        self._keep_until = 0.0
        if index is not None and scroll:
            y = self.left.span_doc_y(index)
            if y is not None and self.correction is not None:
                self._align_more(y + self.left.viewport().height())
            self._centre(index)
            self._keep_until = time.monotonic() + KEEP_IN_VIEW_S
            self._keep_last = time.monotonic() + KEEP_AT_MOST_S
            self._keep_known = False  # its place is known once its paragraph is laid out (_keep_check)
            self._keep_timer.start()
        self.current_changed.emit(index)

    def _off_centre(self, pane: TextPane, index: int) -> bool:
        """Whether the change is outside the middle of the pane's view, or sits where Qt has not laid the
        text out yet (its place there is an estimate: a jump far down left it at the bottom edge)."""
        if pane.span(index) is None:
            return False
        view = pane.viewport().rect()
        band = view.adjusted(0, view.height() // 8, 0, -view.height() // 8)
        return not pane.span_laid_out(index) or not band.contains(pane.span_rect(index).center())

    def _reader_scrolled(self, _action: int) -> None:
        """The reader moved the view (wheel, scroll bar): the change jumped to is no longer held there."""
        self._keep_until = 0.0

    def _keep_check(self) -> None:
        """After a jump, for KEEP_IN_VIEW_S: re-centre the change while its place was an estimate (its
        paragraph not laid out), once more when it is known, then only if the layout pushed it out of view
        (so a reader scrolling on from it is not pulled back)."""
        i = self.current
        if i is None or self.correction is None or time.monotonic() >= self._keep_until or self.showing():
            return
        panes = (self.left, self.right)
        with self._held(), self._quiet():
            estimated = not all(pane.span_laid_out(i) for pane in panes)
            for pane in panes:
                pane.lay_out_span(i)
            if estimated or not self._keep_known:
                self._keep_known = not estimated
                if any(self._off_centre(pane, i) for pane in panes):
                    self._centre(i)
            elif any(pane.span(i) is not None and not _in_view(pane, i) for pane in panes):
                # Qt laid out paragraphs above it that it had skipped (their height counted 0): the text moved
                self._centre(i)
                self._keep_until = min(self._keep_last, time.monotonic() + KEEP_IN_VIEW_S)
        self._keep_timer.start()  # the layout may move it again until KEEP_IN_VIEW_S has passed

    def _centre(self, index: int) -> None:
        self._syncing = True
        try:
            self.left.center_on(index)
            if self.right.span(index) is not None:
                self.right.center_on(index)
            else:  # flag-only: keep the same paragraph in view
                self._sync_now(self.left, self.right)
        finally:
            self._syncing = False
        self._update_view_frames()

    def _range_changed(self) -> None:
        """A pane's height changed (alignment, lazy layout): a change just jumped to must stay on screen,
        and paragraphs the layout has reached near the view get aligned."""
        if self._editing or self._settling is not None:  # a long text being shown: _settle aligns
            return
        with self._held():  # the alignment and re-centring below scroll and edit: highlights once, after
            self._keep_current()

    def _keep_current(self) -> None:
        if self.correction is not None and not self._syncing:
            self._extend_alignment()
        i = self.current
        if i is not None and not self._syncing and time.monotonic() < self._keep_until:
            for pane in (self.left, self.right):
                if pane.span(i) is not None and not pane.viewport().rect().contains(pane.span_rect(i).center()):
                    self._centre(i)
                    break
        self._update_view_frames()

    def jump_to_fraction(self, fraction: float) -> None:
        """Overview bar click: make the nearest change current, or scroll there if none is near."""
        marks = self.left_bar.marks()
        if marks:
            best = min(marks, key=lambda m: abs(m.fraction - fraction))
            if abs(best.fraction - fraction) < 0.03:
                self.set_current(best.index)
                return
        bar = self.left.verticalScrollBar()
        total = bar.maximum() + bar.pageStep()
        bar.setValue(int(fraction * total - bar.pageStep() / 2))

    # ---- alignment --------------------------------------------------------------------------------
    def align(self) -> None:
        """Re-pad from the first paragraph (text, width or font changed)."""
        self._aligned_upto = 0
        self._align_more()

    def _align_more(self, target: float | None = None, budget_s: float = ALIGN_BUDGET_S) -> None:
        """Pad paragraph pairs to equal height, down to two pages below the view.

        What the reader can reach soon is measured first (measuring forces Qt to lay the text
        out); a walk longer than `budget_s` goes on in the next turns, and the rest of the text
        is aligned in idle slices after that, so a long article never holds the event loop long.
        """
        if self._aligning or self._bulk_drawing:  # a signal of this very walk's edits; a bulk (see bulk_begin)
            return
        self._aligning = True
        try:
            with self._held():  # its paddings move the text under both views: highlights once, after
                self._align_walk(target, budget_s)
        finally:
            self._aligning = False
            self.worked()

    def _align_walk(self, target: float | None, budget_s: float) -> None:
        ldoc, rdoc = self.left.document(), self.right.document()
        if ldoc.blockCount() != rdoc.blockCount():
            self._marks_timer.start()
            return  # paragraphs do not pair up: scrolling still matches them by anchor
        page = max(200, self.left.viewport().height())
        target = max(target or 0.0, self.left.verticalScrollBar().value() + 3 * page)
        llay, rlay = ldoc.documentLayout(), rdoc.documentLayout()
        start = self._aligned_upto
        b1, b2 = ldoc.findBlockByNumber(start), rdoc.findBlockByNumber(start)
        pairs = []
        walked, redo, more = 0, None, False
        touch = []  # right-hand blocks with no layout: re-setting their format makes Qt lay them out
        t0 = time.perf_counter()
        while b1.isValid() and b2.isValid():
            if walked >= ALIGN_PAIRS_MAX or (walked % 4 == 3 and time.perf_counter() - t0 > budget_s):
                more = True  # a jump far down: the rest in the next turns, a slice each
                break
            r1, r2 = llay.blockBoundingRect(b1), rlay.blockBoundingRect(b2)
            # A block Qt has not laid out (again) at the moment reads as an empty box at y 0: measured, it
            # made the walk pad every paragraph of a long text (4,400 of them: 0.4 s in one turn).
            if r1.isEmpty():
                more = True  # where the left paragraph is is not known: go on from here on the next turn
                break
            if r2.isEmpty():  # Qt skipped it (edited during its lazy layout): touched below, measured next turn
                redo = walked + start if redo is None else redo
                touch.append(b2)
            else:
                pairs.append((b1, b2, r1.height(), r2.height()))
            walked += 1
            if r1.y() > target:
                break
            b1, b2 = b1.next(), b2.next()
        for doc, side in ((ldoc, 0), (rdoc, 1)):
            cur = QTextCursor(doc)
            cur.beginEditBlock()
            for pair in pairs:
                block, own, other = pair[side], pair[2 + side], pair[3 - side]
                margin = PARAGRAPH_GAP + max(own, other) - own
                if abs(block.blockFormat().bottomMargin() - margin) > 0.5:
                    cur.setPosition(block.position())
                    fmt = QTextBlockFormat(block.blockFormat())
                    fmt.setBottomMargin(margin)
                    cur.setBlockFormat(fmt)
            if side == 1:
                for block in touch:
                    cur.setPosition(block.position())
                    cur.setBlockFormat(QTextBlockFormat(block.blockFormat()))
            cur.endEditBlock()
        self._aligned_upto = redo if redo is not None else start + walked
        if more or redo is not None:
            self._align_stuck = self._align_stuck + 1 if self._aligned_upto <= start else 0
            if self._align_stuck < ALIGN_RETRIES:
                self._align_target = max(self._align_target, target)
                self._align_retry.start()
        elif self._aligned_upto < ldoc.blockCount():
            # The rest of the text in idle slices: Qt stops its own lazy layout of a text edited while it
            # runs, which left the right pane's scroll range short; padding lays each paragraph out.
            self._align_idle.start()
        if (pairs or touch) and not self._syncing:
            # the paddings moved the paragraphs: the pane not scrolled by the reader follows again
            # (a walk in slices ends turns after the scroll that started it)
            src = self._scroll_source
            self._syncing = True
            try:
                self._sync_now(src, self.right if src is self.left else self.left)
            finally:
                self._syncing = False
        if pairs:
            self._marks_timer.start()
            self.aligned.emit()

    def _align_idle_step(self) -> None:
        if self.turn_taken("idle"):
            self._align_idle.start()
        elif self.correction is not None and not self._align_retry.isActive() and not self._bulk_drawing:
            self._align_more(float("inf"), IDLE_ALIGN_S)

    def _align_resume(self) -> None:
        if self.turn_taken("align"):
            self._align_retry.start()
            return
        target, self._align_target = self._align_target, 0.0
        if self.correction is not None:
            self._align_more(target)

    def worked(self) -> None:
        """Note that tens of milliseconds of GUI work just ended (see turn_taken)."""
        self._worked_at = time.perf_counter()

    def turn_taken(self, who: str) -> bool:
        """Whether such work ended a moment ago, most likely in this same pass of the event loop: the
        follow-up steps (alignment, ticks, bulk chunks) then wait for the next pass, so one pass never
        adds two of them up (timers due together fire in one pass: 35 + 27 ms made a 80 ms stall).
        `who` waits once at most in a row (two steps waiting for each other starved one for a minute)."""
        if time.perf_counter() - self._worked_at < TURN_GAP_S and who not in self._waited:
            self._waited.add(who)
            return True
        self._waited.discard(who)
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._align_timer.start()

    def schedule_align(self) -> None:
        self._align_timer.start()

    def _extend_alignment(self) -> None:
        ldoc = self.left.document()
        if self._aligned_upto >= ldoc.blockCount():
            return
        edge = ldoc.documentLayout().blockBoundingRect(ldoc.findBlockByNumber(self._aligned_upto)).y()
        if edge < self.left.verticalScrollBar().value() + 2 * self.left.viewport().height():
            self._align_more()

    # ---- synchronised scrolling -------------------------------------------------------------------
    def _sync(self, src: TextPane, dst: TextPane) -> None:
        if self._syncing:
            return
        self._syncing = True
        self._scroll_source = src
        try:
            with self._held():  # both panes' highlights once, after the follow and the alignment
                self._sync_now(src, dst)
                if self.correction is not None:
                    self._extend_alignment()
        finally:
            self._syncing = False
        self._update_view_frames()

    @staticmethod
    def _sync_now(src: TextPane, dst: TextPane) -> None:
        """Put the paragraph at the top of src at the top of dst, at the same fraction of it."""
        sdoc, ddoc = src.document(), dst.document()
        slay, dlay = sdoc.documentLayout(), ddoc.documentLayout()
        y = src.verticalScrollBar().value()
        if y <= 0:
            dst.verticalScrollBar().setValue(0)
            return
        sbar = src.verticalScrollBar()
        if y >= sbar.maximum():
            dst.verticalScrollBar().setValue(dst.verticalScrollBar().maximum())
            return
        block = sdoc.findBlock(max(0, slay.hitTest(QPointF(0, y), Qt.HitTestAccuracy.FuzzyHit)))
        if slay.blockBoundingRect(block).y() > y and block.previous().isValid():
            block = block.previous()  # y is in the margin below the previous paragraph
        srect = slay.blockBoundingRect(block)
        nxt = block.next()
        s_h = (slay.blockBoundingRect(nxt).y() if nxt.isValid() else srect.bottom()) - srect.y()
        frac = (y - srect.y()) / s_h if s_h > 0 else 0.0
        dblock = ddoc.findBlockByNumber(min(block.blockNumber(), ddoc.blockCount() - 1))
        drect = dlay.blockBoundingRect(dblock)
        dnxt = dblock.next()
        d_h = (dlay.blockBoundingRect(dnxt).y() if dnxt.isValid() else drect.bottom()) - drect.y()
        dst.verticalScrollBar().setValue(int(round(drect.y() + frac * d_h)))

    def _update_view_frames(self) -> None:
        for pane, bar in ((self.left, self.left_bar), (self.right, self.right_bar)):
            sb = pane.verticalScrollBar()
            total = max(1, sb.maximum() + sb.pageStep())
            bar.set_view(sb.value() / total, (sb.value() + sb.pageStep()) / total)

    def _marks_source(self, pane: TextPane) -> tuple:
        return (pane.spans(), self.hidden, self.dark)

    def _marks_current(self, side: str, source: tuple | None) -> bool:
        """Whether `source` (spans, hidden, dark) is what that pane shows now (the same objects)."""
        pane = self.left if side == "left" else self.right
        now = self._marks_source(pane)
        return source is not None and source[0] is now[0] and source[1] is now[1] and source[2] == now[2]

    def _marks_step(self) -> None:
        """Advance the long texts' tick jobs by one slice of about SLICE_S; hand finished ones to their bar."""
        if self.turn_taken("marks"):
            self._marks_step_timer.start()
            return
        t0 = time.perf_counter()
        for side, (source, steps, out) in list(self._marks_jobs.items()):
            if not self._marks_current(side, source):  # the spans changed meanwhile: _update_marks starts over
                del self._marks_jobs[side]
                continue
            finished = False
            while time.perf_counter() - t0 < SLICE_S:
                if next(steps, StopIteration) is StopIteration:
                    finished = True
                    break
            if finished:
                del self._marks_jobs[side]
                bar = self.left_bar if side == "left" else self.right_bar
                bar.set_marks(out)
                bar.set_current(self.current)
                self._marks_of[side] = source
            if time.perf_counter() - t0 >= SLICE_S:
                break
        if self._marks_jobs:
            self._marks_step_timer.start()
        else:
            self._update_view_frames()

    def _update_marks(self) -> None:
        """Overview ticks: each edit's y from its paragraph's box plus its share of the paragraph.

        A long text's ticks go by character share: they depend on the spans only, so they are made
        once per set of spans (not at every alignment step), in slices, or by a worker beforehand."""
        c = self.correction
        if c is None:
            return
        colours: dict[str, QColor] = {}
        for pane, bar in ((self.left, self.left_bar), (self.right, self.right_bar)):
            if len(pane.text) > EXACT_MARKS_BELOW:
                source = self._marks_source(pane)
                job = self._marks_jobs.get(pane.side)
                if not self._marks_current(pane.side, self._marks_of.get(pane.side)) and not (
                    job is not None and self._marks_current(pane.side, job[0])
                ):
                    out: list[Mark] = []
                    steps = marks_by_chars_steps(
                        source[0], len(pane.text), self._categories, self.hidden, self.dark, out
                    )
                    self._marks_jobs[pane.side] = (source, steps, out)
                    self._marks_step_timer.start()
                bar.set_current(self.current)
                continue
            self._marks_of.pop(pane.side, None)
            doc = pane.document()
            layout = doc.documentLayout()
            height = max(1.0, doc.size().height())
            starts = pane.block_starts()
            boxes: dict[int, tuple[float, float]] = {}
            marks = []
            for sp in pane.spans():
                if sp.index in self.hidden:
                    continue
                n = bisect.bisect_right(starts, sp.start) - 1
                box = boxes.get(n)
                if box is None:
                    r = layout.blockBoundingRect(doc.findBlockByNumber(n))
                    box = boxes[n] = (r.y(), r.height())
                block_len = (starts[n + 1] - 1 if n + 1 < len(starts) else len(pane.text)) - starts[n]
                y = box[0] + box[1] * ((sp.start - starts[n]) / block_len if block_len > 0 else 0.0)
                cid = c.edits[sp.index].category.id
                col = colours.get(cid)
                if col is None:
                    col = colours[cid] = theme.accent(cid, self.dark)
                marks.append(Mark(sp.index, min(1.0, y / height), col, sp.state is State.REJECTED))
            bar.set_marks(marks)
            bar.set_current(self.current)
        self._update_view_frames()

    def zoom(self, point_size: float) -> None:
        for pane in (self.left, self.right):
            pane.set_zoom(point_size)
        self.schedule_align()
