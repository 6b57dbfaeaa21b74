"""The main window over a fake library, with hand-built corrections and an immediate worker pool."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import reader.engine
from reader.review import Decision, Status
from reader.ui.actions import A


def test_open_file_corrects_and_highlights(win, fake_library):
    c = win.correction
    assert c is not None and len(c.edits) == 5
    assert win.view.left.highlight_count() == len(c.edits)
    assert win.view.right.highlight_count() == sum(1 for e in c.edits if e.replacements)
    assert win.library_panel.article_ids() == list(fake_library.articles)
    assert "5 changes" in win.review_status.counts.text()
    assert "40%" in win.review_status.spin.text()


def test_hovering_an_edit_shows_its_card(win, qtbot):
    pane = win.view.left
    r = pane.span_rect(1)
    QTest.mouseMove(pane.viewport(), QPoint(1, 1))
    QTest.mouseMove(pane.viewport(), r.center())
    qtbot.waitUntil(lambda: win.card.isVisible(), timeout=3000)
    assert win.card.index == 1
    assert "cooler war" in win.card.change.text() and "cold war" in win.card.change.text()
    assert "Broken idiom" in win.card.meta.text() and "90%" in win.card.meta.text()
    assert [b.text() for b in win.card.candidate_buttons()] == ["cold war", "colder war"]
    assert "test evidence" in win.card.evidence.text()


def test_flag_only_card_has_no_accept(win, qtbot):
    win.show_card(2)
    assert win.card.isVisible()
    assert not win.card.accept_button.isVisible()
    assert win.card.message.text() == win.correction.edits[2].message


def test_accept_reject_pick_change_the_right_pane_and_the_store(win, fake_library):
    run_id = win.run.id
    win.show_card(1)
    win.card.reject_button.click()
    assert "cooler war" in win.view.right.text
    assert fake_library.decisions(run_id)[1] == Decision(Status.REJECTED)
    win.show_card(1)
    win.card.candidate_buttons()[1].click()  # "colder war"
    assert "colder war" in win.view.right.text
    assert fake_library.decisions(run_id)[1] == Decision(Status.ALTERNATIVE, "colder war")
    win.show_card(4)
    win.card.accept_button.click()
    assert "with China mentioned" in win.view.right.text
    assert fake_library.decisions(run_id)[4] == Decision(Status.ACCEPTED)
    # the right-hand highlights follow the new text
    sels = [s.cursor.selectedText() for s in win.view.right.extraSelections() if s.cursor.hasSelection()]
    assert "colder war" in sels and "China" in sels


def test_undo_and_redo_restore_text_and_store(win, fake_library):
    run_id = win.run.id
    before = win.view.right.text
    win.decide(1, Decision(Status.REJECTED))
    assert win.view.right.text != before
    win.undo_action.trigger()
    assert win.view.right.text == before
    assert 1 not in fake_library.decisions(run_id)
    win.redo_action.trigger()
    assert fake_library.decisions(run_id)[1] == Decision(Status.REJECTED)


def test_accept_all_is_one_undo_step_and_respects_the_filter(win, fake_library):
    run_id = win.run.id
    win.set_filter("padding")
    assert "Padding" in win.actions_[A.ACCEPT_ALL].text()
    win.actions_[A.REJECT_ALL].trigger()
    assert set(fake_library.decisions(run_id)) == {0, 3}
    assert win.undo_stack.count() == 1
    win.set_filter(None)
    win.actions_[A.ACCEPT_ALL].trigger()
    assert fake_library.decisions(run_id)[1] == Decision(Status.ACCEPTED)  # only pending ones
    assert fake_library.decisions(run_id)[0] == Decision(Status.REJECTED)
    assert 2 not in fake_library.decisions(run_id)  # a flag is never "accepted"
    win.undo_action.trigger()
    win.undo_action.trigger()
    assert fake_library.decisions(run_id) == {}
    assert win.view.right.text == win.correction.corrected


def test_next_previous_move_and_scroll_both_panes(make_window, fake_library, tmp_path, monkeypatch, qtbot):
    long = "\n".join(f"Paragraph {i} " + "filler words here " * 40 for i in range(40))
    text = long + "\nXi and you can Putin met in the cooler war era.\n" + long
    from ui_fakes import _edit

    from reader.engine.model import Correction

    c = Correction(
        text,
        (
            _edit(text, "Paragraph 3 ", [("Para 3 ", 0.9)], "synonym", 0.9, True),
            _edit(text, "and you can", [("and", 0.9)], "padding", 0.9, True),
            _edit(text, "cooler war", [("cold war", 0.9)], "idiom", 0.9, True),
        ),
        0.1,
    )
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "long.txt"
    p.write_text(text, encoding="utf-8")
    w = make_window(fake_library)
    w.resize(900, 400)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(p)])
    assert w.view.left.verticalScrollBar().value() == 0
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    QTest.keyClick(w.view.left, Qt.Key.Key_F7)
    assert w.view.current == 0
    w.actions_[A.NEXT].trigger()
    assert w.view.current == 1
    for pane in (w.view.left, w.view.right):
        assert pane.verticalScrollBar().value() > 0
        assert pane.viewport().rect().contains(pane.span_rect(1).center())
    QTest.keyClick(w.view.left, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert w.view.current == 2
    QTest.keyClick(w.view.left, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert w.view.current == 1
    w.actions_[A.AUTO_ADVANCE].setChecked(True)
    w.actions_[A.ACCEPT].trigger()
    assert w.view.current == 2  # auto-advanced to the next pending change


def test_a_bad_file_shows_an_error_and_nothing_breaks(make_window, fake_library, tmp_path, qtbot):
    w = make_window(fake_library)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"\0\1\2binary")
    with qtbot.waitSignal(w.error_shown, timeout=5000) as sig:
        w.open_files([str(bad)])
    assert "bad.pdf" in sig.args[0]
    assert w.banner.isVisible() and "binary" in w.banner.text()
    with qtbot.waitSignal(w.error_shown, timeout=5000):
        w.open_files([str(tmp_path / "missing.txt")])
    assert "missing.txt" in w.banner.text()


def test_decisions_survive_closing_and_reopening(make_window, fake_library, article, qtbot):
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(article)])
    w.decide(1, Decision(Status.REJECTED))
    w.close()
    w2 = make_window(fake_library)
    w2.refresh_library()
    with qtbot.waitSignal(w2.correction_finished, timeout=5000):
        w2.show_article(w2.library_panel.article_ids()[0])
    assert w2.decisions == {1: Decision(Status.REJECTED)}
    assert "cooler war" in w2.view.right.text


def test_threshold_turns_suggestions_into_applied_edits(win):
    assert "Asia mentioned" in win.view.right.text
    win.review_status.slider.setValue(30)
    assert "China mentioned" in win.view.right.text
    win.flush()
    assert win.run.correction.min_confidence == pytest.approx(0.3)


def test_save_cleaned_copy_writes_what_the_right_pane_shows(win, tmp_path, fake_library):
    win.decide(1, Decision(Status.REJECTED))
    out = tmp_path / "clean.md"
    win.export(str(out), "md")
    assert out.read_text(encoding="utf-8") == win.view.right.text
    assert fake_library.exported[-1][2] == "md"


def test_remove_and_recent_files(win, fake_library, article):
    assert str(article.resolve()) in [a.text() for a in win.recent_menu.actions()]
    win.remove_articles(list(fake_library.articles), confirm=False)
    assert win.article is None and win.library_panel.article_ids() == []
    assert win.view.left.text == ""


def test_zoom_and_layout_are_remembered(make_window, fake_library):
    w = make_window(fake_library)
    w.actions_[A.ZOOM_IN].trigger()
    w.actions_[A.ZOOM_IN].trigger()
    size = w.view.left.font().pointSizeF()
    w.splitter.setSizes([200, 900])
    sizes = w.splitter.sizes()
    w.close()
    w2 = make_window(fake_library)
    assert w2.view.left.font().pointSizeF() == size
    assert w2.splitter.sizes() == sizes


def test_shortcuts_are_shown_in_menus(win):
    a = win.actions_
    assert "F7" in [s.toString() for s in a[A.NEXT].shortcuts()]
    assert "Alt+Down" in [s.toString() for s in a[A.NEXT].shortcuts()]
    assert "Shift+F7" in [s.toString() for s in a[A.PREVIOUS].shortcuts()]
    assert "Ctrl+S" in [s.toString() for s in a[A.SAVE_CLEANED].shortcuts()]
    assert "Ctrl+=" in [s.toString() for s in a[A.ZOOM_IN].shortcuts()]
    assert "Ctrl+Shift+Z" in [s.toString() for s in win.redo_action.shortcuts()]
    menus = [m.title() for m in win.menuBar().findChildren(type(win.recent_menu)) if m.title()]
    assert "&Changes" in menus


def test_card_on_the_right_pane_stays_while_the_mouse_is_on_it(win, qtbot):
    pane = win.view.right
    QTest.mouseMove(pane.viewport(), QPoint(1, 1))  # from a known place, so the next move is a move
    QTest.mouseMove(pane.viewport(), pane.span_rect(4).center())  # "Asia", a suggestion
    qtbot.waitUntil(lambda: win.card.isVisible(), timeout=3000)
    assert win.card.index == 4 and "China" in win.card.change.text()
    assert "suggestion" in win.card.meta.text()
    QTest.mouseMove(pane.viewport(), QPoint(2, pane.viewport().height() - 2))  # off the span
    win.card.enterEvent(None)  # ...and onto the card before the hide delay
    qtbot.wait(500)
    assert win.card.isVisible()
    win.card.leaveEvent(None)
    qtbot.waitUntil(lambda: not win.card.isVisible(), timeout=3000)


def test_dropping_files_opens_them(make_window, fake_library, article, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    w = make_window(fake_library)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.dropEvent(event)
    assert w.article is not None and w.article.source_path == str(article)


def test_a_locked_library_is_reported_in_the_window(win, fake_library, monkeypatch):
    from reader.errors import StoreError

    def locked(*_a, **_k):
        raise StoreError("/tmp/library.sqlite3", "the library is locked by another program")

    monkeypatch.setattr(fake_library, "decide_many", locked)
    win.decide(1, Decision(Status.REJECTED))
    assert "locked" in win.banner.text()
    assert "cooler war" in win.view.right.text  # the decision still shows; nothing crashed
