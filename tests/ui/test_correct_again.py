"""Correct Again (Ctrl+R) keeps the review, asks before losing any of it, and is one undo step (issue 10, case 1)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox
from ui_fakes import make_correction

import reader.engine
from reader.review import Decision, Status
from reader.ui.actions import A


def _review(w) -> None:
    w.decide(0, Decision(Status.ACCEPTED), advance=False)
    w.decide(1, Decision(Status.ACCEPTED), advance=False)
    w.decide(4, Decision(Status.REJECTED), advance=False)


def _again(w, qtbot) -> None:
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.actions_[A.CORRECT_AGAIN].trigger()


def test_correct_again_keeps_every_decision_and_undo_brings_the_old_run_back(win, fake_library, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    _review(win)
    assert "2 accepted · 1 rejected" in win.review_status.counts.text()
    old_run = win.run
    _again(win, qtbot)
    assert asked == []  # nothing would be lost: no question
    assert win.run.id != old_run.id and fake_library.latest_run(win.article.id).id == win.run.id
    assert "2 accepted · 1 rejected" in win.review_status.counts.text()
    assert (
        fake_library.decisions(win.run.id)
        == win.decisions
        == {
            0: Decision(Status.ACCEPTED),
            1: Decision(Status.ACCEPTED),
            4: Decision(Status.REJECTED),
        }
    )
    assert "kept all 3 of your decisions" in win.last_message
    assert win.undo_stack.undoText() == "Correct again"
    win.undo_action.trigger()
    assert win.run.id == old_run.id and fake_library.latest_run(win.article.id).id == old_run.id
    assert "2 accepted · 1 rejected" in win.review_status.counts.text()
    win.redo_action.trigger()
    assert win.run.id != old_run.id and len(win.decisions) == 3
    assert win.view.right.text.startswith("Spun title")


def test_correct_again_asks_before_losing_decisions(win, fake_library, qtbot, monkeypatch):
    _review(win)
    old_run = win.run
    # the engine no longer suggests "Asia" (edit 4, rejected by the user)
    monkeypatch.setattr(
        reader.engine,
        "correct",
        lambda t, options=None: replace(make_correction(t), edits=make_correction(t).edits[:4]),
    )
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _w, _t, text, *a: asked.append(text) or answers.pop(0))
    win.actions_[A.CORRECT_AGAIN].trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "1 of your decisions cannot be carried over" in asked[0] and "“Asia” (rejected)" in asked[0]
    assert win.run.id == old_run.id and fake_library.latest_run(win.article.id).id == old_run.id  # nothing stored
    assert "2 accepted · 1 rejected" in win.review_status.counts.text()
    _again(win, qtbot)
    assert len(asked) == 2 and win.run.id != old_run.id
    assert win.decisions == {0: Decision(Status.ACCEPTED), 1: Decision(Status.ACCEPTED)}
    assert "kept 2 of your 3 decisions" in win.last_message and "“Asia” (rejected)" in win.last_message
    win.undo_action.trigger()
    assert win.run.id == old_run.id and win.decisions[4] == Decision(Status.REJECTED)
    assert fake_library.latest_run(win.article.id).id == old_run.id


def test_correct_again_over_the_real_library_and_engine(make_window, tmp_path, qtbot, monkeypatch):
    from reader.paths import SEEDS
    from reader.services import Library

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    library = Library(tmp_path / "lib")
    try:
        aid = library.import_text((SEEDS / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8"), "S")
        aid = aid.article.id
        w = make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"))
        with qtbot.waitSignal(w.correction_finished, timeout=30000):
            w.show_article(aid)
        editable = [i for i, e in enumerate(w.correction.edits) if e.replacements][:3]
        w.decide(editable[0], Decision(Status.ACCEPTED), advance=False)
        w.decide(editable[1], Decision(Status.ACCEPTED), advance=False)
        w.decide(editable[2], Decision(Status.REJECTED), advance=False)
        first = w.run.id
        _again(w, qtbot)
        assert asked == [] and w.run.id != first
        assert library.decisions(w.run.id) == library.decisions(first) == w.decisions
        assert "2 accepted · 1 rejected" in w.review_status.counts.text()
        w.undo_action.trigger()
        assert library.latest_run(aid).id == first == w.run.id
    finally:
        library.close()


def test_a_damaged_library_offers_a_repaired_copy(make_window, tmp_path, qtbot, monkeypatch, library_of_150):
    import os

    from PySide6.QtWidgets import QFileDialog

    from reader.services import Library
    from reader.ui import repair_action

    data = library_of_150
    db = data / "library.sqlite3"
    raw = bytearray(db.read_bytes())
    raw[8192 : 8192 + 4096] = os.urandom(4096)
    db.write_bytes(bytes(raw))
    library = Library(data)
    try:
        assert library.damaged
        w = make_window(library, immediate=True)
        assert repair_action.install(w, Library(tmp_path / "healthy")) is None
        act = repair_action.install(w, library)
        assert w.menuBar().actions()[0].menu().actions()[0] is act
        shown = []
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
        monkeypatch.setattr(QMessageBox, "information", lambda _w, _t, text: shown.append(text))
        act.trigger()
        qtbot.waitUntil(lambda: bool(shown), timeout=20000)
        assert "Saved a repaired copy of the library (150 articles" in shown[0] and "--data-dir" in shown[0]
        assert w.repaired_to.parent.parent == tmp_path and w.repaired_to.is_file()
        assert db.read_bytes() == bytes(raw)
        with Library(w.repaired_to.parent) as fixed:
            assert len(fixed.list_articles()) == 150
    finally:
        library.close()
