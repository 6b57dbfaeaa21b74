"""The window with a local model: Preferences, the status bar, progress, errors and cancel (real server on 127.0.0.1)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fake_openai import FakeServer, Reply  # noqa: E402
from reader.services import Library  # noqa: E402
from reader.ui.actions import A  # noqa: E402
from reader.ui.preferences import KEY_NAME, KEY_REMOTE, KEY_URL, PreferencesDialog, model_config  # noqa: E402

SPUN = "The minister slammed the plan on Tuesday and said it was a mistake.\n\nCritics say the scheme will cost jobs."
SOURCE_P1 = "The minister criticised the plan on Tuesday and said it was a mistake."


@pytest.fixture
def server():
    with FakeServer(lambda s, u: SOURCE_P1 if "minister" in u else u, models=("tiny",)) as srv:
        yield srv


def _window(make_window, library, tmp_path, **kw):
    return make_window(library, immediate=False, library_factory=lambda: Library(tmp_path / "lib"), **kw)


def test_preferences_test_button_and_remote_warning(make_window, library, tmp_path, qtbot, server):
    w = _window(make_window, library, tmp_path)
    assert not w.model_label.isVisible()  # no model: the status bar says nothing about one
    w.actions_[A.PREFERENCES].trigger()
    dlg: PreferencesDialog = w.preferences_dialog
    qtbot.waitExposed(dlg)
    dlg.url.setText("http://192.0.2.9:8080/v1")
    assert not dlg.warning.isVisible()
    with qtbot.waitSignal(dlg.test_finished, timeout=5000) as sig:
        dlg.test_button.click()
    assert sig.args[0] is False and "not this computer" in dlg.result.text()
    dlg.remote.setChecked(True)
    assert dlg.warning.isVisible() and "sent to that computer" in dlg.warning.text()
    dlg.remote.setChecked(False)
    dlg.url.setText(server.url)
    dlg.name.setText("tiny")
    with qtbot.waitSignal(dlg.test_finished, timeout=10000) as sig:
        dlg.test_button.click()
    assert sig.args[0] is True and "answers: model tiny" in dlg.result.text()
    dlg.accept()
    assert w.settings.value(KEY_URL) == server.url and w.settings.value(KEY_NAME) == "tiny"
    assert w.model_label.isVisible() and w.model_label.text() == "Model: tiny"
    assert model_config(w.settings).endpoint == server.url + "/chat/completions"


def test_correction_asks_the_model_and_caches_its_answers(make_window, library, tmp_path, qtbot, server):
    aid = library.import_text(SPUN, "Spun").article.id
    w = _window(make_window, library, tmp_path)
    w.settings.setValue(KEY_URL, server.url)
    w.settings.setValue(KEY_NAME, "tiny")
    w._show_model()
    seen = []
    w.review_status.progress.valueChanged.connect(lambda v: seen.append(w.review_status.progress.format()))
    with qtbot.waitSignal(w.model_finished, timeout=30000):
        w.show_article(aid)
    assert "criticised" in w.correction.corrected
    assert any(e.rule_id.startswith("model.") for e in w.correction.edits)
    assert "Model tiny: 2 paragraphs" in w.last_message
    assert any(f.startswith("Model: paragraph") for f in seen)
    i = next(i for i, e in enumerate(w.correction.edits) if e.rule_id.startswith("model.") and e.applied)
    w.show_card(i, side="right")
    assert "applied from the local model" in w.card.meta.text()
    asked = len(server.requests)
    with qtbot.waitSignal(w.model_finished, timeout=30000):
        w.actions_[A.CORRECT_AGAIN].trigger()
    assert len(server.requests) == asked  # from the library's cache
    assert "2 from the cache" in w.last_message


def test_a_server_that_is_down_shows_a_banner_and_the_engine_result(make_window, library, tmp_path, qtbot):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    aid = library.import_text(SPUN, "Spun").article.id
    w = _window(make_window, library, tmp_path)
    w.settings.setValue(KEY_URL, f"http://127.0.0.1:{port}/v1")
    with qtbot.waitSignal(w.model_finished, timeout=30000):
        w.show_article(aid)
    assert "connection refused" in w.banner.text() and "the engine's result is shown" in w.banner.text()
    assert not any(e.rule_id.startswith("model.") for e in w.correction.edits)


def test_a_remote_server_without_permission_is_not_used(make_window, library, tmp_path, qtbot):
    w = _window(make_window, library, tmp_path)
    w.settings.setValue(KEY_URL, "http://192.0.2.9:8080/v1")
    w.settings.setValue(KEY_REMOTE, False)
    w._show_model()
    assert w.model_label.text() == "Model: not used" and "not this computer" in w.model_label.toolTip()
    assert model_config(w.settings) is None


def test_cancel_from_the_window_stops_a_waiting_request(make_window, library, tmp_path, qtbot):
    with FakeServer(lambda s, u: Reply(u, delay=20)) as srv:
        aid = library.import_text(SPUN, "Spun").article.id
        w = _window(make_window, library, tmp_path)
        w.settings.setValue(KEY_URL, srv.url)
        finished = []
        w.model_finished.connect(finished.append)
        with qtbot.waitSignal(w.correction_finished, timeout=30000):
            w.show_article(aid)
        engine_run = w.run
        qtbot.waitUntil(lambda: bool(srv.requests), timeout=20000)
        assert w.actions_[A.CANCEL].isEnabled() and w.review_status.progress.isVisible()
        t = time.monotonic()
        w.actions_[A.CANCEL].trigger()
        qtbot.waitUntil(lambda: not w.runner.running(), timeout=3000)
        assert time.monotonic() - t < 2
        assert not finished and not w.review_status.progress.isVisible()
        assert w.run is engine_run and w.view.right.text == engine_run.correction.corrected  # the engine's result stays
        assert library.latest_run(aid).id == engine_run.id  # nothing half-done was stored


def test_the_engine_result_is_reviewable_while_the_model_works(make_window, library, tmp_path, qtbot):
    from reader.review import Decision, Status

    text = (
        "Xi and you can Putin desire Nato so you\u2019re able to exclude expansion.\n\nThe minister slammed the plan."
    )
    restored = {"The minister slammed the plan.": "The minister criticised the plan."}
    with FakeServer(lambda s, u: Reply(restored.get(u, u), delay=1.0)) as srv:
        aid = library.import_text(text, "Spun").article.id
        w = _window(make_window, library, tmp_path)
        w.settings.setValue(KEY_URL, srv.url)
        with qtbot.waitSignal(w.correction_finished, timeout=30000):
            w.show_article(aid)
        engine_edits = w.correction.edits
        assert engine_edits and not any(e.rule_id.startswith("model.") for e in engine_edits)
        w.decide(0, Decision(Status.REJECTED))  # decided before the model answers
        with qtbot.waitSignal(w.model_finished, timeout=30000):
            pass
    assert any(e.rule_id.startswith("model.") for e in w.correction.edits)
    j = next(i for i, e in enumerate(w.correction.edits) if e.offset == engine_edits[0].offset)
    assert w.decisions == {j: Decision(Status.REJECTED)}
    assert library.decisions(w.run.id) == {j: Decision(Status.REJECTED)}
