"""The window with a source: attach, compare (differences by family, the engine's score), learn, lexicon dialog."""

from __future__ import annotations

import pytest

from reader.services import Library
from reader.ui.actions import A

SOURCE = "The leaders met in Paris on Monday and agreed to raise the budget by 3% next year."
SPUN = "The frontrunners met in Paris on Monday and you can agreed to raise the budget by 4% next year."


@pytest.fixture
def shown(make_window, library, tmp_path, qtbot):
    aid = library.import_text(SPUN, "Budget talks").article.id
    w = make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"))
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.show_article(aid)
    return w, aid


def test_compare_with_a_pasted_original_then_learn(shown, library, qtbot):
    w, aid = shown
    assert w.actions_[A.COMPARE_SOURCE].isEnabled()
    w.attach_source(text=SOURCE)
    dlg = w.compare_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=3000)
    assert dlg.table.rowCount() == 3
    rows = {dlg.table.item(r, 0).text(): dlg.table.item(r, 2).text() for r in range(3)}
    assert rows == {"frontrunners": "synonym", "you can": "padding", "4": "number"}
    assert "3 differences" in dlg.summary.text() and "The engine undid" in dlg.summary.text()
    dlg.learn_button.click()
    assert library.learned() and "new rows in your lexicon" in dlg.learned_label.text()
    dlg.learn_button.click()
    assert dlg.learned_label.text() == "Nothing new to learn here."


def test_compare_with_a_file(shown, library, tmp_path, qtbot):
    w, aid = shown
    f = tmp_path / "original.txt"
    f.write_text(SOURCE, encoding="utf-8")
    w.attach_source(path=str(f))
    qtbot.waitUntil(w.compare_dialog.isVisible, timeout=3000)
    assert library.source(aid).path == str(f)


def test_a_missing_file_is_an_error_not_a_dialog(shown, tmp_path, monkeypatch):
    w, _ = shown
    shown_errors = []
    monkeypatch.setattr(w, "show_error", shown_errors.append)
    w.attach_source(path=str(tmp_path / "nope.txt"))
    assert shown_errors and "nope.txt" in shown_errors[0]
    assert getattr(w, "compare_dialog", None) is None


def test_the_lexicon_dialog_lists_removes_exports_and_imports(shown, library, tmp_path, qtbot):
    w, aid = shown
    library.attach_source(aid, SOURCE)
    learned = library.learn(aid)
    w.show_lexicon()
    dlg = w.lexicon_dialog
    qtbot.waitUntil(dlg.isVisible, timeout=3000)
    assert dlg.table.rowCount() == len(learned)
    path = tmp_path / "mine.tsv"
    dlg.export_requested.emit(str(path))
    assert path.exists()
    dlg.table.selectRow(0)
    dlg.remove_button.click()
    assert dlg.table.rowCount() == len(learned) - 1 == len(library.learned())
    dlg.import_requested.emit(str(path))
    assert dlg.table.rowCount() == len(learned)
