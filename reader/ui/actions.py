"""Every command of the window in one registry: text, shortcuts (standard keys where Qt has one),
menu and toolbar placement. Menus, toolbar and tests all use the same QActions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

SK = QKeySequence.StandardKey


class A(Enum):
    OPEN = auto()
    SAVE_CLEANED = auto()
    EXPORT_REPORT = auto()
    CORRECT_AGAIN = auto()
    TREAT_AS_SPUN = auto()
    CANCEL = auto()
    REMOVE_ARTICLE = auto()
    COMPARE_SOURCE = auto()
    LEARNED_LEXICON = auto()
    QUIT = auto()
    NEXT = auto()
    PREVIOUS = auto()
    ACCEPT = auto()
    REJECT = auto()
    UNDECIDE = auto()
    EXPLAIN = auto()
    ACCEPT_ALL = auto()
    REJECT_ALL = auto()
    AUTO_ADVANCE = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    ZOOM_RESET = auto()
    SHOW_LIBRARY = auto()
    ABOUT = auto()
    FIND = auto()
    FIND_NEXT = auto()
    FIND_PREVIOUS = auto()
    FIRST = auto()
    LAST = auto()
    SHORTCUTS = auto()
    PROPERTIES = auto()
    EXPORT_SELECTED = auto()
    PASTE_ARTICLE = auto()
    PREFERENCES = auto()


@dataclass(frozen=True)
class Spec:
    text: str
    keys: tuple = ()  # QKeySequence.StandardKey values or strings, first is the one shown
    tip: str = ""
    icon: str = ""  # freedesktop icon theme name
    checkable: bool = False
    short: str = ""  # the toolbar's label when the menu text is long


SPECS: dict[A, Spec] = {
    A.OPEN: Spec("&Open…", (SK.Open,), "Open one or more articles (txt, md, html, pdf, docx)", "document-open"),
    A.SAVE_CLEANED: Spec(
        "&Save Cleaned Copy…", (SK.Save,), "Write the cleaned text (txt, md or html)", "document-save", short="Save"
    ),
    A.EXPORT_REPORT: Spec(
        "&Export Review Report…", ("Ctrl+Shift+E",), "Every change with its explanation (html or json)"
    ),
    A.CORRECT_AGAIN: Spec(
        "&Correct Again",
        ("Ctrl+R",),
        "Run the engine on this article again, keeping your decisions (Undo brings the previous run back)",
        "view-refresh",
    ),
    A.TREAT_AS_SPUN: Spec(
        "Treat as S&pun",
        (),
        "You know this article is spun: look for every kind of substitution, even where it shows no spinner "
        "signatures (other spinners leave few); corrects it again, keeping your decisions",
        checkable=True,
    ),
    A.CANCEL: Spec("S&top", ("Esc",), "Stop the running correction", "process-stop"),
    A.REMOVE_ARTICLE: Spec(
        "&Remove from Library", (), "Remove the current article from the library (the file stays)", "edit-delete"
    ),
    A.COMPARE_SOURCE: Spec(
        "Compare with the &Original…",
        (),
        "Give the original this article was spun from: see every difference, the engine's score, learn from it",
    ),
    A.LEARNED_LEXICON: Spec(
        "Learned &Substitutions…", (), "Your own lexicon, learned from sources: remove rows, export, import"
    ),
    A.QUIT: Spec("&Quit", (SK.Quit, "Ctrl+Q"), "", "application-exit"),
    A.NEXT: Spec("&Next Change", ("F7", "Alt+Down"), "Go to the next change", "go-down", short="Next"),
    A.PREVIOUS: Spec(
        "&Previous Change", ("Shift+F7", "Alt+Up"), "Go to the previous change", "go-up", short="Previous"
    ),
    A.ACCEPT: Spec(
        "&Accept Change",
        ("Ctrl+Return", "Ctrl+Enter"),
        "Accept the current change (this place only; Enter while reading the text)",
        "dialog-ok-apply",
        short="Accept",
    ),
    A.REJECT: Spec(
        "&Reject Change",
        ("Ctrl+Backspace",),
        "Keep the spun words here (this place only, the rule stays on; Delete while reading the text)",
        "dialog-cancel",
        short="Reject",
    ),
    A.UNDECIDE: Spec(
        "Back to Engine's &Choice", ("Ctrl+Shift+Backspace",), "Forget your decision on the current change"
    ),
    A.EXPLAIN: Spec(
        "&Explain Current Change",
        ("Ctrl+I",),
        "Show the card for the current change: why, how sure, other candidates (Space while reading the text)",
    ),
    A.ACCEPT_ALL: Spec("Accept All Pending Changes", (), ""),
    A.REJECT_ALL: Spec("Reject All Pending Changes", (), ""),
    A.AUTO_ADVANCE: Spec(
        "A&uto-Advance After a Decision",
        (),
        "Go to the next pending change after accepting or rejecting",
        checkable=True,
    ),
    A.ZOOM_IN: Spec("Zoom &In", ("Ctrl+=", SK.ZoomIn), "", "zoom-in"),
    A.ZOOM_OUT: Spec("Zoom &Out", (SK.ZoomOut, "Ctrl+-"), "", "zoom-out"),
    A.ZOOM_RESET: Spec("&Normal Size", ("Ctrl+0",), "", "zoom-original"),
    A.SHOW_LIBRARY: Spec("&Library Panel", ("Ctrl+L",), "Show or hide the library", checkable=True),
    A.ABOUT: Spec("&About Unspin Reader", (), "", "help-about"),
    A.FIND: Spec("&Find…", (SK.Find,), "Find words in the article (both panes)", "edit-find"),
    A.FIND_NEXT: Spec("Find &Next", (SK.FindNext,), "Go to the next match"),
    A.FIND_PREVIOUS: Spec("Find Pre&vious", (SK.FindPrevious,), "Go to the previous match"),
    A.FIRST: Spec("&First Change", ("Alt+Home",), "Go to the first change", "go-top"),
    A.LAST: Spec("&Last Change", ("Alt+End",), "Go to the last change", "go-bottom"),
    A.SHORTCUTS: Spec("&Keyboard Shortcuts", (SK.HelpContents, "F1"), "Every command and its keys", "help-contents"),
    A.PROPERTIES: Spec(
        "Article &Properties…", ("Alt+Return",), "Edit the title, author and source URL", "document-properties"
    ),
    A.EXPORT_SELECTED: Spec(
        "Export &Selected Articles…", ("Ctrl+Shift+S",), "Write cleaned copies or reports of every selected article"
    ),
    A.PASTE_ARTICLE: Spec(
        "New Article from &Clipboard",
        ("Ctrl+Shift+V",),
        "Add the copied text to the library and correct it",
        "edit-paste",
    ),
    A.PREFERENCES: Spec(
        "&Preferences…", (SK.Preferences, "Ctrl+,"), "The optional local model server", "preferences-system"
    ),
}

MENUS: list[tuple[str, list[A | None]]] = [
    (
        "&File",
        [
            A.OPEN,
            "recent",
            A.PASTE_ARTICLE,
            None,
            A.SAVE_CLEANED,
            A.EXPORT_REPORT,
            A.EXPORT_SELECTED,
            None,
            A.PROPERTIES,
            A.CORRECT_AGAIN,
            A.TREAT_AS_SPUN,
            A.CANCEL,
            A.REMOVE_ARTICLE,
            None,
            A.COMPARE_SOURCE,
            A.LEARNED_LEXICON,
            None,
            A.QUIT,
        ],
    ),
    (
        "&Edit",
        [
            "undo",
            "redo",
            None,
            A.ACCEPT,
            A.REJECT,
            A.UNDECIDE,
            None,
            A.ACCEPT_ALL,
            A.REJECT_ALL,
            None,
            A.FIND,
            A.FIND_NEXT,
            A.FIND_PREVIOUS,
            None,
            A.PREFERENCES,
        ],
    ),
    ("&Changes", [A.NEXT, A.PREVIOUS, A.FIRST, A.LAST, A.EXPLAIN, None, A.AUTO_ADVANCE]),
    ("&View", [A.ZOOM_IN, A.ZOOM_OUT, A.ZOOM_RESET, None, A.SHOW_LIBRARY]),
    ("&Help", [A.SHORTCUTS, None, A.ABOUT]),
]  # type: ignore[list-item]

TOOLBAR: list[A | str | None] = [
    A.OPEN,
    A.SAVE_CLEANED,
    None,
    "undo",
    "redo",
    None,
    A.PREVIOUS,
    A.NEXT,
    None,
    A.ACCEPT,
    A.REJECT,
    None,
    "filter",
    A.CANCEL,
]


def _sequences(keys: tuple) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    for k in keys:
        seqs = QKeySequence.keyBindings(k) if isinstance(k, SK) else [QKeySequence(k)]
        for s in seqs:
            if not s.isEmpty() and s not in out:
                out.append(s)
    return out


def build_actions(parent: QWidget) -> dict[A, QAction]:
    actions: dict[A, QAction] = {}
    for aid, spec in SPECS.items():
        act = QAction(spec.text, parent)
        act.setObjectName(aid.name.lower())
        if spec.icon:
            act.setIcon(QIcon.fromTheme(spec.icon))
        seqs = _sequences(spec.keys)
        if seqs:
            act.setShortcuts(seqs)
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        if seqs:
            tip += f" ({seqs[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        act.setToolTip(tip)
        act.setStatusTip(spec.tip)
        act.setCheckable(spec.checkable)
        if spec.short:
            act.setIconText(spec.short)
        actions[aid] = act
    return actions
