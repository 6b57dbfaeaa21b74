"""Reviewing: decisions (each one undo step, saved at once), bulk decisions, navigation, hover card.

A mixin of MainWindow, kept apart so each module stays readable.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from reader.engine.model import CATEGORIES
from reader.review import Decision, Status
from reader.ui.actions import A
from reader.ui.errors_text import message_for
from reader.ui.undo import Changes, DecisionCommand


class ReviewMixin:
    # ---- decisions -----------------------------------------------------------------------------------
    def _apply_decisions(self, changes: Changes) -> None:
        """The one place decisions change: memory, library (at once), view, counts."""
        if self.run is None:
            return
        self.card.hide()  # it would show the state before this decision
        for i, d in changes.items():
            if d is None or d.status is Status.PENDING:
                self.decisions.pop(i, None)
            else:
                self.decisions[i] = d
        try:
            if len(changes) == 1:
                ((i, d),) = changes.items()
                self.library.decide(self.run.id, i, d)
            else:
                self.library.decide_many(self.run.id, dict(changes))
        except Exception as exc:
            self.show_error(message_for(exc))
        self.view.update_decisions(self.decisions, set(changes))
        self._update_status()
        self.decisions_changed.emit()

    def decide(self, index: int, decision: Decision | None, advance: bool = True) -> None:
        if self.correction is None or not (0 <= index < len(self.correction.edits)):
            return
        edit = self.correction.edits[index]
        if not edit.replacements:
            self.notify("This is a flag only: there is nothing to accept or reject.", 5000)
            return
        before = self.decisions.get(index)
        if before == decision:
            return
        verb = {None: "Reset", Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.ALTERNATIVE: "Pick"}
        label = verb[decision.status if decision else None]
        self.undo_stack.push(
            DecisionCommand(
                self._apply_decisions, {index: before}, {index: decision}, f"{label} “{edit.original_text}”"
            )
        )
        if advance and decision is not None and self.actions_[A.AUTO_ADVANCE].isChecked():
            self.next_change(pending_only=True, after=index)

    def decide_current(self, decision: Decision | None) -> None:
        if self.view.current is None:
            self.notify("No current change: use Next Change (F7) first.", 5000)
            return
        self.decide(self.view.current, decision)

    def _scope_label(self) -> str:
        cid = self.view.category_filter
        return f"“{CATEGORIES[cid].name}” " if cid in CATEGORIES else ""

    def decide_all(self, decision: Decision) -> None:
        """Accept or reject every pending change shown (all, or the category filter), as one undo step."""
        if self.correction is None:
            return
        targets = [
            i for i in self.view.visible_indices() if self.correction.edits[i].replacements and i not in self.decisions
        ]
        decided = sum(1 for i in self.view.visible_indices() if i in self.decisions)
        if not targets:
            self.notify("No pending changes here to decide.", 5000)
            return
        verb = "Accept" if decision.status is Status.ACCEPTED else "Reject"
        text = f"{verb} {len(targets)} pending {self._scope_label()}changes"
        self.undo_stack.push(
            DecisionCommand(self._apply_decisions, dict.fromkeys(targets), dict.fromkeys(targets, decision), text)
        )
        note = f"; {decided} you had already decided were left as they were" if decided else ""
        self.notify(f"{verb}ed {len(targets)} pending {self._scope_label()}changes{note}.", 8000)

    # ---- navigation ----------------------------------------------------------------------------------
    def next_change(self, pending_only: bool = False, after: int | None = None) -> None:
        self._step(+1, pending_only, after)

    def previous_change(self) -> None:
        self._step(-1, False, None)

    def _step(self, direction: int, pending_only: bool, after: int | None) -> None:
        if self.correction is None:
            return
        indices = self.view.visible_indices()
        if pending_only:
            indices = [i for i in indices if i not in self.decisions and self.correction.edits[i].replacements]
        here = after if after is not None else self.view.current
        if here is None:
            target = indices[0] if direction > 0 and indices else (indices[-1] if indices else None)
        elif direction > 0:
            target = next((i for i in indices if i > here), None)
        else:
            target = next((i for i in reversed(indices) if i < here), None)
        if target is None:
            self.notify("No more changes in that direction.", 4000)
            return
        self.card.hide()
        self.view.set_current(target)
        focus = QApplication.focusWidget()
        if focus is None or not self.view.isAncestorOf(focus):  # so Enter / Delete act on this change next
            self.view.left.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- hover card ----------------------------------------------------------------------------------
    def _span_hovered(self, index: int, side: str, rect: QRect) -> None:
        self.card.cancel_hide()
        self._pending_hover = (index, side, rect)
        self._hover_timer.start()

    def _hover_left(self) -> None:
        self._hover_timer.stop()
        self._pending_hover = None
        self.card.schedule_hide()

    def _show_pending_card(self) -> None:
        if self._pending_hover is not None:
            index, _side, rect = self._pending_hover
            self.show_card(index, rect)

    def show_card(self, index: int, anchor: QRect | None = None, side: str = "left") -> None:
        if self.correction is None or not (0 <= index < len(self.correction.edits)):
            return
        if anchor is None:
            pane = self.view.right if side == "right" and self.view.right.span(index) else self.view.left
            r = pane.span_bounds(index)
            anchor = QRect(pane.viewport().mapToGlobal(r.topLeft()), r.size())
        self.card.show_edit(index, self.correction.edits[index], self.decisions.get(index), anchor, self.view.dark)

    def pick_current(self, n: int) -> None:
        """Candidate n (1-based, as the card lists them) for the current change."""
        if self.view.current is None or self.correction is None:
            return
        edit = self.correction.edits[self.view.current]
        if not (1 <= n <= len(edit.replacements)) or len(edit.replacements) < 2:
            self.notify("This change has no candidate with that number.", 4000)
            return
        value = edit.replacements[n - 1].value
        best = value == edit.best
        self.decide(self.view.current, Decision(Status.ACCEPTED) if best else Decision(Status.ALTERNATIVE, value))

    def explain_current(self) -> None:
        """The card for the current change, for keyboard users (hovering is not the only way in)."""
        if self.view.current is None:
            self.notify("No current change: use Next Change (F7) first.", 5000)
            return
        side = "left" if self.view.left.hasFocus() or self.view.right.span(self.view.current) is None else "right"
        self.show_card(self.view.current, side=side)

    def _card_decided(self, index: int, decision: Decision | None) -> None:
        self.card.hide()
        self.decide(index, decision)
