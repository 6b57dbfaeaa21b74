"""Where each edit sits in the left (spun) and right (cleaned) text, and code point -> UTF-16 mapping.

Qt-free on purpose: the spans come from walking the engine's edits in order (never by
re-diffing the two texts), so they are exact and cheap, and testable without a window.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from reader.engine.model import Correction, Edit, apply_values
from reader.review import Decision, Status, effective_value

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    """Converts Python code point offsets of one text to Qt's UTF-16 positions (emoji take two units)."""

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def to_code_points(self, pos16: int) -> int:
        """The inverse: a UTF-16 position back to a code point offset."""
        if not self._astral:
            return pos16
        lo, hi = 0, pos16
        while lo < hi:  # smallest offset whose UTF-16 position is >= pos16
            mid = (lo + hi) // 2
            if self(mid) < pos16:
                lo = mid + 1
            else:
                hi = mid
        return lo


class State(StrEnum):
    APPLIED = "applied"  # pending, the engine applied it (confidence at or above the threshold)
    SUGGESTED = "suggested"  # pending, below the threshold: the text keeps the spun words
    ACCEPTED = "accepted"  # the user accepted it (or picked another candidate)
    REJECTED = "rejected"
    FLAG = "flag"  # no replacement: an explanation only (gap, injected spam)


def edit_state(edit: Edit, decision: Decision | None) -> State:
    if not edit.replacements:
        return State.FLAG
    if decision is None or decision.status is Status.PENDING:
        return State.APPLIED if edit.applied else State.SUGGESTED
    if decision.status is Status.REJECTED:
        return State.REJECTED
    return State.ACCEPTED


class Span(NamedTuple):  # a tuple: long articles have tens of thousands of these
    index: int  # the edit's index in correction.edits
    start: int  # code points in that pane's text
    end: int
    state: State


SpanIndex = tuple[list[int], dict[int, Span]]


def span_index(spans: list[Span]) -> SpanIndex:
    """Each span's start (for bisecting a position) and the spans by edit index."""
    return [sp.start for sp in spans], {sp.index: sp for sp in spans}


def left_spans(correction: Correction, decisions: Mapping[int, Decision]) -> list[Span]:
    return [Span(i, e.offset, e.end, edit_state(e, decisions.get(i))) for i, e in enumerate(correction.edits)]


def right_side(correction: Correction, decisions: Mapping[int, Decision]) -> tuple[str, list[Span]]:
    """The cleaned text and each edit's span in it; flag-only edits have no span on the right.

    The text is exactly review.cleaned_text (same values through apply_values); the spans come
    from walking the edits with each one's shown length, never from comparing the two texts.
    """
    values: dict[int, str | None] = {}
    spans: list[Span] = []
    shift = 0  # right position minus left position, accumulated over the edits walked so far
    for i, e in enumerate(correction.edits):
        d = decisions.get(i)
        value = effective_value(e, d)
        values[i] = value
        shown_len = e.length if value is None else len(value)
        if e.replacements:
            start = e.offset + shift
            spans.append(Span(i, start, start + shown_len, edit_state(e, d)))
        shift += shown_len - e.length
    return apply_values(correction.text, correction.edits, values), spans


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything the compare view needs for one correction and set of decisions (computable on a worker)."""

    left: list[Span]
    right_text: str
    right: list[Span]


def prepare(correction: Correction, decisions: Mapping[int, Decision]) -> Prepared:
    text, right = right_side(correction, decisions)
    return Prepared(left_spans(correction, decisions), text, right)


def update_right(
    correction: Correction,
    decisions: Mapping[int, Decision],
    old_text: str,
    old_right: list[Span],
    changed: set[int],
    index: SpanIndex | None = None,
) -> tuple[str, list[Span]]:
    """The right side after decisions on `changed` edits, from the previous one: only their text is
    replaced and the spans after them shift. Same result as right_side(), without walking every edit.

    `index`: span_index(old_right), to find the changed spans by bisection instead of a walk."""
    if index is None:
        positions = {sp.index: k for k, sp in enumerate(old_right) if sp.index in changed}
    else:
        starts, by_index = index
        positions = {}
        for i in changed:
            sp = by_index.get(i)
            if sp is None:
                continue
            k = bisect.bisect_left(starts, sp.start)
            while old_right[k].index != i:  # empty spans may share a start
                k += 1
            positions[i] = k
    if not positions:
        return old_text, old_right
    ks = sorted(positions.values())
    right = old_right[: ks[0]]
    pieces: list[str] = []
    prev = 0
    shift = 0
    for n, k in enumerate(ks):
        sp = old_right[k]
        e = correction.edits[sp.index]
        d = decisions.get(sp.index)
        value = effective_value(e, d)
        shown = correction.text[e.offset : e.end] if value is None else value
        pieces.append(old_text[prev : sp.start])
        pieces.append(shown)
        prev = sp.end
        start = sp.start + shift
        right.append(Span(sp.index, start, start + len(shown), edit_state(e, d)))
        shift += len(shown) - (sp.end - sp.start)
        between = old_right[k + 1 : ks[n + 1] if n + 1 < len(ks) else len(old_right)]
        if shift:  # the spans up to the next change move by the same amount: one pass in C-speed pieces
            right.extend([Span(t.index, t.start + shift, t.end + shift, t.state) for t in between])
        else:
            right.extend(between)
    pieces.append(old_text[prev:])
    return "".join(pieces), right
