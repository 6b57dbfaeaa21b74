"""The window over the real library, the real engine and real worker threads."""

from __future__ import annotations

import time

import pytest

import reader.engine
from reader.engine.model import Cancelled
from reader.paths import SEEDS
from reader.review import Decision, Status
from reader.services import Library
from reader.ui.actions import A

SEED = SEEDS / "xi-putin-nato-guardian-spun.txt"


def _real_window(make_window, library, tmp_path):
    return make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"))


def test_open_the_seed_with_the_real_engine(make_window, library, tmp_path, qtbot):
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.open_files([str(SEED)])
    c = w.correction
    assert c.text == library.article(w.article.id).text
    # as many highlights as the engine's own edit list says, flag-only edits on the left only
    assert w.view.left.highlight_count() == len(c.edits)
    assert w.view.right.highlight_count() == sum(1 for e in c.edits if e.replacements)
    assert w.view.right.text == c.corrected
    assert library.latest_run(w.article.id) is not None


def test_the_import_message_names_the_corrected_title_the_library_shows(make_window, library, tmp_path, qtbot):
    """Before: the status bar said "Imported “Xi and you can Putin desire Nato…”" (the spun title, read
    before the correction ran) while the library list already said "Xi and Putin urge Nato…"."""
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.open_files([str(SEED)])
    title = library.summary(w.article.id).title
    assert not title.startswith("Xi and you can")
    assert w.last_message.startswith(f"Imported “{title[:20]}")
    assert w.statusBar().currentMessage().startswith("Imported “Xi and Putin")


def test_a_text_in_another_language_is_not_called_clean(make_window, library, tmp_path, qtbot):
    """Before: a Spanish article showed only "No spinning found", as a clean English one does."""
    es = tmp_path / "es.txt"
    es.write_text(
        "Hola amigos\n\nEsto es un artículo en español sobre la economía y la política del país, "
        "que no tiene nada que ver con el inglés.\n",
        encoding="utf-8",
    )
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.open_files([str(es)])
    assert not w.correction.edits
    assert "another language (es)" in w.last_message
    assert "another language" in w.statusBar().currentMessage()


def test_decisions_are_stored_in_the_library(make_window, library, tmp_path, qtbot):
    text = SEED.read_text(encoding="utf-8")
    aid = library.import_text(text, "Seed").article.id
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.show_article(aid)
    editable = [i for i, e in enumerate(w.correction.edits) if e.replacements]
    if not editable:
        pytest.skip("the engine found nothing to replace in the seed")
    i = editable[0]
    w.decide(i, Decision(Status.REJECTED))
    assert library.decisions(w.run.id)[i] == Decision(Status.REJECTED)
    sp = w.view.right.span(i)
    assert w.view.right.text[sp.start : sp.end] == w.correction.edits[i].original_text  # spun words back
    w.undo_action.trigger()
    assert i not in library.decisions(w.run.id)


def _slow_engine(started):
    def correct(text, options=None):
        started.append(time.monotonic())
        for _ in range(2000):  # about 20 s unless cancelled
            if options and options.cancel and options.cancel():
                raise Cancelled()
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    return correct


def test_cancel_stops_the_worker(make_window, library, tmp_path, qtbot, monkeypatch):
    started: list[float] = []
    monkeypatch.setattr(reader.engine, "correct", _slow_engine(started))
    aid = library.import_text("Some text and you can read.", "Slow").article.id
    w = _real_window(make_window, library, tmp_path)
    finished = []
    w.correction_finished.connect(finished.append)
    w.show_article(aid)
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    assert w.actions_[A.CANCEL].isEnabled()
    w.cancel_correction()
    qtbot.waitUntil(lambda: not w.runner.running(), timeout=5000)
    assert not finished
    assert "stopped" in w.view.right.text


def test_switching_articles_cancels_and_drops_the_stale_result(make_window, library, tmp_path, qtbot, monkeypatch):
    started: list[float] = []
    slow = _slow_engine(started)
    real = reader.engine.correct
    monkeypatch.setattr(
        reader.engine,
        "correct",
        lambda text, options=None: slow(text, options) if "slow" in text else real(text, options),
    )
    a = library.import_text("This one is slow and you can wait.", "A").article.id
    b = library.import_text("This one is quick and you can read it.", "B").article.id
    w = _real_window(make_window, library, tmp_path)
    w.show_article(a)
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    job = w._correct_job
    with qtbot.waitSignal(w.correction_finished, timeout=30000) as sig:
        w.show_article(b)
    assert sig.args == [b]
    assert job.cancel()
    qtbot.waitUntil(lambda: not w.runner.running(), timeout=5000)
    assert w.article.id == b and "quick" in w.view.left.text


def test_first_run_gets_the_seed(make_window, library, tmp_path, qtbot):
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.seed_if_first_run(SEED)
    assert len(library.list_articles()) == 1
    w.remove_articles(w.library_panel.article_ids(), confirm=False)
    w.seed_if_first_run(SEED)  # not again once the user has removed it
    assert library.list_articles() == []


def test_save_cleaned_copy_and_report_with_the_real_exporters(make_window, library, tmp_path, qtbot):
    import json

    text = SEED.read_text(encoding="utf-8")
    aid = library.import_text(text, "Seed", source_path=str(SEED)).article.id
    w = _real_window(make_window, library, tmp_path)
    with qtbot.waitSignal(w.correction_finished, timeout=30000):
        w.show_article(aid)
    editable = [i for i, e in enumerate(w.correction.edits) if e.replacements]
    if editable:
        w.decide(editable[0], Decision(Status.REJECTED))
    out = tmp_path / "out" / "clean.txt"
    out.parent.mkdir()
    w.export(str(out), "txt")
    qtbot.waitUntil(lambda: out.exists() and not w.runner.running(), timeout=10000)
    assert out.read_text(encoding="utf-8").strip() == w.view.right.text.strip()
    report = tmp_path / "out" / "review.json"
    w.export(str(report), "report-json")
    qtbot.waitUntil(lambda: report.exists() and not w.runner.running(), timeout=10000)
    assert len(json.loads(report.read_text(encoding="utf-8"))["edits"]) == len(w.correction.edits)
    assert SEED.read_text(encoding="utf-8") == text  # the original is never touched


def test_library_search_uses_full_text_search(make_window, library, tmp_path, qtbot):
    library.import_text("Beijing and Moscow signed a statement.", "First")
    library.import_text("A recipe for lemon cake.", "Second")
    w = _real_window(make_window, library, tmp_path)
    w.refresh_library()
    assert len(w.library_panel.article_ids()) == 2
    w.library_panel.search.setText("lemon")
    qtbot.waitUntil(lambda: len(w.library_panel.article_ids()) == 1, timeout=3000)
    assert w.library_panel.tree.topLevelItem(0).text(0) == "Second\nA recipe for [lemon] cake."  # with the match
    w.library_panel.search.clear()
    qtbot.waitUntil(lambda: len(w.library_panel.article_ids()) == 2, timeout=3000)
    w.library_panel.sort.setCurrentIndex(w.library_panel.sort.findData("title"))
    assert [w.library_panel.tree.topLevelItem(i).text(0) for i in range(2)] == ["First", "Second"]
