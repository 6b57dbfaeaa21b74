"""The library: every article opened, with spin score, edit count and date; search, sort, remove.

Shows the ArticleSummary list it is given and emits what the user wants; the window asks
the library (full-text search, sorting) and hands the result back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

MARK_ON, MARK_OFF = "\x02", "\x03"  # around matched words in a search snippet (reader.services)
SORTS = [("imported_at", "Recently imported"), ("title", "Title"), ("spin_score", "Most spun")]


def match_line(snippet: str, before: int = 3) -> str:
    """A search snippet as one line that starts a few words before the first match (the panel is narrow)."""
    words = snippet.split()
    first = next((k for k, w in enumerate(words) if MARK_ON in w), 0)
    line = " ".join(words[max(0, first - before) :])
    return ("…" if first > before else "") + line.replace(MARK_ON, "[").replace(MARK_OFF, "]")


def _date(value, today: date | None = None) -> str:
    """'4 Dec' this year, '4 Dec 2025' before: half the width of an ISO date, so the title has the room."""
    if not isinstance(value, datetime):
        return str(value or "")[:10]
    today = today or date.today()
    return f"{value.day} {value:%b}" + ("" if value.year == today.year else f" {value.year}")


class _Item(QTreeWidgetItem):
    def __lt__(self, other: QTreeWidgetItem) -> bool:  # numeric columns sort as numbers
        col = self.treeWidget().sortColumn() if self.treeWidget() else 0
        a, b = self.data(col, Qt.ItemDataRole.UserRole + 1), other.data(col, Qt.ItemDataRole.UserRole + 1)
        if a is not None and b is not None:
            return a < b
        return super().__lt__(other)


class LibraryPanel(QWidget):
    article_activated = Signal(object)  # article id
    remove_requested = Signal(list)  # article ids
    ungroup_requested = Signal(object)  # article id: "not a copy of the others"
    search_changed = Signal(str)
    sort_changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the library (full text)…")
        self.search.setClearButtonEnabled(True)
        self.sort = QComboBox()
        for key, label in SORTS:
            self.sort.addItem(label, key)
        self.sort.setToolTip("Sort the library")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Title", "Spin", "Edits", "Added", "Copies"])
        self.tree.headerItem().setToolTip(3, "When the article was imported")
        self.tree.headerItem().setToolTip(4, "Spins of the same source found in the library (right-click to undo)")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.ungroup_action = QAction("Not a Copy of the Others", self.tree)
        self.ungroup_action.setToolTip(
            "Undo the grouping: this article is not another spin of the same source as the others"
        )
        self.ungroup_action.triggered.connect(self._ungroup_current)
        self.tree.addAction(self.ungroup_action)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected articles from the library (the files on disk stay)")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.sort)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.remove_button)
        v = QVBoxLayout(self)
        v.setContentsMargins(6, 6, 6, 6)
        v.addLayout(top)
        v.addWidget(self.tree, 1)
        v.addLayout(bottom)

        self._search_timer = QTimer(self)  # a typing pause, not a feedback guard
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_timer.timeout.emit)
        self.sort.currentIndexChanged.connect(lambda _i: self.sort_changed.emit(self.sort.currentData()))
        self.tree.currentItemChanged.connect(self._current_changed)
        self.remove_button.clicked.connect(self._remove_selected)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree, self._remove_selected)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)  # only in the list: Delete in the text rejects a change

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.tree.selectedItems()))  # nothing chosen: nothing to remove
        item = self.tree.currentItem()
        self.ungroup_action.setEnabled(item is not None and (item.data(0, Qt.ItemDataRole.UserRole + 2) or 1) > 1)

    def _ungroup_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and (item.data(0, Qt.ItemDataRole.UserRole + 2) or 1) > 1:
            self.ungroup_requested.emit(self._id(item))

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        if item is not None:
            self.article_activated.emit(self._id(item))

    @staticmethod
    def _id(item: QTreeWidgetItem):
        return item.data(0, Qt.ItemDataRole.UserRole)

    def set_articles(self, articles: Sequence, current_id=None) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        snippets = any(getattr(a, "snippet", None) for a in articles)
        self.tree.setUniformRowHeights(not snippets)  # search results take two lines: title, then the match
        for a in articles:
            snippet = getattr(a, "snippet", None)
            shown = a.title or "(untitled)"
            if snippet:
                shown += "\n" + match_line(snippet)
            copies = getattr(a, "copies", 1)
            item = _Item(
                [
                    shown,
                    f"{a.spin_score:.0%}" if a.spin_score is not None else "–",
                    str(a.edit_count if a.edit_count is not None else "–"),
                    _date(a.imported_at),
                    f"{copies} copies" if copies > 1 else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setData(0, Qt.ItemDataRole.UserRole + 2, copies)
            item.setData(1, Qt.ItemDataRole.UserRole + 1, a.spin_score if a.spin_score is not None else -1.0)
            item.setData(2, Qt.ItemDataRole.UserRole + 1, a.edit_count if a.edit_count is not None else -1)
            item.setData(4, Qt.ItemDataRole.UserRole + 1, copies)
            family = (
                f"\n{copies} copies: spins of the same source found in the library; each is corrected with the others"
                " as evidence (right-click to undo the grouping)"
                if copies > 1
                else ""
            )
            item.setToolTip(0, f"{shown}\n{a.source_path or ''}{family}".strip())
            item.setToolTip(3, str(a.imported_at))
            if copies > 1:
                item.setToolTip(4, family.strip())
            for col in (1, 2):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            if a.id == current_id:
                item.setSelected(True)
                self.tree.setCurrentItem(item)
        # an empty Copies column took a sixth of the panel from the titles: shown only when there are families
        self.tree.setColumnHidden(4, not any(getattr(a, "copies", 1) > 1 for a in articles))
        self.tree.blockSignals(False)
        self._selection_changed()

    def selected_ids(self) -> list:
        return [self._id(it) for it in self.tree.selectedItems()]

    def article_ids(self) -> list:
        return [self._id(self.tree.topLevelItem(i)) for i in range(self.tree.topLevelItemCount())]

    def select(self, article_id) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if self._id(item) == article_id:
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(item)
                self.tree.blockSignals(False)
                self._selection_changed()
                return

    def _remove_selected(self) -> None:
        ids = [self._id(it) for it in self.tree.selectedItems()]
        if ids:
            self.remove_requested.emit(ids)
