"""UI test fixtures: windows with fake or real pools (temporary data and settings: tests/conftest.py)."""

from __future__ import annotations

import pytest


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
