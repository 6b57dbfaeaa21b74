"""Reviewing: decisions (each one undo step, saved at once), bulk decisions, navigation, hover card.

A mixin of MainWindow, kept apart so each module stays readable.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication

from reader.engine.model import CATEGORIES
from reader.review import Decision, Status
from reader.ui.actions import A
from reader.ui.compare_view import NEXT_TURN_MS
from reader.ui.errors_text import message_for
from reader.ui.spans import prepare
from reader.ui.undo import Changes, DecisionCommand
from reader.ui.workers import collector_pause

BULK_ABOVE = 300  # decisions at once: more than this are written on a worker and drawn in chunks
CHUNK_BUDGET_S = 0.03  # GUI time per drawing chunk (the event loop runs between chunks)
CHUNK_MIN = 120
CHUNK_MAX = 250  # replacements per chunk at most: layout after a chunk grows with it
SETTLE_ABOVE = 5000  # edits: on longer articles what a decision rebuilds is frozen (see collector_pause.settle)


class ReviewMixin:
    # ---- decisions -----------------------------------------------------------------------------------
    def _apply_decisions(self, changes: Changes) -> None:
        """The one place decisions change: memory at once, then the library and the view.

        A few decisions are written and drawn at once. Many (accept/reject all, or undoing
        them) are written on a worker, their words replaced in the right pane a chunk of about
        CHUNK_BUDGET_S per event-loop turn (top down, positions shifted by what was replaced above)
        while a worker computes the final spans. The window keeps answering: a click made meanwhile is
        kept in memory at once, written after the bulk write, and drawn when the bulk is drawn.
        """
        if self.run is None:
            return
        self.card.hide()  # it would show the state before this decision
        keep = {i: d for i, d in changes.items() if d is not None and d.status is not Status.PENDING}
        if len(keep) < len(changes):
            for i in changes.keys() - keep.keys():
                self.decisions.pop(i, None)
        self.decisions.update(keep)
        if len(changes) > BULK_ABOVE:
            self._bulk_queue.append(set(changes))
            self._bulk_write(dict(changes))
            self._bulk_busy_shown()
            if not self._bulk_active:  # in the next turn: this one already walked every edit
                QTimer.singleShot(NEXT_TURN_MS, self._bulk_start)
            self.view.worked()
            return
        self._write_decisions(dict(changes))
        if self._bulk_active or self._bulk_queue:  # a bulk drawing or about to start (its snapshot takes this in)
            self._bulk_later |= set(changes)  # drawn once the bulk's text is in place
            return
        self.view.update_decisions(self.decisions, set(changes))
        self._update_status()
        if len(self.correction.edits) > SETTLE_ABOVE:
            collector_pause.settle()
        self.decisions_changed.emit()

    def _write_decisions(self, changes: Changes) -> None:
        if self._bulk_writing:  # after the bulk write, in the order they were made
            self._queued_writes.append(changes)
            return
        try:
            if len(changes) == 1:
                ((i, d),) = changes.items()
                self.library.decide(self.run.id, i, d)
            else:
                self.library.decide_many(self.run.id, dict(changes))
        except Exception as exc:
            self.show_error(message_for(exc))

    def _bulk_write(self, changes: Changes) -> None:
        run_id = self.run.id
        self._bulk_writing += 1

        def done(exc: BaseException | None = None) -> None:
            self._bulk_writing -= 1
            if exc is not None:
                self.show_error(message_for(exc))
            if not self._bulk_writing:
                queued, self._queued_writes = self._queued_writes, []
                for c in queued:
                    self._write_decisions(c)
                self._bulk_step_done()

        self.runner.submit(
            lambda _c, _p: self._in_worker_library(lambda lib: lib.decide_many(run_id, changes)),
            on_result=lambda _r: done(),
            on_error=lambda e: done(e),
            name="decide-many",
        )

    def _bulk_busy_shown(self) -> None:
        if not self._busy_cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._busy_cursor = True
        self.review_status.busy("Applying")

    def _bulk_start(self) -> None:
        if not self._bulk_active and self._bulk_queue:
            self._bulk_next()

    def _bulk_next(self) -> None:
        """Start drawing the next queued bulk: text replacements in chunks, final spans from a worker."""
        if not self._bulk_queue or self.correction is None:
            self._bulk_queue = []
            self._bulk_step_done()
            return
        indices = self._bulk_queue.pop(0)
        self._bulk_active = True
        if not self._gc_paused:  # a bulk makes tens of thousands of objects: no full collections meanwhile
            collector_pause.__enter__()  # (they took 20-150 ms each, six of them per bulk)
            self._gc_paused = True
        self._bulk_token += 1
        token, correction, snapshot = self._bulk_token, self.correction, dict(self.decisions)
        self._bulk_busy_shown()
        self._bulk_snapshot = snapshot
        self.view.bulk_begin()
        self._bulk_reps, self._bulk_done_reps, self._bulk_total = [], [], 0
        self._bulk_prepared = None
        view = self.view
        text, spans, utf16 = view.right.text, view.right.spans(), view.right._map
        cats, hidden, dark = dict(view._categories), set(view.hidden), view.dark

        def work(_cancel, _progress):  # pure Python over data the GUI thread only replaces, never mutates
            reps = view.bulk_replacements(correction, snapshot, indices, text, spans, utf16)
            prepared = prepare(correction, snapshot)
            marks = view.marks_for(prepared, len(correction.text), cats, hidden, dark)
            return reps, (prepared, marks)

        def ready(result) -> None:
            if token != self._bulk_token:
                return
            reps, self._bulk_prepared = result
            if (
                result[1][0] is None or self.view.right.text != text or self.view.hidden != hidden
            ):  # the worker failed, or the pane changed meanwhile: redraw whole
                self._bulk_reps = []
            else:
                self.view.right.forget_spans()  # its highlights would point at words the chunks move
                # last position first: consumed from the list's end, the first positions come first (top down,
                # where Qt has laid the text out: a first edit near the end made it lay out 1 MB at once)
                self._bulk_reps, self._bulk_total, self._bulk_shift = reps, len(reps), 0
            self._bulk_timer.start()

        self.runner.submit(
            work,
            on_result=ready,
            on_error=lambda e: (self.show_error(message_for(e)), ready(([], (None, None)))),
            name="prepare",
        )

    def _bulk_chunk(self) -> None:
        if not self._bulk_active:
            return
        if self.view.turn_taken("chunk"):  # another long step ran in this pass: this chunk in the next one
            self._bulk_timer.start()
            return
        t0 = time.perf_counter()
        n = self._bulk_size
        chunk = self._bulk_reps[-n:]
        del self._bulk_reps[-n:]
        chunk.reverse()  # ascending
        self._bulk_shift = self.view.bulk_apply(chunk, self._bulk_shift)
        self._bulk_done_reps.append(len(chunk))
        spent = time.perf_counter() - t0
        scale = CHUNK_BUDGET_S / max(spent, 1e-4)  # aim the next chunk at the budget
        # Not below CHUNK_MIN: a paragraph's relayout after each chunk costs the same however few words
        # changed, so on one huge paragraph smaller chunks would only multiply it.
        self._bulk_size = max(CHUNK_MIN, min(CHUNK_MAX, int(max(1, len(chunk)) * min(1.5, max(0.25, scale)))))
        done, total = self._bulk_total - len(self._bulk_reps), max(1, self._bulk_total)
        if done * 20 // total != (done - len(chunk)) * 20 // total:  # every 5%: a repaint costs a few ms
            self.review_status.set_progress(done, total)
        self.view.worked()
        if self._bulk_reps:
            self._bulk_timer.start()
        else:  # the final spans in a turn of their own
            QTimer.singleShot(NEXT_TURN_MS, self._bulk_maybe_finish)

    def _bulk_maybe_finish(self) -> None:
        if not self._bulk_active or self._bulk_prepared is None:
            return
        if self.view.turn_taken("finish"):
            QTimer.singleShot(NEXT_TURN_MS, self._bulk_maybe_finish)
            return
        if self._bulk_timer.isActive() or self._bulk_reps:
            return
        prepared, done = self._bulk_prepared, self._bulk_done_reps
        self._bulk_prepared, self._bulk_done_reps = None, []
        prepared, marks = prepared or (None, None)
        self.view.bulk_finish(prepared, marks, self._bulk_snapshot, bool(done), align=False)
        # the rest in the next turns, one step each (together they held the event loop 100 ms)
        token = self._bulk_token
        QTimer.singleShot(NEXT_TURN_MS, lambda: self._bulk_tail(token))

    def _bulk_tail(self, token: int, step: int = 0) -> None:
        """After a bulk's final spans: re-pad the paragraphs, then draw the clicks made meanwhile, then done."""
        if token != self._bulk_token or not self._bulk_active:
            return
        if self.view.turn_taken("tail"):
            QTimer.singleShot(NEXT_TURN_MS, lambda: self._bulk_tail(token, step))
            return
        if step == 0:
            self.view.align()
            QTimer.singleShot(NEXT_TURN_MS, lambda: self._bulk_tail(token, 1))
            return
        self._bulk_active = False
        later, self._bulk_later = self._bulk_later, set()
        if later:
            self.view.update_decisions(self.decisions, later)
        if self._bulk_queue:
            self._bulk_next()
        else:
            self._bulk_step_done()

    def _bulk_step_done(self) -> None:
        """When the drawing and the writing are both done: cursor back, counts, signal."""
        if self._bulk_active or self._bulk_queue or self._bulk_writing:
            return
        if self._busy_cursor:
            QApplication.restoreOverrideCursor()
            self._busy_cursor = False
        if self._gc_paused:  # what the bulk made is frozen: later collections do not scan it again
            self._gc_paused = False
            collector_pause.__exit__(None, None, None)
        if self._correct_job is None:
            self.review_status.idle()
        self._update_status()
        self._update_actions()
        self.decisions_changed.emit()
        self.bulk_finished.emit()

    def _stop_bulk_drawing(self) -> None:
        """Another article is shown: the bulk's indices are not its own (the write still finishes)."""
        self._bulk_timer.stop()
        self._bulk_token += 1
        self._bulk_active = False
        self._bulk_queue, self._bulk_reps, self._bulk_done_reps, self._bulk_later = [], [], [], set()
        self._bulk_prepared = None
        self.view.bulk_abort()
        self._bulk_step_done()

    def bulk_busy(self) -> bool:
        return bool(self._bulk_active or self._bulk_queue or self._bulk_writing)

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
        decidable = self.view.decidable_indices()
        targets = sorted(decidable.difference(self.decisions)) if self.decisions else sorted(decidable)
        shown = self.view.visible_indices()
        decided = (
            len(self.decisions) if len(shown) == len(self.correction.edits) else len(self.decisions.keys() & shown)
        )
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
