"""`run_gui(..., screenshot=...)` as the CLI calls it: a separate process on the offscreen platform."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from reader.paths import SEEDS


def test_screenshot_of_the_seed(tmp_path):
    out = tmp_path / "shot.png"
    code = (
        "import sys; from reader.ui.app import run_gui; "
        f"sys.exit(run_gui({str(SEEDS / 'xi-putin-nato-guardian-spun.txt')!r}, screenshot={str(out)!r}, "
        f"data_dir={str(tmp_path / 'lib')!r}))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(out))
    assert img.width() >= 800 and img.height() >= 500
    # both panes are there: many distinct colours (highlights), not a blank window
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 50


def test_screenshot_of_a_bad_file_shows_the_error_and_fails(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n\0\0\0 not really a pdf")
    out = tmp_path / "shot.png"
    code = (
        "import sys; from reader.ui.app import run_gui; "
        f"sys.exit(run_gui({str(bad)!r}, screenshot={str(out)!r}, data_dir={str(tmp_path / 'lib')!r}))"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "bad.pdf" in proc.stderr and "Traceback" not in proc.stderr
    assert out.exists()


def test_window_icon_and_desktop_entry(qapp):
    from reader.resources import resource_path
    from reader.ui.app import app_icon

    sizes = {s.width() for s in app_icon().availableSizes()}
    assert {16, 32, 48, 256} <= sizes
    desktop = resource_path("unspin-reader.desktop").read_text(encoding="utf-8")
    assert "Exec=unspin-reader %F" in desktop and "Icon=unspin-reader" in desktop


def test_unspin_reader_help_and_version_print_instead_of_opening_the_window(capsys, monkeypatch):
    """Before: `unspin-reader --help` (and --version) opened the window and ignored the flag."""
    from reader import __version__
    from reader.ui import app

    monkeypatch.setattr(app, "run_gui", lambda *a, **k: pytest.fail("the window was opened"))
    for flag in ("--help", "-h"):
        assert app.main([flag]) == 0
        assert capsys.readouterr().out.startswith("usage: unspin-reader [FILE]")
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out == f"unspin-reader {__version__}\n"
