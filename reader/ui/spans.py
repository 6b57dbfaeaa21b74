"""Where each edit sits in the left (spun) and right (cleaned) text, and code point -> UTF-16 mapping.

Qt-free on purpose: the spans come from walking the engine's edits in order (never by
re-diffing the two texts), so they are exact and cheap, and testable without a window.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
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

    def has_astral(self) -> bool:
        return bool(self._astral)

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

BLOCK = 256  # spans per block of a SpanList: a decision rewrites one block and a delta per later block


class SpanList(Sequence[Span]):
    """A pane's spans in text order with lazily shifted offsets, immutable (changes make a new one).

    A decision on a long article changes one span's length, which moves every later span. Instead
    of rewriting tens of thousands of tuples, the spans sit in fixed blocks of BLOCK, each with a
    delta added on the way out: a change rewrites its own block and adds its growth to the deltas of
    the blocks after it (O(BLOCK + n/BLOCK), shared blocks untouched). Membership never changes (a
    decision never adds or removes a span), and spans are in edit-index order as well as text order,
    so a span is found by its edit index or by a position with two bisections.
    """

    __slots__ = ("_blocks", "_deltas", "_starts", "_firsts", "_lasts", "_n", "_counts")

    def __init__(
        self,
        blocks: list[list[Span]],
        deltas: list[int],
        starts: list[list[int]],
        counts: dict[State, int],
    ) -> None:
        """Use SpanList.of() or with_changes(); `starts` are each block's raw starts (before its delta)."""
        self._blocks = blocks
        self._deltas = deltas
        self._starts = starts
        self._firsts = [b[0].index for b in blocks]  # edit index of each block's first span
        self._lasts = [st[-1] + d for st, d in zip(starts, deltas, strict=True)]  # each block's last start
        self._n = (len(blocks) - 1) * BLOCK + len(blocks[-1]) if blocks else 0
        self._counts = counts

    @classmethod
    def of(cls, spans: Iterable[Span]) -> SpanList:
        if isinstance(spans, SpanList):
            return spans
        spans = list(spans)
        blocks = [spans[a : a + BLOCK] for a in range(0, len(spans), BLOCK)]
        counts: dict[State, int] = {}
        for st in map(attrgetter("state"), spans):
            counts[st] = counts.get(st, 0) + 1
        return cls(blocks, [0] * len(blocks), [[sp.start for sp in b] for b in blocks], counts)

    # ---- the sequence ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k):  # int -> Span, slice -> list[Span]
        if isinstance(k, slice):
            a, b, step = k.indices(self._n)
            if step != 1:
                return list(self)[k]
            out: list[Span] = []
            while a < b:
                q, r = divmod(a, BLOCK)
                part = self._blocks[q][r : r + b - a]
                d = self._deltas[q]
                out.extend(part if not d else [Span(t.index, t.start + d, t.end + d, t.state) for t in part])
                a += len(part)
            return out
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError(k)
        q, r = divmod(k, BLOCK)
        sp, d = self._blocks[q][r], self._deltas[q]
        return sp if not d else Span(sp.index, sp.start + d, sp.end + d, sp.state)

    def __iter__(self) -> Iterator[Span]:
        for block, d in zip(self._blocks, self._deltas, strict=True):
            if not d:
                yield from block
            else:
                for t in block:
                    yield Span(t.index, t.start + d, t.end + d, t.state)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (SpanList, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"SpanList({list(self)!r})"

    # ---- lookups -----------------------------------------------------------------------------------
    def position(self, index: int) -> int | None:
        """Where edit `index`'s span is in the sequence (None: that edit has no span here)."""
        q = bisect.bisect_right(self._firsts, index) - 1
        if q < 0:
            return None
        block = self._blocks[q]
        lo, hi = 0, len(block)
        while lo < hi:  # the block's edit indices ascend
            mid = (lo + hi) // 2
            if block[mid].index < index:
                lo = mid + 1
            else:
                hi = mid
        return q * BLOCK + lo if lo < len(block) and block[lo].index == index else None

    def get(self, index: int) -> Span | None:
        """The span of edit `index`, or None."""
        k = self.position(index)
        return None if k is None else self[k]

    def bisect_left(self, pos: int) -> int:
        """The first span whose start is at or after `pos` (as bisect_left over the starts)."""
        q = bisect.bisect_left(self._lasts, pos)
        if q == len(self._blocks):
            return self._n
        return q * BLOCK + bisect.bisect_left(self._starts[q], pos - self._deltas[q])

    def bisect_right(self, pos: int) -> int:
        """The first span whose start is after `pos`."""
        q = bisect.bisect_right(self._lasts, pos)
        if q == len(self._blocks):
            return self._n
        return q * BLOCK + bisect.bisect_right(self._starts[q], pos - self._deltas[q])

    def state_counts(self) -> dict[State, int]:
        """How many spans are in each state (kept up to date by with_changes(), not recounted)."""
        return dict(self._counts)

    # ---- changes -----------------------------------------------------------------------------------
    def with_changes(self, changes: Mapping[int, tuple[int, State]]) -> SpanList:
        """A new list where edit i's span has length changes[i][0] and state changes[i][1]; the spans
        after it move by its growth. Edits without a span here are ignored."""
        found = sorted(k for k in map(self.position, changes) if k is not None)
        if not found:
            return self
        blocks, deltas, starts = list(self._blocks), list(self._deltas), list(self._starts)
        counts = dict(self._counts)
        growth = [0] * len(blocks)  # what each touched block grew by
        n = 0
        while n < len(found):
            q = found[n] // BLOCK
            d = deltas[q]
            block = [Span(t.index, t.start + d, t.end + d, t.state) for t in blocks[q]] if d else list(blocks[q])
            shift = 0
            pos = found[n] % BLOCK
            while True:  # every change in this block, in order, moving what follows within it
                old = block[pos]
                length, state = changes[old.index]
                start = old.start + shift
                block[pos] = Span(old.index, start, start + length, state)
                counts[old.state] -= 1
                counts[state] = counts.get(state, 0) + 1
                grew = length - (old.end - old.start)
                n += 1
                nxt = found[n] % BLOCK if n < len(found) and found[n] // BLOCK == q else len(block)
                if shift + grew:
                    s = shift + grew
                    block[pos + 1 : nxt] = [
                        Span(t.index, t.start + s, t.end + s, t.state) for t in block[pos + 1 : nxt]
                    ]
                shift += grew
                if nxt == len(block):
                    break
                pos = nxt
            blocks[q], deltas[q], starts[q] = block, 0, [t.start for t in block]
            growth[q] = shift
        total = 0
        for q in range(len(blocks)):  # the blocks after a change move by the growth above them
            if total:
                deltas[q] += total
            total += growth[q]
        return SpanList(blocks, deltas, starts, counts)


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

    left: SpanList
    right_text: str
    right: SpanList


def prepare(correction: Correction, decisions: Mapping[int, Decision]) -> Prepared:
    text, right = right_side(correction, decisions)
    return Prepared(SpanList.of(left_spans(correction, decisions)), text, SpanList.of(right))


def update_left(
    correction: Correction, decisions: Mapping[int, Decision], old_left: Sequence[Span], changed: Iterable[int]
) -> SpanList:
    """The left spans after decisions on `changed` edits: same places, new states."""
    left = SpanList.of(old_left)
    return left.with_changes(
        {i: (e.length, edit_state(e, decisions.get(i))) for i in changed for e in (correction.edits[i],)}
    )


def update_right(
    correction: Correction,
    decisions: Mapping[int, Decision],
    old_text: str,
    old_right: Sequence[Span],
    changed: set[int],
    index: SpanIndex | None = None,
) -> tuple[str, SpanList]:
    """The right side after decisions on `changed` edits, from the previous one: only their text is
    replaced and the spans after them move (lazily: see SpanList). Same result as right_side(),
    without walking every edit. `index` is not needed any more (a SpanList finds spans itself)."""
    spans = SpanList.of(old_right)
    found = sorted((k, i) for i in changed if (k := spans.position(i)) is not None)
    if not found:
        return old_text, spans
    pieces: list[str] = []
    prev = 0
    updates: dict[int, tuple[int, State]] = {}
    for k, i in found:
        sp = spans[k]
        e = correction.edits[i]
        d = decisions.get(i)
        value = effective_value(e, d)
        shown = correction.text[e.offset : e.end] if value is None else value
        pieces.append(old_text[prev : sp.start])
        pieces.append(shown)
        prev = sp.end
        updates[i] = (len(shown), edit_state(e, d))
    pieces.append(old_text[prev:])
    return "".join(pieces), spans.with_changes(updates)
