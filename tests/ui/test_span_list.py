"""SpanList (lazily shifted spans) against the plain list it replaces: any sequence of changes gives the
same spans, lookups by edit index and by position, and state counts; update_right over it gives what a
full walk of the edits gives."""

from __future__ import annotations

import bisect
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from ui_fakes import _edit

from reader.engine.model import Correction
from reader.review import Decision, Status, cleaned_text
from reader.ui import spans as spans_mod
from reader.ui.spans import Span, SpanList, State, left_spans, right_side, update_left, update_right

STATES = list(State)


@st.composite
def span_lists(draw) -> list[Span]:
    """Spans in text order: ascending edit indices (with gaps), non-overlapping, some empty."""
    n = draw(st.integers(0, 40))
    out, pos, index = [], 0, 0
    for _ in range(n):
        index += draw(st.integers(1, 3))
        pos += draw(st.integers(0, 4))
        length = draw(st.integers(0, 5))
        out.append(Span(index, pos, pos + length, draw(st.sampled_from(STATES))))
        pos += length
    return out


def naive_change(spans: list[Span], changes: dict[int, tuple[int, State]]) -> list[Span]:
    out, shift = [], 0
    for sp in spans:
        start = sp.start + shift
        if sp.index in changes:
            length, state = changes[sp.index]
            out.append(Span(sp.index, start, start + length, state))
            shift += length - (sp.end - sp.start)
        else:
            out.append(Span(sp.index, start, sp.end + shift, sp.state))
    return out


def check_same(got: SpanList, want: list[Span]) -> None:
    assert list(got) == want and got == want and len(got) == len(want)
    assert [got[k] for k in range(len(want))] == want
    if want:
        assert got[-1] == want[-1]
    assert got[3:11] == want[3:11] and got[: len(want) // 2] == want[: len(want) // 2]
    by_index = {sp.index: sp for sp in want}
    top = max(by_index, default=0) + 2
    for i in range(top):
        assert got.get(i) == by_index.get(i)
    starts = [sp.start for sp in want]
    for pos in range(-1, (want[-1].end if want else 0) + 2):
        assert got.bisect_left(pos) == bisect.bisect_left(starts, pos)
        assert got.bisect_right(pos) == bisect.bisect_right(starts, pos)
    counts = {s: n for s, n in got.state_counts().items() if n}
    assert counts == dict(Counter(sp.state for sp in want))


@settings(max_examples=150, deadline=None)
@given(
    spans=span_lists(),
    block=st.sampled_from([1, 2, 3, 5, 256]),
    data=st.data(),
)
def test_random_changes_give_the_naive_lists_spans_and_lookups(spans, block, data):
    old_block = spans_mod.BLOCK
    spans_mod.BLOCK = block  # small blocks: changes cross block edges and several fall in one block
    try:
        sl = SpanList.of(spans)
        want = list(spans)
        check_same(sl, want)
        for _ in range(data.draw(st.integers(1, 6))):
            if not want:
                break
            picked = data.draw(st.lists(st.sampled_from([sp.index for sp in want]), min_size=1, max_size=6))
            changes = {i: (data.draw(st.integers(0, 7)), data.draw(st.sampled_from(STATES))) for i in picked}
            changes[10_000] = (3, State.ACCEPTED)  # an edit without a span here is ignored
            before = list(sl)
            sl = sl.with_changes(changes)
            want = naive_change(want, changes)
            check_same(sl, want)
            assert SpanList.of(before) == before  # the old list is untouched (a worker may still read it)
    finally:
        spans_mod.BLOCK = old_block


def _correction(paragraphs: int) -> Correction:
    para = "Xi and you can Putin desire Nato so you're able to exclude expansion, because tensions rise. "
    text = "\n".join(f"{n} {para}" for n in range(paragraphs))
    edits, start = [], 0
    for n in range(paragraphs):
        e = _edit(text, "and you can", [("and", 0.95), ("plus", 0.2)], "padding", 0.95, n % 3 != 0, start)
        g = _edit(text, "because", [], "gap", 0.7, False, e.end)  # a flag: no span on the right
        f = _edit(text, "so you're able to", [("", 0.9)], "padding", 0.9, True, e.end)  # a deletion
        edits += [e, f, g] if f.offset < g.offset else [e, g, f]
        start = text.index(f"\n{n + 1} ", f.offset) if n + 1 < paragraphs else len(text)
    return Correction(text, tuple(sorted(edits, key=lambda x: x.offset)), 0.3)


CHOICES = [None, Decision(Status.ACCEPTED), Decision(Status.REJECTED), Decision(Status.ALTERNATIVE, "a longer one")]


@settings(max_examples=40, deadline=None)
@given(
    block=st.sampled_from([2, 7, 256]),
    steps=st.lists(
        st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(CHOICES)), min_size=1, max_size=8),
        min_size=1,
        max_size=8,
    ),
)
def test_update_right_after_random_decisions_is_the_full_walk(block, steps):
    old_block = spans_mod.BLOCK
    spans_mod.BLOCK = block
    try:
        c = _correction(30)
        decisions: dict[int, Decision] = {}
        text, right = right_side(c, decisions)
        left = SpanList.of(left_spans(c, decisions))
        for step in steps:
            changed = set()
            for raw, d in step:
                i = raw % len(c.edits)
                if not c.edits[i].replacements:
                    continue
                changed.add(i)
                if d is None:
                    decisions.pop(i, None)
                else:
                    decisions[i] = d
            text, right = update_right(c, decisions, text, right, changed)
            left = update_left(c, decisions, left, changed)
            full_text, full_right = right_side(c, decisions)
            assert text == full_text == cleaned_text(c, decisions)
            assert right == full_right and left == left_spans(c, decisions)
            for i in changed:  # each decided edit's words are where its span says, found by position too
                sp = right.get(i)
                e, d = c.edits[i], decisions.get(i)
                kept = (d is None and not e.applied) or (d is not None and d.status is Status.REJECTED)
                want = e.original_text if kept else d.value if d and d.value is not None else e.best
                assert text[sp.start : sp.end] == want
                k = right.bisect_right(sp.start) - 1
                assert right[k].start == sp.start and k >= right.position(i)
    finally:
        spans_mod.BLOCK = old_block
