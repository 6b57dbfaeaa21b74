"""Start the window: `unspin gui [FILE] [--screenshot PNG]` and the `unspin-reader` gui script."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from reader.resources import resources_root, seed_path
from reader.ui.window_state import APPLICATION, ORGANISATION

SEED = seed_path()
SCREENSHOT_TIMEOUT_MS = 50_000
SCREENSHOT_SIZE = (1280, 800)  # every picture the same size, whatever size the last session left


def _app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setDesktopFileName("unspin-reader")  # Wayland/X11 match the window to resources/unspin-reader.desktop
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def app_icon() -> QIcon:
    """The window icon: the PNG sizes and the SVG from resources/icons (an empty icon if absent)."""
    icon = QIcon()
    folder = resources_root() / "icons"
    for png in sorted(folder.glob("unspin-reader-*.png")):
        icon.addFile(str(png))
    svg = folder / "unspin-reader.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def _wait_for(window, signals, timeout_ms: int) -> bool:
    """Run the event loop until one of the signals fires (True) or the timeout passes (False)."""
    loop = QEventLoop()
    fired = []
    for sig in signals:
        sig.connect(lambda *_a: (fired.append(1), loop.quit()))
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return bool(fired)


def grab_with_card(window) -> QPixmap:
    """The window's picture with the hover card (its own top-level window) painted where it sits."""
    pix = window.grab()
    card = window.card
    if card.isVisible():
        offset = card.pos() - window.mapToGlobal(QPoint(0, 0))
        painter = QPainter(pix)
        painter.drawPixmap(offset, card.grab())
        painter.end()
    return pix


def _screenshot(window, app: QApplication, file: str | None, out: str) -> int:
    errors: list[str] = []
    window.error_shown.connect(errors.append)
    if file:
        from reader.ui.preferences import model_config

        # with a model configured, the picture shows its pass (or the banner saying why not)
        done = window.model_finished if model_config(window.settings) is not None else window.correction_finished
        waited = [done, window.error_shown]
        window.open_files([file], remember=False)
        if not _wait_for(window, waited, SCREENSHOT_TIMEOUT_MS):
            print("unspin gui: timed out waiting for the correction", file=sys.stderr)
            return 1
    app.processEvents()
    window.view.align()
    c = window.correction
    if c is not None:
        first = next((i for i, e in enumerate(c.edits) if e.applied), None)
        if first is None and c.edits:
            first = 0
        if first is not None:
            window.view.set_current(first)
            app.processEvents()
            window.show_card(first, side="right")
    for _ in range(3):
        app.processEvents()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    ok = grab_with_card(window).save(out, "PNG")
    if not ok:
        print(f"unspin gui: could not write {out}", file=sys.stderr)
    for message in errors:  # the picture shows the error banner; scripts also get a failing exit code
        print(f"unspin gui: {message}", file=sys.stderr)
    return 0 if ok and not errors else 1


def run_gui(file: str | None = None, *, screenshot: str | None = None, data_dir: str | None = None) -> int:
    """Open the window (on FILE if given). With screenshot, save a PNG once corrected and return."""
    from reader.services import Library  # the GUI imports the service layer, never the other way round
    from reader.ui import platform_check
    from reader.ui.main_window import MainWindow

    if QApplication.instance() is None:  # before Qt picks a platform plugin (and aborts if it cannot load it)
        problem = platform_check.check()
        if problem and screenshot is not None:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no display
        elif problem:
            print(f"unspin gui: {problem}", file=sys.stderr)
            return 1
    app = _app()
    try:
        library = Library(data_dir)
    except Exception as exc:  # a locked or damaged library: say so instead of a traceback
        print(f"unspin gui: {exc}", file=sys.stderr)
        return 1
    window = MainWindow(
        library,
        library_factory=lambda: Library(data_dir),
        persist=screenshot is None,
    )
    if screenshot is not None:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    window.refresh_library()
    if library.read_only_reason:  # damaged, or a read-only folder: readable, and the banner says why
        from reader.ui import repair_action

        window.show_error(f"{library.db_path}: {library.read_only_reason}")
        repair_action.install(window, library)  # File ▸ Save a Repaired Copy of the Library…
    if screenshot is None:
        if file:
            window.open_files([file])
        else:
            window.seed_if_first_run(SEED)
            last = window.library_panel.article_ids()
            if last and not file:
                window.show_article(last[0])
        code = app.exec()
    else:
        code = _screenshot(window, app, file, screenshot)
        window.close()
    window.runner.shutdown()
    window.card.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    return code


USAGE = """usage: unspin-reader [FILE]

Open the Unspin Reader window, on FILE if given (.txt, .md, .html, .pdf or .docx).
The command line, without a window: `unspin --help`."""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "-h" in args or "--help" in args:  # before: these opened the window
        print(USAGE)
        return 0
    if "--version" in args:
        from reader import __version__

        print(f"unspin-reader {__version__}")
        return 0
    file = args[0] if args and not args[0].startswith("-") else None
    return run_gui(file)


if __name__ == "__main__":
    sys.exit(main())
