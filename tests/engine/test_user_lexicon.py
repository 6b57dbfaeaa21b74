"""Comparing a spun text with its source, mining rows from it and using them on another text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.engine import correct
from reader.engine import user_lexicon as ul

SOURCE = "The leaders met in Paris on Monday and agreed to raise the budget by 3% next year."
SPUN = "The frontrunners met in Paris on Monday and you can agreed to raise the budget by 4% next year."


def test_differences_name_the_spinner_family():
    diffs = ul.differences(SPUN, SOURCE)
    by = {d.spun: (d.original, d.family) for d in diffs}
    assert by["frontrunners"] == ("leaders", "synonym")
    assert by["you can"] == ("", "padding")
    assert by["4"] == ("3", "number")
    for d in diffs:
        assert SPUN[d.offset : d.offset + d.length] == d.spun


def test_a_missing_word_is_a_deletion():
    (d,) = ul.differences("The met in Paris.", "The leaders met in Paris.")
    assert (d.spun, d.original, d.family, d.length) == ("", "leaders", "deletion", 0)


def test_score_counts_errors_undone_and_harm():
    corrected = "The leaders met in Paris on Monday and agreed to raise a budget by 4% next year."
    sc = ul.score(SPUN, SOURCE, corrected)
    assert sc.errors_before == 4  # frontrunners, you, can, 4
    assert sc.errors_after == 2  # 4, and "a" for the good "the"
    assert sc.harmed == 1 and sc.undone == pytest.approx(0.5)


def test_mine_keeps_rows_that_carry_over():
    rows = {(r.spun, r.original): r for r in ul.mine(SPUN, SOURCE, source="s1")}
    assert rows[("frontrunners", "leaders")].prior == ul.RARE_PRIOR  # a rare word swapped: applied
    assert rows[("and you can", "and")].prior == ul.COMMON_PRIOR  # function words only: a suggestion
    assert not any("4" in k[0] for k in rows)  # numbers teach nothing reusable
    assert all(r.source == "s1" for r in rows.values())


def test_common_word_swaps_are_suggestions_only():
    rows = ul.mine("She took a big house.", "She bought a big house.")
    assert [(r.spun, r.original, r.prior) for r in rows] == [("took", "bought", ul.COMMON_PRIOR)]


def test_learned_rows_correct_another_text_with_their_evidence():
    rows = ul.mine(SPUN, SOURCE, source="user:1")
    other = "Frontrunners from both parties spoke to reporters."
    result = ul.apply_rows(other, correct(other), rows, {"user:1": "Budget talks"})
    (edit,) = [e for e in result.edits if e.rule_id.startswith("learned.")]
    assert edit.original_text == "Frontrunners" and edit.best == "Leaders" and edit.applied
    assert edit.evidence["learned_from"] == "Budget talks"
    assert "learned from Budget talks" in edit.message
    assert result.corrected.startswith("Leaders from both parties")


def test_correct_takes_learned_rows():
    rows = ul.mine(SPUN, SOURCE, source="user:1")
    assert correct("The frontrunners spoke.", learned=rows).corrected == "The leaders spoke."


def test_tsv_round_trip_and_errors():
    rows = ul.mine(SPUN, SOURCE)
    assert ul.read_tsv(ul.write_tsv(rows)) == rows
    with pytest.raises(ul.RowError, match="unknown category"):
        ul.read_tsv("a\tb\tnonsense\n", "x.tsv")
    with pytest.raises(ul.RowError, match="x.tsv:1: prior"):
        ul.read_tsv("a\tb\tsynonym\t-\thigh\n", "x.tsv")


VOCAB = ["the", "leaders", "frontrunners", "and", "you", "can", "met", "in", "Paris", ".", ",", "3", "4%"]
texts = st.lists(st.sampled_from(VOCAB), max_size=25).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(texts, texts, texts)
def test_applied_rows_keep_edits_sorted_and_in_the_text(spun, source, other):
    result = ul.apply_rows(other, correct(other), ul.mine(spun, source))
    last = 0
    for e in result.edits:
        assert e.offset >= last and other[e.offset : e.end] == e.original_text
        last = e.end


def test_the_rows_used_are_named_in_the_lexicon_version():
    rows = ul.mine(SPUN, SOURCE)
    text = "The frontrunners spoke."
    base = correct(text)
    result = ul.apply_rows(text, base, rows)
    assert result.lexicon_version == f"{base.lexicon_version}+{ul.version(rows)}"
    assert ul.version(list(reversed(rows))) == ul.version(rows) != ul.version(rows[:-1])
