"""A plain desktop without the X11 helper libraries gets one line naming the packages, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

from reader.ui import platform_check as pc


def test_missing_libraries_become_the_apt_and_dnf_line():
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    line = pc.check({"DISPLAY": ":0"}, load=lambda so: so not in absent)
    assert line is not None and "\n" not in line
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in line
    assert "sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm" in line


def test_no_check_when_qt_will_not_use_xcb():
    never = lambda so: False  # noqa: E731
    assert pc.check({"QT_QPA_PLATFORM": "offscreen"}, load=never) is None
    assert pc.check({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, load=never) is None
    assert pc.uses_xcb({"QT_QPA_PLATFORM": "xcb"}) and not pc.uses_xcb({}, platform="darwin")
    assert pc.check({"DISPLAY": ":0"}, load=lambda so: True) is None
    assert "no display" in pc.check({}, load=lambda so: True)


def test_unspin_gui_prints_the_line_instead_of_aborting(tmp_path):
    """Real libraries of this machine: when any is missing, the command says so and exits 1."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":97"  # no X server there: with every library present Qt's own error is expected
    env["UNSPIN_DATA_DIR"] = str(tmp_path / "lib")
    expected = pc.check(env)
    r = subprocess.run(
        [sys.executable, "-m", "reader.cli", "gui"], env=env, capture_output=True, text=True, timeout=120
    )
    if expected is None:  # a complete desktop install: Qt fails to connect to :97 instead
        assert r.returncode != 0
        return
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [f"unspin gui: {expected}"]
    assert "Could not load the Qt platform plugin" not in r.stderr
