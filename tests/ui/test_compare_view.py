"""The compare view alone, fed a hand-built Correction."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat
from ui_fakes import make_correction

from reader.review import Decision, Status
from reader.ui.compare_view import CompareView


def _view(qtbot):
    v = CompareView()
    qtbot.addWidget(v)
    v.resize(900, 400)
    v.show()
    return v


def _edit_selections(pane):
    # the current-paragraph band (full width) is not an edit highlight
    return [s for s in pane.extraSelections() if s.cursor.hasSelection()]


def test_every_edit_highlighted_flag_only_on_the_left(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    with_replacements = sum(1 for e in c.edits if e.replacements)
    assert v.left.highlight_count() == len(c.edits)
    assert v.right.highlight_count() == with_replacements
    # text highlights: all but the deletion on the right, which is drawn as a marker
    assert len(_edit_selections(v.left)) == len(c.edits)
    assert len(_edit_selections(v.right)) == with_replacements - 1


def test_highlights_sit_on_the_right_words_despite_the_emoji(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    left = [s.cursor.selectedText() for s in _edit_selections(v.left)]
    assert left == [e.original_text for e in c.edits]
    right = [s.cursor.selectedText() for s in _edit_selections(v.right)]
    assert right == ["and", "cold war", "Asia"]  # the suggestion keeps the spun word


def test_states_are_drawn_differently(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {1: Decision(Status.REJECTED)})
    sels = _edit_selections(v.left)
    applied, rejected, suggested = sels[0].format, sels[1].format, sels[4].format
    assert applied.background().style() != 0
    assert rejected.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert suggested.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert v.right.text.count("cooler war") == 1


def test_paragraphs_are_aligned(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    v.align()
    ldoc, rdoc = v.left.document(), v.right.document()
    for n in range(ldoc.blockCount()):
        ly = ldoc.documentLayout().blockBoundingRect(ldoc.findBlockByNumber(n)).y()
        ry = rdoc.documentLayout().blockBoundingRect(rdoc.findBlockByNumber(n)).y()
        assert abs(ly - ry) < 1.0


def test_filter_hides_other_categories(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    v.set_filter("padding")
    assert v.visible_indices() == [0, 3]
    assert v.left.highlight_count() == 2
    qtbot.waitUntil(lambda: len(v.left_bar.marks()) == 2, timeout=2000)
    assert {m.index for m in v.left_bar.marks()} == {0, 3}


def test_scrolling_one_pane_scrolls_the_other_to_the_same_paragraph(qtbot):
    v = _view(qtbot)
    para = "word " * 200
    text = "\n".join(f"P{i} {para}" for i in range(30))
    from reader.engine.model import Correction

    v.set_document(Correction(text=text, edits=(), spin_score=0.0), {})
    v.resize(500, 300)
    v.align()
    v.left.verticalScrollBar().setValue(2000)
    assert abs(v.right.verticalScrollBar().value() - 2000) <= 2
    v.right.verticalScrollBar().setValue(900)
    assert abs(v.left.verticalScrollBar().value() - 900) <= 2


def test_dark_palette_uses_its_own_colours(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    sels = _edit_selections(v.left)
    light = sels[0].format.background().color().name()
    v.set_dark(True)
    sels = _edit_selections(v.left)
    dark = sels[0].format.background().color().name()
    assert light != dark
    assert QColor(dark).lightness() < 128 < QColor(light).lightness()


def test_a_deleted_span_is_a_marker_you_can_hover(qtbot):
    v = _view(qtbot)
    c = make_correction()
    v.set_document(c, {})
    r = v.right.span_rect(3)  # "the brand new " deleted
    assert r.width() > 0
    sp = v.right.span_at(r.center())
    assert sp is not None and sp.index == 3


def test_about_box_names_the_data_and_licences():
    from reader.ui.about import ABOUT_HTML

    for needle in (
        "Problematic Paper Screener",
        "Cabanac",
        "Labbé",
        "Magazinov",
        "CC BY 4.0",
        "pocketsphinx",
        "BSD-2-Clause",
        "WordNet 3.0",
        "Princeton University",
        "Moby Thesaurus",
        "wordfreq",
        "CC BY-SA 4.0",
    ):
        assert needle in ABOUT_HTML
