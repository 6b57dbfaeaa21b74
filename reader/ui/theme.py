"""Category colours for light and dark palettes, and how each review state is drawn.

Two tuned palettes (never one colour for both): pale backgrounds under dark text in light
mode, deep backgrounds under light text in dark mode, with underline colours bright enough
to read on either. The window follows the system scheme and redraws when it changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from reader.ui.spans import State

# category id -> (light background, dark background, underline/marker colour light, dark)
_CATEGORY_COLOURS: dict[str, tuple[str, str, str, str]] = {
    "padding": ("#ffe3a3", "#5c4300", "#b37700", "#ffc53d"),
    "pronoun": ("#f6d0f0", "#5a2152", "#a1308f", "#f08be0"),
    "synonym": ("#cfe4ff", "#1d3d66", "#2a6cc4", "#7db6ff"),
    "idiom": ("#d8f3c8", "#27501a", "#3f8a24", "#8fdc6e"),
    "entity": ("#ffd1cc", "#6a231b", "#c0392b", "#ff8a7d"),
    "number": ("#c8f1ee", "#154f4b", "#178a80", "#6fe0d5"),
    "sense": ("#e4d8ff", "#3b2a6b", "#6a4cc4", "#b39dff"),
    "tortured": ("#ffd9b8", "#633412", "#c25e12", "#ffa45c"),
    "injected": ("#e6e6e6", "#4a4a4a", "#6b6b6b", "#c8c8c8"),
    "gap": ("#f0e0c8", "#4d3b22", "#8a6a3a", "#e0b880"),
}
_FALLBACK = ("#e8e8e8", "#444444", "#777777", "#bbbbbb")


def is_dark(palette: QPalette | None = None) -> bool:
    hints = QApplication.styleHints() if QApplication.instance() else None
    if hints is not None and palette is None:
        scheme = hints.colorScheme()
        if scheme == Qt.ColorScheme.Dark:
            return True
        if scheme == Qt.ColorScheme.Light:
            return False
    pal = palette or QApplication.palette()
    return pal.color(QPalette.ColorRole.Base).lightness() < 128


def background(category_id: str, dark: bool) -> QColor:
    c = _CATEGORY_COLOURS.get(category_id, _FALLBACK)
    return QColor(c[1] if dark else c[0])


def accent(category_id: str, dark: bool) -> QColor:
    c = _CATEGORY_COLOURS.get(category_id, _FALLBACK)
    return QColor(c[3] if dark else c[2])


def span_format(category_id: str, state: State, dark: bool) -> QTextCharFormat:
    """The look of one highlighted span.

    applied: category background; accepted: same plus a solid underline; suggested: wavy
    underline only; rejected: grey dashed underline, muted text; flag: diagonal stripes in the
    category's colour with a dotted underline (the text is unchanged, the card explains). Stripes,
    not only a dotted line: at reading sizes Qt's dotted and wavy underlines look alike.
    """
    fmt = QTextCharFormat()
    col = accent(category_id, dark)
    if state in (State.APPLIED, State.ACCEPTED):
        fmt.setBackground(background(category_id, dark))
        if state is State.ACCEPTED:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(col)
            fmt.setFontUnderline(True)
    elif state is State.SUGGESTED:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(col)
    elif state is State.REJECTED:
        grey = QColor("#8a8a8a") if dark else QColor("#8c8c8c")
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(grey)
        fmt.setForeground(grey)
    else:  # FLAG
        stripes = QColor(col)
        stripes.setAlpha(110)
        fmt.setBackground(QBrush(stripes, Qt.BrushStyle.BDiagPattern))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(col)
    return fmt


def current_paragraph_colour(dark: bool) -> QColor:
    return QColor(255, 255, 255, 18) if dark else QColor(0, 90, 200, 14)


def muted_colour(dark: bool) -> QColor:
    """Secondary text (the engine's evidence in the card), readable on either palette."""
    return QColor("#a8a8a8") if dark else QColor("#606060")


def current_frame_colour(dark: bool) -> QColor:
    return QColor("#ffffff") if dark else QColor("#202020")


STATE_LABELS = {
    State.APPLIED: "applied by the engine",
    State.SUGGESTED: "suggestion (below the threshold, not applied)",
    State.ACCEPTED: "accepted by you",
    State.REJECTED: "rejected by you",
    State.FLAG: "flag only (nothing to replace)",
}
