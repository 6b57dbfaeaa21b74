"""What a new user ran into while reviewing (found by using the window; each test failed before its fix)."""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolBar
from ui_fakes import TEXT, _edit, make_correction

import reader.engine
from reader.engine.model import Correction
from reader.review import Decision, Status, cleaned_text
from reader.ui import theme
from reader.ui.actions import A


def _long_correction(paragraphs: int = 900, sep: str = "\n", applied: bool = True) -> Correction:
    para = "Xi and you can Putin desire Nato so you're able to exclude expansion owing to the fact tensions rise " * 6
    text = sep.join(f"{n} {para}" for n in range(paragraphs))
    edits, start = [], 0
    for n in range(paragraphs):
        e = _edit(text, "and you can", [("and", 0.95)], "padding", 0.95, applied, start)
        f = _edit(text, "so you're able to", [("to", 0.9)], "padding", 0.9, applied, e.offset + e.length)
        edits += [e, f]
        start = text.index(f"{sep}{n + 1} ", f.offset) if n + 1 < paragraphs else len(text)
    return Correction(text, tuple(edits), 0.3)


def _in_view(pane, index: int) -> bool:
    return pane.viewport().rect().contains(pane.span_rect(index).center())


def test_a_jump_far_into_a_long_article_stays_in_view_on_both_sides(
    make_window, fake_library, tmp_path, monkeypatch, qtbot
):
    """Before: after jumping to the end of a long article the right pane's layout finished later and the
    change slid thousands of pixels out of view on the right. After: the change stays centred on both sides."""
    c = _long_correction()
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "long.txt"
    p.write_text(c.text, encoding="utf-8")
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=10000):
        w.open_files([str(p)])
    for _ in range(30):
        w.actions_[A.NEXT].trigger()
    last = len(c.edits) - 2
    w.view.set_current(last)
    qtbot.wait(600)  # the layout settles
    assert _in_view(w.view.left, last)
    assert _in_view(w.view.right, last)


def test_the_import_message_fits_beside_the_review_controls(make_window, fake_library, tmp_path, monkeypatch, qtbot):
    """Before: "Imported “<a 110-character title>”" was cut mid-word by the counts and the slider.
    After: the title is shortened and the message fits in the room the controls leave."""
    title = "Xi and you can Putin desire Nato so you're able to exclude expansion due to the fact Ukraine tensions"
    text = title + "\n" + TEXT
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: make_correction(t))
    p = tmp_path / "long-title.txt"
    p.write_text(text, encoding="utf-8")
    fake_library_title = fake_library.import_file  # the fake cuts titles at 60 characters; a real one does not

    def import_file(path):
        res = fake_library_title(path)
        rec = fake_library.articles[res.article.id]
        fake_library.articles[rec.id] = dataclasses.replace(rec, title=title)
        return dataclasses.replace(res, article=dataclasses.replace(res.article, title=title))

    monkeypatch.setattr(fake_library, "import_file", import_file)
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(p)])
    bar = w.statusBar()
    shown = bar.currentMessage()
    assert shown.startswith("Imported “Xi and you can") and shown.endswith("”")
    room = bar.width() - w.review_status.width()
    assert bar.fontMetrics().horizontalAdvance(shown) < room
    assert "Imported" in w.last_message


def test_a_long_message_is_elided_beside_no_changes_too(make_window, fake_library, tmp_path, monkeypatch, qtbot):
    """Before: with no changes the review controls stretch wider than their size hint, and a long
    message was cut off under them with no "…" (the room was reckoned from the hint)."""
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: Correction(t, (), 0.0))
    p = tmp_path / "clean.txt"
    p.write_text(TEXT, encoding="utf-8")
    w = make_window(fake_library)
    w.resize(1280, 800)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(p)])
    qtbot.wait(50)
    bar = w.statusBar()
    w.notify("a long message about something " * 8)
    shown = bar.currentMessage()
    assert shown.endswith("…")
    assert bar.fontMetrics().horizontalAdvance(shown) < bar.width() - w.review_status.width()


def test_the_card_never_covers_the_words_it_explains(win, qtbot):
    """In a small window, for every change: the card is inside the window and not on the span."""
    win.resize(900, 420)
    qtbot.wait(100)
    window = QRect(win.mapToGlobal(QPoint(0, 0)), win.size())
    for i in range(len(win.correction.edits)):
        win.view.set_current(i)
        win.show_card(i)
        pane = win.view.left
        r = pane.span_rect(i)
        anchor = QRect(pane.viewport().mapToGlobal(r.topLeft()), r.size())
        card = win.card.geometry()
        assert win.card.isVisible()
        assert window.contains(card), (i, card, window)
        assert not card.intersects(anchor), (i, card, anchor)


def test_keyboard_only_review(win, qtbot):
    """Before: Enter and Delete did nothing in the text (Delete was taken by the library list's
    remove shortcut anywhere in the window) and the card needed a mouse. After: Enter accepts,
    Delete rejects, Space (or Ctrl+I) explains the current change, Esc closes the card."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    pane = win.view.left
    pane.setFocus()
    QTest.keyClick(pane, Qt.Key.Key_F7)
    assert win.view.current == 0
    QTest.keyClick(pane, Qt.Key.Key_Return)
    assert win.decisions[0] == Decision(Status.ACCEPTED)
    QTest.keyClick(pane, Qt.Key.Key_F7)
    QTest.keyClick(pane, Qt.Key.Key_Delete)
    assert win.decisions[1] == Decision(Status.REJECTED)
    QTest.keyClick(pane, Qt.Key.Key_Space)
    assert win.card.isVisible() and win.card.index == 1
    assert not win.actions_[A.CANCEL].isEnabled()  # nothing running: Stop is off and Esc is free
    QTest.keyClick(pane, Qt.Key.Key_Escape)
    assert not win.card.isVisible()
    win.actions_[A.EXPLAIN].trigger()
    assert win.card.isVisible() and win.card.index == 1
    assert win.actions_[A.EXPLAIN].shortcut().toString() == "Ctrl+I"
    # typing in the search box is still typing
    win.library_panel.search.setFocus()
    QTest.keyClicks(win.library_panel.search, "a b")
    assert win.library_panel.search.text() == "a b"
    assert len(win.decisions) == 2


def test_delete_in_the_library_list_still_offers_to_remove(win, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    tree = win.library_panel.tree
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Delete)
    assert len(asked) == 1
    win.view.left.setFocus()
    win.view.set_current(0)
    QTest.keyClick(win.view.left, Qt.Key.Key_Delete)
    assert len(asked) == 1  # in the text, Delete rejects instead
    assert win.decisions[0] == Decision(Status.REJECTED)


def test_an_article_with_nothing_spun_says_so(make_window, fake_library, tmp_path, monkeypatch, qtbot):
    """Before: "0 changes: 0 pending (0 applied, 0 suggested) · 0 accepted · 0 rejected". After: plain words."""
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: Correction(t, (), 0.0))
    p = tmp_path / "clean.txt"
    p.write_text("A clean sentence.", encoding="utf-8")
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(p)])
    assert w.review_status.counts.text() == "No spinning found"


def test_a_card_with_a_long_rule_name_stays_narrow(win):
    """Before: the meta line (category · confidence · state · rule id) did not wrap and a long rule
    name stretched the card to 660 px, across both panes. After: the card keeps its width."""
    e = dataclasses.replace(
        win.correction.edits[0],
        rule_id="entity.corrupted_name.united_kingdom_of_great_britain_and_northern_ireland.variant_2",
        evidence={"row": "united kingdom of great britain and northern ireland -> UK " * 2, "prior": 0.35},
    )
    win.card.show_edit(0, e, None, QRect(win.mapToGlobal(QPoint(400, 150)), QSize(60, 14)), False)
    assert win.card.width() <= 460
    assert win.card.height() < 300


def test_remove_is_offered_only_for_a_chosen_article(make_window, fake_library, article, qtbot, monkeypatch):
    """Before: an empty library still showed an active Remove button that did nothing (and, once the
    first fix was in, a greyed-out one beside the article being corrected)."""
    release = threading.Event()

    def slow(text, options=None):
        release.wait(5)
        return make_correction(text)

    monkeypatch.setattr(reader.engine, "correct", slow)
    w = make_window(fake_library, immediate=False)
    assert not w.library_panel.remove_button.isEnabled()
    with qtbot.waitSignal(w.article_shown, timeout=5000):
        w.open_files([str(article)])
    assert w.library_panel.remove_button.isEnabled()  # while it is being corrected already
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        release.set()
    assert w.library_panel.remove_button.isEnabled()


def test_progress_says_what_and_how_far():
    from reader.ui.status_widgets import ReviewStatus

    s = ReviewStatus()
    s.busy("Correcting")
    s.set_progress(42, 100)
    assert s.progress.text() == "Correcting 42%"
    s.idle()
    s.set_progress(1, 2)
    assert s.progress.text() == "50%"


def test_undo_says_what_it_undid(win):
    """Before: Undo after Accept All only changed highlights somewhere in the text, silently."""
    win.actions_[A.ACCEPT_ALL].trigger()
    win.undo_action.trigger()
    assert win.last_message.startswith("Undone: Accept ") and "pending" in win.last_message
    win.redo_action.trigger()
    assert win.last_message.startswith("Redone: Accept ")


def test_a_narrow_window_keeps_the_text_readable(win, qtbot):
    """Before: at 900x600 the library kept 340 px and each text pane was 244 px wide (five words a
    line). After: the library gives up its share too."""
    win.resize(900, 600)
    qtbot.wait(50)
    assert win.view.left.viewport().width() >= 280
    assert win.view.right.viewport().width() >= 280
    assert win.library_panel.width() >= 200


def test_the_toolbar_fits_a_narrow_window(win, qtbot):
    """Before: at 900 px Stop and the category filter fell behind the toolbar's » menu. After: short
    toolbar labels (Save, Previous, Next, Accept, Reject; the menus keep the full names)."""
    win.resize(900, 600)
    qtbot.wait(50)
    tb = win.findChild(QToolBar)
    stop = tb.widgetForAction(win.actions_[A.CANCEL])
    assert stop.isVisible() and stop.geometry().right() <= tb.width()
    assert win.actions_[A.NEXT].text() == "&Next Change"
    assert tb.widgetForAction(win.actions_[A.NEXT]).text() == "Next"


def test_the_text_pane_with_the_keyboard_is_outlined(win, qtbot):
    """Before: the panes have no frame, so after Tab a keyboard user could not see where Enter would act."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    pane = win.view.right
    highlight = pane.palette().color(QPalette.ColorRole.Highlight)

    def edge_colour():
        img = pane.viewport().grab().toImage()
        return img.pixelColor(1, img.height() // 2)

    win.library_panel.search.setFocus()
    assert edge_colour() != highlight
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus, timeout=2000)
    assert edge_colour() == highlight


def test_reset_in_the_card_goes_back_to_the_engine_choice(win, fake_library):
    """The card's third button said "Undecide" (not a word users know); it says Reset and does that."""
    win.decide(0, Decision(Status.REJECTED))
    win.show_card(0)
    assert win.card.reset_button.isVisible() and win.card.reset_button.text() == "Reset"
    win.card.reset_button.click()
    assert 0 not in win.decisions and 0 not in fake_library.decisions(win.run.id)
    assert win.undo_stack.undoText().startswith("Reset ")


def test_accept_all_in_a_long_article_never_draws_stale_marks(
    make_window, fake_library, tmp_path, monkeypatch, qtbot, qtlog
):
    """Before: Accept All on an article with thousands of changes printed "QTextCursor::setPosition:
    Position ... out of range": while the cleaned text shrank, the scroll handler redrew the old marks
    against the new text. After: a pane forgets its marks the moment its text changes."""
    c = _long_correction(sep=" ", applied=False)  # one long paragraph of suggestions
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "long.txt"
    p.write_text(c.text, encoding="utf-8")
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=10000):
        w.open_files([str(p)])
    w.view.set_current(len(c.edits) - 2)
    qtbot.wait(50)
    w.decide_all(Decision(Status.REJECTED))
    w.undo_action.trigger()
    w.decide_all(Decision(Status.ACCEPTED))
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not w.bulk_busy(), timeout=20000)  # bulk decisions are drawn in chunks
    assert not [r for r in qtlog.records if "out of range" in r.message]
    assert w.view.right.text == cleaned_text(c, w.decisions)


def test_a_search_that_finds_nothing_says_so(win):
    """Before: searching for a word no article has just emptied the list, as if the library were gone."""
    win.library_panel.search.setText("zebra")
    win.library_panel.search_changed.emit("zebra")
    assert win.library_panel.article_ids() == []
    assert win.last_message == "No article in the library contains “zebra”."


def test_the_legend_follows_the_filter_and_the_palette(win):
    """Before: with the filter on "Padding" the legend still showed every category in colour, and
    after a switch to a dark palette its chips kept the light colours. After: hidden categories are
    grey and struck through, and the chips are redrawn for the palette."""
    light_bg = theme.background("padding", False).name()
    dark_bg = theme.background("padding", True).name()
    win.set_filter("padding")
    text = win.view.legend.text()
    assert "line-through" in text and light_bg in text
    win.set_filter(None)
    assert "line-through" not in win.view.legend.text()
    win.view.set_dark(True)
    assert dark_bg in win.view.legend.text() and light_bg not in win.view.legend.text()


def test_next_change_brings_the_keyboard_to_the_text(win, qtbot):
    """Before: after opening a file the search box kept the focus; F7 moved to a change but Enter
    then went to the search box. After: Next/Previous put the focus in the text, so Enter accepts."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    search = win.library_panel.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus, timeout=2000)
    QTest.keyClick(search, Qt.Key.Key_F7)
    assert win.view.current == 0 and win.view.left.hasFocus()
    QTest.keyClick(win.view.left, Qt.Key.Key_Return)
    assert win.decisions[0] == Decision(Status.ACCEPTED)
    win.view.right.setFocus()
    QTest.keyClick(win.view.right, Qt.Key.Key_F7)
    assert win.view.right.hasFocus()  # a pane that has it keeps it


def test_the_card_leaves_a_wrapped_phrase_visible(make_window, fake_library, tmp_path, monkeypatch, qtbot):
    """Before: the card sat under the first line of a phrase that wrapped, hiding the rest of it.
    After: it sits below (or above, or beside) all the lines of the phrase."""
    phrase = "the brand new and you can also very long spun phrase that keeps on going past the end of a line"
    text = "Intro words " * 12 + phrase + " and the rest of the paragraph." + "\nMore text here." * 30
    c = Correction(text, (_edit(text, phrase, [("the phrase", 0.9)], "padding", 0.9, True),), 0.2)
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "wrap.txt"
    p.write_text(text, encoding="utf-8")
    w = make_window(fake_library)
    w.resize(900, 600)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(p)])
    qtbot.wait(50)
    pane = w.view.left
    first = pane.span_rect(0)
    whole = pane.span_bounds(0)
    assert whole.bottom() > first.bottom()  # the phrase does wrap here
    w.show_card(0)
    covered = QRect(pane.viewport().mapToGlobal(whole.topLeft()), whole.size())
    assert w.card.isVisible() and not w.card.geometry().intersects(covered)


def test_number_keys_pick_a_candidate(win, fake_library):
    """Before: the card's other candidates could only be clicked. After: keys 1–9 pick them for the
    current change, and the card says so."""
    win.view.left.setFocus()
    win.view.set_current(1)  # "cooler war": cold war (best), colder war
    win.show_card(1)
    assert "keys 1–2" in win.card.candidates_label.text()
    QTest.keyClick(win.view.left, Qt.Key.Key_2)
    assert win.decisions[1] == Decision(Status.ALTERNATIVE, "colder war")
    assert "colder war" in win.view.right.text
    QTest.keyClick(win.view.left, Qt.Key.Key_1)
    assert win.decisions[1] == Decision(Status.ACCEPTED)
    win.view.set_current(0)  # one candidate only: numbers do nothing
    QTest.keyClick(win.view.left, Qt.Key.Key_2)
    assert 0 not in win.decisions


def test_reject_all_on_a_long_article_keeps_the_window_answering(
    make_window, fake_library, tmp_path, monkeypatch, qtbot
):
    """Before: Reject All on a long article froze the window for seconds with no busy cursor, and a
    click made meanwhile was lost. After: the words are replaced in chunks with the busy cursor and
    progress shown; a decision made meanwhile is kept and drawn when the bulk is done."""
    from PySide6.QtWidgets import QApplication

    c = _long_correction()
    monkeypatch.setattr(reader.engine, "correct", lambda t, options=None: c)
    p = tmp_path / "long.txt"
    p.write_text(c.text, encoding="utf-8")
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=10000):
        w.open_files([str(p)])
    w._bulk_size = 120  # small chunks, so the bulk is surely still running when the click comes
    w.decide_all(Decision(Status.REJECTED))
    assert w.bulk_busy() and QApplication.overrideCursor() is not None
    assert w.review_status.progress.isVisible()
    w.decide(7, Decision(Status.ACCEPTED), advance=False)  # a click while the bulk is drawn
    with qtbot.waitSignal(w.bulk_finished, timeout=20000):
        pass
    assert QApplication.overrideCursor() is None
    assert w.decisions[7] == Decision(Status.ACCEPTED)
    assert fake_library.decisions(w.run.id)[7] == Decision(Status.ACCEPTED)  # written after the bulk, in order
    assert w.decisions[8] == Decision(Status.REJECTED)
    assert w.view.right.text == cleaned_text(c, w.decisions)
    w.undo_action.trigger()  # the click
    w.undo_action.trigger()  # Reject All
    qtbot.waitUntil(lambda: not w.bulk_busy(), timeout=20000)
    assert w.decisions == {} and w.view.right.text == cleaned_text(c, {})


def test_the_reading_position_in_the_preview_is_kept_when_the_result_arrives(
    make_window, fake_library, tmp_path, monkeypatch, qtbot
):
    """Before: the reader scrolled the preview of a long article while it was corrected and the view
    jumped back to the top when the result came. After: the same words stay at the top."""
    import threading

    from PySide6.QtCore import QPoint

    c = _long_correction(paragraphs=1500)
    release = threading.Event()

    def slow_correct(t, options=None):
        release.wait(20)
        return c

    from reader.ui import main_window

    # the engine module the window holds (tests/engine/test_qt_free.py re-imports reader.engine)
    monkeypatch.setattr(main_window.engine, "correct", slow_correct)
    p = tmp_path / "long.txt"
    p.write_text(c.text, encoding="utf-8")
    w = make_window(fake_library, immediate=False)
    with qtbot.waitSignal(w.article_shown, timeout=10000):
        w.open_files([str(p)])
    left = w.view.left
    assert len(left.text) < len(c.text)  # the preview
    left.verticalScrollBar().setValue(left.verticalScrollBar().maximum() // 2)
    top = left.cursorForPosition(QPoint(4, 4)).position()
    assert top > 1000
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        release.set()
    qtbot.waitUntil(lambda: abs(left.cursorForPosition(QPoint(4, 4)).position() - top) < 200, timeout=10000)
    assert w.view.left.highlight_count() == len(c.edits)


def test_the_library_title_column_takes_the_room(make_window, fake_library, qtbot):
    """Before: in the default window the Title column was 126 px (~16 characters): an empty Copies column,
    an ISO date under an 'Imported' header and a 340 px panel took the rest. After: Copies only when a
    family exists, '4 Dec' under 'Added', a 380 px panel; the title stretches with the panel."""
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from reader.ui.library_panel import _date

    w = make_window(fake_library)
    w.resize(1280, 800)
    qtbot.wait(50)
    panel = w.library_panel
    long_title = "Xi and Putin urge Nato to exclude expansion as Ukraine tensions rise in eastern Europe"
    now = datetime.now(UTC)

    def row(i, copies=1):
        return SimpleNamespace(
            id=i, title=long_title, spin_score=0.42, edit_count=301, imported_at=now, source_path="", copies=copies
        )

    panel.set_articles([row(1), row(2)])
    qtbot.wait(20)
    tree, head = panel.tree, panel.tree.header()
    assert tree.isColumnHidden(4)
    assert head.sectionSize(0) >= 0.6 * tree.viewport().width()
    assert head.sectionSize(0) > 30 * tree.fontMetrics().averageCharWidth()
    before = head.sectionSize(0)
    w.splitter.setSizes([560, 720])  # a wider panel: the title takes what it gains
    qtbot.wait(20)
    assert head.sectionSize(0) >= before + 150
    panel.set_articles([row(1, copies=2), row(2, copies=2)])
    assert not tree.isColumnHidden(4) and tree.topLevelItem(0).text(4) == "2 copies"
    assert tree.topLevelItem(0).text(3) == f"{now.day} {now:%b}"
    assert _date(datetime(2025, 3, 9, tzinfo=UTC), today=datetime(2026, 1, 1).date()) == "9 Mar 2025"
