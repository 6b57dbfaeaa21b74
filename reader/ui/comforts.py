"""The reviewer's comforts: change N of M, Find, first/last change, the shortcuts list, article
properties (title, author, source URL), exporting several articles, an article from the clipboard.

A mixin of MainWindow (like review_actions and file_actions), plus the small dialogs it opens.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.actions import MENUS, SPECS, A
from reader.ui.errors_text import message_for, short_title

EXPORT_CHOICES = {
    "Cleaned copies, plain text (.txt)": ("txt", ".txt"),
    "Cleaned copies, Markdown (.md)": ("md", ".md"),
    "Cleaned copies, HTML (.html)": ("html", ".html"),
    "Review reports, HTML (.html)": ("report-html", ".html"),
    "Review reports, JSON (.json)": ("report-json", ".json"),
}
TEXT_KEYS = [  # keys that act while the text has the keyboard (QShortcuts on the view, not menu actions)
    ("Enter", "Accept the current change"),
    ("Delete / Backspace", "Reject the current change"),
    ("Space", "Explain the current change (its card)"),
    ("1 – 9", "Pick that candidate of the current change"),
    ("Esc", "Close the card or the find bar; stop a running correction"),
    ("Enter / Shift+Enter in Find", "Next / previous match"),
]


def safe_name(title: str, limit: int = 80) -> str:
    """A file name from a title: no path separators or characters Windows refuses."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title)
    name = " ".join(name.split()).strip(" .")[:limit].rstrip(" .")
    return name or "article"


class FindBar(QWidget):
    """Find in the article: type, Enter for the next match, Shift+Enter for the previous, Esc to close."""

    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in the article…")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel("")
        self.prev_button = QPushButton("Previous")
        self.next_button = QPushButton("Next")
        close = QPushButton("Close")
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(QLabel("Find:"))
        h.addWidget(self.edit, 1)
        h.addWidget(self.count)
        h.addWidget(self.prev_button)
        h.addWidget(self.next_button)
        h.addWidget(close)
        close.clicked.connect(self.close_bar)
        self.hide()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            (self.prev_button if back else self.next_button).click()
            return
        super().keyPressEvent(event)

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()


class PropertiesDialog(QDialog):
    """Title, author and source URL of one article; the spun title is shown for reference."""

    def __init__(self, record, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article Properties")
        meta = record.metadata or {}
        self.title_edit = QLineEdit(record.title)
        self.author_edit = QLineEdit(meta.get("author", ""))
        self.url_edit = QLineEdit(meta.get("source_url", ""))
        self.url_edit.setPlaceholderText("https://…")
        form = QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Author:", self.author_edit)
        form.addRow("Source &URL:", self.url_edit)
        spun = meta.get("spun_title")
        if spun and spun != record.title:
            label = QLabel(spun)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("Spun title:", label)
        form.addRow("File:", QLabel(record.source_path or "–"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def values(self) -> dict[str, str]:
        return {"title": self.title_edit.text(), "author": self.author_edit.text(), "url": self.url_edit.text()}


def _key_names(seqs) -> list[str]:
    """Keys a person can press: Qt's standard bindings also list media keys ("Open", "Help", "Zoom In")."""
    names = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in seqs]
    return [k for k in names if "+" in k or re.fullmatch(r"F\d+|Esc|Del|Delete|Backspace|Return|Enter|[-=+]", k)]


def shortcuts_table(actions, extra: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every menu command with keys, then the keys that act in the text."""
    rows: list[tuple[str, str, str]] = []
    for title, items in MENUS:
        menu = title.replace("&", "")
        for item in items:
            if isinstance(item, A):
                act = actions[item]
                keys = ", ".join(k for k in _key_names(act.shortcuts()))
                if keys:
                    rows.append((menu, SPECS[item].text.replace("&", "").rstrip("…"), keys))
    rows += [("Edit", name, keys) for name, keys in extra]
    rows += [("In the text", what, keys) for keys, what in TEXT_KEYS]
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))
        head = table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(table)
        v.addWidget(buttons)
        self.resize(640, 560)


class ComfortsMixin:
    # ---- change N of M -------------------------------------------------------------------------------
    def position_text(self) -> str:
        """'Change 12 of 301' (among the changes shown); empty with none current (the counts beside it say how many)."""
        if self.correction is None:
            return ""
        shown = self.view.visible_indices()
        if not shown:
            return "No changes"
        i = self.view.current
        if i is None:
            return ""
        import bisect

        k = bisect.bisect_left(shown, i)  # `i in shown` walked 60,000 edits after every decision
        if k == len(shown) or shown[k] != i:
            return ""
        return f"Change {k + 1} of {len(shown)}"

    def _update_position(self) -> None:
        self.position_label.setText(self.position_text())

    # ---- first / last --------------------------------------------------------------------------------
    def first_change(self) -> None:
        self._jump_to_end(first=True)

    def last_change(self) -> None:
        self._jump_to_end(first=False)

    def _jump_to_end(self, first: bool) -> None:
        shown = self.view.visible_indices() if self.correction is not None else []
        if not shown:
            return
        self.card.hide()
        self.view.set_current(shown[0] if first else shown[-1])
        if QApplication.focusWidget() is None or not self.view.isAncestorOf(QApplication.focusWidget()):
            self.view.left.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- find ----------------------------------------------------------------------------------------
    def _setup_find(self) -> None:
        bar = self.find_bar
        bar.next_button.clicked.connect(lambda: self.find(forward=True))
        bar.prev_button.clicked.connect(lambda: self.find(forward=False))
        bar.edit.textChanged.connect(lambda _t: self.find(forward=True, from_start=True))
        bar.closed.connect(lambda: self.view.left.setFocus(Qt.FocusReason.OtherFocusReason))

    def open_find(self) -> None:
        cursor = self._find_pane().textCursor()
        if cursor.hasSelection():
            self.find_bar.edit.setText(cursor.selectedText())
        self.find_bar.show()
        self.find_bar.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_bar.edit.selectAll()

    def _find_pane(self):
        return self.view.right if self.view.right.hasFocus() else self.view.left

    def find(self, forward: bool = True, from_start: bool = False) -> bool:
        """Select the next (or previous) match in the pane being read, wrapping around; count all matches."""
        needle = self.find_bar.edit.text()
        pane = self._find_pane()
        if not needle:
            self.find_bar.count.setText("")
            return False
        total = pane.text.casefold().count(needle.casefold())
        if total == 0:
            self.find_bar.count.setText("No match")
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        if from_start:
            cursor = pane.textCursor()
            cursor.setPosition(min(cursor.selectionStart(), cursor.position()))
            pane.setTextCursor(cursor)
        if not pane.find(needle, flags):  # wrap around
            cursor = pane.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start if forward else cursor.MoveOperation.End)
            pane.setTextCursor(cursor)
            pane.find(needle, flags)
        before = pane.text[: self._code_points(pane, pane.textCursor().selectionStart())]
        n = before.casefold().count(needle.casefold()) + 1
        self.find_bar.count.setText(f"{n} of {total}")
        pane.ensureCursorVisible()
        return True

    @staticmethod
    def _code_points(pane, utf16_pos: int) -> int:
        return len(pane.toPlainText()[:utf16_pos].encode("utf-16-le").decode("utf-16-le", "surrogatepass"))

    def find_next(self, forward: bool) -> None:
        if not self.find_bar.edit.text():
            self.open_find()
            return
        self.find_bar.show()
        self.find(forward=forward)

    # ---- shortcuts -----------------------------------------------------------------------------------
    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        extra = [("Undo", ", ".join(_key_names(self.undo_action.shortcuts())))]
        extra.append(("Redo", ", ".join(_key_names(self.redo_action.shortcuts()))))
        return shortcuts_table(self.actions_, extra)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows(), self).exec()

    # ---- properties ----------------------------------------------------------------------------------
    def edit_properties(self, values: dict[str, str] | None = None) -> None:
        """Edit title, author and URL (a dialog, or the given values: tests and scripts)."""
        if self.article is None:
            return
        if values is None:
            dialog = PropertiesDialog(self.article, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        title = values.get("title")
        try:
            self.article = self.library.edit(
                self.article.id,
                title=title if title is not None and title.strip() != self.article.title else None,
                author=values.get("author"),
                url=values.get("url"),
            )
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.setWindowTitle(f"{self.article.title} — Unspin Reader")
        self.refresh_library()
        self.notify(f"Saved the properties of “{short_title(self.article.title)}”", 5000)

    # ---- several articles at once --------------------------------------------------------------------
    def export_selected_dialog(self) -> None:
        ids = self.library_panel.selected_ids() or ([self.article.id] if self.article else [])
        if not ids:
            self.notify("Select articles in the library first.", 5000)
            return
        choice, ok = QInputDialog.getItem(
            self, "Export selected articles", f"Write {len(ids)} article(s) as:", list(EXPORT_CHOICES), 0, False
        )
        if not ok:
            return
        folder = QFileDialog.getExistingDirectory(self, "Export to folder", str(Path.home()))
        if folder:
            self.export_many(ids, folder, *EXPORT_CHOICES[choice])

    def export_many(self, ids: list, folder: str, fmt: str, suffix: str) -> None:
        """One file per article in `folder`, named from its title; existing files are never replaced."""
        self.flush()

        def work(cancel, progress):
            def run(lib):
                written = []
                for n, aid in enumerate(ids):
                    if cancel():
                        break
                    stem = safe_name(lib.summary(aid).title)
                    path, k = Path(folder) / f"{stem}{suffix}", 2
                    while path.exists():
                        path, k = Path(folder) / f"{stem} ({k}){suffix}", k + 1
                    written.append(lib.export(aid, path, fmt))
                    progress(n + 1, len(ids))
                return written

            return self._in_worker_library(run)

        self.review_status.busy(f"Exporting {len(ids)} articles")
        self.runner.submit(
            work,
            on_result=lambda out: (
                self.review_status.idle(),
                self.notify(f"Exported {len(out)} article(s) to {folder}", 10000),
                self.exported_many.emit(out),
            ),
            on_error=lambda exc: (self.review_status.idle(), self.show_error(message_for(exc))),
            on_progress=lambda d, t: self.review_status.set_progress(d, t),
            name="export-many",
        )

    # ---- clipboard -----------------------------------------------------------------------------------
    def paste_article(self, text: str | None = None) -> None:
        """The clipboard's text as a new library article (a web page's HTML is read like a saved page)."""
        from reader.titles import real_title

        mime = QApplication.clipboard().mimeData() if text is None else None
        fmt = "txt"
        if text is None:
            text = mime.text() if mime is not None and mime.hasText() else ""
            if mime is not None and mime.hasHtml() and len(mime.html()) > 2 * len(text):
                try:
                    from reader.importers import import_bytes

                    art = import_bytes(mime.html().encode("utf-8"), "html", name="<clipboard>")
                    text, fmt = art.text, "html"
                except Exception:
                    pass  # the plain text is good enough
        text = (text or "").replace("\r\n", "\n").strip()
        if not text:
            self.notify("The clipboard holds no text to add.", 5000)
            return
        try:
            result = self.library.import_text(text, real_title("", text), fmt=fmt)
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self._clear_search()
        self.refresh_library()
        self.notify(
            ("Already in the library: " if result.duplicate else "Added from the clipboard: ")
            + f"“{short_title(result.article.title)}”",
            6000,
        )
        self.import_finished.emit(result)
        self.show_article(result.article.id)

    def _clear_search(self) -> None:
        """A new article must not be hidden by the search the list is filtered with."""
        search = self.library_panel.search
        if search.text():
            search.blockSignals(True)
            search.clear()
            search.blockSignals(False)
