"""Long articles stay smooth: bulk decisions on a worker and in chunks, the event loop free meanwhile,
a real library file behind them; the view's long-text shortcuts (worker-made spans, cached ticks,
a highlight window at the view) give what the plain path gives."""

from __future__ import annotations

import random

from PySide6.QtCore import QTimer
from test_usability import _in_view, _long_correction

import reader.engine
from reader.review import Decision, Status, cleaned_text
from reader.ui.compare_view import MARK_ROWS, CompareView, marks_by_chars, ready_for
from reader.ui.spans import State, prepare


def _open_long(make_window, library, tmp_path, monkeypatch, qtbot, paragraphs: int = 900):
    c = _long_correction(paragraphs)
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None, **_kw: c)
    aid = library.import_text(c.text, "A long article").article.id  # as it is (a file's import would tidy it)
    from reader.services import Library

    # real worker threads, each with its own connection to the library file, as in the app
    w = make_window(library, immediate=False, library_factory=lambda: Library(library.data_dir))
    errors: list[str] = []
    w.error_shown.connect(errors.append)
    w.refresh_library()
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.show_article(aid)
    assert not errors
    return w, c


def _shown_long(qtbot, paragraphs: int = 900) -> tuple:
    """A long correction set in a shown CompareView (its right side may still be coming)."""
    c = _long_correction(paragraphs)
    v = CompareView()
    qtbot.addWidget(v)
    v.resize(1000, 600)
    v.show()
    v.set_document(c, {})
    return c, v


def test_reject_all_is_stored_and_drawn_while_the_event_loop_runs_and_undo_restores(
    make_window, library, tmp_path, monkeypatch, qtbot
):
    w, c = _open_long(make_window, library, tmp_path, monkeypatch, qtbot)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    with qtbot.waitSignal(w.bulk_finished, timeout=60000):
        w.decide_all(Decision(Status.REJECTED))
        ticks.clear()  # only what fires after the action was taken counts
        assert w.bulk_busy()  # not done in the click's own turn: on a worker and in chunks
    timer.stop()
    assert len(ticks) >= 3  # the event loop ran (a timer fired) while the bulk was written and drawn
    stored = library.decisions(w.run.id)
    assert len(stored) == len(c.edits) and set(stored.values()) == {Decision(Status.REJECTED)}
    assert {sp.state for sp in w.view.left.spans()} == {State.REJECTED}
    assert {sp.state for sp in w.view.right.spans()} == {State.REJECTED}
    assert w.view.right.text == cleaned_text(c, stored) == c.text  # every change undone on screen
    with qtbot.waitSignal(w.bulk_finished, timeout=60000):
        w.undo_action.trigger()
    assert library.decisions(w.run.id) == {} and w.decisions == {}
    assert {sp.state for sp in w.view.left.spans()} == {State.APPLIED}
    assert w.view.right.text == cleaned_text(c, {}) != c.text


def test_one_decision_on_a_long_article_replaces_only_its_words(make_window, library, tmp_path, monkeypatch, qtbot):
    """The small path hands Qt the changed words (no text comparison) and re-pads from that paragraph."""
    w, c = _open_long(make_window, library, tmp_path, monkeypatch, qtbot)
    doc = w.view.right.document()
    last = len(c.edits) - 1
    w.view.set_current(last)
    w.decide(last, Decision(Status.ALTERNATIVE, "to the extent that"), advance=False)
    w.decide(3, Decision(Status.REJECTED), advance=False)
    assert w.view.right.text == cleaned_text(c, w.decisions)
    assert doc.toPlainText() == w.view.right.text  # the document holds exactly that text
    sp = w.view.right.span(last)
    assert w.view.right.text[sp.start : sp.end] == "to the extent that" and sp.state is State.ACCEPTED
    assert w.view.left.span(3).state is State.REJECTED and w.view.right.span(3).state is State.REJECTED
    assert library.decisions(w.run.id) == w.decisions
    w.undo_action.trigger()
    w.undo_action.trigger()
    assert w.view.right.text == cleaned_text(c, {}) == doc.toPlainText()


def test_worker_made_view_data_is_what_the_view_makes_itself(qtbot):
    c = _long_correction(300)
    decisions = {5: Decision(Status.REJECTED)}
    shown_by_itself, shown_ready = CompareView(), CompareView()
    for v in (shown_by_itself, shown_ready):
        qtbot.addWidget(v)
    shown_by_itself.set_document(c, decisions)
    shown_ready.set_document(c, decisions, ready_for(c, decisions, None, False))
    qtbot.waitUntil(lambda: not shown_by_itself.showing() and not shown_ready.showing())
    assert shown_ready.right.text == cleaned_text(c, decisions) and len(shown_ready.right.spans()) == len(c.edits)
    for a, b in ((shown_by_itself.left, shown_ready.left), (shown_by_itself.right, shown_ready.right)):
        assert a.text == b.text and a.spans() == b.spans()
        assert [b.span(i) for i in range(len(c.edits))] == [a.span(i) for i in range(len(c.edits))]
    assert shown_by_itself.legend.categories() == shown_ready.legend.categories()


def test_long_text_ticks_one_per_bar_row_and_state():
    c = _long_correction(2000)  # 4,000 edits over 1.1 million characters
    decisions = {i: Decision(Status.REJECTED) for i in range(0, len(c.edits), 3)}
    p = prepare(c, decisions)
    cats = {i: e.category.id for i, e in enumerate(c.edits)}
    marks = marks_by_chars(p.left, len(c.text), cats, set(), False)
    rows = [(int(m.fraction * MARK_ROWS), m.muted) for m in marks]
    assert len(rows) == len(set(rows))  # never two ticks for one row and state
    assert {m.muted for m in marks} == {True, False}
    # every row that holds a change has its tick: the bar shows where the changes are
    assert {r for r, _ in rows} == {sp.start * MARK_ROWS // len(c.text) for sp in p.left}
    hidden = set(range(0, len(c.edits), 2))
    assert all(m.index not in hidden for m in marks_by_chars(p.left, len(c.text), cats, hidden, False))


def test_highlights_are_in_view_right_after_a_long_text_is_shown_scrolled(qtbot):
    """The highlight window starts at the view even where Qt has not laid the text out below it."""
    c, v = _shown_long(qtbot)
    bar = v.left.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    rect = v.left.viewport().rect()
    shown = [s for s in v.left.extraSelections() if v.left.cursorRect(s.cursor).intersects(rect)]
    assert len(shown) > 5


def test_decisions_at_random_places_give_the_engines_text_hover_finds_them_and_undo_restores(
    make_window, library, tmp_path, monkeypatch, qtbot
):
    """One decision at a time at random places of a long article (spans shifted lazily): the right pane
    holds exactly the engine's text for those decisions, each decided span is hit where it is drawn."""
    w, c = _open_long(make_window, library, tmp_path, monkeypatch, qtbot)
    qtbot.waitUntil(lambda: not w.view.showing())
    rng = random.Random(11)
    choices = [Decision(Status.ACCEPTED), Decision(Status.REJECTED), Decision(Status.ALTERNATIVE, "as well as"), None]
    picked = rng.sample(range(len(c.edits)), 40)
    for i in picked:
        w.decide(i, rng.choice(choices), advance=False)
    stored = library.decisions(w.run.id)
    assert stored == w.decisions and stored
    doc = w.view.right.document()
    assert w.view.right.text == cleaned_text(c, stored) == doc.toPlainText()
    assert w.view.right.spans() == prepare(c, stored).right  # the lazily shifted spans are the walk's
    for i in picked[:8]:
        d = stored.get(i)
        w.view.set_current(i)
        panes = (w.view.left, w.view.right)
        qtbot.waitUntil(lambda i=i, panes=panes: all(p.span_laid_out(i) and _in_view(p, i) for p in panes))
        for pane in (w.view.left, w.view.right):
            sp = pane.span(i)
            if sp.start == sp.end:
                continue
            assert pane.span_at(pane.span_rect(i).center()).index == i  # hovering it finds this edit
        want = (
            "as well as" if d and d.value else c.edits[i].original_text if d and d.status is Status.REJECTED else None
        )
        if want is not None:
            sp = w.view.right.span(i)
            assert w.view.right.text[sp.start : sp.end] == want
        assert w.view.left.span(i).state is (
            State.APPLIED if d is None else State(d.status.value.replace("alternative", "accepted"))
        )
    while w.undo_stack.canUndo():
        w.undo_action.trigger()
    assert library.decisions(w.run.id) == {} and w.decisions == {}
    assert w.view.right.text == cleaned_text(c, {}) == doc.toPlainText()
    assert w.view.right.spans() == prepare(c, {}).right and w.view.left.spans() == prepare(c, {}).left


def test_a_decision_made_before_a_long_texts_right_side_is_in_is_drawn_with_it(qtbot):
    """A long text's right side comes a turn after its left (each under 100 ms): a click in between is kept."""
    c, v = _shown_long(qtbot)
    assert v.showing()
    decisions = {7: Decision(Status.REJECTED), 1500: Decision(Status.ALTERNATIVE, "plus")}
    v.update_decisions(decisions, set(decisions))
    qtbot.waitUntil(lambda: not v.showing())
    assert v.right.text == cleaned_text(c, decisions) == v.right.document().toPlainText()
    assert v.right.spans() == prepare(c, decisions).right and v.left.spans() == prepare(c, decisions).left
    assert v.right.text[v.right.span(1500).start : v.right.span(1500).end] == "plus"


def test_jumps_far_down_a_long_article_paint_without_crashing(qtbot):
    """The current change's line band is painted by the pane: Qt's full-width selection crashed the paint
    of a block an alignment step had just reset."""
    c, v = _shown_long(qtbot)
    qtbot.waitUntil(lambda: not v.showing())
    for i in (0, 600, 1200, 1790, 300):
        v.set_current(i)
        v.left.repaint()
        v.right.repaint()
        qtbot.wait(30)
        assert v.left.viewport().rect().contains(v.left.span_rect(i).center())


def test_after_a_jump_the_change_is_held_in_view_until_the_reader_scrolls_away(qtbot):
    """Qt lays out a long text lazily, so the text moves after a jump: the change is kept in view (both panes)
    until the reader scrolls; a scroll of theirs is not pulled back."""
    from PySide6.QtWidgets import QAbstractSlider

    c, v = _shown_long(qtbot)
    qtbot.waitUntil(lambda: not v.showing())
    far = 1500
    v.set_current(far)
    panes = (v.left, v.right)
    qtbot.waitUntil(lambda: all(p.span_laid_out(far) and _in_view(p, far) for p in panes))
    qtbot.wait(200)
    assert all(_in_view(p, far) for p in panes)
    bar = v.left.verticalScrollBar()
    for _ in range(3):
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)  # as a wheel or the bar does
    qtbot.wait(300)
    assert not _in_view(v.left, far)  # left where the reader went
