"""Span mapping without a window: right-hand spans come from walking the edits, UTF-16 at the boundary."""

from __future__ import annotations

from ui_fakes import TEXT, make_correction

from reader.review import Decision, Status, cleaned_text
from reader.ui.spans import State, Utf16Map, left_spans, right_side


def test_right_text_is_the_cleaned_text_and_spans_hold_the_values():
    c = make_correction()
    decisions = {
        1: Decision(Status.ALTERNATIVE, "colder war"),
        3: Decision(Status.REJECTED),
        4: Decision(Status.ACCEPTED),
    }
    text, spans = right_side(c, decisions)
    assert text == cleaned_text(c, decisions)
    shown = {sp.index: text[sp.start : sp.end] for sp in spans}
    assert shown == {0: "and", 1: "colder war", 3: "the brand new ", 4: "China"}
    assert 2 not in shown  # flag-only: left only
    states = {sp.index: sp.state for sp in spans}
    assert states == {0: State.APPLIED, 1: State.ACCEPTED, 3: State.REJECTED, 4: State.ACCEPTED}


def test_left_spans_cover_every_edit_with_its_state():
    c = make_correction()
    spans = left_spans(c, {})
    assert [c.text[s.start : s.end] for s in spans] == [e.original_text for e in c.edits]
    assert [s.state for s in spans] == [State.APPLIED, State.APPLIED, State.FLAG, State.APPLIED, State.SUGGESTED]


def test_deletion_gives_an_empty_span_at_the_right_place():
    c = make_correction()
    text, spans = right_side(c, {})
    sp = next(s for s in spans if s.index == 3)
    assert sp.start == sp.end
    assert text[sp.start :].startswith("deal was big")


def test_utf16_map_counts_emoji_as_two_units():
    m = Utf16Map(TEXT)
    rocket = TEXT.index("🚀")
    assert m(rocket) == rocket
    assert m(rocket + 1) == rocket + 2
    assert m(len(TEXT)) == len(TEXT.encode("utf-16-le")) // 2
    for off in (0, rocket, rocket + 1, len(TEXT)):
        assert m.to_code_points(m(off)) == off
    assert Utf16Map("plain")(3) == 3


def test_incremental_update_matches_a_full_walk():
    import itertools

    from reader.ui.spans import span_index, update_right

    c = make_correction()
    choices = [None, Decision(Status.ACCEPTED), Decision(Status.REJECTED), Decision(Status.ALTERNATIVE, "xyz")]
    editable = [i for i, e in enumerate(c.edits) if e.replacements]
    decisions: dict[int, Decision] = {}
    text, spans = right_side(c, decisions)
    for i, d in itertools.product(editable, choices):  # one decision at a time, as the user makes them
        if d is None:
            decisions.pop(i, None)
        else:
            decisions[i] = d
        indexed = update_right(c, decisions, text, spans, {i}, span_index(spans))  # found by bisection
        text, spans = update_right(c, decisions, text, spans, {i})
        assert (text, spans) == right_side(c, decisions) == indexed
    changed = set(editable)  # and several at once (accept all)
    decisions = dict.fromkeys(editable, Decision(Status.REJECTED))
    assert update_right(c, decisions, text, spans, changed) == right_side(c, decisions)
    assert update_right(c, decisions, text, spans, changed, span_index(spans)) == right_side(c, decisions)
