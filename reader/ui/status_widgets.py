"""Status-bar controls (confidence threshold, counts, spin score, progress) and the error banner."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QSlider, QToolButton, QWidget


class ReviewStatus(QWidget):
    threshold_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(10)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(True)
        self.progress.hide()
        # the bar's room kept when hidden: showing it made the status bar 5 px taller, which resized both
        # text panes at the start and end of every long job (a relayout cascade of 400 ms on a long article)
        self.setMinimumHeight(self.progress.sizeHint().height())
        self.counts = QLabel()
        self.spin = QLabel()
        self.spin.setToolTip("How spun the article looks: the share of its text the engine found substituted")
        self.threshold_label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setFixedWidth(130)
        self.slider.setToolTip(
            "Confidence threshold: changes at or above it are applied, the rest are shown as suggestions"
        )
        for w in (self.progress, self.counts, self.spin, self.threshold_label, self.slider):
            h.addWidget(w)
        self.slider.valueChanged.connect(self._moved)
        self.set_threshold(0.5)

    def _moved(self, value: int) -> None:
        self.threshold_label.setText(f"Apply at ≥ {value}%")
        self.threshold_changed.emit(value / 100)

    def set_threshold(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(value * 100))
        self.slider.blockSignals(False)
        self.threshold_label.setText(f"Apply at ≥ {round(value * 100)}%")

    def threshold(self) -> float:
        return self.slider.value() / 100

    def set_counts(self, total: int, counts: dict[str, int] | None, applied: int, suggested: int) -> None:
        if counts is None:
            self.counts.setText("")
            self.counts.setToolTip("")
            return
        if total == 0:
            self.counts.setText("No spinning found")
            self.counts.setToolTip("The engine found nothing to change: both sides show the same text")
            return
        self.counts.setText(
            f"{total} changes · {counts['pending']} to review · {counts['accepted']} accepted · "
            f"{counts['rejected']} rejected"
        )
        self.counts.setToolTip(
            f"Of the {counts['pending']} changes you have not decided: {applied} applied by the engine, "
            f"{suggested} suggestions below the threshold (not applied), "
            f"{counts['pending'] - applied - suggested} flags with nothing to replace"
        )

    def set_spin(self, score: float | None, told: bool = False) -> None:
        """The document's spin score; `told`: the user said it is spun (File ▸ Treat as Spun)."""
        text = "" if score is None else f"Spin score {score:.0%}"
        self.spin.setText(text + (" · treated as spun" if text and told else ""))
        self.spin.setToolTip(
            "You said this article is spun (File ▸ Treat as Spun): every kind of substitution is looked for, "
            "whatever the score"
            if told
            else "How strongly the spinner's signatures mark this text (0% reads as ordinary prose)"
        )

    def set_progress(self, done: int, total: int) -> None:
        if "%p" not in self.progress.format():  # "Correcting" becomes "Correcting 42%" once there is a figure
            self.progress.setFormat(f"{self.progress.format()} %p%".strip())
        self.progress.show()
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def busy(self, text: str) -> None:
        self.progress.show()
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)

    def idle(self) -> None:
        self.progress.hide()
        self.progress.setFormat("%p%")


class Banner(QFrame):
    """A message across the top of the window: errors a user must see, dismissed with ×."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setStyleSheet(
            "#Banner { background: #b3261e; border-radius: 4px; } #Banner QLabel, #Banner QToolButton { color: white; }"
        )
        h = QHBoxLayout(self)
        h.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        h.addWidget(self.label, 1)
        h.addWidget(close)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
