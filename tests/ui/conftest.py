"""UI test fixtures: windows with fake or real pools (temporary data and settings: tests/conftest.py)."""

from __future__ import annotations

import pytest
from ui_fakes import TEXT, make_correction

import reader.engine


@pytest.fixture
def library(tmp_path):
    """A real library (SQLite file) in a temporary folder."""
    from reader.services import Library

    lib = Library(tmp_path / "lib")
    yield lib
    lib.close()


@pytest.fixture
def fake_library():
    from ui_fakes import FakeLibrary

    return FakeLibrary()


@pytest.fixture
def make_window(qtbot):
    """Build a MainWindow; at teardown close it and check no worker thread is still running."""
    from reader.ui.main_window import MainWindow
    from reader.ui.workers import ImmediatePool, TaskRunner

    made = []

    def factory(library, *, immediate: bool = True, **kw):
        runner = TaskRunner(ImmediatePool()) if immediate else None
        w = MainWindow(library, runner=runner, **kw)
        qtbot.addWidget(w)
        w.resize(1200, 700)
        w.show()
        made.append(w)
        return w

    yield factory
    for w in made:
        w.close()
        assert w.runner.shutdown(5000)
        assert w.runner.pool.activeThreadCount() == 0
        assert not w.runner.running()


# A window showing TEXT with the hand-built correction (the engine is replaced for the test).
@pytest.fixture
def article(tmp_path, monkeypatch):
    monkeypatch.setattr(reader.engine, "correct", lambda text, options=None: make_correction(text))
    p = tmp_path / "spun.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


@pytest.fixture
def win(make_window, fake_library, article, qtbot):
    w = make_window(fake_library)
    with qtbot.waitSignal(w.correction_finished, timeout=5000):
        w.open_files([str(article)])
    return w
