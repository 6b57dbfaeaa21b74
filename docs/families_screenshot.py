"""Make docs/families-and-source.png: a family of three copies in the library, one compared with its original.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/families_screenshot.py

Three spins of one bench/corpus article (the synthetic spinner, three seeds: three "sites")
and two other articles go into a temporary library; the first copy is corrected with its
two siblings as evidence, its original is attached, and the comparison dialog is drawn
over the window.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bench.spinner import spin  # noqa: E402
from reader.services import Library  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
OUT = ROOT / "docs" / "families-and-source.png"


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    from reader.ui.main_window import MainWindow
    from reader.ui.workers import ImmediatePool, TaskRunner

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "lib")
        source = (CORPUS / "news" / "central-bank-inflation.txt").read_text(encoding="utf-8")
        first = None
        for n, site in enumerate(("dailyfinance-hub", "ratesnews24", "moneyblog-today"), 1):
            aid = lib.import_text(spin(source, seed=n).text, f"Bank of England holds rates ({site})").article.id
            first = first or aid
        for name, title in (("china-india-border-talks", "China and India agree new patrols"),):
            lib.import_text(spin((CORPUS / "news" / f"{name}.txt").read_text(encoding="utf-8"), seed=4).text, title)
        lib.import_text(
            spin((CORPUS / "lifestyle" / "sourdough-for-beginners.txt").read_text(encoding="utf-8"), seed=5).text,
            "Sourdough for beginners",
        )
        w = MainWindow(lib, runner=TaskRunner(ImmediatePool()), persist=False)
        w.resize(1400, 860)
        w.show()
        w.refresh_library()
        w.show_article(first)
        for _ in range(5):
            app.processEvents()
        w.attach_source(text=source)
        dlg = w.compare_dialog
        dlg.resize(760, 470)
        for _ in range(5):
            app.processEvents()
        pix = w.grab()
        painter = QPainter(pix)
        painter.drawPixmap(QPoint(pix.width() - dlg.width() - 24, pix.height() - dlg.height() - 40), dlg.grab())
        painter.end()
        ok = pix.save(str(OUT), "PNG")
        w.close()
        lib.close()
    print(OUT if ok else f"could not write {OUT}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
