"""Consensus over sibling copies: a sibling's word counts only where it relates to this copy's word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.engine import Correction, correct, with_siblings
from reader.engine.consensus import table_relation
from reader.engine.consensus import with_siblings as consensus_with_siblings

TEXT = "The frontrunners met in Paris on Monday to talk about the budget."
SOURCE_LIKE = "The leaders met in Paris on Monday to talk about the budget."


def thesaurus(spun: str, other: str) -> str | None:
    """A stand-in for the thesaurus relation the engine will plug in."""
    return "thesaurus" if (spun, other) == ("frontrunners", "leaders") else None


def _consensus_edits(c: Correction):
    return [e for e in c.edits if "consensus" in e.evidence]


def _check_edits(text: str, c: Correction) -> None:
    last = 0
    for e in c.edits:
        assert e.offset >= 0 and e.end <= len(text) and e.offset >= last, (e, last)
        assert text[e.offset : e.end] == e.original_text
        last = e.end


def test_a_related_sibling_word_replaces_this_copys_word():
    result = consensus_with_siblings(TEXT, correct(TEXT), [SOURCE_LIKE, SOURCE_LIKE], relation=thesaurus)
    (edit,) = _consensus_edits(result)
    assert edit.original_text == "frontrunners" and edit.best == "leaders" and edit.applied
    assert edit.rule_id == "consensus.thesaurus"
    assert '2 other copies of this article say "leaders" here' in edit.message
    assert edit.evidence["siblings"] == 2
    assert result.corrected == SOURCE_LIKE


def test_an_unrelated_sibling_word_changes_nothing():
    other = TEXT.replace("frontrunners", "ministers")
    result = consensus_with_siblings(TEXT, correct(TEXT), [other], relation=thesaurus)
    assert _consensus_edits(result) == []
    assert result.corrected == correct(TEXT).corrected


def test_the_sibling_that_is_spun_does_not_rewrite_the_source_word():
    # Here this copy has the source word and the sibling the spun one: the relation runs one way.
    result = consensus_with_siblings(SOURCE_LIKE, correct(SOURCE_LIKE), [TEXT], relation=thesaurus)
    assert _consensus_edits(result) == []
    assert result.corrected == correct(SOURCE_LIKE).corrected


def test_padding_every_sibling_lacks_is_removed_with_evidence():
    text = "She sang and you can danced in the hall all night long with her friends."
    sibling = "She sang and danced in the hall all night long with her friends."
    result = with_siblings(text, correct(text), [sibling])
    assert result.corrected == sibling
    edit = next(e for e in result.edits if "and you can" in e.original_text or e.original_text.strip() == "you can")
    assert edit.evidence["siblings"] == 1 and edit.applied


def test_the_default_relation_reads_the_engines_tables():
    assert table_relation("and you can", "and") == "padding"
    assert table_relation("and", "and you can") is None


def test_no_siblings_returns_the_engines_correction():
    base = correct(TEXT)
    assert with_siblings(TEXT, base, []) is base
    assert correct(TEXT, siblings=["", "  "]) == base


def test_correct_accepts_siblings():
    text = "She sang and you can danced in the hall all night long with her friends."
    sibling = "She sang and danced in the hall all night long with her friends."
    assert correct(text, siblings=[sibling]).corrected == sibling


def test_sibling_corrections_can_be_passed_instead_of_text():
    base = correct(TEXT)
    result = consensus_with_siblings(TEXT, base, [correct(SOURCE_LIKE)], relation=thesaurus)
    assert result.corrected == SOURCE_LIKE


VOCAB = ["the", "and", "you", "can", "brand", "new", "leaders", "frontrunners", "met", "in", "Paris", ",", "."]
words = st.lists(st.sampled_from(VOCAB), min_size=0, max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(words, st.lists(words, max_size=3))
def test_edits_stay_sorted_non_overlapping_and_point_into_the_input(text, siblings):
    result = consensus_with_siblings(text, correct(text), siblings, relation=thesaurus)
    _check_edits(text, result)


def test_copies_too_long_to_align_are_left_out():
    from reader.engine import consensus, correct

    long_text = "The two leaders met in Beijing and agreed to talk again. " * 2500  # 27,500 words
    base = correct(long_text)
    assert consensus.with_siblings(long_text, base, [long_text.replace("leaders", "frontrunners")]) is base
    short = "The two leaders met in Beijing and agreed to talk again."
    assert consensus.with_siblings(short, correct(short), [long_text]) == correct(short)
