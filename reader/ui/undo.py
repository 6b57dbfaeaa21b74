"""Review decisions as undo steps: one command per user action, however many edits it touches."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from reader.review import Decision

Changes = dict[int, Decision | None]


class DecisionCommand(QUndoCommand):
    """Sets decisions (None = back to the engine's choice) and restores the previous ones on undo."""

    def __init__(self, apply: Callable[[Changes], None], before: Changes, after: Changes, text: str) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after

    def redo(self) -> None:
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


class RecorrectCommand(QUndoCommand):
    """Correct Again as one undo step: undo removes the new run (the previous one is the latest again)
    and shows the previous run with its decisions; redo stores the new run and carried decisions again."""

    def __init__(
        self, window, before_run, before_decisions: Changes, plan, after_run, prepared=None, was_spun: bool = False
    ) -> None:
        super().__init__("Correct again")
        self.window = window
        self.was_spun = was_spun  # Treat as Spun before this step: undo puts it back
        self.before_run, self.before_decisions = before_run, dict(before_decisions)
        self.plan, self.after_run, self._prepared = plan, after_run, prepared
        self._first = True

    def redo(self) -> None:
        w = self.window
        if self._first:  # pushed after the run was stored: show it
            self._first = False
            w.show_run(self.after_run, dict(self.plan.carried.decisions), self._prepared)
            self._prepared = None
            return
        try:
            self.after_run = w.library.commit_recorrect(self.plan)
            w.article = w.library.article(self.plan.article_id)
        except Exception as exc:  # noqa: BLE001 - shown to the user as one line
            w.show_error(str(exc))
            return
        w.show_run(self.after_run, w.library.decisions(self.after_run.id))

    def undo(self) -> None:
        w = self.window
        # the new run, and any run stored on top of it since (a threshold change), go
        newer = {self.after_run.id, getattr(w.run, "id", None)} - {self.before_run.id, None}
        try:
            for run_id in sorted(newer):
                w.library.delete_run(run_id)
            if self.plan.assume_spun != self.was_spun:
                w.library.set_assume_spun(self.plan.article_id, self.was_spun)
                w.article = w.library.article(self.plan.article_id)
        except Exception as exc:  # noqa: BLE001
            w.show_error(str(exc))
        w.show_run(self.before_run, dict(self.before_decisions))
