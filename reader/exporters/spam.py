"""Injected spam the engine flagged leaves the cleaned copy unless the user rejected its removal.

The engine marks keyword anchors pasted into a copied article ("eyeing the dating sites for
Rate My Date people next pipe") as category "injected" with a low-confidence deletion: it
never changes the text by itself. A cleaned copy is for reading, so exporters delete those
spans by default; a decision of Rejected (or keep_spam=True) keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from reader.engine.model import Correction, Edit, Replacement
from reader.review import Decision, Status


def is_spam(edit: Edit) -> bool:
    return edit.category.id == "injected"


def _widened(edit: Edit, text: str, prev_end: int, next_start: int) -> Edit:
    """The span plus one neighbouring space, so removing it leaves no double space (a whole line: its breaks)."""
    start, end = edit.offset, edit.end
    if (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n"):
        while end < next_start and end < len(text) and text[end] == "\n":
            end += 1
    elif start > prev_end and start > 0 and text[start - 1] == " " and (end >= len(text) or text[end] in " ,.;:!?)"):
        start -= 1
    elif end < next_start and end < len(text) and text[end] == " ":
        end += 1
    return replace(edit, offset=start, length=end - start, original_text=text[start:end])


def without_spam(correction: Correction, decisions: Mapping[int, Decision]) -> tuple[Correction, int]:
    """The correction with each pending or accepted spam flag turned into an applied deletion; and how many."""
    edits = list(correction.edits)
    removed = 0
    for i, e in enumerate(edits):
        d = decisions.get(i)
        if not is_spam(e) or (d is not None and d.status is Status.REJECTED):
            continue
        if d is not None and d.status is Status.ALTERNATIVE and d.value:
            continue  # the user chose a replacement text: that wins
        prev_end = edits[i - 1].end if i else 0
        next_start = edits[i + 1].offset if i + 1 < len(edits) else len(correction.text)
        deletion = replace(e.replacements[0], value="") if e.replacements else None
        reps = (deletion,) + e.replacements[1:] if deletion else e.replacements
        if not reps:
            reps = (Replacement("", e.confidence, "delete the injected text"),)
        edits[i] = replace(_widened(e, correction.text, prev_end, next_start), replacements=reps, applied=True)
        removed += 1
    return replace(correction, edits=tuple(edits)), removed
