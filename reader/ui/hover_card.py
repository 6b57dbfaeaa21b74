"""The card shown over a highlighted edit: what it was, what it probably said, why, and the choices.

A small frameless window rather than a tooltip, so its buttons work. It stays while the mouse
is over the span or the card and hides shortly after the mouse leaves both. Accepting or
rejecting acts on this one place only; nothing here disables a rule for other edits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.engine.model import Edit
from reader.review import Decision, Status
from reader.ui import theme
from reader.ui.spans import State, edit_state

HIDE_DELAY_MS = 300
MAX_EVIDENCE_ITEMS = 6
CARD_WIDTH = 440


def _shown(value: str) -> str:
    return "(delete)" if value == "" else value


def _evidence_lines(evidence: dict) -> list[str]:
    out = []
    for key, value in list(evidence.items())[:MAX_EVIDENCE_ITEMS]:
        if isinstance(value, float):
            value = f"{value:.3g}"
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value[:8])
        text = str(value)
        if len(text) > 140:
            text = text[:137] + "..."
        out.append(f"{html.escape(str(key).replace('_', ' '))}: {html.escape(text)}")
    return out


class HoverCard(QFrame):
    decided = Signal(int, object)  # edit index, Decision or None (back to the engine's choice)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("HoverCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFixedWidth(CARD_WIDTH)  # wrapped labels would otherwise pick a narrow column
        self.index: int | None = None
        self.edit: Edit | None = None
        self._hide_timer = QTimer(self)
        self._hide_timer.setSingleShot(True)
        self._hide_timer.setInterval(HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self.hide)
        v = QVBoxLayout(self)
        v.setContentsMargins(12, 10, 12, 10)
        v.setSpacing(6)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.change = QLabel()
        self.change.setTextFormat(Qt.TextFormat.RichText)
        self.meta = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setToolTip("What the engine based this on (its tables and scores)")
        for w in (self.title, self.change, self.meta, self.message, self.evidence):
            w.setWordWrap(True)  # a long rule name or phrase must not stretch the card across the text
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.addWidget(w)
        self.candidates_row = QHBoxLayout()
        self.candidates_row.setSpacing(4)
        self.candidates_label = QLabel("Other candidates:")
        v.addWidget(self.candidates_label)
        v.addLayout(self.candidates_row)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("Accept")
        self.reject_button = QPushButton("Reject")
        self.reset_button = QPushButton("Reset")
        self.accept_button.setToolTip("Use the replacement here (this place only)")
        self.reject_button.setToolTip("Keep the spun words here (this place only; the rule stays on)")
        self.reset_button.setToolTip("Back to the engine's choice")
        self.accept_button.clicked.connect(lambda: self._decide(Decision(Status.ACCEPTED)))
        self.reject_button.clicked.connect(lambda: self._decide(Decision(Status.REJECTED)))
        self.reset_button.clicked.connect(lambda: self._decide(None))
        for b in (self.accept_button, self.reject_button, self.reset_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addLayout(buttons)
        self._candidate_buttons: list[QPushButton] = []

    # ---- content ---------------------------------------------------------------------------------
    def show_edit(self, index: int, edit: Edit, decision: Decision | None, anchor: QRect, dark: bool) -> None:
        self.index, self.edit = index, edit
        state = edit_state(edit, decision)
        self.title.setText(edit.short_message or edit.category.name)
        bg = theme.background(edit.category.id, dark).name()
        spun = html.escape(edit.original_text)
        if edit.replacements:
            chosen = decision.value if decision and decision.value is not None else edit.best
            self.change.setText(
                f"<span style='text-decoration: line-through'>{spun}</span> &rarr; "
                f"<span style='background-color:{bg}'>&nbsp;{html.escape(_shown(chosen or ''))}&nbsp;</span>"
            )
        else:
            self.change.setText(f"<span style='background-color:{bg}'>&nbsp;{spun or '(here)'}&nbsp;</span>")
        label = theme.STATE_LABELS[state]
        if edit.rule_id.startswith("model.") and state is State.APPLIED:
            label = "applied from the local model"
        self.meta.setText(f"{edit.category.name} · confidence {edit.confidence:.0%} · {label}")
        self.message.setText(edit.message)
        ev = _evidence_lines(dict(edit.evidence)) + [f"rule: {html.escape(edit.rule_id)}"]
        # the engine's workings, for the curious: one small grey paragraph, not a tall table
        self.evidence.setText(f"<small style='color:{theme.muted_colour(dark).name()}'>{' · '.join(ev)}</small>")
        for b in self._candidate_buttons:
            b.deleteLater()
        self._candidate_buttons = []
        chosen_value = decision.value if decision and decision.value is not None else None
        for r in edit.replacements:
            if r is edit.replacements[0] and len(edit.replacements) == 1:
                break
            b = QPushButton(_shown(r.value))
            key = len(self._candidate_buttons) + 1
            b.setToolTip(
                f"Use “{_shown(r.value)}” here ({r.confidence:.0%}) {r.short_description}".strip()
                + (f" · key {key}" if key <= 9 else "")
            )
            b.setCheckable(True)
            b.setChecked(chosen_value == r.value)
            b.clicked.connect(lambda _c=False, val=r.value: self._pick(val))
            self.candidates_row.addWidget(b)
            self._candidate_buttons.append(b)
        has_alts = bool(self._candidate_buttons)
        self.candidates_label.setVisible(has_alts)
        n = min(9, len(self._candidate_buttons))
        self.candidates_label.setText(f"Other candidates (keys 1–{n}):" if n > 1 else "Other candidates (key 1):")
        can_replace = bool(edit.replacements)
        self.accept_button.setVisible(can_replace)
        self.reject_button.setVisible(can_replace)
        self.reset_button.setVisible(can_replace and state in (State.ACCEPTED, State.REJECTED))
        self.accept_button.setEnabled(state is not State.ACCEPTED)
        self.reject_button.setEnabled(state is not State.REJECTED)
        self._fit()
        self._place(anchor)
        self._hide_timer.stop()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        """Exactly as tall as its wrapped text at the card's width (adjustSize leaves gaps between labels)."""
        lay = self.layout()
        lay.invalidate()
        lay.activate()
        h = lay.heightForWidth(CARD_WIDTH) if lay.hasHeightForWidth() else lay.sizeHint().height()
        self.resize(CARD_WIDTH, max(h, lay.minimumSize().height()))

    def _place(self, anchor: QRect) -> None:
        """Below the words it explains, else above, else beside them: on screen and never over them."""
        area = self._area(anchor)
        w, h, gap = self.width(), self.height(), 4
        x = max(area.left(), min(anchor.left(), area.right() - w + 1))
        below = QPoint(x, anchor.bottom() + gap)
        above = QPoint(x, anchor.top() - gap - h)
        y_side = max(area.top(), min(anchor.top() - h // 3, area.bottom() - h + 1))
        right = QPoint(anchor.right() + gap, y_side)
        left = QPoint(anchor.left() - gap - w, y_side)
        for pos in (below, above, right, left):
            if area.contains(QRect(pos, self.size())):
                self.move(pos)
                return
        # nothing fits whole: below or above, whichever shows more, kept inside the area
        room_below, room_above = area.bottom() - anchor.bottom(), anchor.top() - area.top()
        pos = below if room_below >= room_above else QPoint(x, max(area.top(), above.y()))
        self.move(pos)

    def _area(self, anchor: QRect) -> QRect:
        """Where the card may go: the window (so it stays with what it explains), within the screen.

        A window too small for the card lends it the whole screen rather than cover the words; the
        offscreen platform's pretend screen (800x600) is ignored so screenshots match a desktop.
        """
        area = QRect()
        parent = self.parentWidget()
        if parent is not None:
            top = parent.window()
            area = QRect(top.mapToGlobal(QPoint(0, 0)), top.size())
        screen = QGuiApplication.screenAt(anchor.center())
        if screen is not None and QGuiApplication.platformName() != "offscreen":
            avail = screen.availableGeometry()
            inside = area.intersected(avail) if area.isValid() else QRect()
            small = not inside.isValid() or inside.width() < self.width() or inside.height() < 2 * self.height()
            area = avail if small else inside
        if not area.isValid():  # no window, no screen: anywhere
            area = QRect(anchor.center() - QPoint(4000, 4000), QSize(8000, 8000))
        return area

    def candidate_buttons(self) -> list[QPushButton]:
        return list(self._candidate_buttons)

    # ---- intents -------------------------------------------------------------------------------------
    def _decide(self, decision: Decision | None) -> None:
        if self.index is not None:
            self.decided.emit(self.index, decision)

    def _pick(self, value: str) -> None:
        if self.edit is not None and self.edit.replacements and value == self.edit.best:
            self._decide(Decision(Status.ACCEPTED))
        else:
            self._decide(Decision(Status.ALTERNATIVE, value))

    # ---- staying open while the mouse is here ------------------------------------------------------
    def schedule_hide(self) -> None:
        if self.isVisible() and not self.underMouse():
            self._hide_timer.start()

    def cancel_hide(self) -> None:
        self._hide_timer.stop()

    def enterEvent(self, event) -> None:  # noqa: N802
        self._hide_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hide_timer.start()
        super().leaveEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)
