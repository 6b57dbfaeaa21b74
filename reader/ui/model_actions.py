"""The window's local-model phase: after the engine's result is on screen, a worker asks the model.

The engine's run is shown first (the window never waits on the network); the model's run
replaces it when it arrives, keeping any decision made meanwhile on an edit that is still
there. Stop cancels the request at once; the engine's result stays.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from reader.engine.model import Options
from reader.review import Decision
from reader.ui.errors_text import message_for
from reader.ui.preferences import PreferencesDialog, model_config, model_problem
from reader.ui.spans import prepare


def _edit_key(e) -> tuple:
    return (e.offset, e.length, e.original_text, e.best)


class ModelMixin:
    """Mixed into MainWindow (which defines the model_finished signal and model_label)."""

    def _start_model(self: Any, token: int, article_id, run) -> None:
        """Ask the configured model about the run just shown (nothing when none is configured)."""
        model = model_config(self.settings)
        if model is None or token != self._token:
            return
        base = run.correction

        def work(cancel, progress):
            def ask(lib):
                from reader.engine.local_model import refine

                cache = lib.model_cache() if hasattr(lib, "model_cache") else None
                options = Options(min_confidence=base.min_confidence, cancel=cancel, progress=progress)
                refined, report = refine(base.text, base, model, cache, options)
                stored = lib.store_run(article_id, refined) if refined.edits != base.edits else None
                return stored, report

            return self._in_worker_library(ask)

        self.review_status.busy(f"Asking {model.name}")
        job = self.runner.submit(
            work,
            on_result=lambda result: self._model_result(token, article_id, run, result),
            on_error=lambda exc: self._model_error(token, exc),
            on_progress=lambda d, t: token == self._token and self._model_progress(d, t),
            name="model",
        )
        self._correct_job = None if job.done.is_set() and self._token_done == token else job
        self._update_actions()

    def _model_progress(self: Any, done: int, total: int) -> None:
        bar = self.review_status.progress
        bar.setFormat("Model: paragraph %v/%m")
        bar.show()
        bar.setRange(0, max(1, total))
        bar.setValue(done)

    def _model_result(self: Any, token: int, article_id, old_run, result) -> None:
        if token != self._token or self.article is None or self.article.id != article_id:
            return
        new_run, report = result
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        self.model_label.setToolTip(report.summary())
        if report.error:
            self.show_error(report.summary())
        else:
            self.notify(report.summary(), 8000)
        if new_run is not None and self.run is not None and self.run.id == old_run.id:
            kept = self._carry_decisions(old_run, new_run)
            self.undo_stack.clear()  # its commands name the engine's run
            self._display(new_run, kept, prepare(new_run.correction, kept) if not kept else None)
            self.refresh_library()
        self._update_actions()
        self.model_finished.emit(article_id)

    def _carry_decisions(self: Any, old_run, new_run) -> dict[int, Decision]:
        """Decisions made on the engine's run, moved to the same edits in the model's run."""
        if not self.decisions:
            return {}
        where = {_edit_key(e): i for i, e in enumerate(new_run.correction.edits)}
        kept: dict[int, Decision] = {}
        for i, decision in self.decisions.items():
            j = where.get(_edit_key(old_run.correction.edits[i]))
            if j is not None:
                kept[j] = decision
        if kept:
            try:
                self.library.decide_many(new_run.id, kept)
            except Exception as exc:
                self.show_error(message_for(exc))
        return kept

    def _model_error(self: Any, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        self.show_error(f"The model pass failed ({message_for(exc)}); the engine's result is shown.")
        self._update_actions()

    # ---- preferences and the status bar ------------------------------------------------------
    def _show_model(self: Any) -> None:
        """The status bar names the model in use (nothing when the engine works alone)."""
        model = model_config(self.settings)
        problem = model_problem(self.settings)
        if model is not None:
            self.model_label.setText(f"Model: {model.name}")
            self.model_label.setToolTip(f"Paragraphs are also read by {model.name} at {model.url}")
        elif problem:
            self.model_label.setText("Model: not used")
            self.model_label.setToolTip(problem)
        else:
            self.model_label.setText("")
            self.model_label.setToolTip("")
        self.model_label.setVisible(bool(self.model_label.text()))

    def open_preferences(self: Any) -> PreferencesDialog:
        """The Preferences dialog (non-blocking); a changed model applies to the next correction."""
        dialog = PreferencesDialog(self.settings, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._preferences_saved)
        dialog.open()
        self.preferences_dialog = dialog
        return dialog

    def _preferences_saved(self: Any) -> None:
        self._show_model()
        model = model_config(self.settings)
        if model is not None and self.article is not None:
            self.notify(f"Model {model.name} saved: Correct Again (Ctrl+R) asks it about this article.", 8000)
