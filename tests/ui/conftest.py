"""UI test fixtures: a temporary data dir and settings for every test, windows with fake or real pools."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No test reads or writes the user's library or settings."""
    monkeypatch.setenv("UNSPIN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNSPIN_CONFIG_DIR", str(tmp_path / "config"))
    yield


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
