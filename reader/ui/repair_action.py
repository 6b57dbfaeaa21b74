"""File ▸ Save a Repaired Copy of the Library…, offered only when the library file is damaged.

The damaged file stays open read-only and is never written; the copy goes into a new folder
the user picks (reader.store.repair), made on a worker, and the window says where it went.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.ui.errors_text import message_for

TEXT = "Save a Repaired Copy of the Library…"


def install(window, library) -> QAction | None:
    """Add the action to the File menu when `library` is damaged; returns it (None when not needed)."""
    if not getattr(library, "damaged", False):
        return None
    act = QAction(TEXT, window)
    act.setToolTip("The library file is damaged: save what can still be read into a new library folder")
    act.triggered.connect(lambda _checked=False: save_repaired_copy(window, library))
    file_menu = window.menuBar().actions()[0].menu()
    file_menu.insertAction(file_menu.actions()[0], act)
    file_menu.insertSeparator(file_menu.actions()[1])
    return act


def save_repaired_copy(window, library) -> None:
    from reader.store.repair import repair

    data_dir = Path(library.data_dir).absolute()
    parent = QFileDialog.getExistingDirectory(window, "Where to put the repaired library", str(data_dir.parent))
    if not parent:
        return
    target = Path(parent) / f"{data_dir.name}-repaired-{time.strftime('%Y%m%d-%H%M%S')}"
    window.review_status.busy("Repairing")
    window.runner.submit(
        lambda _cancel, _progress: repair(data_dir, target),
        on_result=lambda report: _done(window, report),
        on_error=lambda exc: (window.review_status.idle(), window.show_error(message_for(exc))),
        name="repair",
    )


def _done(window, report) -> None:
    window.review_status.idle()
    folder = report.path.parent
    text = (
        f"Saved a repaired copy of the library ({report.summary()}) in {folder}. The damaged file is untouched.\n\n"
        f"To use the copy, start Unspin Reader with --data-dir {folder}, or move its library.sqlite3 over "
        "the damaged one when this window is closed."
    )
    window.notify(f"Saved a repaired copy of the library in {folder}", 15000)
    window.repaired_to = report.path
    QMessageBox.information(window, "Repaired copy saved", text)
