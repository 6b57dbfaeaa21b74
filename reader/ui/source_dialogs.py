"""Dialogs for sources and the learned lexicon: give the original, compare with it, manage learned rows.

They display what they are given and emit what the user wants; the window does the library work.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# One tint per spinner family, light enough for black text (the compare view's palette is per category).
FAMILY_COLORS = {
    "padding": "#fde2c8",
    "synonym": "#d6e8fb",
    "pronoun": "#e6dcf7",
    "idiom": "#f7d9e3",
    "entity": "#d9f2e3",
    "number": "#fff1b8",
    "deletion": "#eeeeee",
    "other": "#f2f2f2",
}


class SourceInputDialog(QDialog):
    """The original as a file or as pasted text."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare with the Original")
        intro = QLabel(f"Give the original that “{title}” was spun from: choose its file, or paste its text below.")
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("No file chosen")
        self.path.setReadOnly(True)
        browse = QPushButton("Choose File…")
        browse.clicked.connect(self._browse)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("…or paste the original text here")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v = QVBoxLayout(self)
        v.addWidget(intro)
        v.addLayout(row)
        v.addWidget(self.text, 1)
        v.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()
        self.resize(560, 420)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "The original", "", "Articles (*.txt *.md *.html *.htm *.pdf *.docx);;All files (*)"
        )
        if path:
            self.path.setText(path)
            self._update()

    def _update(self) -> None:
        ok = bool(self.path.text() or self.text.toPlainText().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class CompareDialog(QDialog):
    """Spun vs source: every difference with its spinner family, and how the engine did on this article."""

    learn_requested = Signal()

    def __init__(self, title: str, comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compared with the original — {title}")
        sc = comparison.score
        self.summary = QLabel(
            f"<b>{len(comparison.differences)} differences</b> from “{comparison.source.title}”: "
            + ", ".join(f"{n} {fam}" for fam, n in comparison.by_family().items())
            + f".<br>The engine undid <b>{sc.undone:.0%}</b> of the {sc.errors_before} spun word errors"
            f" ({sc.errors_before} → {sc.errors_after}) and changed <b>{sc.harmed}</b> of the"
            f" {sc.correct_words} words that were already right ({sc.harm:.1%})."
        )
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(len(comparison.differences), 3)
        self.table.setHorizontalHeaderLabels(["Spun text says", "The original says", "Spinner family"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for r, d in enumerate(comparison.differences):
            cells = (d.spun or "(missing)", d.original or "(nothing)", d.family)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setBackground(QColor(FAMILY_COLORS.get(d.family, "#ffffff")))
                item.setForeground(QColor("#1a1a1a"))
                self.table.setItem(r, c, item)
        self.learn_button = QPushButton("Learn from This Source")
        self.learn_button.setToolTip(
            "Add these substitutions to your own lexicon; later corrections use them (“learned from …”)"
        )
        self.learn_button.clicked.connect(self.learn_requested.emit)
        self.learned_label = QLabel("")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.learn_button)
        bottom.addWidget(self.learned_label, 1)
        bottom.addWidget(close)
        v = QVBoxLayout(self)
        v.addWidget(self.summary)
        v.addWidget(self.table, 1)
        v.addLayout(bottom)
        self.resize(760, 520)

    def set_learned(self, added: int, version: str) -> None:
        self.learned_label.setText(
            f"{added} new rows in your lexicon (version {version})." if added else "Nothing new to learn here."
        )


class LexiconDialog(QDialog):
    """The user's learned rows: each can be removed; the lot exported or more imported (TSV)."""

    remove_requested = Signal(list)  # row ids
    export_requested = Signal(str)  # path
    import_requested = Signal(str)  # path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Learned Substitutions")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Spun", "Original", "Category", "Context", "Learned from"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove)
        export = QPushButton("Export…")
        export.clicked.connect(self._export)
        imp = QPushButton("Import…")
        imp.clicked.connect(self._import)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(imp)
        row.addWidget(export)
        row.addWidget(close)
        v = QVBoxLayout(self)
        v.addWidget(self.info)
        v.addWidget(self.table, 1)
        v.addLayout(row)
        self.table.itemSelectionChanged.connect(lambda: self.remove_button.setEnabled(bool(self.table.selectedItems())))
        self.resize(720, 460)

    def set_rows(self, rows: Sequence, version: str) -> None:
        self.table.setRowCount(len(rows))
        for r, rec in enumerate(rows):
            row = rec.row
            cells = (row.spun, row.original or "(delete)", row.category, row.context, rec.learned_from)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, rec.id)
                if row.prior < 0.5:
                    item.setToolTip("Shown as a suggestion only: the spun words are common English")
                self.table.setItem(r, c, item)
        self.info.setText(
            f"{len(rows)} rows in your lexicon (version {version}). Corrections apply them where the engine"
            " left the words alone and say which article each was learned from."
            if rows
            else "Your lexicon is empty: open an article, “Compare with the Original…”, then “Learn from This Source”."
        )
        self.remove_button.setEnabled(bool(self.table.selectedItems()))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def _remove(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.remove_requested.emit(ids)

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export your lexicon", "my-lexicon.tsv", "Lexicon (*.tsv)")
        if path:
            self.export_requested.emit(path)

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a lexicon", "", "Lexicon (*.tsv);;All files (*)")
        if path:
            self.import_requested.emit(path)
