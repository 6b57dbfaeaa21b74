"""Pictures of the window's newer views for docs/ (offscreen; rerun after UI changes).

    .venv/bin/python tools/screenshots.py

Writes docs/find.png (Find bar and "Change N of M"), docs/shortcuts.png (F1), docs/properties.png
(title, author, source URL), docs/library-search.png (search results with the matching words),
docs/treat-as-spun.png (a copy with no spinner signatures: the legend offers Treat as Spun).
The main picture, docs/screenshot.png, comes from `unspin gui FILE --screenshot docs/screenshot.png`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.services import Library  # noqa: E402
from reader.ui.actions import A  # noqa: E402
from reader.ui.app import SCREENSHOT_SIZE, app_icon  # noqa: E402
from reader.ui.comforts import PropertiesDialog, ShortcutsDialog  # noqa: E402
from reader.ui.main_window import MainWindow  # noqa: E402

DOCS = ROOT / "docs"
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"


def settle(app: QApplication, ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "lib")
        settings = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        w = MainWindow(lib, library_factory=lambda: Library(Path(tmp) / "lib"), settings=settings, persist=False)
        w.resize(*SCREENSHOT_SIZE)
        w.show()
        loop = QEventLoop()
        w.correction_finished.connect(lambda *_: loop.quit())
        w.open_files([str(SEED)], remember=False)
        loop.exec()
        lib.import_text(
            "Ukraine talks: what the leaders said\n\nThe pipeline to Germany was discussed in Moscow.", "", fmt="txt"
        )
        w.refresh_library()
        settle(app)

        for _ in range(12):
            w.actions_[A.NEXT].trigger()
        w.view.left.setFocus()
        w.actions_[A.FIND].trigger()
        w.find_bar.edit.setText("pipeline")
        w.find(forward=True)
        settle(app)
        w.grab().save(str(DOCS / "find.png"))
        w.find_bar.close_bar()

        w.library_panel.search.setText("pipeline")
        w.refresh_library()
        settle(app)
        w.grab().save(str(DOCS / "library-search.png"))
        w.library_panel.search.setText("")
        w.refresh_library()

        d = ShortcutsDialog(w.shortcut_rows(), w)
        d.show()
        settle(app)
        d.grab().save(str(DOCS / "shortcuts.png"))
        d.close()

        lib.edit(w.article.id, author="Vincent Ni", url="https://www.theguardian.com/world/2022/feb/04/")
        p = PropertiesDialog(lib.article(w.article.id), w)
        p.show()
        settle(app)
        p.grab().save(str(DOCS / "properties.png"))
        p.close()

        # A copy from a spinner that leaves no signatures (text written for this picture).
        quiet = Path(tmp) / "library-reopens.txt"
        quiet.write_text(
            "Local Library Reopens After Two-Year Repair\n\n"
            "The town collection reopened its doors on Monday after a two-year overhaul that was actually paid "
            "for by residents. Our company wished to thank every contributor, the manager stated, as well as the "
            "volunteers who carried crates of publications across the road.\n",
            encoding="utf-8",
        )
        loop = QEventLoop()
        w.correction_finished.connect(lambda *_: loop.quit())
        w.open_files([str(quiet)], remember=False)
        loop.exec()
        settle(app)
        w.grab().save(str(DOCS / "treat-as-spun.png"))

        w.close()
        w.runner.shutdown()
        lib.close()
    for name in ("find", "library-search", "shortcuts", "properties", "treat-as-spun"):
        print(DOCS / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
