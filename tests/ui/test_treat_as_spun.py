"""File ▸ Treat as Spun: a clean-looking article corrected as spun (the real engine, a real library), kept with
the article, and turned off again."""

from __future__ import annotations

from pathlib import Path

from reader.ui.actions import A

CLEAN = Path(__file__).resolve().parents[2] / "bench" / "corpus" / "news" / "climate-talks-deal.txt"


def _toggle(w, qtbot) -> None:
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        w.actions_[A.TREAT_AS_SPUN].trigger()


def test_treat_as_spun_corrects_again_and_is_kept_with_the_article(make_window, library, qtbot, tmp_path):
    w = make_window(library)
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        w.open_files([str(CLEAN)])
    action = w.actions_[A.TREAT_AS_SPUN]
    assert action.isEnabled() and not action.isChecked()
    assert w.correction.edits == ()  # clean prose: the gate stays shut
    _toggle(w, qtbot)
    assert action.isChecked() and w.correction.spinner_kind == "other"
    assert w.review_status.spin.text() == "Spin score 0% · treated as spun"
    told = len(w.correction.edits)
    assert told > 0 and library.article(w.article.id).metadata.get("assume_spun") is True
    w.correct_again()  # Correct Again keeps the choice
    qtbot.waitUntil(lambda: w._correct_job is None, timeout=20000)
    assert len(w.correction.edits) == told and action.isChecked()
    w.undo_action.trigger()  # undo of Correct Again: still spun (it was before that step)
    assert action.isChecked() and len(w.correction.edits) == told
    w.undo_action.trigger()  # undo of Treat as Spun: the engine's own judgement and the flag go back
    assert not action.isChecked() and w.correction.edits == ()
    assert not library.article(w.article.id).metadata.get("assume_spun")
    w.redo_action.trigger()
    assert action.isChecked() and len(w.correction.edits) == told
    assert library.article(w.article.id).metadata.get("assume_spun") is True
    _toggle(w, qtbot)  # off: the engine judges again
    assert not action.isChecked() and w.correction.edits == ()
    assert w.review_status.spin.text() == "Spin score 0%"
    assert not library.article(w.article.id).metadata.get("assume_spun")


def test_the_legend_offers_treat_as_spun_when_no_signature_opened_the_gate(make_window, library, qtbot):
    from reader.paths import SEEDS

    w = make_window(library)
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        w.open_files([str(CLEAN)])
    assert "Treat as Spun" in w.view.legend.hint() and "Treat as Spun" in w.view.legend.text()
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        w.view.legend.linkActivated.emit("treat-as-spun")  # the reader clicks the link
    assert w.actions_[A.TREAT_AS_SPUN].isChecked() and w.correction.edits
    assert w.view.legend.hint() == ""
    w.undo_action.trigger()  # back to the engine's own judgement: the offer is back too
    assert w.view.legend.hint() != ""
    with qtbot.waitSignal(w.correction_finished, timeout=20000):
        w.open_files([str(SEEDS / "xi-putin-nato-guardian-spun.txt")])
    assert w.correction.spin_score > 0.5 and w.view.legend.hint() == ""  # its spinner's signatures opened the gate
