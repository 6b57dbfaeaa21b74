"""Before Qt starts on Linux: name the system packages a plain desktop lacks, in one line.

PySide6's wheel carries Qt but not the X11 helper libraries its xcb platform plugin links
against; without them Qt aborts with "Could not load the Qt platform plugin xcb" and a core
dump. This module loads the same libraries first (with ctypes, as the plugin would) and turns
the missing ones into the apt/dnf line that fixes it. Imports nothing from Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

# soname -> (Debian/Ubuntu package, Fedora package), from `ldd libQt6XcbQpa.so.6` (Qt 6.6-6.11)
XCB_LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(env: dict[str, str] | None = None, platform: str = sys.platform) -> bool:
    """Will Qt pick its X11 (xcb) plugin? Not on Windows/macOS, not offscreen, not a Wayland session."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not env.get("WAYLAND_DISPLAY")  # Qt 6 tries Wayland first when a Wayland display is there


def missing_libraries(load: Callable[[str], bool] = _loads) -> list[str]:
    return [so for so in XCB_LIBRARIES if not load(so)]


def fix_line(missing: list[str]) -> str:
    """One line: what is missing and the apt / dnf command that installs it."""
    debian = sorted({XCB_LIBRARIES[so][0] for so in missing})
    fedora = sorted({XCB_LIBRARIES[so][1] for so in missing})
    return (
        f"the window needs X11 libraries this system lacks ({', '.join(missing)}); install them with "
        f"`sudo apt install {' '.join(debian)}` (Debian/Ubuntu) or `sudo dnf install {' '.join(fedora)}` (Fedora)"
    )


def check(env: dict[str, str] | None = None, load: Callable[[str], bool] = _loads) -> str | None:
    """None when Qt can start here, else the one line to print instead of Qt's abort."""
    env = dict(os.environ) if env is None else env
    if not uses_xcb(env):
        return None
    missing = missing_libraries(load)
    if missing:
        return fix_line(missing)
    if not env.get("DISPLAY"):
        return "no display to open the window on (run it from a desktop session; --screenshot works anywhere)"
    return None


if __name__ == "__main__":  # `make run` asks first: python -m reader.ui.platform_check
    problem = check()
    if problem:
        print(f"unspin gui: {problem}", file=sys.stderr)
    sys.exit(1 if problem else 0)
