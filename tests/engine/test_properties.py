"""Invariants of every Correction, for any input text (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.engine import Cancelled, Correction, Options, apply_values, correct

SPUNISH = [
    "and you can", "so you're able to", "the brand new", "due to the fact", "told you", "step one,000",
    "cooler war", "Asia", "Beijing", "forty%", "in early , the", "A great$300", "100,100 soldiers",
    "when you look at the", "counterfeit consciousness", "dating sites for Rate My Date people", "’", "\n",
    "😀", "é", "  ", "-", ",", ".", "the", "new", "a good", "Xi",
]  # fmt: skip
texts = st.lists(st.one_of(st.sampled_from(SPUNISH), st.text(max_size=12)), max_size=40).map(" ".join)


def check(text: str, c: Correction) -> None:
    assert c.text == text
    assert 0.0 <= c.spin_score <= 1.0
    prev_end = 0
    for e in c.edits:
        assert e.offset >= prev_end, "edits sorted and not overlapping"
        assert e.length > 0
        assert text[e.offset : e.end] == e.original_text
        assert 0.0 <= e.confidence <= 1.0
        assert e.applied == (bool(e.replacements) and e.confidence >= c.min_confidence)
        assert e.message and e.short_message and e.rule_id
        prev_end = e.end
    assert c.corrected == apply_values(text, c.edits)
    assert c.with_threshold(0.0).corrected == apply_values(text, c.edits, {i: e.best for i, e in enumerate(c.edits)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_gives_a_consistent_correction(text):
    check(text, correct(text))


@settings(max_examples=60, deadline=None)
@given(texts, st.floats(min_value=0.0, max_value=1.0))
def test_threshold_only_moves_applied(text, threshold):
    c = correct(text, Options(min_confidence=threshold))
    check(text, c)
    base = correct(text)
    assert [(e.offset, e.length, e.rule_id) for e in c.edits] == [(e.offset, e.length, e.rule_id) for e in base.edits]


def test_round_trip_through_dict():
    text = "Xi and you can Putin desire Nato so you’re able to exclude expansion due to the fact Ukraine tensions rise"
    c = correct(text)
    again = Correction.from_dict(c.to_dict(), text)
    assert again.edits == c.edits
    assert again.corrected == c.corrected


def test_cancel_stops_a_long_correction_early():
    text = "Xi and you can Putin desire Nato so you’re able to exclude expansion.\n" * 6000
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    with pytest.raises(Cancelled):
        correct(text, Options(progress=progress, cancel=lambda: len(seen) >= 3))
    assert 3 <= len(seen) < 10  # stopped at the first check after the flag, not at the end
    assert all(d <= t for d, t in seen) and seen[-1][0] < len(text)


def test_progress_reaches_the_end_in_steps():
    text = "The brand new report told you the two frontrunners fulfilled.\n" * 8000
    seen: list[int] = []
    correct(text, Options(progress=lambda d, t: seen.append(d)))
    assert seen == sorted(seen) and seen[-1] == len(text) and len(seen) >= 5
