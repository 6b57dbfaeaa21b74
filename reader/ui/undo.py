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
