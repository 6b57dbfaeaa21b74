"""The main window: library on the left, compare view in the middle, review controls around them.

It wires the registry's actions to the library service and the views. Slow work (import,
correction, export) runs through the TaskRunner; each correction carries a token and a
result whose token is no longer current (the user switched articles) is dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader import engine
from reader.engine.document import GATE_LOW
from reader.engine.model import CATEGORIES, ENGINE_VERSION, Correction, Options
from reader.exporters.spam import without_spam
from reader.review import Decision, Status
from reader.ui import theme
from reader.ui.about import show_about
from reader.ui.actions import MENUS, TOOLBAR, A, build_actions
from reader.ui.comforts import ComfortsMixin, FindBar
from reader.ui.compare_view import NEXT_TURN_MS, CompareView, Ready, ready_for
from reader.ui.errors_text import message_for, short_title
from reader.ui.file_actions import FilesMixin
from reader.ui.hover_card import HoverCard
from reader.ui.library_panel import LibraryPanel
from reader.ui.model_actions import ModelMixin
from reader.ui.recorrect import RecorrectMixin
from reader.ui.review_actions import ReviewMixin
from reader.ui.spans import State
from reader.ui.status_widgets import Banner, ReviewStatus
from reader.ui.window_state import make_settings, read_bool, read_float, read_list
from reader.ui.workers import TaskRunner, collector_pause

TREAT_AS_SPUN_HINT = (
    "<small>No spinner signatures in this copy, so words that are also ordinary English were left alone. "
    'Know it is spun? <a href="treat-as-spun">Treat as Spun</a> corrects it as spun (File menu).</small>'
)

HOVER_DELAY_MS = 250
LIVE_THRESHOLD_UP_TO = 3000  # edits; above this the threshold applies when the slider rests


PREVIEW_CHARS = 60_000  # while the engine works, a long article shows its start only


VIEW_KEYS: list[tuple[tuple[str, ...], Callable[[Any], None]]] = [
    (("Return", "Enter"), lambda w: w.decide_current(Decision(Status.ACCEPTED))),
    (("Delete", "Backspace"), lambda w: w.decide_current(Decision(Status.REJECTED))),
    (("Space",), lambda w: w.explain_current()),
] + [((str(n),), lambda w, n=n: w.pick_current(n)) for n in range(1, 10)]  # the card's candidates, by number


def shown(correction: Correction) -> Correction:
    """What the window shows: injected spam as an applied deletion, as in the cleaned copy (Reject keeps it)."""
    return without_spam(correction, {})[0]


def _preview(text: str) -> str:
    """The start of a long text: laying out megabytes twice would freeze the window for half a second."""
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text.rfind("\n", 0, PREVIEW_CHARS)
    return text[: cut if cut > 0 else PREVIEW_CHARS] + "\n\n… (the rest appears when the correction is done)"


class MainWindow(FilesMixin, ReviewMixin, ComfortsMixin, RecorrectMixin, ModelMixin, QMainWindow):
    article_shown = Signal(object)  # article id (text on screen, correction may still run)
    correction_finished = Signal(object)  # article id, after the result is displayed
    model_finished = Signal(object)  # article id, after the local model's pass (configured models only)
    correction_failed = Signal(str)
    import_finished = Signal(object)  # ImportResult
    error_shown = Signal(str)
    decisions_changed = Signal()
    bulk_finished = Signal()  # a many-decision change is written and drawn
    exported_many = Signal(list)  # paths written by Export Selected Articles

    def __init__(
        self,
        library: Any,
        *,
        library_factory: Callable[[], Any] | None = None,
        runner: TaskRunner | None = None,
        settings=None,
        persist: bool = True,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Unspin Reader")
        self.setAcceptDrops(True)
        self.library = library
        self.library_factory = library_factory or (lambda: library)  # a worker's own connection
        self.compare_dialog = self.lexicon_dialog = None  # the source dialogs, once opened
        self.runner = runner or TaskRunner(parent=self)
        self.settings = settings or make_settings()
        self.persist = persist
        self.undo_stack = QUndoStack(self)
        self.article = None  # ArticleRecord
        self.run = None  # RunRecord
        self.correction: Correction | None = None  # run.correction at the threshold shown
        self.decisions: dict[int, Decision] = {}
        self._correct_job = None
        self._token = 0
        self._token_done = -1  # the last correction token whose result or error arrived
        self._finished_pending = None  # article id whose correction_finished waits for the view (finish_correction)
        self._languages: dict = {}  # article id -> language guessed for a text with no changes
        self._imports = 0
        # bulk decisions (see ReviewMixin._apply_decisions)
        self._bulk_queue: list[set[int]] = []
        self._bulk_active = False
        self._bulk_token = 0
        self._bulk_reps: list = []
        self._bulk_shift = 0  # UTF-16 growth of the right text from the replacements applied so far
        self._bulk_done_reps: list = []
        self._bulk_later: set[int] = set()
        self._bulk_prepared = None
        self._bulk_snapshot: dict = {}
        self._bulk_total = 0
        self._bulk_size = 200
        self._bulk_writing = 0
        self._queued_writes: list = []
        self._busy_cursor = False
        self._gc_paused = False  # the cycle collector is paused while a bulk runs
        self._bulk_timer = QTimer(self)
        self._bulk_timer.setSingleShot(True)
        self._bulk_timer.setInterval(NEXT_TURN_MS)  # each chunk a turn of its own
        self._bulk_timer.timeout.connect(self._bulk_chunk)
        self.last_message = ""

        self.actions_ = build_actions(self)
        self.library_panel = LibraryPanel()
        self.view = CompareView()
        self.card = HoverCard(self)
        self.banner = Banner()
        self.review_status = ReviewStatus()
        self.filter_combo = QComboBox()
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_combo.addItem("All categories", None)
        for cid, cat in CATEGORIES.items():
            self.filter_combo.addItem(cat.name, cid)
        self.filter_combo.setToolTip("Show and navigate only this category; Accept/Reject All act on what is shown")

        central = QWidget()
        v = QVBoxLayout(central)
        v.setContentsMargins(4, 4, 4, 0)
        v.setSpacing(4)
        v.addWidget(self.banner)
        self.find_bar = FindBar()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.library_panel)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 1)  # a narrower window takes some width from the library too
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([380, 900])
        v.addWidget(self.splitter, 1)
        v.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.position_label = QLabel("")  # "Change 12 of 301"
        self.position_label.setObjectName("position_label")
        self.statusBar().addPermanentWidget(self.position_label)
        self.model_label = QLabel()
        self.model_label.setObjectName("model_label")
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(self.review_status)
        self.statusBar().messageChanged.connect(lambda m: m or self.statusBar().setToolTip(""))

        self._hover_timer = QTimer(self)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(HOVER_DELAY_MS)
        self._hover_timer.timeout.connect(self._show_pending_card)
        self._pending_hover: tuple[int, str, QRect] | None = None
        self._threshold_timer = QTimer(self)  # writes the threshold once the slider rests
        self._threshold_timer.setSingleShot(True)
        self._threshold_timer.setInterval(600)
        self._threshold_timer.timeout.connect(self._persist_threshold)
        self._threshold_view_timer = QTimer(self)
        self._threshold_view_timer.setSingleShot(True)
        self._threshold_view_timer.setInterval(150)
        self._threshold_view_timer.timeout.connect(self._apply_threshold)

        self._build_menus()
        self._connect()
        self._restore_state()
        self._update_actions()

    # ---- construction ------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        acts = self.actions_
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        redo.setShortcuts(redo_keys)
        self.undo_action, self.redo_action = undo, redo
        extra = {"undo": undo, "redo": redo}
        for title, items in MENUS:
            menu = self.menuBar().addMenu(title)
            for item in items:
                if item is None:
                    menu.addSeparator()
                elif item == "recent":
                    self.recent_menu = menu.addMenu("Open &Recent")
                elif isinstance(item, str):
                    menu.addAction(extra[item])
                else:
                    menu.addAction(acts[item])
        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for item in TOOLBAR:
            if item is None:
                tb.addSeparator()
            elif item == "filter":
                tb.addWidget(self.filter_combo)
            elif isinstance(item, str):
                tb.addAction(self._toolbar_twin(item))
            else:
                tb.addAction(acts[item])
        self.addActions(list(acts.values()) + [undo, redo])  # shortcuts work with the menu bar hidden

    def _toolbar_twin(self, which: str) -> QAction:
        """A short-labelled Undo/Redo for the toolbar (the menu item says what would be undone)."""
        stack = self.undo_stack
        twin = QAction(which.capitalize(), self)
        if which == "undo":
            twin.triggered.connect(lambda: self.undo_action.trigger())
            stack.canUndoChanged.connect(twin.setEnabled)
            stack.undoTextChanged.connect(twin.setToolTip)
            twin.setEnabled(stack.canUndo())
        else:
            twin.triggered.connect(lambda: self.redo_action.trigger())
            stack.canRedoChanged.connect(twin.setEnabled)
            stack.redoTextChanged.connect(twin.setToolTip)
            twin.setEnabled(stack.canRedo())
        return twin

    def _connect(self) -> None:
        a = self.actions_
        handlers: dict[A, Callable[[], None]] = {
            A.OPEN: self.open_dialog,
            A.SAVE_CLEANED: self.save_cleaned_dialog,
            A.EXPORT_REPORT: self.export_report_dialog,
            A.CORRECT_AGAIN: self.correct_again,
            A.CANCEL: self.cancel_correction,
            A.REMOVE_ARTICLE: lambda: self.article and self.remove_articles([self.article.id]),
            A.COMPARE_SOURCE: self.compare_source_dialog,
            A.LEARNED_LEXICON: self.show_lexicon,
            A.QUIT: self.close,
            A.NEXT: self.next_change,
            A.PREVIOUS: self.previous_change,
            A.ACCEPT: lambda: self.decide_current(Decision(Status.ACCEPTED)),
            A.REJECT: lambda: self.decide_current(Decision(Status.REJECTED)),
            A.UNDECIDE: lambda: self.decide_current(None),
            A.EXPLAIN: self.explain_current,
            A.ACCEPT_ALL: lambda: self.decide_all(Decision(Status.ACCEPTED)),
            A.REJECT_ALL: lambda: self.decide_all(Decision(Status.REJECTED)),
            A.ZOOM_IN: lambda: self.zoom(+1),
            A.ZOOM_OUT: lambda: self.zoom(-1),
            A.ZOOM_RESET: lambda: self.zoom(0),
            A.ABOUT: lambda: show_about(self),
            A.FIND: self.open_find,
            A.FIND_NEXT: lambda: self.find_next(True),
            A.FIND_PREVIOUS: lambda: self.find_next(False),
            A.FIRST: self.first_change,
            A.LAST: self.last_change,
            A.SHORTCUTS: self.show_shortcuts,
            A.PROPERTIES: self.edit_properties,
            A.EXPORT_SELECTED: self.export_selected_dialog,
            A.PASTE_ARTICLE: self.paste_article,
            A.PREFERENCES: self.open_preferences,
        }
        for aid, fn in handlers.items():
            a[aid].triggered.connect(lambda _checked=False, f=fn: f())
        for keys, fn in VIEW_KEYS:  # plain keys while reading the text: Enter accepts, Delete rejects
            for k in keys:
                sc = QShortcut(QKeySequence(k), self.view, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(lambda f=fn: f(self))
        a[A.SHOW_LIBRARY].toggled.connect(self.library_panel.setVisible)
        a[A.AUTO_ADVANCE].toggled.connect(lambda on: self.settings.setValue("auto_advance", on))
        a[A.TREAT_AS_SPUN].triggered.connect(self.treat_as_spun)  # the user's click only, not setChecked
        self.view.legend.linkActivated.connect(self._hint_link)
        self.library_panel.article_activated.connect(self.show_article)
        self.library_panel.remove_requested.connect(self.remove_articles)
        self.library_panel.ungroup_requested.connect(self.ungroup_article)
        self.library_panel.search_changed.connect(lambda _q: self.refresh_library())
        self.library_panel.sort_changed.connect(lambda _s: self.refresh_library())
        self.view.span_hovered.connect(self._span_hovered)
        self.view.hover_left.connect(self._hover_left)
        self.view.span_clicked.connect(lambda i: self.view.set_current(i, scroll=False))
        self.view.current_changed.connect(lambda _i: self._update_actions())
        self.view.shown.connect(self._view_shown)
        self._setup_find()
        self.card.decided.connect(self._card_decided)
        for pane in (self.view.left, self.view.right):  # a card left behind by scrolling would point at nothing
            pane.verticalScrollBar().valueChanged.connect(lambda _v: self.card.underMouse() or self.card.hide())
        self.review_status.threshold_changed.connect(self.set_threshold)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.set_filter(self.filter_combo.currentData()))
        self.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        # say what was undone: the stack only changes the text and highlights, which is easy to miss
        self.undo_action.triggered.connect(lambda: self._said("Undone", self.undo_stack.redoText()))
        self.redo_action.triggered.connect(lambda: self._said("Redone", self.undo_stack.undoText()))
        self.runner.job_finished.connect(self._update_actions)
        hints = QApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _s: self.view.set_dark(theme.is_dark()))

    # ---- settings ------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self.settings
        rect, geo = s.value("window/rect"), s.value("window/geometry")
        if isinstance(rect, QRect) and rect.isValid():
            # The client rectangle, not saveGeometry(): without a window manager Qt guesses a title
            # bar on restore and every launch placed the window that much lower.
            self.setGeometry(rect)
            if read_bool(s, "window/maximized", False):
                self.setWindowState(Qt.WindowState.WindowMaximized)
        elif geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        for splitter in (self.splitter, self.view.splitter):
            value = s.value(f"window/{splitter.objectName()}")
            if value is not None:
                splitter.restoreState(value)
        self.base_point_size = QApplication.font().pointSizeF()
        if self.base_point_size <= 0:
            self.base_point_size = 10.0
        self.zoom_steps = int(read_float(s, "view/zoom_steps", 0))
        self.view.zoom(self.base_point_size + self.zoom_steps)
        self.review_status.set_threshold(read_float(s, "review/threshold", engine.DEFAULT_MIN_CONFIDENCE))
        self.actions_[A.AUTO_ADVANCE].setChecked(read_bool(s, "auto_advance", False))
        show_lib = read_bool(s, "view/show_library", True)
        self.actions_[A.SHOW_LIBRARY].setChecked(show_lib)
        self.library_panel.setVisible(show_lib)
        self._rebuild_recent()
        self._show_model()

    def save_state(self) -> None:
        if not self.persist:
            return
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/rect", self.normalGeometry() if self.isMaximized() else self.geometry())
        s.setValue("window/maximized", self.isMaximized())
        s.setValue("window/state", self.saveState())
        for splitter in (self.splitter, self.view.splitter):
            s.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        s.setValue("view/zoom_steps", self.zoom_steps)
        s.setValue("view/show_library", self.actions_[A.SHOW_LIBRARY].isChecked())
        s.sync()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = read_list(self.settings, "recent_files")
        for path in recent:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_files([p]))
        self.recent_menu.setEnabled(bool(recent))

    # ---- library -------------------------------------------------------------------------------------
    def refresh_library(self) -> None:
        try:
            query = self.library_panel.search.text().strip()
            if query:
                items = self.library.search(query)
            else:
                items = self.library.list_articles(sort=self.library_panel.sort.currentData())
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.library_panel.set_articles(items, self.article.id if self.article else None)
        if query and not items:  # an empty list alone looks like a broken search or an empty library
            self.notify(f"No article in the library contains “{short_title(query, 40)}”.", 6000)

    def seed_if_first_run(self, seed: Path) -> None:
        """The first time a library is empty, put the sample article in it so there is something to read."""
        where = str(getattr(self.library, "data_dir", ""))
        key = "library/seeded_" + hashlib.sha1(where.encode("utf-8")).hexdigest()[:12]  # one flag per library
        if read_bool(self.settings, key, False):
            return
        self.settings.setValue(key, True)
        try:
            empty = not self.library.list_articles()
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        if empty and seed.exists():
            self.open_files([str(seed)], remember=False)

    def remove_articles(self, ids: list, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(
                self,
                "Remove from library",
                f"Remove {len(ids)} article(s) and their reviews from the library? The files on disk are not touched.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            for aid in ids:
                self.library.remove(aid)
        except Exception as exc:
            self.show_error(message_for(exc))
        if self.article is not None and self.article.id in ids:
            self.cancel_correction()
            self.article = self.run = self.correction = None
            self.decisions = {}
            self.undo_stack.clear()
            self.view.clear()
            self._update_status()
        self.refresh_library()
        self._update_actions()

    def ungroup_article(self, article_id) -> None:
        """Undo the family suggestion for one article (it was not a copy of the others)."""
        try:
            self.library.ungroup(article_id)
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.refresh_library()
        self.notify("The article stands alone now; its next correction reads no other copies.", 6000)

    # ---- the original and the learned lexicon -----------------------------------------------------------
    def compare_source_dialog(self) -> None:
        """Ask for the original (a file or pasted text), attach it and show the comparison."""
        if self.article is None:
            return
        from reader.ui.source_dialogs import SourceInputDialog

        dlg = SourceInputDialog(self.article.title, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        path, pasted = dlg.path.text(), dlg.text.toPlainText()
        self.attach_source(path=path or None, text=None if path else pasted)

    def attach_source(self, *, path: str | None = None, text: str | None = None) -> None:
        try:
            if path:
                self.library.attach_source_file(self.article.id, path)
            else:
                self.library.attach_source(self.article.id, text or "", "Pasted original")
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.show_comparison()

    def show_comparison(self) -> None:
        from reader.ui.source_dialogs import CompareDialog

        self.flush()  # the comparison scores the stored run: the screen's threshold first
        try:
            comparison = self.library.compare(self.article.id)
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        aid = self.article.id
        self.compare_dialog = dlg = CompareDialog(self.article.title, comparison, self)
        dlg.learn_requested.connect(lambda: self.learn_from_source(aid))
        dlg.show()

    def learn_from_source(self, article_id) -> None:
        try:
            added = self.library.learn(article_id)
            version = self.library.lexicon_version()
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        if getattr(self, "compare_dialog", None) is not None:
            self.compare_dialog.set_learned(len(added), version)
        self.notify(f"{len(added)} substitutions learned; the next corrections use them.", 6000)

    def show_lexicon(self) -> None:
        from reader.ui.source_dialogs import LexiconDialog

        self.lexicon_dialog = dlg = LexiconDialog(self)
        dlg.remove_requested.connect(lambda ids: self._lexicon_call(lambda: self.library.remove_learned(ids)))
        dlg.export_requested.connect(
            lambda path: self._lexicon_call(lambda: self.library.export_lexicon(path, force=True))
        )
        dlg.import_requested.connect(lambda path: self._lexicon_call(lambda: self.library.import_lexicon(path)))
        self._lexicon_call(lambda: None)
        dlg.show()

    def _lexicon_call(self, fn) -> None:
        """Run one lexicon change, then show the rows as they are now."""
        try:
            fn()
            rows, version = self.library.learned(), self.library.lexicon_version()
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.lexicon_dialog.set_rows(rows, version)

    # ---- showing and correcting ----------------------------------------------------------------------
    def show_article(self, article_id, *, force_correct: bool = False) -> None:
        """Show an article: its text at once, then its latest run (or a new correction) from a worker."""
        if article_id is None:
            return
        if self.article is not None and self.article.id == article_id and not force_correct and self.run:
            return
        self.flush()  # a threshold change on the article being left is stored first
        self.cancel_correction()
        self._stop_bulk_drawing()
        self.card.hide()
        self.banner.hide()
        try:
            record = self.library.article(article_id)
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.article, self.run, self.correction, self.decisions = record, None, None, {}
        self.undo_stack.clear()
        self.setWindowTitle(f"{record.title} — Unspin Reader")
        self.library_panel.select(article_id)
        self.view.clear(_preview(record.text), "Correcting…")
        self._update_status()
        self.article_shown.emit(article_id)
        self._start_correction(record, force_correct)

    def _start_correction(self, record, force: bool = False) -> None:
        self._token += 1
        token, text, aid = self._token, record.text, record.id
        threshold = self.review_status.threshold()
        category_filter, dark = self.view.category_filter, self.view.dark

        def work(cancel, progress):
            def load(lib):
                run = None if force else lib.latest_run(aid)
                decisions = lib.decisions(run.id) if run else {}
                fresh = run is None or (not decisions and run.correction.engine_version != ENGINE_VERSION)
                if fresh:
                    options = Options(min_confidence=threshold, cancel=cancel, progress=progress)
                    extra = lib.correction_evidence(aid)  # other copies, learned rows (when there are any)
                    correction = engine.correct(text, options, **extra)  # in pieces when long: bounded memory
                    # storing a big run (tens of thousands of edits) takes seconds of JSON: not on the GUI thread
                    if getattr(lib, "read_only_reason", None):  # a damaged library: shown, not stored
                        from datetime import UTC, datetime

                        from reader.services import RunRecord

                        run, decisions = RunRecord(0, aid, correction, datetime.now(UTC)), {}
                    else:
                        run, decisions = lib.store_run(aid, correction), {}
                # everything the view computes from the edits, here rather than on the GUI thread
                return run, decisions, ready_for(shown(run.correction), decisions, category_filter, dark), fresh

            result = self._in_worker_library(load)
            if not result[0].correction.edits:  # nothing found: say so if the text is not English at all
                from reader.scan import language

                self._languages[aid] = language.guess(text)  # its model loads here, not on the GUI thread
            return result

        self.review_status.busy("Correcting")
        job = self.runner.submit(
            work,
            on_result=lambda result: self._corrected(token, aid, result),
            on_error=lambda exc: self._correction_error(token, exc),
            on_progress=lambda d, t: token == self._token and self.review_status.set_progress(d, t),
            name="correct",
        )
        # a job that already finished (an immediate runner) must not leave Stop enabled and Esc taken
        self._correct_job = None if job.done.is_set() and self._token_done == token else job
        self._update_actions()

    def _corrected(self, token: int, article_id, result) -> None:
        if token != self._token or self.article is None or self.article.id != article_id or result is None:
            return  # stale: the user moved on
        run, decisions, prepared, fresh = result
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        self._display(run, decisions, prepared)
        lang = self._languages.pop(article_id, "en")
        self._update_hint(lang)
        if lang != "en" and not run.correction.edits:  # before: only "No spinning found", as for clean English
            self.notify(f"This looks like another language ({lang}), not English: nothing was checked.", 15000)
        if fresh:
            self.refresh_library()
            with contextlib.suppress(Exception):  # the library now holds the corrected title
                title = self.library.summary(article_id).title
                self.setWindowTitle(f"{title} — Unspin Reader")
                self.retitle_import_message(article_id, title)
        self.finish_correction(article_id)
        if fresh:
            self._start_model(token, article_id, run)  # the engine's result is on screen meanwhile

    def finish_correction(self, article_id) -> None:
        """correction_finished once the result is on screen: a long text's right side comes a turn or two
        after _display (CompareView.set_document spreads it), and the signal promises it is there."""
        if self.view.showing():
            self._finished_pending = article_id
        else:
            self.correction_finished.emit(article_id)

    def _view_shown(self) -> None:
        pending, self._finished_pending = self._finished_pending, None
        if pending is not None and self.article is not None and self.article.id == pending:
            self.correction_finished.emit(pending)

    def _correction_error(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        msg = message_for(exc)
        self.view.clear(self.article.text if self.article else "", "The correction failed.")
        self.show_error(msg)
        self.correction_failed.emit(msg)

    def cancel_correction(self) -> None:
        if self._correct_job is not None:
            self._correct_job.cancel.set()
            self._correct_job = None
            self._token += 1
            self.review_status.idle()
            if self.article is not None and self.run is None:
                self.view.clear(self.article.text, "Correction stopped. Use Correct Again (Ctrl+R) to run it.")
            self._update_actions()

    def _display(self, run, decisions: dict[int, Decision], prepared=None) -> None:
        """`prepared`: spans (spans.prepare) or a whole ready_for() of shown(run.correction), made on a worker."""
        self.run = run
        self.decisions = dict(decisions)
        ready = prepared if isinstance(prepared, Ready) else None
        self.correction = ready.correction if ready is not None else shown(run.correction)
        self.review_status.set_threshold(run.correction.min_confidence)
        self.view.set_document(self.correction, self.decisions, prepared)
        self._fill_filter(run.correction, ready.legend if ready is not None else None)
        collector_pause.settle()
        self._update_status()
        self._update_actions()
        self._update_hint()

    def _update_hint(self, language: str = "en") -> None:
        """Under the legend: a copy with no spinner signatures can be corrected as spun (File > Treat as Spun)."""
        run = self.run
        told = self.article is not None and bool(self.article.metadata.get("assume_spun"))
        shut = run is not None and run.correction.spin_score <= GATE_LOW and not told and language == "en"
        self.view.legend.set_hint(TREAT_AS_SPUN_HINT if shut else "")

    def _hint_link(self, href: str) -> None:
        if href == "treat-as-spun" and self.actions_[A.TREAT_AS_SPUN].isEnabled():
            self.actions_[A.TREAT_AS_SPUN].trigger()

    # ---- threshold and filter ------------------------------------------------------------------------
    def set_threshold(self, value: float) -> None:
        self.settings.setValue("review/threshold", value)
        if self.run is None:
            return
        if len(self.run.correction.edits) > LIVE_THRESHOLD_UP_TO:  # redrawing is slow: wait for the slider to rest
            self._threshold_view_timer.start()
            return
        self._apply_threshold()

    def _apply_threshold(self) -> None:
        if self.run is None:
            return
        self.correction = shown(self.run.correction.with_threshold(self.review_status.threshold()))
        self.view.set_correction(self.correction)
        self._update_status()
        self._threshold_timer.start()

    def _persist_threshold(self) -> None:
        """Store the re-marked run so exports match the screen; decisions carry over (same edits)."""
        if self.run is None or self.correction is None:
            return
        if abs(self.run.correction.min_confidence - self.correction.min_confidence) < 1e-9:
            return
        try:
            run = self.library.store_run(
                self.article.id, self.run.correction.with_threshold(self.correction.min_confidence)
            )
            if self.decisions:
                self.library.decide_many(run.id, dict(self.decisions))
        except Exception as exc:
            self.show_error(message_for(exc))
            return
        self.run = run

    def flush(self) -> None:
        """Write anything waiting (the threshold) before an export or close."""
        if self._threshold_timer.isActive():
            self._threshold_timer.stop()
            self._persist_threshold()

    def _fill_filter(self, correction, legend: list[tuple[str, str, int]] | None = None) -> None:
        """The category filter offers the categories this article has, with counts (`legend`: counted already)."""
        keep = self.view.category_filter
        n: dict[str, int] = {}
        if legend is not None:
            n = {cid: count for cid, _name, count in legend}
        else:
            for e in correction.edits:
                n[e.category.id] = n.get(e.category.id, 0) + 1
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        self.filter_combo.addItem(f"All categories ({len(correction.edits)})", None)
        for cid, cat in CATEGORIES.items():
            if cid in n:
                self.filter_combo.addItem(f"{cat.name} ({n[cid]})", cid)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(keep)))
        self.filter_combo.blockSignals(False)
        if self.filter_combo.currentData() != keep:
            self.set_filter(None)

    def set_filter(self, category_id: str | None) -> None:
        self.view.set_filter(category_id)
        if self.filter_combo.currentData() != category_id:
            self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(category_id)))
        self._update_actions()

    # ---- misc ----------------------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        self.zoom_steps = 0 if step == 0 else max(-6, min(20, self.zoom_steps + step))
        self.view.zoom(self.base_point_size + self.zoom_steps)

    def notify(self, text: str, timeout_ms: int = 5000) -> None:
        """A passing message in the status bar, shortened to the room the review controls leave
        (the whole text stays in the bar's tooltip and in last_message)."""
        bar = self.statusBar()
        # the controls may be wider than their size hint ("No changes  No spinning found" stretches):
        # eliding to the hint alone cut long messages off under them, with no "…"
        controls = max(self.review_status.sizeHint().width(), self.review_status.width())
        room = bar.width() - controls - 40
        shown = bar.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(160, room))
        self.last_message = text
        bar.setToolTip(text)
        bar.showMessage(shown, timeout_ms)

    def _said(self, verb: str, what: str) -> None:
        if what:
            self.notify(f"{verb}: {what}", 5000)

    def show_error(self, message: str) -> None:
        self.banner.show_message(message)
        self.notify(message, 10000)
        self.error_shown.emit(message)

    def _update_status(self) -> None:
        c = self.correction
        if c is None:
            self.review_status.set_counts(0, None, 0, 0)
            self.review_status.set_spin(None)
            return
        states = Counter(self.view.left.spans().state_counts())  # kept up to date by each change, not recounted
        done = {
            "pending": states[State.APPLIED] + states[State.SUGGESTED] + states[State.FLAG],
            "accepted": states[State.ACCEPTED],
            "rejected": states[State.REJECTED],
        }
        self.review_status.set_counts(len(c.edits), done, states[State.APPLIED], states[State.SUGGESTED])
        told = self.article is not None and bool(self.article.metadata.get("assume_spun"))
        self.review_status.set_spin(c.spin_score, told)

    def _update_actions(self) -> None:
        a = self.actions_
        has_doc = self.correction is not None
        has_article = self.article is not None
        for aid in (A.NEXT, A.PREVIOUS, A.FIRST, A.LAST, A.ACCEPT_ALL, A.REJECT_ALL):
            a[aid].setEnabled(has_doc and bool(self.correction.edits))
        for aid in (A.ACCEPT, A.REJECT, A.UNDECIDE, A.EXPLAIN):
            a[aid].setEnabled(has_doc and self.view.current is not None)
        for aid in (A.SAVE_CLEANED, A.EXPORT_REPORT):
            a[aid].setEnabled(has_doc)
        a[A.CORRECT_AGAIN].setEnabled(has_article)
        a[A.TREAT_AS_SPUN].setEnabled(has_article)
        a[A.TREAT_AS_SPUN].setChecked(has_article and bool(self.article.metadata.get("assume_spun")))
        a[A.REMOVE_ARTICLE].setEnabled(has_article)
        a[A.PROPERTIES].setEnabled(has_article)
        self._update_position()
        a[A.COMPARE_SOURCE].setEnabled(has_article)
        a[A.CANCEL].setEnabled(self._correct_job is not None)
        scope = self._scope_label()
        a[A.ACCEPT_ALL].setText(f"Accept All Pending {scope}Changes")
        a[A.REJECT_ALL].setText(f"Reject All Pending {scope}Changes")

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.card.isVisible():  # Esc closes the card (Stop has it when busy)
            self.card.hide()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self._stop_bulk_drawing()  # the decisions are in memory and on their way to the library
        self.flush()
        self.card.hide()
        self.save_state()
        self.runner.shutdown()
        super().closeEvent(event)
