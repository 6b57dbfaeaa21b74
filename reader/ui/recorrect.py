"""Correct Again: a new run of the engine that keeps the review (a mixin of MainWindow).

The decisions of the run on screen move to the same changes in the new run
(reader.review.carry_decisions, through Library.plan_recorrect). When some have nowhere to
go, the user is asked first; either way the step is one undo command that brings the
previous run and its decisions back.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QMessageBox

from reader.engine.model import Options
from reader.review import carry_decisions
from reader.ui.actions import A
from reader.ui.errors_text import message_for
from reader.ui.spans import prepare
from reader.ui.undo import RecorrectCommand


class RecorrectMixin:
    def treat_as_spun(self, on: bool) -> None:
        """File ▸ Treat as Spun: correct again with (or without) Options.assume_spun, kept with the article."""
        if self.article is None:
            return
        if self.run is None:
            self.actions_[A.TREAT_AS_SPUN].setChecked(not on)
            self.notify("Correct the article first; then Treat as Spun corrects it again.", 6000)
            return
        self.correct_again(assume_spun=on)

    def correct_again(self, assume_spun: bool | None = None) -> None:
        """A new run that keeps the review; `assume_spun` None keeps the article's choice (Treat as Spun)."""
        if self.article is None:
            return
        if self.run is None:  # never corrected (stopped or failed): there is no review to keep
            self.show_article(self.article.id, force_correct=True)
            return
        self.flush()
        self.cancel_correction()
        self.card.hide()
        self._token += 1
        token, aid = self._token, self.article.id
        threshold = self.review_status.threshold()
        before = (self.run, dict(self.decisions))

        def work(cancel, progress):
            def go(lib):
                opts = Options(min_confidence=threshold, cancel=cancel, progress=progress)
                plan = lib.plan_recorrect(aid, opts, assume_spun=assume_spun)
                if plan.carried.lost:  # the user decides first; nothing stored yet
                    return plan, None, None
                run = lib.commit_recorrect(plan)
                return plan, run, prepare(run.correction, plan.carried.decisions)

            return self._in_worker_library(go)

        self.review_status.busy("Correcting again")
        job = self.runner.submit(
            work,
            on_result=lambda result: self._recorrected(token, aid, before, result),
            on_error=lambda exc: self._recorrect_failed(token, exc),
            on_progress=lambda d, t: token == self._token and self.review_status.set_progress(d, t),
            name="correct",
        )
        self._correct_job = None if job.done.is_set() and self._token_done == token else job
        self._update_actions()

    def _recorrect_failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        self.show_error(message_for(exc))  # the review on screen stays as it was
        self._update_actions()

    def _recorrected(self, token: int, article_id, before, result) -> None:
        if token != self._token or self.article is None or self.article.id != article_id or result is None:
            return  # the user moved on (a committed run simply becomes the article's latest)
        plan, run, prepared = result
        self._correct_job = None
        self._token_done = token
        self.review_status.idle()
        before_run, before_decisions = before
        if self.run is None or self.run.id != before_run.id:  # another run was stored meanwhile (threshold)
            if run is not None:
                try:
                    self.library.delete_run(run.id)
                except Exception as exc:
                    self.show_error(message_for(exc))
            self.notify("The review changed while correcting again; use Correct Again once more.", 8000)
            return
        if self.decisions != before_decisions:  # decided while the engine ran: carry what is on screen now
            plan = replace(plan, carried=carry_decisions(self.run.correction, self.decisions, plan.correction))
            prepared = None
            if run is not None:
                try:
                    self.library.decide_many(run.id, self._full(plan, run))
                except Exception as exc:
                    self.show_error(message_for(exc))
        lost = plan.carried.lost
        if run is None and lost:
            answer = QMessageBox.question(
                self,
                "Correct again",
                f"{len(lost)} of your decisions cannot be carried over to the new correction (the engine no "
                f"longer suggests those changes): {plan.carried.describe_lost()}.\n\n"
                "Correct again anyway? Edit ▸ Undo brings the current review back.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.notify("Kept your review as it was; nothing was corrected again.", 6000)
                self._update_actions()
                return
        if run is None:
            try:
                run = self.library.commit_recorrect(plan)
            except Exception as exc:
                self.show_error(message_for(exc))
                self._update_actions()
                return
        was_spun = bool(self.article.metadata.get("assume_spun"))
        try:
            self.article = self.library.article(article_id)  # Treat as Spun is kept in its metadata
        except Exception as exc:
            self.show_error(message_for(exc))
        self.undo_stack.push(
            RecorrectCommand(self, before_run, dict(self.decisions), plan, run, prepared, was_spun=was_spun)
        )
        kept, total = len(plan.carried.decisions), len(plan.carried.decisions) + len(lost)
        said = f"Corrected again: {len(run.correction.edits)} changes"
        if total:
            said += f"; kept {kept} of your {total} decisions" if lost else f"; kept all {total} of your decisions"
        if lost:
            said += f" (not carried over: {plan.carried.describe_lost()})"
        self.notify(said + ".", 10000)
        self.finish_correction(article_id)
        if hasattr(self, "_start_model"):  # a configured local model refines the new run (ModelMixin)
            self._start_model(token, article_id, run)

    @staticmethod
    def _full(plan, run) -> dict:
        """Every edit index of the new run with its carried decision (None = pending)."""
        return {i: plan.carried.decisions.get(i) for i in range(len(run.correction.edits))}

    def show_run(self, run, decisions, prepared=None) -> None:
        """Display a run of the current article (Correct Again and its undo)."""
        self.card.hide()
        self._display(run, decisions, prepared)
        self.refresh_library()
