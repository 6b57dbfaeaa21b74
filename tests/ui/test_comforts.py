"""The reviewer's comforts and the small fixes of issue 11, with the real library and engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence

from reader.engine import correct
from reader.services import Library
from reader.ui.actions import A
from reader.ui.file_actions import report_path

SEED = Path(__file__).resolve().parents[2] / "seeds" / "xi-putin-nato-guardian-spun.txt"
TITLE = correct(SEED.read_text(encoding="utf-8")).corrected.split("\n", 1)[0]  # the engine's corrected first line


@pytest.fixture
def seeded(make_window, library, tmp_path, qtbot):
    w = make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"))
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.open_files([str(SEED)], remember=False)
    return w


def test_change_n_of_m_first_and_last(seeded):
    w = seeded
    n = len(w.correction.edits)
    assert w.position_label.text() == ""  # the review counts beside it already say "N changes"
    assert w.review_status.counts.text().startswith(f"{n} changes")
    w.actions_[A.NEXT].trigger()
    assert w.position_label.text() == f"Change 1 of {n}"
    w.actions_[A.LAST].trigger()
    assert w.view.current == n - 1 and w.position_label.text() == f"Change {n} of {n}"
    w.actions_[A.FIRST].trigger()
    assert w.view.current == 0
    assert QKeySequence("Alt+End") in w.actions_[A.LAST].shortcuts()


def test_find_counts_matches_wraps_and_closes(seeded, qtbot):
    w = seeded
    w.view.left.setFocus()
    w.actions_[A.FIND].trigger()
    assert w.find_bar.isVisible()
    expected = w.view.left.text.casefold().count("putin")
    qtbot.keyClicks(w.find_bar.edit, "Putin")
    assert w.find_bar.count.text() == f"1 of {expected}"
    assert w.view.left.textCursor().selectedText() == "Putin"
    for k in range(2, expected + 1):
        qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
        assert w.find_bar.count.text() == f"{k} of {expected}"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)  # wraps around
    assert w.find_bar.count.text() == f"1 of {expected}"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert w.find_bar.count.text() == f"{expected} of {expected}"
    w.find_bar.edit.setText("zebra crossing")
    assert w.find_bar.count.text() == "No match"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()
    assert w.actions_[A.FIND].shortcuts()[0] == QKeySequence(QKeySequence.StandardKey.Find)


def test_shortcuts_list_names_every_menu_key(seeded):
    rows = seeded.shortcut_rows()
    commands = {(cmd, keys) for _menu, cmd, keys in rows}
    assert ("Find", "Ctrl+F") in commands and ("Next Change", "F7, Alt+Down") in commands
    assert any(cmd == "Undo" and keys.startswith("Ctrl+Z") for cmd, keys in commands)
    assert any(cmd == "Keyboard Shortcuts" and "F1" in keys for cmd, keys in commands)
    assert ("In the text", "Accept the current change", "Enter") in rows
    assert not any(keys in ("Open", "Help", "Find") or ", Find" in keys for _m, _c, keys in rows)  # media keys


def test_properties_edit_title_author_url(seeded, library):
    w = seeded
    assert w.windowTitle() == f"{TITLE} — Unspin Reader"
    assert w.library_panel.tree.topLevelItem(0).text(0) == TITLE
    w.edit_properties({"title": "Xi and Putin: no limits", "author": "Vincent Ni", "url": "https://example.org/a"})
    rec = library.article(w.article.id)
    assert rec.title == "Xi and Putin: no limits" and rec.metadata["author"] == "Vincent Ni"
    assert w.library_panel.tree.topLevelItem(0).text(0) == "Xi and Putin: no limits"
    assert w.windowTitle().startswith("Xi and Putin: no limits")


def test_paste_from_clipboard_and_export_selected(seeded, library, tmp_path, qtbot):
    w = seeded
    w.library_panel.search.setText("zebra")  # an active search must not hide the new article
    QGuiApplication.clipboard().setText("The 2 frontrunners fulfilled for the 38th big date once the 2013.\n")
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.actions_[A.PASTE_ARTICLE].trigger()
    assert w.library_panel.search.text() == ""
    assert len(w.library_panel.article_ids()) == 2 and w.article.format == "txt"
    w.library_panel.tree.selectAll()
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{TITLE}.md").write_text("mine", encoding="utf-8")  # never replaced
    with qtbot.waitSignal(w.exported_many, timeout=30000) as sig:
        w.export_many(w.library_panel.selected_ids(), str(out), "md", ".md")
    names = sorted(Path(p).name for p in sig.args[0])
    assert len(names) == 2 and f"{TITLE} (2).md" in names
    assert (out / f"{TITLE}.md").read_text(encoding="utf-8") == "mine"
    assert (out / f"{TITLE} (2).md").read_text(encoding="utf-8").startswith(f"# {TITLE}\n")


def test_report_suffix_follows_the_format():
    assert report_path("/x/report2.txt", "html") == "/x/report2.txt.html"
    assert report_path("/x/report2.HTML", "html") == "/x/report2.HTML"
    assert report_path("/x/r.json", "json") == "/x/r.json"


def test_spam_is_shown_as_removed_and_reject_keeps_it(seeded):
    w = seeded
    spam = "the dating sites for Rate My Date people"
    assert spam not in w.view.right.text
    index = next(i for i, e in enumerate(w.correction.edits) if e.category.id == "injected")
    w.view.set_current(index)
    w.actions_[A.REJECT].trigger()
    assert spam in w.view.right.text


def test_window_does_not_creep_down_on_each_launch(make_window, fake_library, qtbot):
    w = make_window(fake_library, persist=True)
    w.setGeometry(QRect(100, 120, 900, 600))
    w.save_state()
    for _ in range(3):
        again = make_window(fake_library, persist=True)
        again.setGeometry(again.geometry())  # as shown after restore
        assert again.geometry().topLeft() == w.geometry().topLeft()
        again.save_state()


def test_screenshot_size_ignores_the_last_session(make_window, fake_library, tmp_path):
    from reader.ui.app import run_gui

    small = make_window(fake_library, persist=True)
    small.setGeometry(QRect(0, 0, 533, 335))
    small.save_state()
    out = tmp_path / "shot.png"
    assert run_gui(None, screenshot=str(out), data_dir=str(tmp_path / "lib2")) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 800)


def test_search_results_show_the_matching_words(seeded):
    w = seeded
    w.library_panel.search.setText("pipeline")
    w.refresh_library()
    item = w.library_panel.tree.topLevelItem(0)
    title, match = item.text(0).split("\n")
    assert title == TITLE and "[pipeline]" in match
    w.library_panel.search.setText("")
    w.refresh_library()
    assert "\n" not in w.library_panel.tree.topLevelItem(0).text(0)


def test_card_text_is_never_cut_at_the_bottom(seeded, qapp):
    """Before: the card was sized for its full width, the frame took a few pixels, and wrapped labels
    lost part of their last line. After: no wrapped label is shorter than its text needs."""
    from PySide6.QtWidgets import QLabel

    w = seeded
    squeezed = []
    for i, e in enumerate(w.correction.edits):
        if len(e.replacements) > 1:
            continue  # a row of candidate buttons may be wider than the card (not covered here)
        w.card.show_edit(i, e, None, QRect(100, 100, 50, 20), False)
        for label in w.card.findChildren(QLabel):
            if label.isVisibleTo(w.card) and label.wordWrap() and label.height() < label.heightForWidth(label.width()):
                squeezed.append((i, label.text()[:40]))
    w.card.hide()
    assert squeezed == []
